package task_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// cancelArgs formats a CancelledError's args as Python prints them: ('msg',), or ()
// for a cancellation without a message.
func cancelArgs(err error) conformance.Tuple {
	var ce *future.CancelledError
	if !errors.As(err, &ce) || ce.Msg == "" {
		return conformance.Tuple{}
	}
	return conformance.Tuple{ce.Msg}
}

// runVirtual runs main as asyncio.run does, on a virtual clock.
func runVirtual(main func(ctx context.Context) error) error {
	return task.Run(main, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
}

// TestConformanceCancelBeforeStart ports task_cancel_before_start.py: a task cancelled
// before its first step never runs its body and ends cancelled with the message.
func TestConformanceCancelBeforeStart(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	body := func(ctx context.Context) (int, error) {
		tr.Print("body ran")
		return 1, nil
	}
	require.NoError(t, runVirtual(func(ctx context.Context) error {
		tk := task.Spawn(ctx, body)
		tr.Print("cancel ->", tk.Cancel("too early"))
		tr.Print("done right after cancel:", tk.Done())
		if _, err := tk.Await(ctx); future.IsCancelled(err) {
			tr.Print("await t -> CancelledError args:", cancelArgs(err))
		}
		tr.Print("done:", tk.Done(), "cancelled:", tk.Cancelled())
		tr.Print("cancel again ->", tk.Cancel(""))
		return nil
	}))
	tr.Check(t, "task_cancel_before_start")
}

// TestConformanceCancelWhileAwaitingFuture ports task_cancel_while_awaiting_future.py:
// cancelling a suspended task cancels the future it awaits at once, with the message;
// the body and the awaiter of the task see the CancelledError.
func TestConformanceCancelWhileAwaitingFuture(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	waiter := func(fut *future.Future[any]) task.Coro[any] {
		return func(ctx context.Context) (any, error) {
			tr.Print("waiter awaiting future")
			if _, err := fut.Await(ctx); err != nil {
				if future.IsCancelled(err) {
					tr.Print("waiter caught CancelledError args:", cancelArgs(err))
				}
				return nil, err
			}
			tr.Print("never printed")
			return nil, nil
		}
	}
	require.NoError(t, runVirtual(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		fut := future.New[any](l)
		tk := task.Spawn(ctx, waiter(fut))
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tr.Print("cancel ->", tk.Cancel("stop now"))
		tr.Print("future cancelled right away:", fut.Cancelled())
		tr.Print("task done right away:", tk.Done())
		if _, err := tk.Await(ctx); future.IsCancelled(err) {
			tr.Print("await t -> CancelledError args:", cancelArgs(err))
		}
		tr.Print("task cancelled:", tk.Cancelled())
		return nil
	}))
	tr.Check(t, "task_cancel_while_awaiting_future")
}

// TestConformanceCancellingUncancelCounts ports task_cancelling_uncancel_counts.py: each
// cancel adds to cancelling(), uncancel subtracts; two cancels deliver one
// CancelledError; a body that recovers returns its value.
func TestConformanceCancellingUncancelCounts(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	worker := func(ctx context.Context) (string, error) {
		me := task.Current(ctx)
		if err := task.Sleep(ctx, 10*time.Second); err != nil {
			if !future.IsCancelled(err) {
				return "", err
			}
			tr.Print("worker caught CancelledError, cancelling() =", me.Cancelling())
			tr.Print("uncancel ->", me.Uncancel())
			tr.Print("uncancel ->", me.Uncancel())
			tr.Print("uncancel at zero ->", me.Uncancel())
		}
		if err := task.Sleep(ctx, 50*time.Millisecond); err != nil {
			return "", err
		}
		tr.Print("worker slept normally after recovering")
		return "recovered", nil
	}
	require.NoError(t, runVirtual(func(ctx context.Context) error {
		tk := task.Spawn(ctx, worker)
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tr.Print("cancelling() before =", tk.Cancelling())
		tr.Print("cancel ->", tk.Cancel(""))
		tr.Print("cancel ->", tk.Cancel(""))
		tr.Print("cancelling() after two cancels =", tk.Cancelling())
		v, err := tk.Await(ctx)
		if err != nil {
			return err
		}
		tr.Print("result:", v)
		tr.Print("cancelled:", tk.Cancelled(), "cancelling() at end =", tk.Cancelling())
		return nil
	}))
	tr.Check(t, "task_cancelling_uncancel_counts")
}

// TestConformanceRunCancelsLeftoverTasks ports run_cancels_leftover_tasks.py: when main
// returns, Run cancels the tasks still pending and runs them until they finish (their
// cleanup may await), then returns main's value.
func TestConformanceRunCancelsLeftoverTasks(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	events := map[string][]string{}
	leftover := func(name string, cleanupDelay time.Duration) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			log := func(e string) { events[name] = append(events[name], e) }
			log("started")
			defer log("finally")
			if err := task.Sleep(ctx, 10*time.Second); err != nil {
				if !future.IsCancelled(err) {
					return struct{}{}, err
				}
				log("got CancelledError")
				if err := task.Sleep(ctx, cleanupDelay); err != nil {
					return struct{}{}, err
				}
				log("cleanup awaited ok")
				return struct{}{}, err // re-raise the cancellation
			}
			return struct{}{}, nil
		}
	}
	v, err := task.RunValue(func(ctx context.Context) (string, error) {
		task.Spawn(ctx, leftover("a", 50*time.Millisecond))
		task.Spawn(ctx, leftover("b", 0))
		if err := task.Sleep(ctx, 0); err != nil {
			return "", err
		}
		tr.Print("main returning")
		return "main result", nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	require.NoError(t, err)
	tr.Print("run returned:", v)
	names := make([]string, 0, len(events))
	for name := range events {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		tr.Print(name, ":", strings.Join(events[name], ", "))
	}
	tr.Check(t, "run_cancels_leftover_tasks")
}
