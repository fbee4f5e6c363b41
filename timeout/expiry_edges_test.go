package timeout_test

import (
	"context"
	"errors"
	"fmt"
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
			scope, err := runScope(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
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

// A body that catches the scope's cancellation and keeps awaiting: the scope is
// expiring, so Reschedule is an error; the body's later awaits are not cancelled again,
// and the scope returns what the body returns (nothing), Expired stays true.
//
// CPython 3.13 (timeout(0.1) around: sleep(1) caught, reschedule, sleep(0.2)):
//
//	T1 [('caught', 1, True), ('resched', 'Cannot change state of expiring Timeout'), 'slept on',
//	    'scope returned normally', ('expired', True, 'cancelling', 0, 0.3), '<Timeout [expired]>']
func TestBodyThatCatchesTheExpiryKeepsAwaiting(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		t0 := now(ctx)
		var log []any
		scope, err := runScope(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			if err := task.Sleep(ctx, time.Second); future.IsCancelled(err) {
				log = append(log, "caught", task.Current(ctx).Cancelling(), tm.Expired())
			}
			if err := tm.Reschedule(now(ctx).Add(5 * time.Second)); err != nil {
				log = append(log, "resched error")
			}
			if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
				return err
			}
			log = append(log, "slept on")
			return nil
		})
		log = append(log, "scope "+describe(err), "expired", scope.Expired(), "cancelling", task.Current(ctx).Cancelling(), since(ctx, t0))
		log = append(log, scope.String())
		assert.Equal(t, []any{"caught", 1, true, "resched error", "slept on", "scope nil",
			"expired", true, "cancelling", 0, 300 * time.Millisecond, "<Timeout [expired]>"}, log)
		return nil
	}))
}

// Nested scopes with the same deadline: the outer one's timer was armed first, so both
// fire in one iteration, outer first; the inner scope sees a cancellation that is not
// only its own and passes it on, the outer one reports the timeout.
//
// CPython 3.13 (timeout_at(when) inside timeout_at(when)):
//
//	T2 [('inner', 'CancelledError', True), ('outer', 'TimeoutError', True), ('cancelling', 0)]
func TestNestedScopesWithTheSameDeadline(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		when := now(ctx).Add(100 * time.Millisecond)
		var log []any
		var outer, inner *timeout.Timeout
		err := timeout.At(ctx, when, func(ctx context.Context, tm *timeout.Timeout) error {
			outer = tm
			err := timeout.At(ctx, when, func(ctx context.Context, tm *timeout.Timeout) error {
				inner = tm
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, "inner", describe(err), inner.Expired())
			return err
		})
		log = append(log, "outer", describe(err), outer.Expired(), "cancelling", task.Current(ctx).Cancelling())
		assert.Equal(t, []any{"inner", "CancelledError", true, "outer", "TimeoutError", true, "cancelling", 0}, log)
		return nil
	}))
}

// An inner scope's TimeoutError caught by the outer body, which then awaits past the
// outer deadline: each scope reports its own timeout, at its own time.
//
// CPython 3.13:
//
//	T3 [('inner timeout', 0, 0.1), ('outer timeout', 0, 0.3)]
func TestOuterBodyCatchesTheInnerTimeoutThenExpires(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		t0 := now(ctx)
		var log []any
		err := timeout.Run(ctx, 300*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
				return task.Sleep(ctx, time.Second)
			})
			if isTimeout(err) {
				log = append(log, "inner timeout", task.Current(ctx).Cancelling(), since(ctx, t0))
			}
			return task.Sleep(ctx, time.Second)
		})
		if isTimeout(err) {
			log = append(log, "outer timeout", task.Current(ctx).Cancelling(), since(ctx, t0))
		}
		assert.Equal(t, []any{"inner timeout", 0, 100 * time.Millisecond, "outer timeout", 0, 300 * time.Millisecond}, log)
		return nil
	}))
}

// After the scope expired and the body caught it, a cancellation from outside reaches a
// later await of the body: the scope passes it on, with its message, and the count of
// the outside request stays.
//
// CPython 3.13:
//
//	T4 ['caught timeout cancel', ('scope', 'CancelledError', 'outside', True, 1), ('task cancelled', 'outside')]
func TestOutsideCancelAfterTheBodyCaughtTheExpiry(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		tk := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			scope, err := runScope(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
				if err := task.Sleep(ctx, time.Second); future.IsCancelled(err) {
					log = append(log, "caught timeout cancel")
				}
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, "scope", describe(err), cancelMsg(err), scope.Expired(), task.Current(ctx).Cancelling())
			return struct{}{}, err
		})
		require.NoError(t, task.Sleep(ctx, 500*time.Millisecond))
		tk.Cancel("outside")
		_, err := tk.Await(ctx)
		if c := future.AsCancelled(err); c != nil {
			log = append(log, "task cancelled", c.Msg)
		}
		assert.Equal(t, []any{"caught timeout cancel", "scope", "CancelledError", "outside", true, 1, "task cancelled", "outside"}, log)
		return nil
	}))
}

// Reschedule to no deadline, then to the past while the body runs: the scope expires at
// the body's next await.
//
// CPython 3.13:
//
//	T5 [('when', None), 'past set', ('timeout', 0.2, True)]
func TestRescheduleToNoneThenToThePast(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		t0 := now(ctx)
		var log []any
		scope, err := runScope(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			require.NoError(t, tm.Reschedule(time.Time{}))
			_, ok := tm.When()
			log = append(log, "when", ok)
			if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
				return err
			}
			require.NoError(t, tm.Reschedule(now(ctx).Add(-10*time.Second)))
			log = append(log, "past set")
			return task.Sleep(ctx, time.Second)
		})
		log = append(log, describe(err), since(ctx, t0), scope.Expired())
		assert.Equal(t, []any{"when", false, "past set", "TimeoutError", 200 * time.Millisecond, true}, log)
		return nil
	}))
}

