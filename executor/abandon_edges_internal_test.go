package executor

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// inflightLen counts the calls in l's list of calls in flight, checking on the way that
// the list is well linked; on the loop goroutine.
func inflightLen(t *testing.T, l *loop.Loop) int {
	t.Helper()
	st, _ := l.Value(stateKey{}).(*loopState)
	if st == nil {
		return 0
	}
	head := &st.calls
	if head.next == nil {
		require.Nil(t, head.prev)
		return 0
	}
	n, prev := 0, head
	for x := head.next; x != head; x = x.next {
		require.NotNil(t, x, "a broken link after %d calls", n)
		require.Same(t, prev, x.prev, "call %d's prev", n)
		n++
		prev = x
		require.Less(t, n, 1<<20, "the list loops")
	}
	require.Same(t, prev, head.prev, "the sentinel's prev is the last call")
	return n
}

// releaser closes named channels once each, from the warning's handler or the safety
// timer, whichever comes first.
type releaser struct {
	mu    sync.Mutex
	chans map[string]chan struct{}
}

func newReleaser(names ...string) *releaser {
	r := &releaser{chans: make(map[string]chan struct{})}
	for _, n := range names {
		r.chans[n] = make(chan struct{})
	}
	return r
}

func (r *releaser) ch(name string) <-chan struct{} { return r.chans[name] }

// release closes the channels whose name msg contains (all of them for "").
func (r *releaser) release(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n, c := range r.chans {
		if msg == "" || strings.Contains(msg, n) {
			close(c)
			delete(r.chans, n)
		}
	}
}

// Each stuck* function ignores its context until its channel is closed; the names
// differ so that a warning names each distinctly.
func stuckOnAlpha(started chan<- struct{}, release <-chan struct{}) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		started <- struct{}{}
		<-release
		return 1, nil
	}
}

func stuckOnBravo(started chan<- struct{}, release <-chan struct{}) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		started <- struct{}{}
		<-release
		return 2, nil
	}
}

func stuckOnCharlie(started chan<- struct{}, release <-chan struct{}) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		started <- struct{}{}
		<-release
		return 3, nil
	}
}

// honoursItsContext returns as soon as its context is cancelled.
func honoursItsContext(started chan<- struct{}, returned chan<- struct{}) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		started <- struct{}{}
		<-ctx.Done()
		close(returned)
		return 0, ctx.Err()
	}
}

// settle lets the loop run a few iterations: what the workers posted is run.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	for range 3 {
		require.NoError(t, task.Sleep(ctx, 0))
	}
}

