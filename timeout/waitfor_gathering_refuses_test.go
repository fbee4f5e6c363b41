package timeout_test

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
	"github.com/goasyncio/asyncio/timeout"
)

// gatheringOfTwo starts a gathering of two pending futures, a and b.
func gatheringOfTwo(ctx context.Context) (g *gather.Gathering[int], a, b *future.Future[int]) {
	l, _ := loop.Get(ctx)
	a, b = future.New[int](l), future.New[int](l)
	return gather.Start[int](ctx, a, b), a, b
}

// The timeout expires in the iteration the gathering's children complete, before its
// own callbacks have run: the gathering refuses the cancel (its children are done), the
// task keeps the cancellation pending and gets it at its next step, and wait_for turns
// it into a TimeoutError. The gathering ends with the results.
//
// CPython 3.13 (call_at(t0+0.1) completing both children, then wait_for(g, 0.1)):
//
//	G1 TimeoutError True [1, 2] 0
//
// By hand: a task parked on the gathering is cancelled just after both children
// completed, in one callback: cancel() returns True and the task gets a CancelledError.
//
//	G1b cancel returns True
//	G1b T got CancelledError [1, 2]
func TestWaitForExpiresInTheIterationTheGatheringsChildrenComplete(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		g, a, b := gatheringOfTwo(ctx)
		_, err := l.CallAt(now(ctx).Add(100*time.Millisecond), func() {
			_ = a.SetResult(1)
			_ = b.SetResult(2)
		})
		require.NoError(t, err)
		_, err = timeout.WaitFor[[]int](ctx, g, 100*time.Millisecond)
		require.ErrorIs(t, err, timeout.ErrTimeout)
		require.True(t, g.Done())
		vs, err := g.Result()
		require.NoError(t, err)
		assert.Equal(t, []int{1, 2}, vs)
		assert.Equal(t, 0, task.Current(ctx).Cancelling())
		return nil
	}))
}

func TestTaskCancelledWhileItsGatheringRefusesTheCancel(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		g, a, b := gatheringOfTwo(ctx)
		tk := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			if _, err := g.Await(ctx); future.IsCancelled(err) {
				return "T got CancelledError", nil
			}
			return "T got the results", nil
		})
		require.NoError(t, task.Sleep(ctx, 0))
		var cancelled bool
		l.CallSoon(func() {
			_ = a.SetResult(1)
			_ = b.SetResult(2)
			cancelled = tk.Cancel("")
		})
		v, err := tk.Await(ctx)
		require.NoError(t, err)
		assert.True(t, cancelled, "Cancel returns true: the cancellation is pending")
		assert.Equal(t, "T got CancelledError", v)
		vs, err := g.Result()
		require.NoError(t, err)
		assert.Equal(t, []int{1, 2}, vs)
		return nil
	}))
}

// The shield of a gathering that is cancelled: the gathering ends with a CancelledError
// as its exception (it is never in the cancelled state), which the shield copies.
//
// CPython 3.13: G3 CancelledError; s.cancelled False g.cancelled False
func TestShieldOfACancelledGathering(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		a := future.New[int](l)
		g := gather.Start[int](ctx, a)
		s := task.Shield[[]int](g)
		require.NoError(t, task.Sleep(ctx, 0))
		g.Cancel("")
		_, err := s.Await(ctx)
		assert.True(t, future.IsCancelled(err), "got %v", err)
		assert.False(t, s.Cancelled())
		assert.False(t, g.Cancelled())
		return nil
	}))
}
