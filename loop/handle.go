package loop

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
)

// Handle is a callback scheduled by [Loop.CallSoon] or [Loop.CallSoonThreadsafe]:
// asyncio.Handle. Its only use is to cancel the callback before it runs.
//
// The handle of a CallSoonThreadsafe callback may be cancelled from any goroutine, as the
// goroutine that posted it would; a callback already running is not stopped. Other
// handles belong to the loop, like everything it schedules.
type Handle struct {
	fn         func()
	cancelled  atomic.Bool // atomic: a CallSoonThreadsafe handle may be cancelled off the loop
	threadsafe bool        // made by CallSoonThreadsafe: Cancel may come from another goroutine
}

// Run calls the callback unless the handle was cancelled.
func (h *Handle) Run() {
	if h.cancelled.Load() {
		return
	}
	h.fn()
}

// Cancel stops the callback from running, if it has not run yet: Handle.cancel().
func (h *Handle) Cancel() {
	h.cancelled.Store(true)
	if !h.threadsafe {
		// Let the closure go now, not when the queue gets to it. A threadsafe handle
		// keeps it: the loop may be reading fn at this moment.
		h.fn = nil
	}
}

// Cancelled reports whether Cancel was called: Handle.cancelled().
func (h *Handle) Cancelled() bool { return h.cancelled.Load() }

// String names the callback, as asyncio's repr does: <Handle main.tick>. A cancelled
// handle has let its callback go, and says so instead: <Handle cancelled>.
func (h *Handle) String() string {
	if h.cancelled.Load() {
		return "<Handle cancelled>"
	}
	return "<Handle " + funcName(h.fn) + ">"
}

// TimerHandle is a callback scheduled by [Loop.CallLater] or [Loop.CallAt]:
// asyncio.TimerHandle. Cancelling it is O(1): the heap drops it when it reaches the top,
// or purges all cancelled timers at once when they are the majority.
type TimerHandle struct {
	Handle
	r      Runner // what runs instead of fn, for timers armed with ArmTimer
	loop   *Loop
	when   int64  // nanoseconds since the loop's epoch
	seq    uint64 // FIFO among equal deadlines
	inHeap bool   // scheduled: in the loop's timer heap
	queued bool   // due, in the ready queue, not run yet
}

// Run runs the timer's callback unless it was cancelled.
func (t *TimerHandle) Run() {
	t.queued = false
	switch {
	case t.cancelled.Load():
	case t.r != nil:
		t.r.Run()
	default:
		t.fn()
	}
}

// Cancel stops the timer's callback from running: TimerHandle.cancel().
func (t *TimerHandle) Cancel() {
	if t.cancelled.Load() {
		return
	}
	t.Handle.Cancel()
	t.r = nil
	if t.inHeap {
		t.loop.cancelledTimers++
	}
}

// When returns the time the callback is scheduled for: TimerHandle.when().
func (t *TimerHandle) When() time.Time { return t.loop.epoch.Add(time.Duration(t.when)) }

// String names the callback and its deadline (as a duration since the loop was made):
// <TimerHandle when=5s main.tick>, or <TimerHandle cancelled when=5s>, as asyncio's repr.
func (t *TimerHandle) String() string {
	if t.cancelled.Load() {
		return fmt.Sprintf("<TimerHandle cancelled when=%s>", time.Duration(t.when))
	}
	what := funcName(t.fn)
	if t.r != nil {
		what = describe(t.r)
	}
	return fmt.Sprintf("<TimerHandle when=%s %s>", time.Duration(t.when), what)
}

// funcName returns the package-qualified name of fn's code, for logs.
func funcName(fn any) string {
	v := reflect.ValueOf(fn)
	if !v.IsValid() || v.Kind() != reflect.Func || v.IsNil() {
		return "<nil>"
	}
	return shortFuncName(runtime.FuncForPC(v.Pointer()).Name())
}

// shortFuncName drops the import path: github.com/x/y/pkg.F → pkg.F.
func shortFuncName(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}
