package loop_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

func TestCloseRunsItsHooksInOrderAndThoseTheyRegisterAfter(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var order []string
	l.OnClose(func() {
		order = append(order, "first")
		l.OnClose(func() { order = append(order, "registered by first") })
	})
	l.OnClose(func() { order = append(order, "second") })
	require.NoError(t, l.Close())
	assert.Equal(t, []string{"first", "second", "registered by first"}, order)

	require.NoError(t, l.Close(), "closing again does nothing")
	assert.Len(t, order, 3)
}

// Nil arguments fail where they are given, with what is wrong: a nil hook given to
// OnClose used to panic in Close, far from the mistake and before the hooks after it
// ran (a default executor's workers left running); a nil option, clock or init function
// used to be a nil-pointer panic inside New; a nil Runner given to Post was scheduled,
// to panic in the loop.
func TestNilHookOptionAndRunnerFailAtTheCall(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	assert.PanicsWithValue(t, "loop: OnClose: nil hook", func() { l.OnClose(nil) })
	ran := false
	l.OnClose(func() { ran = true })
	assert.ErrorContains(t, l.Post(nil), "loop: Post: loop: nil callback")
	require.NoError(t, l.Close())
	assert.True(t, ran)

	assert.PanicsWithValue(t, "loop: New: nil option", func() { loop.New(nil) })
	assert.PanicsWithValue(t, "loop: WithClock: nil clock", func() { loop.WithClock(nil) })
	assert.PanicsWithValue(t, "loop: WithInit: nil function", func() { loop.WithInit(nil) })
}

// A nil context carries no loop: Get says so, instead of a nil-pointer panic in
// ScopeFrom (which every function that finds its loop or task in a context reached).
// WithScope of a nil parent panics at the call, as context.WithValue does, rather than
// when the context is later asked for another key.
func TestNilContextCarriesNoLoop(t *testing.T) {
	t.Parallel()
	var nilCtx context.Context
	_, err := loop.Get(nilCtx)
	assert.ErrorIs(t, err, loop.ErrNoLoop)
	assert.Nil(t, loop.ScopeFrom(nilCtx))
	l := newVirtual(t)
	assert.PanicsWithValue(t, "loop: WithScope: nil parent context", func() { loop.WithScope(nilCtx, l) })
}
