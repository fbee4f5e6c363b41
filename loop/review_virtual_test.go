package loop_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

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
func TestReviewVirtualClockTimerAtTheEndOfTime(t *testing.T) {
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
