package loop_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

// call_soon_threadsafe appends to the ready queue at once, so on the loop it keeps its
// place among call_soon's:
//
//	loop.call_soon_threadsafe(log, 'threadsafe a')
//	loop.call_soon(log, 'call_soon b')
//	loop.call_soon_threadsafe(log, 'threadsafe c')
//	→ ['threadsafe a', 'call_soon b', 'threadsafe c']   (CPython 3.13)
func TestCallSoonThreadsafeKeepsItsPlaceAmongCallSoons(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var order []string
	logs := func(s string) func() { return func() { order = append(order, s) } }
	must(t, l, func() {
		_, errA := l.CallSoonThreadsafe(logs("threadsafe a"))
		_, errB := l.CallSoon(logs("call_soon b"))
		_, errC := l.CallSoonThreadsafe(logs("threadsafe c"))
		if errA != nil || errB != nil || errC != nil {
			order = append(order, "scheduling failed")
		}
		_, _ = l.CallSoon(l.Stop)
	})
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"threadsafe a", "call_soon b", "threadsafe c"}, order)
}

// The goroutine that posted a callback may cancel it while the loop runs: under -race
// this is a data race unless the handle's state is safe to share, and a cancel that
// cleared the callback under the loop's feet made it call a nil func.
func TestCallSoonThreadsafeHandleCancelledFromItsGoroutine(t *testing.T) {
	t.Parallel()
	l := loop.New()
	t.Cleanup(func() { _ = l.Close() })
	var reported []string
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) {
		reported = append(reported, c.Message) // asserted once the loop has stopped
	})
	const posts = 2000
	var ran, cancelled atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range posts {
			h, err := l.CallSoonThreadsafe(func() { ran.Add(1) })
			if err != nil {
				return
			}
			if i%2 == 0 {
				h.Cancel()
			}
			if h.Cancelled() {
				cancelled.Add(1)
			}
		}
		_, _ = l.CallSoonThreadsafe(l.Stop)
	}()
	require.NoError(t, l.RunForever())
	wg.Wait()
	assert.Empty(t, reported, "no callback failed")
	assert.Equal(t, int64(posts/2), cancelled.Load())
	assert.GreaterOrEqual(t, ran.Load(), int64(posts/2), "the callbacks never cancelled all ran")
	assert.LessOrEqual(t, ran.Load(), int64(posts))
}
