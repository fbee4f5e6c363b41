package gather_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// How the message of a cancellation travels through a gather: to the children, to the
// awaiter, into a ReturnExceptions slot; cancelMsg is in main_test.go.

// The task awaiting a gather is cancelled with a message: every child sees it, and so
// does the awaiter.
//
// CPython 3.13:
//
//	A5 [(1, 'm'), (2, 'm'), ('t', 'm')]
func TestGatherAwaiterCancelledWithAMessage(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		child := func(n int) task.Coro[int] {
			return func(ctx context.Context) (int, error) {
				err := task.Sleep(ctx, time.Second)
				if err != nil {
					log = append(log, n, cancelMsg(err))
				}
				return n, err
			}
		}
		tk := task.Spawn(ctx, func(ctx context.Context) ([]int, error) {
			return gather.Gather(ctx, gather.Coro(child(1)), gather.Coro(child(2)))
		})
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		tk.Cancel("m")
		_, err := tk.Await(ctx)
		log = append(log, "t", cancelMsg(err))
		assert.Equal(t, []any{1, "m", 2, "m", "t", "m"}, log)
		return nil
	}))
}

// A child cancelled by someone else, not by the gather: the gather returns that
// cancellation at once, with its message, the other children run on, and the awaiting
// task was not cancelled.
//
// CPython 3.13:
//
//	A7 [('gather', 'cm', 0.1, False, 0), 'next ok']
func TestGatherChildCancelledElsewhereWithAMessage(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := now(ctx)
		sleeper := func(d time.Duration) task.Coro[int] {
			return func(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, d) }
		}
		c1 := task.Spawn(ctx, sleeper(time.Second))
		c2 := task.Spawn(ctx, sleeper(500*time.Millisecond))
		_, err := l.CallLater(100*time.Millisecond, func() { c1.Cancel("cm") })
		require.NoError(t, err)
		_, err = gather.Gather[int](ctx, c1, c2)
		log := []any{cancelMsg(err), since(ctx, t0), c2.Done(), task.Current(ctx).Cancelling()}
		if task.Sleep(ctx, 0) == nil {
			log = append(log, "next ok")
		}
		assert.Equal(t, []any{"cm", 100 * time.Millisecond, false, 0, "next ok"}, log)
		return nil
	}))
}

// return_exceptions with a child cancelled by someone else and a failing one: the
// cancelled slot holds a CancelledError, the failed one its error.
//
// CPython 3.13 (the cancelled child is a task cancelled with 'cm'; asyncio builds the
// slot's CancelledError from the task's _cancel_message, which a task that ended by
// raising leaves None, so its text is empty; `await c1` would raise it with 'cm'). The
// slot here is the task's own CancelledError, 'cm' kept: a difference in the message
// only, left as it is and reported.
//
//	A6 [[('CancelledError', ''), ('ValueError', 'v'), ('str', 'ok')]]
func TestReturnExceptionsWithAChildCancelledElsewhere(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		c1 := task.Spawn(ctx, func(ctx context.Context) (string, error) { return "x", task.Sleep(ctx, time.Second) })
		_, err := l.CallLater(100*time.Millisecond, func() { c1.Cancel("cm") })
		require.NoError(t, err)
		rs, err := gather.ReturnExceptions[string](ctx, c1,
			gather.Coro(func(ctx context.Context) (string, error) { return "", errors.New("v") }),
			gather.Coro(func(ctx context.Context) (string, error) { return "ok", task.Sleep(ctx, 200*time.Millisecond) }))
		require.NoError(t, err)
		require.Len(t, rs, 3)
		assert.True(t, future.IsCancelled(rs[0].Err), "%v", rs[0].Err)
		assert.Equal(t, "cm", cancelMsg(rs[0].Err))
		assert.EqualError(t, rs[1].Err, "v")
		assert.Equal(t, gather.Result[string]{Value: "ok"}, rs[2])
		return nil
	}))
}

// The awaiting task is cancelled twice, the second time while the child is still
// cleaning up after the first: the second request reaches the child's cleanup, and the
// awaiter ends with the last message and both requests counted.
//
// CPython 3.13 (t.cancel('a'); sleep(0.1); t.cancel('b')):
//
//	GC2 [('c1', 'a'), ('c2', 'b'), ('t', 'b', 2)]
func TestGatherAwaiterCancelledTwiceDuringTheChildsCleanup(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		child := func(ctx context.Context) (int, error) {
			err := task.Sleep(ctx, time.Second)
			if err == nil {
				return 1, nil
			}
			log = append(log, "c1", cancelMsg(err))
			if err2 := task.Sleep(ctx, time.Second); err2 != nil {
				log = append(log, "c2", cancelMsg(err2))
				return 0, err2
			}
			return 0, err
		}
		tk := task.Spawn(ctx, func(ctx context.Context) ([]int, error) {
			return gather.Gather(ctx, gather.Coro(child))
		})
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		tk.Cancel("a")
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		tk.Cancel("b")
		_, err := tk.Await(ctx)
		log = append(log, "t", cancelMsg(err), tk.Cancelling())
		assert.Equal(t, []any{"c1", "a", "c2", "b", "t", "b", 2}, log)
		return nil
	}))
}
