package loop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// Running, stopping and closing a loop at the edges. The scenarios that quote CPython
// 3.13 were run there first; each quotes what it printed.

// RunUntilComplete of nothing is an error that says so, not a nil-pointer panic, and
// the loop does not run (asyncio: "An asyncio.Future, a coroutine or an awaitable is
// required").
func TestRunUntilCompleteOfNil(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	ran := false
	must(t, l, func() { ran = true })
	var err error
	require.NotPanics(t, func() { err = l.RunUntilComplete(nil) })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nil")
	assert.False(t, ran)
	assert.False(t, l.IsRunning())
}

// RunUntilComplete of a future that is done already still runs one iteration: its done
// callback (the stop) is scheduled behind what is ready.
//
//	f.set_result(1); loop.call_soon(cb, 'before'); loop.run_until_complete(f) → 1 ['before']
func TestRunUntilCompleteOfADoneFuture(t *testing.T) {
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
func TestLifecycleErrors(t *testing.T) {
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

// A Loop not made by New is refused when it is run, instead of a loop that waits on
// an inbox nobody made, forever.
func TestRunningAZeroLoopIsAnError(t *testing.T) {
	t.Parallel()
	var l loop.Loop
	assert.EqualError(t, l.RunForever(), "loop: the zero Loop is not usable (make one with New)")
	assert.False(t, l.IsRunning())
}
