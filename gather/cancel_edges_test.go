package gather_test

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

// The Python these tests follow (CPython 3.13) printed:
//
//	G2 cancel -> True
//	G2 cancelled True
//	G3 cancel -> True
//	G3 cancelled ('gather',)
//	G4 cancel -> True
//	G4 cancelled ()
//	G5 cancel -> True
//	G5 cancelled ()

// cancelAndAwaitMsg cancels g with msg (Cancel must return true), awaits it, requires a
// CancelledError and returns its message.
func cancelAndAwaitMsg[T any](t *testing.T, ctx context.Context, g *gather.Gathering[T], msg string) string {
	t.Helper()
	assert.True(t, g.Cancel(msg))
	_, err := g.Await(ctx)
	ce := future.AsCancelled(err)
	require.NotNil(t, ce, "got %v", err)
	return ce.Msg
}

// G2: the task awaiting a gathering is cancelled after every child is done but before
// their done callbacks ran: the gathering cannot be cancelled any more, but the task
// still is, at its await, once the gathering is done.
func TestCancelTheAwaiterAfterEveryChildIsDoneButBeforeTheCallbacks(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		a, b := future.New[int](l), future.New[int](l)
		w := task.Spawn(ctx, func(ctx context.Context) ([]int, error) { return gather.Gather[int](ctx, a, b) })
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, a.SetResult(1))
		require.NoError(t, b.SetResult(2))
		assert.True(t, w.Cancel(""))
		_, err := w.Await(ctx)
		assert.True(t, future.IsCancelled(err), "got %v", err)
		assert.True(t, w.Cancelled())
		return nil
	}))
}

// G3: return_exceptions; a child cancelled by hand, then the gathering cancelled: the
// error is the last child's cancellation, with the gathering's message.
func TestReturnExceptionsCancelledAfterAChildWasCancelledByHand(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		x := task.Spawn(ctx, after(time.Second, 1, nil))
		y := task.Spawn(ctx, after(100*time.Millisecond, 2, nil))
		z := task.Spawn(ctx, after(time.Second, 3, nil))
		g := gather.StartReturnExceptions[int](ctx, x, y, z)
		require.NoError(t, task.Sleep(ctx, 200*time.Millisecond))
		x.Cancel("by hand")
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, "gather", cancelAndAwaitMsg(t, ctx, g, "gather"))
		assert.False(t, g.Cancelled())
		return nil
	}))
}

// G4: return_exceptions, cancelled while only the first child is pending: the last child
// finished normally, so the error is a plain CancelledError without the message.
func TestReturnExceptionsCancelledWhenTheLastChildFinishedNormally(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		x := task.Spawn(ctx, after(time.Second, 1, nil))
		y := task.Spawn(ctx, after(100*time.Millisecond, 2, nil))
		g := gather.StartReturnExceptions[int](ctx, x, y)
		require.NoError(t, task.Sleep(ctx, 200*time.Millisecond))
		assert.Equal(t, "", cancelAndAwaitMsg(t, ctx, g, "m"))
		return nil
	}))
}

// G5: return_exceptions, the gathering is cancelled and its last child swallows the
// cancellation: the gathering still ends cancelled (bpo-32684).
func TestReturnExceptionsCancelledWhenAChildSwallowsTheCancellation(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		x := task.Spawn(ctx, after(time.Second, 1, nil))
		y := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, time.Second); err != nil {
				return 9, nil
			}
			return 0, nil
		})
		g := gather.StartReturnExceptions[int](ctx, x, y)
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, "", cancelAndAwaitMsg(t, ctx, g, "m"))
		v, err := y.Result()
		assert.NoError(t, err)
		assert.Equal(t, 9, v)
		return nil
	}))
}
