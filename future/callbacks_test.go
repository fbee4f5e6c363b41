package future_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
)

// When the done callbacks of a future run, and in which order. The scenarios of this
// file were run on CPython 3.13 first; each test quotes what it printed.

// runOnce runs l for one iteration, and any before it that a Stop of its own needs.
func runOnce(t *testing.T, l *loop.Loop) {
	t.Helper()
	_, err := l.CallSoon(l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
}

// RemoveDoneCallback removes every registration of a function registered twice and
// keeps the order of the rest; a callback added after done is scheduled, not called,
// and one removed after done is not found.
//
//	f.add_done_callback(cb1); f.add_done_callback(cb2); f.add_done_callback(cb1)
//	f.remove_done_callback(cb1) → 2; f.set_result('x') → out [] (scheduled, not run)
//	f.add_done_callback(cb1) → out [] until the loop runs, then ['cb2', 'cb1']
//	f.remove_done_callback(cb1) after done → 0
func TestRemoveDoneCallbackRegisteredTwice(t *testing.T) {
	t.Parallel()
	l := virtual.NewLoop(t)
	var out []string
	cb1 := func(*future.Future[string]) { out = append(out, "cb1") }
	cb2 := func(*future.Future[string]) { out = append(out, "cb2") }
	f := future.New[string](l)
	f.AddDoneCallback(cb1)
	f.AddDoneCallback(cb2)
	f.AddDoneCallback(cb1)
	assert.Equal(t, 2, f.RemoveDoneCallback(cb1))
	require.NoError(t, f.SetResult("x"))
	assert.Empty(t, out)
	f.AddDoneCallback(cb1)
	assert.Empty(t, out, "a callback added after done is scheduled, not called")
	runOnce(t, l)
	assert.Equal(t, []string{"cb2", "cb1"}, out)
	assert.Equal(t, 0, f.RemoveDoneCallback(cb1))
}

// Cancel's callbacks are scheduled where Cancel is called: after what was scheduled
// before it, before what is scheduled after it; and one added later goes last.
//
//	h.add_done_callback(cb1); call_soon(soon-before); h.cancel(); call_soon(soon-after)
//	h.add_done_callback(cb2) → ['soon-before', 'cb1', 'soon-after', 'cb2']
func TestCancelSchedulesCallbacksInPlace(t *testing.T) {
	t.Parallel()
	l := virtual.NewLoop(t)
	var out []string
	rec := func(s string) func() { return func() { out = append(out, s) } }
	h := future.New[int](l)
	h.AddDoneCallback(func(*future.Future[int]) { out = append(out, "cb1") })
	_, _ = l.CallSoon(rec("soon-before"))
	require.True(t, h.Cancel(""))
	_, _ = l.CallSoon(rec("soon-after"))
	h.AddDoneCallback(func(*future.Future[int]) { out = append(out, "cb2") })
	runOnce(t, l)
	assert.Equal(t, []string{"soon-before", "cb1", "soon-after", "cb2"}, out)
}
