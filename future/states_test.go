package future_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
)

// What Result, Exception, Cancel and the setters do in each state of a future. The
// scenarios of this file were run on CPython 3.13 first; each test quotes what it
// printed.

// Cancel with a message: a second Cancel is refused, and Result and Exception both
// raise the CancelledError with the first message.
//
//	c.cancel('why') → True; c.cancel('again') → False; repr → <Future cancelled>
//	c.result(), c.exception() → CancelledError('why',); without a message → ()
//	g.set_result(42); g.cancel() → False
func TestCancelWithAMessage(t *testing.T) {
	t.Parallel()
	l := virtual.NewLoop(t)
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
func TestSetExceptionWithACancelledError(t *testing.T) {
	t.Parallel()
	l := virtual.NewLoop(t)
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
func TestInvalidStates(t *testing.T) {
	t.Parallel()
	l := virtual.NewLoop(t)
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

// Mistakes that would otherwise surface far away, as a nil call reported from the loop,
// panic where they are made, with what was wrong.
func TestNilLoopAndNilCallbackPanicAtTheCall(t *testing.T) {
	assert.PanicsWithValue(t, "future: New: nil loop", func() { future.New[int](nil) })
	f := future.New[int](virtual.NewLoop(t))
	assert.PanicsWithValue(t, "future: AddDoneCallback: nil callback", func() { f.AddDoneCallback(nil) })
}
