package loop

import (
	"bytes"
	"reflect"
	"runtime"
	"strconv"
	"sync"
)

// Which goroutines run which loop. A loop binds the goroutine that runs it while it runs;
// the task package binds its coroutines too, in debug mode, because "on the loop" means
// either. There is no cheap way in Go to know which goroutine we are on (this parses a
// stack trace), so ids are taken only when a loop starts running and, in debug mode,
// when a coroutine starts: never per callback.
var bound sync.Map // goroutine id → *Loop

// coroutineEntries holds the functions that start goroutines running loop code on behalf
// of a loop (the task package's coroutines). A goroutine with one of them on its stack
// is inside a task, and may not run a loop of its own.
var coroutineEntries sync.Map // function name → struct{}

// RegisterCoroutineEntry declares fn as the function at the bottom of goroutines that run
// a loop's code (a task's coroutine). Running a loop from such a goroutine is refused
// with [ErrNested], as asyncio refuses asyncio.run() inside a running loop. The task
// package registers its coroutine's entry in its init.
func RegisterCoroutineEntry(fn any) {
	pc := reflect.ValueOf(fn).Pointer()
	coroutineEntries.Store(runtime.FuncForPC(pc).Name(), struct{}{})
}

// insideCoroutine reports whether the caller runs on a goroutine started by a
// registered coroutine entry. It walks the caller's stack: for Run and debug checks only.
func insideCoroutine() bool {
	pcs := make([]uintptr, 64)
	for {
		n := runtime.Callers(2, pcs)
		if n < len(pcs) {
			pcs = pcs[:n]
			break
		}
		pcs = make([]uintptr, 2*len(pcs))
	}
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if _, ok := coroutineEntries.Load(f.Function); ok {
			return true
		}
		if !more {
			return false
		}
	}
}

// currentGoroutine returns the id of the calling goroutine, parsed from the first line
// of its stack trace ("goroutine 42 [running]:").
func currentGoroutine() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}

func goroutineLoop(g uint64) *Loop {
	if v, ok := bound.Load(g); ok {
		return v.(*Loop)
	}
	return nil
}

func bindGoroutine(g uint64, l *Loop) { bound.Store(g, l) }
func unbindGoroutine(g uint64)        { bound.Delete(g) }

// BindGoroutine marks the calling goroutine as one that runs code of l until the
// returned function is called. The task package calls it, in debug mode, from each
// coroutine it starts, so that debug checks and the watchdog know the loop's goroutines.
func (l *Loop) BindGoroutine() (unbind func()) {
	g := currentGoroutine()
	bindGoroutine(g, l)
	return func() { unbindGoroutine(g) }
}

// OnLoopGoroutine reports whether the caller runs on a goroutine of l: the one running
// it, or, in debug mode only, a coroutine of one of its tasks (outside debug mode the task
// package does not bind its coroutines, so a task's body gets false). It costs a stack
// trace: debug checks only.
func (l *Loop) OnLoopGoroutine() bool { return goroutineLoop(currentGoroutine()) == l }

// checkGoroutine is asyncio's _check_thread, done in debug mode only: a running loop's
// state may be touched only from the goroutine running it or from a coroutine of one of
// its tasks. Anything else is a data race waiting to happen, so it panics at once with
// the name of the call, instead of corrupting the loop later.
func (l *Loop) checkGoroutine(op string) {
	if l.running && !l.OnLoopGoroutine() && !insideCoroutine() {
		panic("loop: " + op + " called from a goroutine that is not running the loop; " +
			"use CallSoonThreadsafe from other goroutines")
	}
}

// Goroutines returns the ids of the goroutines that run code of l: the one running it
// and the coroutines of its tasks. The debug package's watchdog uses them to pick the
// stacks of the loop's goroutines out of a dump of all goroutines. Safe from any goroutine.
func (l *Loop) Goroutines() []uint64 {
	var ids []uint64
	bound.Range(func(k, v any) bool {
		if v.(*Loop) == l {
			ids = append(ids, k.(uint64))
		}
		return true
	})
	return ids
}
