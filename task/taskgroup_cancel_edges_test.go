package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// groupUnderOutsideCancel runs a parent whose TaskGroup holds one child made by child,
// while outside cancels the parent, and returns the parent's log and its outcome.
//
// CPython 3.13 (both scenarios below print the same):
//
//	['eg', ('cancelling', 1), 'cancelled at next await', 'CancelledError']
func groupUnderOutsideCancel(t *testing.T, child func(p *task.Task[struct{}]) task.Coro[struct{}], outside func(ctx context.Context, p *task.Task[struct{}]) error) []any {
	t.Helper()
	var log []any
	err := task.Run(func(ctx context.Context) error {
		var p *task.Task[struct{}]
		p = task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, child(p), task.InGroup(tg))
				return task.Sleep(ctx, time.Second)
			})
			var eg *task.ExceptionGroup
			if errors.As(err, &eg) {
				log = append(log, "eg")
			} else {
				log = append(log, err)
			}
			log = append(log, "cancelling", task.Current(ctx).Cancelling())
			if err := task.Sleep(ctx, 0); err != nil {
				log = append(log, "cancelled at next await")
				return struct{}{}, err
			}
			log = append(log, "no cancel")
			return struct{}{}, nil
		})
		if err := outside(ctx, p); err != nil {
			return err
		}
		_, err := p.Await(ctx)
		if future.IsCancelled(err) {
			log = append(log, "CancelledError")
		} else {
			log = append(log, err)
		}
		return nil
	}, virtualClock())
	require.NoError(t, err)
	return log
}

func TestTaskGroupChildFailsInCleanupAfterOutsideCancel(t *testing.T) {
	t.Parallel()
	child := func(*task.Task[struct{}]) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			if err := task.Sleep(ctx, 10*time.Second); err != nil {
				return struct{}{}, errors.New("ValueError: cleanup")
			}
			return struct{}{}, nil
		}
	}
	outside := func(ctx context.Context, p *task.Task[struct{}]) error {
		if err := task.Sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
		p.Cancel("")
		return nil
	}
	log := groupUnderOutsideCancel(t, child, outside)
	assert.Equal(t, []any{"eg", "cancelling", 1, "cancelled at next await", "CancelledError"}, log)
}

func TestTaskGroupChildFailsInTheIterationTheParentIsCancelledFromOutside(t *testing.T) {
	t.Parallel()
	child := func(p *task.Task[struct{}]) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			l, err := loop.Get(ctx)
			if err != nil {
				return struct{}{}, err
			}
			// Runs in the iteration of the group's done callback, just before it.
			if _, err := l.CallSoon(func() { p.Cancel("") }); err != nil {
				return struct{}{}, err
			}
			return struct{}{}, errors.New("ValueError: x")
		}
	}
	outside := func(context.Context, *task.Task[struct{}]) error { return nil }
	log := groupUnderOutsideCancel(t, child, outside)
	assert.Equal(t, []any{"eg", "cancelling", 1, "cancelled at next await", "CancelledError"}, log)
}

// The body returns while a child's failure is done but its done callback has not run:
// the group's cancellation of the parent lands on an exit wait that is already woken, so
// it is delivered there, taken back, and nothing is left for the parent's next await.
//
// CPython 3.13 (tg.create_task(fail()); await asyncio.sleep(0) in the body):
//
//	EG ['x']
//	cancelling 0
//	next await ok
func TestTaskGroupFailureSeenOnlyWhileExitingLeavesNoCancellation(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		gerr := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			task.Spawn(ctx, func(context.Context) (struct{}, error) { return struct{}{}, errors.New("x") }, task.InGroup(tg))
			return task.Sleep(ctx, 0)
		})
		var eg *task.ExceptionGroup
		require.ErrorAs(t, gerr, &eg)
		require.Len(t, eg.Errors, 1)
		assert.EqualError(t, eg.Errors[0], "x")
		assert.Equal(t, 0, task.Current(ctx).Cancelling())
		assert.NoError(t, task.Sleep(ctx, 0), "next await")
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// The parent is cancelled from outside, with a message, while its body is parked or
// while the group waits for its children: the children get the group's plain
// cancellation, the group returns the parent's own, message and count kept.
//
// CPython 3.13 (G2: body parked; G3: body returned):
//
//	[('child', ''), ('group', ('CancelledError', 'bye'), 1), ('p', 'bye')]
func TestTaskGroupParentCancelledWithAMessage(t *testing.T) {
	t.Parallel()
	for _, bodyParked := range []bool{true, false} {
		runMain(t, func(ctx context.Context) {
			var log []any
			p := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
					task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
						err := task.Sleep(ctx, time.Second)
						if err != nil {
							log = append(log, "child", show(err))
						}
						return struct{}{}, err
					}, task.InGroup(tg))
					if bodyParked {
						return task.Sleep(ctx, time.Second)
					}
					return nil
				})
				log = append(log, "group", show(err), task.Current(ctx).Cancelling())
				return struct{}{}, err
			})
			_ = task.Sleep(ctx, 100*time.Millisecond)
			p.Cancel("bye")
			_, err := p.Await(ctx)
			log = append(log, "p", show(err))
			assert.Equal(t, []any{"child", "CancelledError ", "group", "CancelledError bye", 1, "p", "CancelledError bye"}, log,
				"body parked: %v", bodyParked)
		})
	}
}
