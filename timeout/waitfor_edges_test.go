package timeout_test

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
	"github.com/goasyncio/asyncio/timeout"
)

// WaitFor with d > 0 on futures done already: a result, an exception, a cancellation
// (with its message; the caller's count untouched).
//
// CPython 3.13:
//
//	W1 [1, ('ValueError', 'bad'), ('Cancelled', 'hmsg', 0)]
func TestWaitForOnDoneFutures(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		var log []any
		f := future.New[int](l)
		require.NoError(t, f.SetResult(1))
		v, err := timeout.WaitFor[int](ctx, f, time.Second)
		log = append(log, v, err)
		g := future.New[int](l)
		require.NoError(t, g.SetException(errors.New("bad")))
		_, err = timeout.WaitFor[int](ctx, g, time.Second)
		log = append(log, describe(err))
		h := future.New[int](l)
		h.Cancel("hmsg")
		_, err = timeout.WaitFor[int](ctx, h, time.Second)
		log = append(log, describe(err), cancelMsg(err), task.Current(ctx).Cancelling())
		assert.Equal(t, []any{1, nil, "bad", "CancelledError", "hmsg", 0}, log)
		return nil
	}))
}

// The awaited task turns the expiry's cancellation into another error: WaitFor returns
// that error, not a timeout.
//
// CPython 3.13:
//
//	W2 [('ValueError', 'in cleanup', 0)]
func TestWaitForTaskFailingInItsCleanup(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, time.Second); err != nil {
				return 0, errors.New("in cleanup")
			}
			return 1, nil
		})
		_, err := timeout.WaitFor[int](ctx, tk, 100*time.Millisecond)
		assert.Equal(t, []any{"in cleanup", 0}, []any{describe(err), task.Current(ctx).Cancelling()})
		return nil
	}))
}

// The awaited future is cancelled by someone else before the deadline: WaitFor returns
// that CancelledError although the caller was not cancelled, and the caller goes on.
//
// CPython 3.13:
//
//	W3 [('CancelledError', 'other', 0), 'next ok']
func TestWaitForFutureCancelledElsewhere(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		f := future.New[int](l)
		_, err := l.CallLater(50*time.Millisecond, func() { f.Cancel("other") })
		require.NoError(t, err)
		_, err = timeout.WaitFor[int](ctx, f, time.Second)
		log := []any{describe(err), cancelMsg(err), task.Current(ctx).Cancelling()}
		if task.Sleep(ctx, 0) == nil {
			log = append(log, "next ok")
		}
		assert.Equal(t, []any{"CancelledError", "other", 0, "next ok"}, log)
		return nil
	}))
}

// The caller is cancelled while the awaited task, cancelled at the expiry, still awaits
// in its cleanup: the second cancellation reaches the cleanup, and the caller ends
// cancelled with its own message.
//
// CPython 3.13:
//
//	W4 ['inner cancelled 1', 'inner cleanup cancelled', ('outer', 'CancelledError', 'stop', True, 1), ('o cancelled', 'stop')]
func TestWaitForCallerCancelledDuringTheCleanupOfTheExpiry(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		o := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			in := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				err := task.Sleep(ctx, time.Second)
				if err == nil {
					return 1, nil
				}
				log = append(log, "inner cancelled 1")
				if err := task.Sleep(ctx, time.Second); err != nil {
					log = append(log, "inner cleanup cancelled")
					return 0, err
				}
				log = append(log, "inner cleanup done")
				return 0, err
			})
			v, err := timeout.WaitFor[int](ctx, in, 100*time.Millisecond)
			if err != nil {
				log = append(log, "outer", describe(err), cancelMsg(err), in.Done(), task.Current(ctx).Cancelling())
			}
			return v, err
		})
		require.NoError(t, task.Sleep(ctx, 500*time.Millisecond))
		o.Cancel("stop")
		_, err := o.Await(ctx)
		log = append(log, "o "+describe(err), cancelMsg(err))
		assert.Equal(t, []any{"inner cancelled 1", "inner cleanup cancelled",
			"outer", "CancelledError", "stop", true, 1, "o CancelledError", "stop"}, log)
		return nil
	}))
}

