package future_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// The scenarios of this file were run on CPython 3.13 first; each test quotes what it
// printed.

func newReviewLoop(t *testing.T) *loop.Loop {
	t.Helper()
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	t.Cleanup(func() { _ = l.Close() })
	return l
}

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
func TestReviewRemoveDoneCallbackRegisteredTwice(t *testing.T) {
	t.Parallel()
	l := newReviewLoop(t)
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
func TestReviewCancelSchedulesCallbacksInPlace(t *testing.T) {
	t.Parallel()
	l := newReviewLoop(t)
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

// Cancel with a message: a second Cancel is refused, and Result and Exception both
// raise the CancelledError with the first message.
//
//	c.cancel('why') → True; c.cancel('again') → False; repr → <Future cancelled>
//	c.result(), c.exception() → CancelledError('why',); without a message → ()
//	g.set_result(42); g.cancel() → False
func TestReviewCancelWithAMessage(t *testing.T) {
	t.Parallel()
	l := newReviewLoop(t)
	c := future.New[int](l)
	assert.True(t, c.Cancel("why"))
	assert.False(t, c.Cancel("again"))
	assert.Equal(t, "<Future cancelled>", c.String())
	assert.True(t, c.Cancelled())
	assert.True(t, c.Done())
	_, err := c.Result()
	require.Equal(t, "why", future.AsCancelled(err).Msg)
	exc, err := c.Exception()
	assert.NoError(t, exc)
	require.Equal(t, "why", future.AsCancelled(err).Msg)
	require.Equal(t, "why", future.AsCancelled(c.Err()).Msg)

	c2 := future.New[int](l)
	c2.Cancel("")
	_, err = c2.Result()
	assert.Equal(t, "", future.AsCancelled(err).Msg)
	assert.Equal(t, "cancelled", err.Error())

	g := future.New[int](l)
	require.NoError(t, g.SetResult(42))
	assert.False(t, g.Cancel(""))
	assert.Equal(t, "<Future finished result=42>", g.String())
}

// A CancelledError set as an exception finishes the future, which is not cancelled;
// Result raises it and Exception returns it.
//
//	ce.set_exception(asyncio.CancelledError('m'))
//	repr → <Future finished exception=CancelledError('m')>; cancelled() False; done() True
//	ce.result() raises CancelledError('m'); ce.exception() returns it
func TestReviewSetExceptionWithACancelledError(t *testing.T) {
	t.Parallel()
	l := newReviewLoop(t)
	ce := future.New[int](l)
	require.NoError(t, ce.SetException(&future.CancelledError{Msg: "m"}))
	assert.Equal(t, "<Future finished exception=cancelled: m>", ce.String())
	assert.False(t, ce.Cancelled())
	assert.True(t, ce.Done())
	_, err := ce.Result()
	assert.Equal(t, "m", future.AsCancelled(err).Msg)
	exc, err := ce.Exception()
	require.NoError(t, err)
	assert.Equal(t, "m", future.AsCancelled(exc).Msg)
}

// Every refused operation is an InvalidStateError naming its state.
//
//	p.result() → Result is not set.; p.exception() → Exception is not set.
//	set_result twice, set_result after cancel, set_exception after done → invalid state
func TestReviewInvalidStates(t *testing.T) {
	t.Parallel()
	l := newReviewLoop(t)
	p := future.New[int](l)
	_, err := p.Result()
	assert.ErrorIs(t, err, future.ErrInvalidState)
	assert.Equal(t, "future: invalid state: Result on a pending future", err.Error())
	_, err = p.Exception()
	assert.Equal(t, "future: invalid state: Exception on a pending future", err.Error())
	assert.NoError(t, p.Err(), "Err of a pending future is nil, not an error")

	g := future.New[int](l)
	require.NoError(t, g.SetResult(1))
	assert.Equal(t, "future: invalid state: SetResult on a finished future", g.SetResult(2).Error())
	assert.Equal(t, "future: invalid state: SetException on a finished future", g.SetException(errors.New("x")).Error())
	v, _ := g.Result()
	assert.Equal(t, 1, v, "a refused SetResult changes nothing")

	c := future.New[int](l)
	c.Cancel("")
	assert.Equal(t, "future: invalid state: SetResult on a cancelled future", c.SetResult(1).Error())
	assert.ErrorIs(t, c.SetException(errors.New("x")), future.ErrInvalidState)
}
