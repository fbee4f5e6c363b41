package task_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Cancelling a cycle of awaits wakes the task the cancellation came back to by posting
// its step. A second Cancel before that step has run goes round the cycle again: the
// task must still be stepped once, not twice. A second step would resume the body at its
// next await, before what that await waits for is done.
func TestCancellingACycleTwiceBeforeItUnwindsStepsTheTaskOnce(t *testing.T) {
	t.Parallel()
	cycles := map[string]func(ctx context.Context, a **task.Task[int]) (spawnA func(body task.Coro[int])){
		"two tasks awaiting each other": func(ctx context.Context, a **task.Task[int]) func(task.Coro[int]) {
			var b *task.Task[int]
			return func(body task.Coro[int]) {
				*a = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					_, err := b.Await(ctx)
					return body(context.WithValue(ctx, cycleErrKey{}, err))
				})
				b = task.Spawn(ctx, func(ctx context.Context) (int, error) { return (*a).Await(ctx) })
			}
		},
		"a task gathering itself": func(ctx context.Context, a **task.Task[int]) func(task.Coro[int]) {
			return func(body task.Coro[int]) {
				*a = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					_, err := gather.Gather(ctx, future.Awaitable[int](*a))
					return body(context.WithValue(ctx, cycleErrKey{}, err))
				})
			}
		},
	}
	for name, makeCycle := range cycles {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var cycleErr, laterErr error
			var later int
			err := task.Run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				next := future.New[int](l)
				var a *task.Task[int]
				makeCycle(ctx, &a)(func(ctx context.Context) (int, error) {
					// The cycle's await raised; the body swallows it and awaits a
					// future that is completed much later.
					cycleErr, _ = ctx.Value(cycleErrKey{}).(error)
					later, laterErr = next.Await(ctx)
					return later, laterErr
				})
				require.NoError(t, task.Sleep(ctx, 0)) // the cycle is parked
				assert.True(t, a.Cancel("first"))
				assert.True(t, a.Cancel("second"))
				require.NoError(t, task.Sleep(ctx, time.Second)) // a has unwound its cycle await
				assert.False(t, a.Done(), "a is parked on next")
				require.NoError(t, next.SetResult(99))
				_, _, err := task.Wait(ctx, []*task.Task[int]{a}, task.WithTimeout(time.Second))
				return err
			}, virtualClock())
			require.NoError(t, err)
			assert.True(t, future.IsCancelled(cycleErr), "the cycle's await raised the cancellation: %v", cycleErr)
			require.NoError(t, laterErr, "the await after the cycle returned before its future was done")
			assert.Equal(t, 99, later)
		})
	}
}

type cycleErrKey struct{}

// Uncancel drops a cancellation not yet delivered (as in 3.13). A cancellation that came
// back round a cycle of awaits is delivered by a step posted for it; taken back before
// that step runs, it must leave the task parked where it was: the task's await of the
// other task must not return before that task is done. Cancelled again afterwards, the
// cycle unwinds as usual.
func TestUncancellingACycleCancellationBeforeItIsDeliveredLeavesTheTaskParked(t *testing.T) {
	t.Parallel()
	var aSaw []error
	err := task.Run(func(ctx context.Context) error {
		var a, b *task.Task[int]
		a = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			for {
				v, err := b.Await(ctx)
				aSaw = append(aSaw, err)
				if err == nil || future.IsCancelled(err) || len(aSaw) > 3 {
					return v, err
				}
			}
		})
		b = task.Spawn(ctx, func(ctx context.Context) (int, error) { return a.Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 0)) // the cycle is parked

		assert.True(t, a.Cancel("taken back"))
		assert.Equal(t, 0, a.Uncancel())
		for range 3 {
			require.NoError(t, task.Sleep(ctx, 0))
		}
		assert.Empty(t, aSaw, "a's await of b returned although b is not done")
		assert.False(t, a.Done())
		assert.False(t, b.Done())

		assert.True(t, a.Cancel("for good"))
		_, _, err := task.Wait(ctx, []*task.Task[int]{a, b}, task.WithTimeout(time.Second))
		require.NoError(t, err)
		assert.True(t, a.Cancelled(), "a ends cancelled")
		assert.True(t, b.Cancelled(), "b ends cancelled")
		return nil
	}, virtualClock())
	require.NoError(t, err)
	require.Len(t, aSaw, 1)
	var ce *future.CancelledError
	require.ErrorAs(t, aSaw[0], &ce)
	assert.Equal(t, "for good", ce.Msg)
}
