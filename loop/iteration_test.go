package loop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
func TestStopFromACallbackFinishesTheIteration(t *testing.T) {
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
func TestATimerCancelledByACallbackOfItsIteration(t *testing.T) {
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
