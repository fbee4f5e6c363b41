package gather_test

// Go ports of the CPython conformance scenarios of tasks.gather
// (internal/conformance/testdata/gather_*.py). Each port keeps the scenario's structure
// (same tasks, same awaits, same delays) and prints what the Go runtime does.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// valueError is Python's ValueError.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

// pyName is the Python class name of an error, as type(e).__name__ prints it.
func pyName(err error) string {
	var ve *valueError
	switch {
	case errors.As(err, &ve):
		return "ValueError"
	case future.IsCancelled(err):
		return "CancelledError"
	case errors.Is(err, future.ErrTimeout):
		return "TimeoutError"
	}
	return "Exception"
}

func TestConformanceGatherResultsArgumentOrder(t *testing.T) {
	var tr conformance.Trace
	job := func(name string, delay time.Duration, value any) task.Coro[any] {
		return func(ctx context.Context) (any, error) {
			if err := task.Sleep(ctx, delay); err != nil {
				return nil, err
			}
			tr.Print(name, "finished")
			return value, nil
		}
	}
	err := run(func(ctx context.Context) error {
		l, err := loop.Get(ctx)
		require.NoError(t, err)
		fut := future.New[any](l)
		_, err = l.CallLater(200*time.Millisecond, func() { _ = fut.SetResult("future value") })
		require.NoError(t, err)
		shared := task.Spawn(ctx, job("shared", 100*time.Millisecond, "S"))
		res, err := gather.Gather(ctx,
			job("slow", 300*time.Millisecond, 1), job("fast", 50*time.Millisecond, 2), fut, shared, shared)
		if err != nil {
			return err
		}
		tr.Print("gather ->", res)
		empty, err := gather.Gather[any](ctx)
		if err != nil {
			return err
		}
		tr.Print("empty gather ->", empty)
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "gather_results_argument_order")
}

func TestConformanceGatherFirstExceptionOthersContinue(t *testing.T) {
	var tr conformance.Trace
	job := func(name string, delay time.Duration, fail bool) task.Coro[string] {
		return func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, delay); err != nil {
				return "", err
			}
			if fail {
				tr.Print(name, "raising")
				return "", &valueError{name + " failed"}
			}
			tr.Print(name, "finished")
			return name, nil
		}
	}
	err := run(func(ctx context.Context) error {
		t0 := now(ctx)
		a := task.Spawn(ctx, job("a", 100*time.Millisecond, true))
		b := task.Spawn(ctx, job("b", 200*time.Millisecond, false))
		c := task.Spawn(ctx, job("c", 300*time.Millisecond, true))
		_, err := gather.Gather(ctx, a, b, c)
		var ve *valueError
		if errors.As(err, &ve) {
			tr.Print("gather raised ValueError:", err, "at", conformance.Seconds(since(ctx, t0)))
		}
		tr.Print("b done:", b.Done(), "c done:", c.Done())
		if err := task.Sleep(ctx, 300*time.Millisecond); err != nil {
			return err
		}
		bv, _ := b.Result()
		tr.Print("b result:", bv, "cancelled:", b.Cancelled())
		exc, _ := c.Exception()
		tr.Print("c exception:", pyName(exc), exc)
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "gather_first_exception_others_continue")
}

func TestConformanceGatherCancelCancelsChildren(t *testing.T) {
	var tr conformance.Trace
	child := func(name string, delay time.Duration) task.Coro[string] {
		return func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, delay); err != nil {
				if future.IsCancelled(err) {
					tr.Print(name, "cancelled")
				}
				return "", err
			}
			tr.Print(name, "finished")
			return name, nil
		}
	}
	err := run(func(ctx context.Context) error {
		t1 := task.Spawn(ctx, child("c1", 0))
		t2 := task.Spawn(ctx, child("c2", time.Second))
		t3 := task.Spawn(ctx, child("c3", time.Second))
		g := gather.Start(ctx, t1, t2, t3)
		if err := task.Sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
		tr.Print("g.cancel ->", g.Cancel(""))
		tr.Print("g done right after cancel:", g.Done())
		if _, err := g.Await(ctx); future.IsCancelled(err) {
			tr.Print("await gather -> CancelledError")
		}
		r1, _ := t1.Result()
		tr.Print("states:", r1, t2.Cancelled(), t3.Cancelled())
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "gather_cancel_cancels_children")
}