// Every way a call can end, one after the other on a virtual clock, with the list of
// calls in flight counted at each step: a call leaves the list when it is given up
// while queued, or when its outcome is run; never before (a call given up while it runs
// stays listed until then), never after. Virtual time stays put while a function runs,
// given up or not, and moves as soon as nothing runs.
func TestTheListOfCallsInFlightThroughEveryWayACallEnds(t *testing.T) {
	t.Parallel()
	epoch := time.Unix(0, 0)
	clock := loop.NewVirtualClock(epoch)
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		one, err := NewPool(1, WithName("one"))
		require.NoError(t, err)
		require.NoError(t, SetDefault(l, one))
		require.Equal(t, 0, inflightLen(t, l))

		// Given up while queued: out of the list at once, and it never runs.
		blockStarted, unblock := make(chan struct{}, 1), make(chan struct{})
		blocker := RunIn(ctx, nil, stuckOnAlpha(blockStarted, unblock))
		<-blockStarted
		var queuedRan atomic.Bool
		queued := RunIn(ctx, nil, func(context.Context) (int, error) { queuedRan.Store(true); return 0, nil })
		require.Equal(t, 2, inflightLen(t, l))
		require.True(t, queued.Cancel(""))
		settle(t, ctx) // the future's done runner gives the call up
		assert.Equal(t, 1, inflightLen(t, l), "the queued call left the list")
		require.True(t, queued.Cancelled())

		// Given up while running (a task awaiting ToThread is cancelled): still listed
		// until its outcome is run. Meanwhile virtual time does not move.
		runningStarted, releaseRunning := make(chan struct{}, 1), make(chan struct{})
		close(unblock)
		_, err = blocker.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, 0, inflightLen(t, l))
		var seenAtReturn time.Time
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return ToThread(ctx, func(context.Context) (int, error) {
				runningStarted <- struct{}{}
				<-releaseRunning
				seenAtReturn = clock.Now() // read on the loop after the outcome is run
				return 7, nil
			})
		})
		settle(t, ctx)
		<-runningStarted
		tk.Cancel("")
		settle(t, ctx)
		require.True(t, tk.Cancelled())
		assert.Equal(t, 1, inflightLen(t, l), "a call given up while running stays listed")
		go func() {
			time.Sleep(20 * time.Millisecond) // a chance for a broken loop to jump ahead
			close(releaseRunning)
		}()
		require.NoError(t, task.Sleep(ctx, time.Hour)) // not before the function returned
		assert.Equal(t, epoch, seenAtReturn, "virtual time stood still while the call ran")
		assert.Equal(t, epoch.Add(time.Hour), clock.Now())
		assert.Equal(t, 0, inflightLen(t, l), "its outcome was run: out of the list")

		// Returned, its outcome posted but not run yet, then given up: listed until the
		// outcome is run. A second call, queued behind it on the pool of one, starts
		// only once the first has posted its outcome.
		retStarted, releaseRet := make(chan struct{}, 1), make(chan struct{})
		ret := RunIn(ctx, nil, stuckOnBravo(retStarted, releaseRet))
		secondStarted := make(chan struct{})
		second := RunIn(ctx, nil, func(context.Context) (int, error) { close(secondStarted); return 8, nil })
		<-retStarted
		close(releaseRet)
		<-secondStarted // ret's outcome is in the inbox, not run: nothing ran on the loop
		require.Equal(t, 2, inflightLen(t, l))
		require.True(t, ret.Cancel(""))
		settle(t, ctx)
		v, err := second.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 8, v)
		settle(t, ctx)
		assert.Equal(t, 0, inflightLen(t, l))
		assert.True(t, ret.Cancelled(), "a cancelled future keeps its cancellation")

		// Dropped by a pool shut down with cancelPending: the outcome is the future's
		// cancellation, and the call leaves the list.
		other, err := NewPool(1)
		require.NoError(t, err)
		dStarted, releaseD := make(chan struct{}, 1), make(chan struct{})
		head := RunIn(ctx, other, stuckOnCharlie(dStarted, releaseD))
		<-dStarted
		var droppedRan atomic.Bool
		dropped := RunIn(ctx, other, func(context.Context) (int, error) { droppedRan.Store(true); return 0, nil })
		require.Equal(t, 2, inflightLen(t, l))
		other.Shutdown(false, true)
		close(releaseD)
		_, err = head.Await(ctx)
		require.NoError(t, err)
		_, err = dropped.Await(ctx)
		require.Error(t, err)
		assert.True(t, dropped.Cancelled())
		settle(t, ctx)
		assert.Equal(t, 0, inflightLen(t, l))
		other.Shutdown(true, false)

		// A panic and runtime.Goexit in the function: errors, and out of the list.
		_, err = ToThread(ctx, func(context.Context) (int, error) { panic("boom") })
		var pe *loop.PanicError
		require.ErrorAs(t, err, &pe)
		_, err = ToThread(ctx, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
		require.ErrorIs(t, err, ErrGoexit)
		assert.Equal(t, 0, inflightLen(t, l))

		// The external-work count is balanced: virtual time moves at once.
		before := clock.Now()
		require.NoError(t, task.Sleep(ctx, time.Minute))
		assert.Equal(t, before.Add(time.Minute), clock.Now())
		assert.False(t, queuedRan.Load(), "a call given up while queued never runs")
		assert.False(t, droppedRan.Load(), "a dropped call never runs")
		return nil
	}, loop.WithClock(clock))
	require.NoError(t, err)
}

// closeWarnings shortens closeWaitWarning for the test and returns a handler of warnings
// that releases, from each warning, the stuck functions it names; rel's calls are all
// released anyway after a generous while, so that a missing warning fails the test
// instead of hanging it.
func closeWarnings(t *testing.T, rel *releaser) *warnings {
	old := closeWaitWarning
	closeWaitWarning = time.Millisecond
	safety := time.AfterFunc(10*time.Second, func() { rel.release("") })
	t.Cleanup(func() {
		safety.Stop()
		rel.release("")
		closeWaitWarning = old
	})
	w := &warnings{}
	w.onWarn = func() {
		msgs := w.all()
		rel.release(msgs[len(msgs)-1])
	}
	return w
}

// A loop that closes waits for its default pool, then for the loop-made pool SetDefault
// replaced: each wait's warning names the functions stuck on that pool alone, not those
// on the other, nor one on a pool of the user's that the close does not wait for, nor
// a call given up while it was queued.
//
// Not parallel: it shortens the package's closeWaitWarning.
func TestCloseWarningsNameTheStuckFunctionsOfEachPool(t *testing.T) {
	rel := newReleaser("stuckOnAlpha", "stuckOnBravo")
	w := closeWarnings(t, rel)
	mine, err := NewPool(1, WithName("mine"))
	require.NoError(t, err)
	users, err := NewPool(1, WithName("users"))
	require.NoError(t, err)
	releaseUsers := make(chan struct{})
	defer users.Shutdown(true, false)
	defer close(releaseUsers) // after the loop is closed: the close does not wait for it
	var queuedRan atomic.Bool
	started := make(chan struct{}, 3)
	err = task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		RunIn(ctx, nil, stuckOnAlpha(started, rel.ch("stuckOnAlpha"))) // the loop-made pool
		<-started
		require.NoError(t, SetDefault(l, mine))
		RunIn(ctx, nil, stuckOnBravo(started, rel.ch("stuckOnBravo")))
		<-started
		queued := RunIn(ctx, nil, func(context.Context) (int, error) { queuedRan.Store(true); return 0, nil })
		RunIn(ctx, users, stuckOnCharlie(started, releaseUsers))
		<-started
		queued.Cancel("") // given up while queued behind stuckOnBravo
		return nil
	}, loop.WithLogger(slog.New(w)))
	require.NoError(t, err)

	got := w.all()
	require.Len(t, got, 2, "one warning per pool waited for: %q", got)
	assert.Contains(t, got[0], `1 call(s) still running on pool "mine"`)
	assert.Contains(t, got[0], "stuckOnBravo")
	assert.NotContains(t, got[0], "stuckOnAlpha")
	assert.Contains(t, got[1], `1 call(s) still running on pool "asyncio"`)
	assert.Contains(t, got[1], "stuckOnAlpha")
	assert.NotContains(t, got[1], "stuckOnBravo")
	for _, m := range got {
		assert.NotContains(t, m, "stuckOnCharlie", "the close does not wait for the user's pool")
		assert.NotContains(t, m, "users")
	}
	assert.False(t, queuedRan.Load())
}

