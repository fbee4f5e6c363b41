package timeout_test

import (
	"context"
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

// describe names an error the way the CPython scripts of these tests print exceptions.
func describe(err error) string {
	switch {
	case err == nil:
		return "nil"
	case future.IsCancelled(err):
		return "CancelledError"
	case isTimeout(err):
		return "TimeoutError"
	}
	return err.Error()
}

func isTimeout(err error) bool {
	_, ok := err.(*timeout.Error)
	return ok
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
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
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
			var scope *timeout.Timeout
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				if err := task.Sleep(ctx, time.Second); future.IsCancelled(err) {
					log = append(log, "caught timeout cancel")
				}
				return task.Sleep(ctx, time.Second)
			})
			msg := ""
			if c := future.AsCancelled(err); c != nil {
				msg = c.Msg
			}
			log = append(log, "scope", describe(err), msg, scope.Expired(), task.Current(ctx).Cancelling())
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
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
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
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 0, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
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
