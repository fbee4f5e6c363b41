package executor

import (
	"context"
	"sync"
	"time"

	"github.com/goasyncio/asyncio/loop"
)

// workerCtx is the context a worker's function gets: the values of the submitting
// task's context (contextvars propagate, as asyncio.to_thread copies them), minus its
// loop scope (a worker is not on the loop: loop.Get reports no loop, as
// get_running_loop raises in a worker thread), cancelled when the call is abandoned
// (the awaiting task was cancelled or its timeout fired), when the submitting context is
// cancelled, and once the function has returned.
//
// It lives inside the call, so a call costs one allocation; its done channel is made
// only if the function asks for it.
type workerCtx struct {
	parent context.Context
	stop   func() bool // unregisters from the parent's cancellation, when it has one

	mu   sync.Mutex
	done chan struct{}
	err  error
}

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (w *workerCtx) init(parent context.Context) {
	w.parent = parent
	if parent.Done() != nil {
		w.stop = context.AfterFunc(parent, func() { w.cancel(parent.Err()) })
	}
}

// Deadline returns the submitting context's deadline.
func (w *workerCtx) Deadline() (time.Time, bool) { return w.parent.Deadline() }

// Done returns a channel closed when the context is cancelled.
func (w *workerCtx) Done() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done == nil {
		if w.err != nil {
			w.done = closedChan
		} else {
			w.done = make(chan struct{})
		}
	}
	return w.done
}

// Err returns nil until the context is cancelled, then context.Canceled (or the
// parent's error).
func (w *workerCtx) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Value returns the submitting context's value for key, except its loop scope.
func (w *workerCtx) Value(key any) any {
	v := w.parent.Value(key)
	if _, isScope := v.(loop.Scope); isScope {
		return nil
	}
	return v
}

// String names the context, as the context package's do.
func (w *workerCtx) String() string { return "executor.workerContext" }

// cancel cancels the context with err (context.Canceled when nil). Safe from any
// goroutine; only the first call counts.
func (w *workerCtx) cancel(err error) {
	if err == nil {
		err = context.Canceled
	}
	w.mu.Lock()
	if w.err != nil {
		w.mu.Unlock()
		return
	}
	w.err = err
	if w.done == nil {
		w.done = closedChan
	} else {
		close(w.done)
	}
	w.mu.Unlock()
	if w.stop != nil {
		w.stop()
	}
}
