package loop_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

// The purge rebuilds the heap from the timers left: with none left, or one, or a heap
// whose last parent has fewer than four children, the timers still fire in order.
func TestTimerPurgeKeepsOrderWhateverIsLeft(t *testing.T) {
	for _, kept := range []int{0, 1, 2, 5, 6, 7, 8, 9, 61} {
		t.Run("", func(t *testing.T) {
			l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
			defer l.Close()
			const total = 300 // over the purge threshold of 100, with most cancelled
			var fired []int
			var handles []*loop.TimerHandle
			for i := range total {
				// Deadlines run backwards so that the rebuilt heap has work to do.
				h, err := l.CallLater(time.Duration(total-i)*time.Millisecond, func() { fired = append(fired, i) })
				require.NoError(t, err)
				handles = append(handles, h)
			}
			for i, h := range handles {
				if i%(total/max(kept, 1)) != 0 || i/(total/max(kept, 1)) >= kept {
					h.Cancel()
				}
			}
			// No timer stops the loop: it runs until nothing is left (ErrIdle on a
			// virtual clock), so that with kept = 0 the purge leaves an empty heap.
			require.ErrorIs(t, l.RunForever(), loop.ErrIdle)

			require.Len(t, fired, kept)
			for j := 1; j < len(fired); j++ {
				assert.Greater(t, fired[j-1], fired[j], "the later registered timer has the earlier deadline")
			}
		})
	}
}

// A negative delay is a deadline in the past, as in asyncio (call_later is call_at of
// time() + delay): it orders the timer before those due now, and When reports it.
//
//	t0 = loop.time()
//	loop.call_later(0, cb, 'later0'); loop.call_later(-1, cb, 'later-1')
//	h = loop.call_later(-5, cb, 'later-5'); loop.call_soon(cb, 'soon'); loop.call_soon(loop.stop)
//	h.when() - t0 → -5.0; order → ['soon', 'later-5', 'later-1', 'later0']
func TestNegativeDelaysAreDeadlinesInThePast(t *testing.T) {
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
func TestTheMostNegativeDelayIsOverdueNotNever(t *testing.T) {
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

// runGuarded runs l until it returns, or posts its Stop after a generous while: a guard
// against a loop that spins forever, not a measure of speed. It reports whether the loop
// returned by itself.
func runGuarded(t *testing.T, l *loop.Loop) (err error, returned bool) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- l.RunForever() }()
	select {
	case err := <-done:
		return err, true
	case <-time.After(10 * time.Second):
		_, _ = l.CallSoonThreadsafe(l.Stop)
		return <-done, false
	}
}

// A loop made on a virtual clock that had moved already, with a timer so far away that
// its deadline saturates (a delay of the longest Duration): the loop must not spin
// forever trying to move the clock past the end of time.
func TestVirtualClockTimerAtTheEndOfTime(t *testing.T) {
	t.Parallel()
	clock := loop.NewVirtualClock(virtualStart)
	clock.Advance(time.Hour)
	l := loop.New(loop.WithClock(clock))
	defer l.Close()
	_, err := l.CallLater(time.Duration(1<<63-1), func() {})
	require.NoError(t, err)
	err, returned := runGuarded(t, l)
	require.True(t, returned, "the loop spun instead of returning")
	assert.ErrorIs(t, err, loop.ErrIdle)
}