// A call that returned before the loop closed, its outcome posted but never run, is not
// running: the warning leaves it out, and the list keeps it (the loop is gone).
//
// Not parallel: it shortens the package's closeWaitWarning.
func TestCloseWarningLeavesOutACallWhoseOutcomeWasNeverRun(t *testing.T) {
	rel := newReleaser("stuckOnAlpha")
	w := closeWarnings(t, rel)
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))), loop.WithLogger(slog.New(w)))
	ctx := loop.WithScope(context.Background(), l)
	one, err := NewPool(1, WithName("one"))
	require.NoError(t, err)
	require.NoError(t, SetDefault(l, one))
	fast := RunIn(ctx, nil, fastReturner)
	started := make(chan struct{}, 1)
	RunIn(ctx, nil, stuckOnAlpha(started, rel.ch("stuckOnAlpha")))
	<-started // behind fastReturner on the pool of one: its outcome is posted
	require.Equal(t, 2, inflightLen(t, l))
	require.NoError(t, l.Close())

	got := w.all()
	require.Len(t, got, 1)
	assert.Contains(t, got[0], `1 call(s) still running on pool "one"`)
	assert.Contains(t, got[0], "stuckOnAlpha")
	assert.NotContains(t, got[0], "fastReturner")
	assert.False(t, fast.Done(), "its outcome never reached the closed loop")
}

func fastReturner(context.Context) (int, error) { return 5, nil }

// blockingWork occupies a pool's worker until released, for no loop.
type blockingWork struct {
	started chan<- struct{}
	release <-chan struct{}
}

func (b blockingWork) run() {
	b.started <- struct{}{}
	<-b.release
}

func (b blockingWork) drop() {}

// The loop closes with calls queued behind workers that none of its calls occupies, and
// calls that returned (their outcome posted, never run): none of them runs a function,
// so the close's warning names none of them; it counts the busy workers it waits for
// (released after a while) as other loops'.
//
// Not parallel: it shortens the package's closeWaitWarning.
func TestCloseWarningNamesNoCallQueuedOrReturned(t *testing.T) {
	old := closeWaitWarning
	closeWaitWarning = time.Nanosecond
	defer func() { closeWaitWarning = old }()
	w := &warnings{onWarn: func() {}}
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))), loop.WithLogger(slog.New(w)))
	ctx := loop.WithScope(context.Background(), l)
	two, err := NewPool(2, WithName("two"))
	require.NoError(t, err)
	require.NoError(t, SetDefault(l, two))
	for range 4 {
		RunIn(ctx, nil, fastReturner)
	}
	// Every call has returned: its state says so (the loop, not running, reads nothing).
	for {
		all := true
		for n := l.Value(stateKey{}).(*loopState).calls.next; n != &l.Value(stateKey{}).(*loopState).calls; n = n.next {
			all = all && n.owner.(*call[int]).state.Load() == returned
		}
		if all {
			break
		}
		time.Sleep(time.Millisecond)
	}
	started, release := make(chan struct{}, 2), make(chan struct{})
	for range 2 {
		require.NoError(t, two.submit(blockingWork{started, release}))
	}
	<-started
	<-started
	var queuedRan atomic.Bool
	for range 3 {
		RunIn(ctx, nil, func(context.Context) (int, error) { queuedRan.Store(true); return 0, nil })
	}
	require.Equal(t, 7, inflightLen(t, l))
	go func() {
		time.Sleep(50 * time.Millisecond) // time for a wrong warning to show
		close(release)
	}()
	require.NoError(t, l.Close())
	got := w.all()
	require.Len(t, got, 1)
	assert.Contains(t, got[0], `waited 1ns for 2 call(s) still running on pool "two" although their context is cancelled: 2 of other loops;`)
	assert.False(t, queuedRan.Load(), "given up by the close while queued")
	assert.Equal(t, 4, inflightLen(t, l), "the returned calls stay listed on the closed loop")
}
