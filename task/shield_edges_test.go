package task_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// runMain runs body as the main task on a virtual clock and requires the run to end
// without error; body asserts through t.
func runMain(t *testing.T, body func(ctx context.Context)) {
	t.Helper()
	require.NoError(t, runVirtual(func(ctx context.Context) error {
		body(ctx)
		return nil
	}))
}

// awaitsValue awaits f and requires it to succeed with want.
func awaitsValue[T any](t *testing.T, ctx context.Context, f interface {
	Await(context.Context) (T, error)
}, want T) {
	t.Helper()
	v, err := f.Await(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, v)
}

// cancelAndAwait cancels tk, awaits it and asserts that it ended with a CancelledError.
func cancelAndAwait[T any](t *testing.T, ctx context.Context, tk *task.Task[T]) {
	t.Helper()
	tk.Cancel("")
	_, err := tk.Await(ctx)
	assert.True(t, future.IsCancelled(err), "got %v", err)
}

// twoShieldsOfOneTask spawns fiveAfterHalfASecond and returns it with two shields of it.
func twoShieldsOfOneTask(ctx context.Context) (inner *task.Task[int], s1, s2 future.Like[int]) {
	inner = fiveAfterHalfASecond(ctx)
	return inner, task.Shield[int](inner), task.Shield[int](inner)
}

// stopwatch returns how far the loop's clock has moved on since the call.
func stopwatch(ctx context.Context) func() time.Duration {
	l := task.Current(ctx).Loop()
	t0 := l.Time()
	return func() time.Duration { return l.Time().Sub(t0) }
}

// fiveAfterHalfASecond spawns the task most shield tests shield: 5 after 0.5s.
func fiveAfterHalfASecond(ctx context.Context, opts ...task.Option) *task.Task[int] {
	return task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil), opts...)
}

// The shielded task is cancelled from elsewhere: the shield's awaiter gets a
// CancelledError (which it may swallow), and the shield's outer future ends cancelled,
// without the inner message (3.13's _inner_done_callback calls outer.cancel()).
//
// CPython 3.13: inner = create_task(sleep 10); sh = shield(inner); a awaits sh catching
// CancelledError; inner.cancel("msg-x") gives
// ('awaiter saw CancelledError', ()) outer cancelled: True inner cancelled: True
// a.cancelled False, and sh.result() raises CancelledError with args ().
func TestShieldInnerCancelledElsewhere(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		inner := task.Spawn(ctx, valueAfter(10*time.Second, 1, nil))
		sh := task.Shield[int](inner)
		a := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			_, err := sh.Await(ctx)
			if future.IsCancelled(err) {
				return "awaiter saw CancelledError", nil
			}
			return "no cancellation", err
		})
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		inner.Cancel("msg-x")
		awaitsValue(t, ctx, a, "awaiter saw CancelledError")
		assert.False(t, a.Cancelled())
		assert.True(t, inner.Cancelled())
		assert.True(t, sh.Cancelled(), "the outer future ends cancelled")
		_, rerr := sh.Result()
		require.True(t, future.IsCancelled(rerr), "got %v", rerr)
		ce := future.AsCancelled(rerr)
		require.NotNil(t, ce)
		assert.Equal(t, "", ce.Msg, "outer.cancel() without the inner message")
	})
}

// An awaiter that lets the cancellation through ends cancelled too.
func TestShieldInnerCancelledElsewhereAwaiterEndsCancelled(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		inner := task.Spawn(ctx, valueAfter(10*time.Second, 1, nil))
		a := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return task.Shield[int](inner).Await(ctx)
		})
		require.NoError(t, task.Sleep(ctx, 0))
		inner.Cancel("")
		_, err := a.Await(ctx)
		assert.True(t, future.IsCancelled(err), "got %v", err)
		assert.True(t, a.Cancelled())
	})
}

// The awaiter is cancelled: the inner task runs on to its result, the outer future is
// cancelled.
//
// CPython 3.13: a awaits shield(inner); a.cancel() → "awaiter cancelled",
// sh.cancelled True, inner.done False.
func TestShieldAwaiterCancelledOuterCancelledInnerRunsOn(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		elapsed := stopwatch(ctx)
		inner := fiveAfterHalfASecond(ctx)
		sh := task.Shield[int](inner)
		a := task.Spawn(ctx, func(ctx context.Context) (int, error) { return sh.Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		cancelAndAwait(t, ctx, a)
		assert.True(t, sh.Cancelled(), "the outer future is cancelled with its awaiter")
		assert.False(t, inner.Done())
		awaitsValue(t, ctx, inner, 5)
		assert.Equal(t, 500*time.Millisecond, elapsed())
		// The outer future stays cancelled: the inner result is not copied onto it.
		assert.True(t, sh.Cancelled())
	})
}

