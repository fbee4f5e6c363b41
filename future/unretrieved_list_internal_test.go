package future

import (
	"errors"
	"runtime"
	"strconv"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

// These tests look inside the list of failures not yet retrieved: what must not pile up
// in a long-running loop, and what must not keep a failed future alive.

// newRecordingLoop returns a loop on a virtual clock whose exception handler appends to
// the returned slice. (internal/virtual has the same for the external tests, but it
// imports task, which imports future: this package's internal tests cannot use it.)
func newRecordingLoop() (*loop.Loop, *[]loop.ExceptionContext) {
	got := &[]loop.ExceptionContext{}
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) { *got = append(*got, c) })
	return l, got
}

// collectUntil runs the garbage collector, at most 1000 times, until done reports true.
// The loop is not running: the runtime's cleanups only post their reports to its inbox.
func collectUntil(done func() bool) {
	for range 1000 {
		if done() {
			return
		}
		runtime.GC()
		runtime.Gosched()
	}
}

func listLen(l *loop.Loop) int { return unretrievedOf(l).pending.Len() }

func TestRetrievedFailuresLeaveNothingInTheList(t *testing.T) {
	t.Parallel()
	l, got := newRecordingLoop()
	errLost := errors.New("lost")
	retrievals := []func(f *Future[int]) error{
		func(f *Future[int]) error { _, err := f.Result(); return err },
		func(f *Future[int]) error { exc, _ := f.Exception(); return exc },
		func(f *Future[int]) error { return f.Err() },
	}
	var kept []*Future[int]
	for i := range 3000 {
		f := New[int](l)
		require.NoError(t, f.SetException(errLost))
		kept = append(kept, f)
		if i%2 == 1 { // retrieve every other one at once, the rest later in a batch
			assert.Same(t, errLost, retrievals[i%3](f))
		}
	}
	assert.Equal(t, 1500, listLen(l))
	// Out of order: newest first, then every other one, so that removals hit the head,
	// the tail and the middle of the list.
	for i := len(kept) - 2; i >= 0; i -= 4 {
		assert.Same(t, errLost, kept[i].Err())
	}
	for i := 0; i < len(kept); i += 2 {
		assert.Same(t, errLost, kept[i].Err(), "retrieving twice is harmless")
	}
	s := unretrievedOf(l)
	assert.Nil(t, s.pending.Front(), "every failure retrieved: nothing left in the list")
	assert.Nil(t, s.pending.Back())
	for _, f := range kept {
		_, wrapped := f.err.(*unretrieved)
		require.False(t, wrapped, "a retrieved future holds its error itself, not the record")
	}
	require.NoError(t, l.Close())
	assert.Empty(t, *got)
}

// failDropped makes a future of l fail and returns only a weak pointer to it.
//
//go:noinline
func failDropped(l *loop.Loop, err error) weak.Pointer[Future[[8]int]] {
	f := New[[8]int](l)
	_ = f.SetException(err)
	return weak.Make(f)
}

// errRefersTo is an error that keeps its future alive: that future can only be reported
// when the loop closes.
type errRefersTo struct{ f *Future[[8]int] }

func (e *errRefersTo) Error() string { return "refers to its future" }

//go:noinline
func failWithSelfReference(l *loop.Loop) weak.Pointer[Future[[8]int]] {
	f := New[[8]int](l)
	_ = f.SetException(&errRefersTo{f})
	return weak.Make(f)
}

func TestTheRecordDoesNotKeepItsFutureAlive(t *testing.T) {
	t.Parallel()
	l, got := newRecordingLoop()
	const n = 200
	var ws []weak.Pointer[Future[[8]int]]
	for i := range n {
		ws = append(ws, failDropped(l, errors.New("e"+strconv.Itoa(i))))
	}
	self := failWithSelfReference(l)
	collected := func() int {
		c := 0
		for _, w := range ws {
			if w.Value() == nil {
				c++
			}
		}
		return c
	}
	collectUntil(func() bool { return collected() == n })
	require.Equal(t, n, collected(), "listed, unreported failures are collectable")
	assert.NotNil(t, self.Value(), "an error that refers to its future keeps it alive")

	// The loop is not running: the cleanups' reports wait in its inbox. Closing drops
	// them and reports what is still listed instead, each exactly once.
	require.NoError(t, l.Close())
	require.Len(t, *got, n+1)
	seen := map[string]bool{}
	for _, c := range *got {
		assert.Equal(t, "Future exception was never retrieved", c.Message)
		assert.False(t, seen[c.Err.Error()], "reported once: %v", c.Err)
		seen[c.Err.Error()] = true
	}
	assert.Len(t, seen, n+1)
	assert.True(t, seen["refers to its future"])
	assert.Nil(t, unretrievedOf(l).pending.Front())

	// Once reported at the close, the self-referencing future is released too: the
	// record was the loop's only hold on it (besides the report kept here, dropped now).
	*got = nil
	collectUntil(func() bool { return self.Value() == nil })
	assert.Nil(t, self.Value(), "no leak beyond the close")
}
