package loop_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// The scenarios of this file were run on CPython 3.13 first; each test quotes what it
// printed.

// Stop from a callback: the rest of the iteration runs (the callbacks that were ready and
// the timers that were due when it began), what the callbacks scheduled waits for the
// next run, and runs first there.
//
//	loop.call_soon(a)  # a: out.append('a'); loop.call_soon(cb, 'a-child'); loop.stop()
//	loop.call_soon(cb, 'b'); loop.call_later(0, cb, 'timer0')
//	loop.run_forever()  → ['a', 'b', 'timer0']
//	loop.call_soon(loop.stop); loop.run_forever()  → ['a-child']
func TestReviewStopFromACallbackFinishesTheIteration(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var out []string
	rec := func(s string) func() { return func() { out = append(out, s) } }
	must(t, l, func() {
		out = append(out, "a")
		_, _ = l.CallSoon(rec("a-child"))
		l.Stop()
	})
	must(t, l, rec("b"))
	_, err := l.CallLater(0, rec("timer0"))
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"a", "b", "timer0"}, out)

	out = nil
	must(t, l, l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"a-child"}, out)
}

// A timer that a callback of the same iteration cancels never runs, though it was due
// and queued already.
//
//	t1 = loop.call_later(0, canceller)  # canceller: t2.cancel()
//	t2 = loop.call_later(0, cb, 'victim'); loop.call_later(0, loop.stop)
//	→ ['canceller'], repr(t2) starts '<TimerHandle cancelled when='
func TestReviewATimerCancelledByACallbackOfItsIteration(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var out []string
	var t2 *loop.TimerHandle
	_, err := l.CallLater(0, func() { out = append(out, "canceller"); t2.Cancel() })
	require.NoError(t, err)
	t2, err = l.CallLater(0, func() { out = append(out, "victim") })
	require.NoError(t, err)
	_, err = l.CallLater(0, l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"canceller"}, out)
	assert.True(t, t2.Cancelled())
}

// RunUntilComplete of a future that is done already still runs one iteration: its done
// callback (the stop) is scheduled behind what is ready.
//
//	f.set_result(1); loop.call_soon(cb, 'before'); loop.run_until_complete(f) → 1 ['before']
func TestReviewRunUntilCompleteOfADoneFuture(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	f := future.New[int](l)
	require.NoError(t, f.SetResult(1))
	var out []string
	must(t, l, func() { out = append(out, "before") })
	require.NoError(t, l.RunUntilComplete(f))
	v, err := f.Result()
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	assert.Equal(t, []string{"before"}, out)
}

// The errors of the lifecycle say what asyncio says.
//
//	run_until_complete, stopped first → Event loop stopped before Future completed.
//	close() from a callback          → Cannot close a running event loop
//	run_forever() after close()       → Event loop is closed
//	close() twice                     → fine
func TestReviewLifecycleErrors(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	must(t, l, l.Stop)
	err := l.RunUntilComplete(future.New[int](l))
	require.ErrorIs(t, err, loop.ErrNotDone)
	assert.Contains(t, err.Error(), "event loop stopped before the future completed")

	var closeErr error
	must(t, l, func() { closeErr = l.Close(); l.Stop() })
	require.NoError(t, l.RunForever())
	require.ErrorIs(t, closeErr, loop.ErrRunning)
	assert.False(t, l.IsClosed())

	require.NoError(t, l.Close())
	require.ErrorIs(t, l.RunForever(), loop.ErrClosed)
	_, err = l.CallSoon(func() {})
	require.ErrorIs(t, err, loop.ErrClosed)
	require.NoError(t, l.Close())
}

// A negative delay is a deadline in the past, as in asyncio (call_later is call_at of
// time() + delay): it orders the timer before those due now, and When reports it.
//
//	t0 = loop.time()
//	loop.call_later(0, cb, 'later0'); loop.call_later(-1, cb, 'later-1')
//	h = loop.call_later(-5, cb, 'later-5'); loop.call_soon(cb, 'soon'); loop.call_soon(loop.stop)
//	h.when() - t0 → -5.0; order → ['soon', 'later-5', 'later-1', 'later0']
func TestReviewNegativeDelaysAreDeadlinesInThePast(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var out []string
	rec := func(s string) func() { return func() { out = append(out, s) } }
	t0 := l.Time()
	_, err := l.CallLater(0, rec("later0"))
	require.NoError(t, err)
	_, err = l.CallLater(-time.Second, rec("later-1"))
	require.NoError(t, err)
	h, err := l.CallLater(-5*time.Second, rec("later-5"))
	require.NoError(t, err)
	assert.Equal(t, -5*time.Second, h.When().Sub(t0))
	must(t, l, rec("soon"))
	must(t, l, l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"soon", "later-5", "later-1", "later0"}, out)
}

// The most negative delay there is saturates at the earliest deadline, rather than
// wrapping around to one in the far future that would never come.
func TestReviewTheMostNegativeDelayIsOverdueNotNever(t *testing.T) {
	t.Parallel()
	clock := loop.NewVirtualClock(virtualStart)
	l := loop.New(loop.WithClock(clock))
	defer l.Close()
	clock.Advance(time.Hour) // now > 0: now + MinInt64 would overflow
	var out []string
	_, err := l.CallLater(0, func() { out = append(out, "now") })
	require.NoError(t, err)
	_, err = l.CallLater(time.Duration(math.MinInt64), func() { out = append(out, "min") })
	require.NoError(t, err)
	_, err = l.CallLater(0, l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"min", "now"}, out)
}
