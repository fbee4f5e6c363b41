package executor

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Handle is the result of [RunCoroutineThreadsafe], for code off the loop: the
// concurrent.futures.Future that asyncio.run_coroutine_threadsafe returns. Its methods
// are safe from any goroutine.
type Handle[T any] struct {
	loop *loop.Loop
	done chan struct{}

	mu        sync.Mutex
	end       bool
	cancelled bool // ended cancelled: by Cancel, or because the task was cancelled
	v         T
	err       error

	t *task.Task[T] // on the loop goroutine only
}

// RunCoroutineThreadsafe schedules coro as a task on l from any goroutine and returns a
// handle to its outcome: asyncio.run_coroutine_threadsafe(coro, loop). The task is
// spawned in the loop's next iteration, with opts, and a context that carries only the
// loop. A nil loop or coroutine, or a closed loop, is an error.
//
// If l is closed while the task is pending, the handle ends with an error wrapping
// loop.ErrClosed. One case is out of reach: a loop that stops for good after the call
// was posted and is closed before it ever runs it drops the call silently; pass Wait a
// context with a deadline when that can happen.
func RunCoroutineThreadsafe[T any](l *loop.Loop, coro task.Coro[T], opts ...task.Option) (*Handle[T], error) {
	switch {
	case l == nil:
		return nil, fmt.Errorf("executor: RunCoroutineThreadsafe: nil loop")
	case coro == nil:
		return nil, fmt.Errorf("executor: RunCoroutineThreadsafe: nil coroutine")
	case slices.Contains(opts, nil):
		// Spawn would panic on the loop, and the handle would never be done.
		return nil, fmt.Errorf("executor: RunCoroutineThreadsafe: nil option")
	}
	h := &Handle[T]{loop: l, done: make(chan struct{})}
	if _, err := l.CallSoonThreadsafe(func() { h.spawn(coro, opts) }); err != nil {
		return nil, fmt.Errorf("executor: RunCoroutineThreadsafe: %w", err)
	}
	return h, nil
}

// spawn runs on the loop: it starts the task, unless the handle was cancelled first.
func (h *Handle[T]) spawn(coro task.Coro[T], opts []task.Option) {
	if h.Done() {
		return // cancelled before the loop got to it: the coroutine never runs
	}
	st := stateOf(h.loop)
	if st.handles == nil {
		st.handles = make(map[finisher]struct{})
	}
	st.handles[h] = struct{}{}
	h.t = task.Spawn(loop.WithScope(context.Background(), h.loop), coro, opts...)
	h.t.AddDoneRunner(&handleDone[T]{h: h, st: st})
}

// handleDone copies the task's outcome to the handle once the task is done.
type handleDone[T any] struct {
	h  *Handle[T]
	st *loopState
}

func (d *handleDone[T]) Run() {
	delete(d.st.handles, d.h)
	if d.h.Done() {
		// Cancelled meanwhile: as asyncio's _set_concurrent_future_state, leave the
		// task's outcome unread, so that an exception nobody sees is still reported.
		return
	}
	v, err := d.h.t.Result()
	d.h.finish(v, err, d.h.t.Cancelled())
}

// loopClosed ends a handle whose task the loop's closing left pending.
func (h *Handle[T]) loopClosed() {
	var zero T
	h.finish(zero, fmt.Errorf("executor: RunCoroutineThreadsafe: the coroutine did not finish: %w", loop.ErrClosed), false)
}

// finish records the outcome once; it reports whether this call did, and whether the
// handle ended cancelled (by this call or an earlier one).
func (h *Handle[T]) finish(v T, err error, cancelled bool) (did, endedCancelled bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.end {
		return false, h.cancelled
	}
	h.end, h.cancelled, h.v, h.err = true, cancelled, v, err
	close(h.done)
	return true, cancelled
}

// Done reports whether the handle has its outcome (or was cancelled).
func (h *Handle[T]) Done() bool {
	select {
	case <-h.done:
		return true
	default:
		return false
	}
}

// Wait waits for the coroutine's outcome: concurrent.futures.Future.result(). It returns
// ctx's error if ctx is done first, leaving the coroutine running (Python's result(timeout)
// does not cancel either).
//
// Waiting from the loop itself would block the loop the outcome has to come from,
// forever: with the context of a task of that loop, or on the goroutine running it,
// Wait returns [ErrWaitOnLoop] instead (a task awaits the coroutine's task, it does not
// Wait). The loop cannot tell a task's coroutine from any goroutine outside debug mode,
// so a task that calls Wait with an unrelated context is caught only in debug mode.
func (h *Handle[T]) Wait(ctx context.Context) (T, error) {
	select {
	case <-h.done:
		return h.v, h.err
	default:
	}
	if s := loop.ScopeFrom(ctx); (s != nil && s.Loop() == h.loop) || h.loop.OnLoopGoroutine() {
		var zero T
		return zero, ErrWaitOnLoop
	}
	select {
	case <-h.done:
		return h.v, h.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Cancelled reports whether the handle ended cancelled: by [Handle.Cancel], or because
// the coroutine's task was cancelled on the loop (concurrent.futures.Future.cancelled()).
func (h *Handle[T]) Cancelled() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cancelled
}

// Cancel cancels the coroutine: concurrent.futures.Future.cancel() on the handle of
// run_coroutine_threadsafe. The handle ends at once with a *future.CancelledError, and
// the task is cancelled in the loop's next iteration (or never started). On a handle
// done already it changes nothing and, as concurrent.futures' cancel, reports whether
// the handle ended cancelled: true again after a Cancel or a cancelled task, false
// after a result or an error.
func (h *Handle[T]) Cancel(msg string) bool {
	var zero T
	if did, cancelled := h.finish(zero, &future.CancelledError{Msg: msg}, true); !did {
		return cancelled
	}
	_, _ = h.loop.CallSoonThreadsafe(func() {
		if h.t != nil {
			h.t.Cancel(msg)
		}
	})
	return true
}