// WaitFor with d = 0 waits for the task to finish cancelling; the caller cancelled
// meanwhile returns at once, the task's cleanup goes on. On a task done already it is
// the task's value.
//
// CPython 3.13:
//
//	W5 [('outer', 'CancelledError', False, 1), 'o cancelled', 'inner cleanup done', 'swallowed',
//	    'inner cleanup done', 'swallowed']
func TestWaitForZeroCallerCancelledWhileTheTaskFinishesCancelling(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		inner := func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, time.Second); err != nil {
				if err := task.Sleep(ctx, 300*time.Millisecond); err != nil {
					return "", err
				}
				log = append(log, "inner cleanup done")
				return "swallowed", nil
			}
			return "slept", nil
		}
		tk := task.Spawn(ctx, inner)
		require.NoError(t, task.Sleep(ctx, 0))
		o := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			v, err := timeout.WaitFor[string](ctx, tk, 0)
			if err != nil {
				log = append(log, "outer", describe(err), tk.Done(), task.Current(ctx).Cancelling())
			}
			return v, err
		})
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		o.Cancel("")
		if _, err := o.Await(ctx); future.IsCancelled(err) {
			log = append(log, "o cancelled")
		}
		v, err := tk.Await(ctx)
		require.NoError(t, err)
		log = append(log, v)
		t2 := task.Spawn(ctx, inner)
		require.NoError(t, task.Sleep(ctx, 0))
		v, err = timeout.WaitFor[string](ctx, t2, 0)
		require.NoError(t, err)
		log = append(log, v)
		assert.Equal(t, []any{"outer", "CancelledError", false, 1, "o cancelled", "inner cleanup done", "swallowed",
			"inner cleanup done", "swallowed"}, log)
		return nil
	}))
}

// A coroutine that would finish exactly at the deadline: the scope's timer was armed
// before the coroutine's sleep, so the expiry comes first.
//
// CPython 3.13:
//
//	W6 ['timeout']
func TestWaitForCoroutineDueAtTheDeadline(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		v, err := timeout.WaitForCoro(ctx, func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
				return "", err
			}
			return "c", nil
		}, 100*time.Millisecond)
		assert.Equal(t, []any{"", "TimeoutError"}, []any{v, describe(err)})
		return nil
	}))
}

// A coroutine that refuses the expiry's cancellation and returns a value later: WaitFor
// returns it, when it comes, and the caller's count is back to 0.
//
// CPython 3.13:
//
//	W7 ['late', 0.6, 0]
func TestWaitForCoroutineThatRefusesTheExpiry(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		t0 := now(ctx)
		v, err := timeout.WaitForCoro(ctx, func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, time.Second); err != nil {
				if err := task.Sleep(ctx, 500*time.Millisecond); err != nil {
					return "", err
				}
				return "late", nil
			}
			return "slept", nil
		}, 100*time.Millisecond)
		require.NoError(t, err)
		assert.Equal(t, []any{"late", 600 * time.Millisecond, 0}, []any{v, since(ctx, t0), task.Current(ctx).Cancelling()})
		return nil
	}))
}

// WaitFor of a task that is still cleaning up after the expiry when the caller is
// cancelled from outside: the second cancellation reaches the task's cleanup, the task
// ends cancelled, and the caller's cancellation (not a timeout) propagates at once.
//
// CPython 3.13 (inner swallows the first cancellation: await sleep(0.5); return "late";
// w = create_task(wait_for(t, 0.1)); at 0.3 w.cancel()):
//
//	cancel w -> True
//	w: CancelledError True
//	t: CancelledError
//	elapsed ~ 0.3
func TestWaitForCallerCancelledWhileTheTaskCleansUpAfterExpiry(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := l.Time()
		inner := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, 10*time.Second); err != nil {
				if err := task.Sleep(ctx, 500*time.Millisecond); err != nil {
					return "", err
				}
				return "late", nil
			}
			return "", nil
		})
		w := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			return timeout.WaitFor[string](ctx, inner, 100*time.Millisecond)
		})
		require.NoError(t, task.Sleep(ctx, 300*time.Millisecond))
		assert.True(t, w.Cancel(""))
		_, err := w.Await(ctx)
		assert.True(t, future.IsCancelled(err), "w: got %v", err)
		assert.True(t, w.Cancelled())
		_, err = inner.Await(ctx)
		assert.True(t, future.IsCancelled(err), "inner: got %v", err)
		assert.Equal(t, 300*time.Millisecond, l.Time().Sub(t0))
		return nil
	}))
}
