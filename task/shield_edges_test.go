package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

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
	err := task.Run(func(ctx context.Context) error {
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
		v, err := a.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, "awaiter saw CancelledError", v)
		assert.False(t, a.Cancelled())
		assert.True(t, inner.Cancelled())
		assert.True(t, sh.Cancelled(), "the outer future ends cancelled")
		_, rerr := sh.Result()
		require.True(t, future.IsCancelled(rerr), "got %v", rerr)
		ce := future.AsCancelled(rerr)
		require.NotNil(t, ce)
		assert.Equal(t, "", ce.Msg, "outer.cancel() without the inner message")
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// An awaiter that lets the cancellation through ends cancelled too.
func TestShieldInnerCancelledElsewhereAwaiterEndsCancelled(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, valueAfter(10*time.Second, 1, nil))
		a := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return task.Shield[int](inner).Await(ctx)
		})
		require.NoError(t, task.Sleep(ctx, 0))
		inner.Cancel("")
		_, err := a.Await(ctx)
		assert.True(t, future.IsCancelled(err), "got %v", err)
		assert.True(t, a.Cancelled())
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// The awaiter is cancelled: the inner task runs on to its result, the outer future is
// cancelled.
//
// CPython 3.13: a awaits shield(inner); a.cancel() → "awaiter cancelled",
// sh.cancelled True, inner.done False.
func TestShieldAwaiterCancelledOuterCancelledInnerRunsOn(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		start := l.Time()
		inner := task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil))
		sh := task.Shield[int](inner)
		a := task.Spawn(ctx, func(ctx context.Context) (int, error) { return sh.Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		a.Cancel("")
		_, err := a.Await(ctx)
		assert.True(t, future.IsCancelled(err))
		assert.True(t, sh.Cancelled(), "the outer future is cancelled with its awaiter")
		assert.False(t, inner.Done())
		v, err := inner.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, v)
		assert.Equal(t, 500*time.Millisecond, l.Time().Sub(start))
		// The outer future stays cancelled: the inner result is not copied onto it.
		assert.True(t, sh.Cancelled())
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// wait_for(shield(inner), 0.1) expires at 0.1 with a TimeoutError; inner runs on to 0.5.
//
// CPython 3.13: "3: TimeoutError at 0.1 inner.done False", "3: inner result 5 0.5".
func TestShieldInsideWaitForExpiring(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		start := l.Time()
		inner := task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil))
		sh := task.Shield[int](inner)
		_, err := timeout.WaitFor(ctx, sh, 100*time.Millisecond)
		require.ErrorIs(t, err, timeout.ErrTimeout)
		assert.Equal(t, 100*time.Millisecond, l.Time().Sub(start))
		assert.False(t, inner.Done())
		assert.True(t, sh.Cancelled())
		v, err := inner.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, v)
		assert.Equal(t, 500*time.Millisecond, l.Time().Sub(start))
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// WaitFor with a timeout of 0 on a shield: the shield is cancelled, the inner is not.
func TestShieldInsideWaitForZero(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil))
		sh := task.Shield[int](inner)
		_, err := timeout.WaitFor(ctx, sh, 0)
		require.ErrorIs(t, err, timeout.ErrTimeout)
		assert.True(t, sh.Cancelled())
		assert.False(t, inner.Cancelled())
		v, err := inner.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, v)
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// Shield of a done task is the task itself, whatever its outcome.
func TestShieldOfDoneTasks(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	err := task.Run(func(ctx context.Context) error {
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
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// Two shields of one task are two futures: cancelling one leaves the other, which gets
// the inner result.
//
// CPython 3.13: s1, s2 = shield(inner), shield(inner); s1.cancel() → await s2 == 5,
// s1.cancelled() True.
func TestShieldSameTaskTwice(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil))
		s1 := task.Shield[int](inner)
		s2 := task.Shield[int](inner)
		require.NotSame(t, s1, s2)
		assert.True(t, s1.Cancel(""))
		v, err := s2.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, v)
		assert.True(t, s1.Cancelled())
		assert.False(t, inner.Cancelled())
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// Two shields of one task, the inner cancelled: both end cancelled.
//
// CPython 3.13: gather(s1, s2, return_exceptions=True) after inner.cancel() →
// ['CancelledError', 'CancelledError'] True True.
func TestShieldSameTaskTwiceInnerCancelled(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil))
		s1 := task.Shield[int](inner)
		s2 := task.Shield[int](inner)
		require.NoError(t, task.Sleep(ctx, 0))
		inner.Cancel("")
		rs, err := gather.ReturnExceptions[int](ctx, s1, s2)
		require.NoError(t, err)
		for _, r := range rs {
			assert.True(t, future.IsCancelled(r.Err), "got %v", r.Err)
		}
		assert.True(t, s1.Cancelled())
		assert.True(t, s2.Cancelled())
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// Two tasks await two shields of one task; one awaiter is cancelled, the other still
// gets the result.
func TestShieldSameTaskTwiceOneAwaiterCancelled(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, valueAfter(500*time.Millisecond, 5, nil))
		a := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
		b := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		a.Cancel("")
		_, err := a.Await(ctx)
		assert.True(t, future.IsCancelled(err))
		v, err := b.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, v)
		assert.False(t, inner.Cancelled())
		return nil
	}, virtualClock())
	require.NoError(t, err)
}
