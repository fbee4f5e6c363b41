package loop

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
)

// Which goroutines run which loop. A loop binds the goroutine that runs it, and the task
// package binds each coroutine it starts, because "on the loop" means either of them.
// This is how running a loop inside a running loop is caught: there is no cheaper way in
// Go to know which goroutine we are on, so it is asked only when a loop starts running
// and when a coroutine is created, never per callback.
var bound sync.Map // goroutine id → *Loop

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
// returned function is called: the task package calls it from each coroutine it starts,
// so that a loop started from inside a task is refused with [ErrNested].
func (l *Loop) BindGoroutine() (unbind func()) {
	g := currentGoroutine()
	bindGoroutine(g, l)
	return func() { unbindGoroutine(g) }
}

// OnLoopGoroutine reports whether the caller runs on a goroutine of l: the one running
// it, or a coroutine of one of its tasks. It costs a stack trace: debug checks only.
func (l *Loop) OnLoopGoroutine() bool { return goroutineLoop(currentGoroutine()) == l }

// checkGoroutine is asyncio's _check_thread, done in debug mode only: a running loop's
// state may be touched only from the goroutine running it or from a coroutine of one of
// its tasks. Anything else is a data race waiting to happen, so it panics at once with
// the name of the call, instead of corrupting the loop later.
func (l *Loop) checkGoroutine(op string) {
	if l.running && !l.OnLoopGoroutine() {
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
