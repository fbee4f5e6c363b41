package loop

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// inbox is the only part of a loop that other goroutines touch: callbacks posted by
// CallSoonThreadsafe, the count of external work in flight, and the wake-up of a loop
// that is blocked waiting for either.
type inbox struct {
	mu       sync.Mutex
	items    []Runner
	spare    []Runner
	external int  // ExternalStarted minus ExternalDone
	closed   bool // no more posts accepted
	sleeping bool // the loop is blocked in wait and must be woken

	nonEmpty atomic.Bool // items != nil, read without the lock on every iteration
	wake     chan struct{}
}

func (b *inbox) init() { b.wake = make(chan struct{}, 1) }

// post appends r; if the loop sleeps, it is woken. external adjusts the external-work
// count under the same lock, so a loop never sees the count drop before the completion
// that goes with it is queued.
func (b *inbox) post(r Runner, external int) error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	if r != nil {
		b.items = append(b.items, r)
		b.nonEmpty.Store(true)
	}
	b.external += external
	wake := b.sleeping
	b.sleeping = false
	b.mu.Unlock()
	if wake {
		select {
		case b.wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
	return nil
}

// drain moves every posted callback to the back of the ready queue.
func (b *inbox) drain(ready *readyQueue) {
	if !b.nonEmpty.Load() {
		return
	}
	b.mu.Lock()
	items := b.items
	b.items = b.spare[:0]
	b.nonEmpty.Store(false)
	b.mu.Unlock()
	for _, r := range items {
		ready.push(r)
	}
	clear(items)
	b.spare = items[:0] // only the loop goroutine drains, so spare is the loop's alone
}

// prepareSleep marks the loop as about to block. It reports false, and the loop must not
// block, when callbacks arrived meanwhile. It also returns the external-work count.
func (b *inbox) prepareSleep() (ok bool, external int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.items) > 0 {
		return false, b.external
	}
	b.sleeping = true
	return true, b.external
}

// awake undoes prepareSleep after the loop stopped waiting.
func (b *inbox) awake() {
	b.mu.Lock()
	b.sleeping = false
	b.mu.Unlock()
}

func (b *inbox) close() {
	b.mu.Lock()
	b.closed = true
	clear(b.items)
	b.items = nil
	b.mu.Unlock()
}

// CallSoonThreadsafe schedules fn from any goroutine: asyncio's
// loop.call_soon_threadsafe. It wakes the loop if it is waiting. This is the only way
// for code off the loop (worker goroutines, signal handlers) to reach loop state.
// Posting to a closed loop is [ErrClosed].
func (l *Loop) CallSoonThreadsafe(fn func()) (*Handle, error) {
	if fn == nil {
		return nil, fmt.Errorf("loop: CallSoonThreadsafe: %w", errNilCallback)
	}
	h := &Handle{fn: fn, threadsafe: true}
	if err := l.inbox.post(h, 0); err != nil {
		return nil, fmt.Errorf("loop: CallSoonThreadsafe: %w", err)
	}
	return h, nil
}

// ExternalStarted tells the loop that work outside it has started whose completion will
// come back through [Loop.ExternalDone]: the executor calls it for every job it runs.
// A loop on a [VirtualClock] does not advance time while external work is in flight, so
// virtual time never jumps past a running worker. Safe from any goroutine.
func (l *Loop) ExternalStarted() { _ = l.inbox.post(nil, +1) }

// ExternalDone ends one piece of external work and posts its completion r (which may be
// nil) in the same step: safe from any goroutine. On a closed loop the completion is
// dropped and [ErrClosed] returned.
func (l *Loop) ExternalDone(r Runner) error {
	return l.inbox.post(r, -1)
}
