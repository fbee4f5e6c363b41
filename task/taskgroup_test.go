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

func TestTaskGroup(t *testing.T) {
	t.Parallel()

	t.Run("every child failure is in the ExceptionGroup and errors.Is reaches each", func(t *testing.T) {
		errA, errB := errors.New("a broke"), errors.New("b broke")
		err := task.Run(func(ctx context.Context) error {
			return task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				// Both fail in the same iteration: the second failure is not a
				// cancellation, so both are reported.
				task.Spawn(ctx, failAfter(0, errA), task.InGroup(tg))
				task.Spawn(ctx, failAfter(0, errB), task.InGroup(tg))
				return nil
			})
		}, virtualClock())
		var eg *task.ExceptionGroup
		require.ErrorAs(t, err, &eg)
		assert.Len(t, eg.Errors, 2)
		assert.ErrorIs(t, err, errA)
		assert.ErrorIs(t, err, errB)
		assert.NotErrorIs(t, err, future.ErrCancelled)
		assert.Equal(t, "unhandled errors in a TaskGroup (2 sub-exceptions)", err.Error())
	})

	t.Run("a failing child cancels the parent body at its next await", func(t *testing.T) {
		boom := errors.New("boom")
		var bodyErr error
		err := task.Run(func(ctx context.Context) error {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, failAfter(10*time.Millisecond, boom), task.InGroup(tg))
				bodyErr = task.Sleep(ctx, time.Hour)
				return bodyErr
			})
			// The group's own cancellation of the parent is withdrawn: main goes on.
			assert.Equal(t, 0, task.Current(ctx).Cancelling())
			return err
		}, virtualClock())
		assert.True(t, future.IsCancelled(bodyErr), "body saw %v", bodyErr)
		assert.ErrorIs(t, err, boom)
	})

	t.Run("an error returned by the body cancels the children and joins the group error", func(t *testing.T) {
		bodyFailed := errors.New("body failed")
		var child *task.Task[struct{}]
		err := task.Run(func(ctx context.Context) error {
			return task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				child = task.Spawn(ctx, sleepFor(time.Hour), task.InGroup(tg))
				return bodyFailed
			})
		}, virtualClock())
		assert.ErrorIs(t, err, bodyFailed)
		assert.True(t, child.Cancelled())
	})

	t.Run("cancelling the parent cancels the children and stays a cancellation", func(t *testing.T) {
		var child *task.Task[struct{}]
		var parentErr error
		err := task.Run(func(ctx context.Context) error {
			parent := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				return struct{}{}, task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
					child = task.Spawn(ctx, sleepFor(time.Hour), task.InGroup(tg))
					return nil
				})
			})
			if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
				return err
			}
			parent.Cancel("from outside")
			_, parentErr = parent.Await(ctx)
			assert.True(t, parent.Cancelled())
			return nil
		}, virtualClock())
		require.NoError(t, err)
		assert.True(t, future.IsCancelled(parentErr))
		assert.True(t, child.Cancelled())
	})

	t.Run("spawning into a finished group gives a failed task", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			var saved *task.TaskGroup
			require.NoError(t, task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				saved = tg
				return nil
			}))
			late := task.Spawn(ctx, sleepFor(0), task.InGroup(saved))
			_, err := late.Await(ctx)
			assert.ErrorIs(t, err, task.ErrGroupFinished)
			return nil
		}, virtualClock())
		require.NoError(t, err)
	})

	t.Run("a group outside a task is an error", func(t *testing.T) {
		err := task.Group(context.Background(), func(context.Context, *task.TaskGroup) error { return nil })
		assert.ErrorContains(t, err, "no task")
	})

	t.Run("a panicking child is a failure of the group", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			return task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, func(context.Context) (int, error) { panic("child panicked") }, task.InGroup(tg))
				return nil
			})
		}, virtualClock())
		var p *loop.PanicError
		require.ErrorAs(t, err, &p)
		assert.Equal(t, "child panicked", p.Value)
	})
}

func failAfter(d time.Duration, err error) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		if serr := task.Sleep(ctx, d); serr != nil {
			return struct{}{}, serr
		}
		return struct{}{}, err
	}
}

func sleepFor(d time.Duration) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		return struct{}{}, task.Sleep(ctx, d)
	}
}