// WaitFor on a shield whose timeout expires (0.1s) or is 0: WaitFor returns a
// TimeoutError at once or at 0.1, the shield is cancelled, the inner task is not and runs
// on to its result at 0.5.
//
// CPython 3.13: "3: TimeoutError at 0.1 inner.done False", "3: inner result 5 0.5".
func TestShieldInsideWaitFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		d    time.Duration
	}{{"expiring", 100 * time.Millisecond}, {"zero", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			runMain(t, func(ctx context.Context) {
				elapsed := stopwatch(ctx)
				inner := fiveAfterHalfASecond(ctx)
				sh := task.Shield[int](inner)
				_, err := timeout.WaitFor(ctx, sh, tc.d)
				require.ErrorIs(t, err, timeout.ErrTimeout)
				assert.Equal(t, tc.d, elapsed())
				assert.False(t, inner.Done())
				assert.False(t, inner.Cancelled())
				assert.True(t, sh.Cancelled())
				awaitsValue(t, ctx, inner, 5)
				assert.Equal(t, 500*time.Millisecond, elapsed())
			})
		})
	}
}

// Shield of a done task is the task itself, whatever its outcome.
func TestShieldOfDoneTasks(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	runMain(t, func(ctx context.Context) {
		ok := task.Spawn(ctx, valueAfter(0, 1, nil))
		failed := task.Spawn(ctx, valueAfter(0, 0, boom))
		cancelled := task.Spawn(ctx, valueAfter(time.Hour, 0, nil))
		require.NoError(t, task.Sleep(ctx, 0))
		cancelled.Cancel("")
		_, _, _ = task.Wait(ctx, []*task.Task[int]{ok, failed, cancelled})
		for _, d := range []*task.Task[int]{ok, failed, cancelled} {
			require.True(t, d.Done())
			assert.Same(t, future.Like[int](d), task.Shield[int](d))
		}
		v, err := task.Shield[int](ok).Await(ctx)
		assert.NoError(t, err)
		assert.Equal(t, 1, v)
		_, err = task.Shield[int](failed).Await(ctx)
		assert.ErrorIs(t, err, boom)
		_, err = task.Shield[int](cancelled).Await(ctx)
		assert.True(t, future.IsCancelled(err))
	})
}

// Two shields of one task are two futures: cancelling one leaves the other, which gets
// the inner result.
//
// CPython 3.13: s1, s2 = shield(inner), shield(inner); s1.cancel() → await s2 == 5,
// s1.cancelled() True.
func TestShieldSameTaskTwice(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		inner, s1, s2 := twoShieldsOfOneTask(ctx)
		require.NotSame(t, s1, s2)
		assert.True(t, s1.Cancel(""))
		awaitsValue(t, ctx, s2, 5)
		assert.True(t, s1.Cancelled())
		assert.False(t, inner.Cancelled())
	})
}

// Two shields of one task, the inner cancelled: both end cancelled.
//
// CPython 3.13: gather(s1, s2, return_exceptions=True) after inner.cancel() →
// ['CancelledError', 'CancelledError'] True True.
func TestShieldSameTaskTwiceInnerCancelled(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		inner, s1, s2 := twoShieldsOfOneTask(ctx)
		require.NoError(t, task.Sleep(ctx, 0))
		inner.Cancel("")
		rs, err := gather.ReturnExceptions[int](ctx, s1, s2)
		require.NoError(t, err)
		for _, r := range rs {
			assert.True(t, future.IsCancelled(r.Err), "got %v", r.Err)
		}
		assert.True(t, s1.Cancelled())
		assert.True(t, s2.Cancelled())
	})
}

// Two tasks await two shields of one task; one awaiter is cancelled, the other still
// gets the result.
func TestShieldSameTaskTwiceOneAwaiterCancelled(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		inner := fiveAfterHalfASecond(ctx)
		a := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
		b := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		cancelAndAwait(t, ctx, a)
		awaitsValue(t, ctx, b, 5)
		assert.False(t, inner.Cancelled())
	})
}

// The awaiter of a shield is cancelled, then the shielded task fails: the shield no
// longer watches it, so its exception is not retrieved and is reported once the task is
// collected.
//
// CPython 3.13:
//
//	A4 ['o cancelled', (True,), ['Task exception was never retrieved']]
func TestShieldInnerFailsAfterTheAwaiterWasCancelled(t *testing.T) {
	t.Parallel()
	rs := &virtual.Reports{}
	err := rs.Run(func(ctx context.Context) error {
		var log []any
		inner := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
				return 0, err
			}
			return 0, errors.New("late")
		})
		o := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
		if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
		o.Cancel("")
		if _, err := o.Await(ctx); future.IsCancelled(err) {
			log = append(log, "o cancelled")
		}
		if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}
		log = append(log, inner.Done())
		inner = nil
		runtime.GC()
		runtime.GC()
		assert.Equal(t, []any{"o cancelled", true}, log)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"Task exception was never retrieved"}, rs.Messages())
}
