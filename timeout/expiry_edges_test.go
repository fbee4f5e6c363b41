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

// An outside cancellation that arrives after the expiry has cancelled the task's
// waiter, before the task resumed, is merged with it: the body gets one CancelledError,
// the scope passes it on (it is not its own), Cancelling stays 1, and the next await is
// not cancelled again (asyncio's __step clears _must_cancel when it throws).
//
// CPython 3.13 (timeout(0.1) around sleep(1); t.cancel() as soon as t._fut_waiter is
// cancelled; then `await asyncio.sleep(0)`):
//
//	TO5 ['outside cancel', 'CancelledError', ('cancelling', 1), 'second await ok']
func TestOutsideCancelAfterExpiryIsDeliveredOnce(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		var log []any
		tk := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
				me := task.Current(ctx)
				// Due with the deadline and scheduled after it: the waiter is cancelled
				// already, the task has not run yet.
				_, err := l.CallAt(l.Time().Add(100*time.Millisecond), func() {
					me.Cancel("")
					log = append(log, "outside cancel")
				})
				require.NoError(t, err)
				return task.Sleep(ctx, time.Second)
			})
			switch {
			case future.IsCancelled(err):
				log = append(log, "CancelledError")
			case err != nil:
				log = append(log, err.Error())
			}
			log = append(log, "cancelling", task.Current(ctx).Cancelling())
			if err := task.Sleep(ctx, 0); err != nil {
				log = append(log, "second await cancelled")
			} else {
				log = append(log, "second await ok")
			}
			return struct{}{}, nil
		})
		_, err := tk.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, []any{"outside cancel", "CancelledError", "cancelling", 1, "second await ok"}, log)
		return nil
	}))
}

// Nested scopes both rescheduled to "now" from inside the inner body, in either order:
// the inner scope sees a cancellation that is not (only) its own and passes it on; the
// outer one turns it into its TimeoutError, and Cancelling is back to 0.
//
// CPython 3.13:
//
//	TO2 ['inner CancelledError', 'outer TimeoutError', ('cancelling', 0)]
//	TO2b ['inner CancelledError', 'outer TimeoutError', ('cancelling', 0)]
func TestNestedScopesRescheduledToNowInTheSameIteration(t *testing.T) {
	t.Parallel()
	for _, outerFirst := range []bool{false, true} {
		require.NoError(t, run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			var log []any
			err := timeout.At(ctx, time.Time{}, func(ctx context.Context, outer *timeout.Timeout) error {
				err := timeout.At(ctx, time.Time{}, func(ctx context.Context, inner *timeout.Timeout) error {
					if outerFirst {
						require.NoError(t, outer.Reschedule(l.Time()))
						require.NoError(t, inner.Reschedule(l.Time()))
					} else {
						require.NoError(t, inner.Reschedule(l.Time()))
						require.NoError(t, outer.Reschedule(l.Time()))
					}
					return task.Sleep(ctx, time.Second)
				})
				switch {
				case future.IsCancelled(err):
					log = append(log, "inner CancelledError")
				case err != nil:
					log = append(log, "inner "+err.Error())
				}
				return err
			})
			switch {
			case future.IsCancelled(err):
				log = append(log, "outer CancelledError")
			case err != nil:
				log = append(log, "outer "+err.Error())
			}
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			log = append(log, "cancelling", task.Current(ctx).Cancelling())
			assert.Equal(t, "inner CancelledError", log[0], "outerFirst=%v", outerFirst)
			assert.Equal(t, 0, task.Current(ctx).Cancelling(), "outerFirst=%v", outerFirst)
			return nil
		}))
	}
}

// A timeout scope around a TaskGroup, expiring while the group waits for its children
// (its body has returned).
//
// CPython 3.13 (async with timeout(0.1): async with TaskGroup() as tg: tg.create_task(child())):
//
//	sleeper TimeoutError True
//	sleeper cancelling 0
//	bad_cleanup EG ['cleanup'] True
//	bad_cleanup cancelling 0
func TestScopeExpiringWhileATaskGroupWaitsForItsChildren(t *testing.T) {
	t.Parallel()
	sleeper := func(ctx context.Context) (struct{}, error) { return struct{}{}, task.Sleep(ctx, time.Second) }
	badCleanup := func(ctx context.Context) (struct{}, error) {
		if err := task.Sleep(ctx, time.Second); err != nil {
			return struct{}{}, errors.New("cleanup")
		}
		return struct{}{}, nil
	}
	for _, c := range []struct {
		name  string
		child task.Coro[struct{}]
	}{{"sleeper", sleeper}, {"bad_cleanup", badCleanup}} {
		require.NoError(t, run(func(ctx context.Context) error {
			var scope *timeout.Timeout
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				return task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
					task.Spawn(ctx, c.child, task.InGroup(tg))
					return nil
				})
			})
			assert.True(t, scope.Expired(), c.name)
			if c.name == "sleeper" {
				assert.ErrorIs(t, err, timeout.ErrTimeout, c.name)
			} else {
				var eg *task.ExceptionGroup
				require.ErrorAs(t, err, &eg, c.name)
				require.Len(t, eg.Errors, 1)
				assert.EqualError(t, eg.Errors[0], "cleanup")
			}
			assert.Equal(t, 0, task.Current(ctx).Cancelling(), c.name)
			return task.Sleep(ctx, 0)
		}), c.name)
	}
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