// A zero deadline caught at a bare yield: the scope returns normally and takes its
// cancellation back, so the next await is not cancelled.
//
// CPython 3.13 (timeout(0) around a caught sleep(0)):
//
//	T6 ['caught', ('after', True, 0), 'next await ok']
func TestZeroDeadlineCaughtAtABareYield(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		scope, err := runScope(ctx, 0, func(ctx context.Context, _ *timeout.Timeout) error {
			if err := task.Sleep(ctx, 0); future.IsCancelled(err) {
				log = append(log, "caught")
			}
			return nil
		})
		require.NoError(t, err)
		log = append(log, "after", scope.Expired(), task.Current(ctx).Cancelling())
		if err := task.Sleep(ctx, 0); err == nil {
			log = append(log, "next await ok")
		}
		assert.Equal(t, []any{"caught", "after", true, 0, "next await ok"}, log)
		return nil
	}))
}

// The awaited future completes in the iteration the deadline passes, before the timer:
// the task is woken with a result, but the cancellation requested meanwhile is raised in
// its place, and the scope reports the timeout.
//
// CPython 3.13 (f.set_result armed with call_at at the deadline, before the scope):
//
//	T8 ['timeout', ('cancelling', 0)]
func TestFutureDoneInTheIterationOfTheExpiry(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		var log []any
		f := future.New[string](l)
		_, err := l.CallAt(now(ctx).Add(100*time.Millisecond), func() { _ = f.SetResult("v") })
		require.NoError(t, err)
		err = timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
			v, err := f.Await(ctx)
			if err != nil {
				return err
			}
			log = append(log, "got "+v)
			return task.Sleep(ctx, 0)
		})
		log = append(log, describe(err), "cancelling", task.Current(ctx).Cancelling())
		assert.Equal(t, []any{"TimeoutError", "cancelling", 0}, log)
		return nil
	}))
}

// A scope around the shield of a task: the scope expires, the task runs on.
//
// CPython 3.13:
//
//	T7 [('timeout', False), 'inner done']
func TestScopeAroundAShieldedTask(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		it := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, 300*time.Millisecond); err != nil {
				return "", err
			}
			return "inner done", nil
		})
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
			_, err := task.Shield[string](it).Await(ctx)
			return err
		})
		log = append(log, describe(err), it.Done())
		v, err := it.Await(ctx)
		log = append(log, fmt.Sprintf("%s %v", v, err))
		assert.Equal(t, []any{"TimeoutError", false, "inner done <nil>"}, log)
		return nil
	}))
}

// A cancellation requested before the scope is entered and not yet delivered, then a
// zero deadline: the scope counted the request on entry, so when its own expiry is
// taken back the count is back to what it was, and the scope reports a timeout; the
// outside request stays counted but is not raised again.
//
// CPython 3.13 (me.cancel('outside'); async with timeout(0): await sleep(1)):
//
//	T9 [('TimeoutError', '', True, 1), 'next ok']
func TestPendingOutsideCancelThenZeroDeadline(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		tk := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			me := task.Current(ctx).(*task.Task[struct{}])
			me.Cancel("outside")
			scope, err := runScope(ctx, 0, func(ctx context.Context, _ *timeout.Timeout) error {
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, describe(err), scope.Expired(), me.Cancelling())
			if task.Sleep(ctx, 0) == nil {
				log = append(log, "next ok")
			}
			return struct{}{}, nil
		})
		_, err := tk.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, []any{"TimeoutError", true, 1, "next ok"}, log)
		return nil
	}))
}

// A task that caught an earlier cancellation without Uncancel enters a scope with
// Cancelling 1: the scope still reports its own expiry. Reschedule of a finished or
// expired scope is an error naming the state, as repr does.
//
// CPython 3.13:
//
//	T10 [('TimeoutError', True, 1), 'Cannot change state of finished Timeout',
//	     'Cannot change state of expired Timeout', ('<Timeout [finished]>', '<Timeout [expired]>')]
func TestScopeEnteredWithACaughtCancellationAndRescheduleAfterTheEnd(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		tk := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			me := task.Current(ctx).(*task.Task[struct{}])
			me.Cancel("")
			_ = task.Sleep(ctx, 0) // caught, not uncancelled
			scope, err := runScope(ctx, 100*time.Millisecond, func(ctx context.Context, _ *timeout.Timeout) error {
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, describe(err), scope.Expired(), me.Cancelling())
			return struct{}{}, nil
		})
		_, err := tk.Await(ctx)
		require.NoError(t, err)
		finished, err := runScope(ctx, time.Second, func(context.Context, *timeout.Timeout) error { return nil })
		require.NoError(t, err)
		expired, _ := runScope(ctx, 0, func(ctx context.Context, _ *timeout.Timeout) error {
			return task.Sleep(ctx, time.Second)
		})
		for _, tm := range []*timeout.Timeout{finished, expired} {
			if err := tm.Reschedule(time.Time{}); err != nil {
				log = append(log, err.Error())
			}
		}
		log = append(log, finished.String(), expired.String())
		assert.Equal(t, []any{"TimeoutError", true, 1,
			"timeout: Reschedule: cannot change the deadline of a Timeout that is finished",
			"timeout: Reschedule: cannot change the deadline of a Timeout that is expired",
			"<Timeout [finished]>", "<Timeout [expired]>"}, log)
		return nil
	}))
}
