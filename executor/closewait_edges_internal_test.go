package executor

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

// The warning asks each call, when it fires, whether a worker of the pool runs its
// function: a call that returned (its context honoured) or never started is not named,
// a running one on another pool is not either. (helper-15 found the first version named
// what was running when the close began.)
func TestACallIsNamedOnlyWhileItsFunctionRunsOnThePool(t *testing.T) {
	t.Parallel()
	p, err := NewPool(1)
	require.NoError(t, err)
	defer p.Shutdown(true, false)
	other, err := NewPool(1)
	require.NoError(t, err)
	defer other.Shutdown(true, false)
	c := &call[int]{fn: func(context.Context) (int, error) { return 0, nil }, pool: p}

	for state, want := range map[int32]bool{queued: false, running: true, returned: false, abandoned: false} {
		c.state.Store(state)
		fn, ok := c.runningOn(p)
		assert.Equal(t, want, ok, "state %d", state)
		if want {
			assert.Contains(t, fn, "executor.TestACallIsNamedOnlyWhileItsFunctionRunsOnThePool")
		}
	}
	c.state.Store(running)
	_, ok := c.runningOn(other)
	assert.False(t, ok, "not a worker of the pool waited for")
}

// A pool of the user's serves two loops and is the default pool of the first. Closing
// the first shuts the pool down and waits for its workers, among them one running the
// second loop's call, which does not return: the close says so, counting the call as
// another loop's, since it cannot name it. (helper-15: the first version said nothing.)
//
// Not parallel: it shortens the package's closeWaitWarning.
func TestCloseWarnsOfAStuckCallOfAnotherLoopOnThePoolItWaitsFor(t *testing.T) {
	defer func(d time.Duration) { closeWaitWarning = d }(closeWaitWarning)
	closeWaitWarning = time.Millisecond
	rel := newReleaser("stuckOnAlpha")
	w := &warnings{onWarn: func() { rel.release("") }}
	safety := time.AfterFunc(10*time.Second, func() { rel.release("") }) // fail, not hang
	defer safety.Stop()

	shared, err := NewPool(2, WithName("shared"))
	require.NoError(t, err)
	l1 := loop.New(loop.WithLogger(slog.New(w)))
	require.NoError(t, SetDefault(l1, shared))
	l2 := loop.New()
	defer l2.Close()
	started := make(chan struct{}, 1)
	RunIn(loop.WithScope(context.Background(), l2), shared, stuckOnAlpha(started, rel.ch("stuckOnAlpha")))
	<-started

	require.NoError(t, l1.Close())
	got := w.all()
	require.Len(t, got, 1, "closing l1 waited for l2's call: it says so")
	assert.Contains(t, got[0], `1 call(s) still running on pool "shared" although their context is cancelled: 1 of other loops;`)
}

// A warning that is due as the wait ends either comes before stop returns or not at
// all: none is logged after the loop has closed. (helper-15 saw the race detector catch
// a late one.)
func TestNoCloseWarningComesAfterItsStop(t *testing.T) {
	defer func(d time.Duration) { closeWaitWarning = d }(closeWaitWarning)
	closeWaitWarning = time.Nanosecond
	p, err := NewPool(1, WithName("busy"))
	require.NoError(t, err)
	release := make(chan struct{})
	started := make(chan struct{})
	require.NoError(t, p.submit(blockingWork{started, release}))
	<-started
	for range 200 {
		w := &warnings{onWarn: func() {}}
		stop := warnWhileWaiting(slog.New(w), p, nil)
		stop()
		n := len(w.all())
		time.Sleep(10 * time.Microsecond) // a late warning would land now
		assert.Equal(t, n, len(w.all()), "a warning after stop returned")
		assert.LessOrEqual(t, n, 1)
	}
	close(release)
	p.Shutdown(true, false)
}
