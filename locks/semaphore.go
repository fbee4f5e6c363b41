package locks

import (
	"context"
	"fmt"
)

// Semaphore is asyncio.Semaphore: a count of permits that Acquire takes and Release
// gives back; Acquire waits while none is free.
//
// Waiters are served first in, first out, and a task never jumps the queue: while a task
// waits, Acquire waits too even if a permit was just released (it is on its way to the
// first waiter). A task cancelled while it waits neither takes nor loses a permit.
//
// A Semaphore belongs to the loop of the first task that waits on it and is used from
// that loop's tasks only. Make one with [NewSemaphore]; it must not be copied after
// first use.
type Semaphore struct {
	binding
	value   int
	waiters waitList
}

// NewSemaphore returns a semaphore with value permits: asyncio.Semaphore(value). It panics
// if value is negative (asyncio raises ValueError).
func NewSemaphore(value int) *Semaphore {
	if value < 0 {
		panic(fmt.Sprintf("locks: NewSemaphore: initial value must be >= 0, got %d", value))
	}
	return &Semaphore{value: value}
}

// Locked reports whether Acquire would wait: asyncio's Semaphore.locked(). That is when
// no permit is free, or when a task that was not cancelled is waiting (FIFO: it goes
// first), as in CPython 3.13. So right after a Release that handed its permit to a waiter,
// Locked is true.
func (s *Semaphore) Locked() bool {
	return s.value == 0 || (s.waiters.n > 0 && s.waiters.anyLive())
}

// Acquire takes a permit, waiting in FIFO order while none is free: asyncio's
// Semaphore.acquire(). It returns nil once the permit is taken. When the task is
// cancelled while it waits, Acquire returns the *future.CancelledError and no permit is
// taken; if the permit had already been handed to the task, it goes to the next waiter.
// A ctx of no task (when Acquire would have to wait), or of a task of another loop than
// the semaphore's, is an error.
func (s *Semaphore) Acquire(ctx context.Context) error {
	if !s.Locked() {
		s.value--
		return nil
	}
	l, err := s.loopFor(ctx, "Semaphore.Acquire")
	if err != nil {
		return err
	}
	w := s.waiters.push(l)
	err = await(ctx, w)
	s.waiters.remove(w)
	if err != nil && w.Done() && !w.Cancelled() {
		// The permit was handed to us (wakeUpNext took it from value), but we will not
		// hold it: give it back, for the loop below to pass on.
		s.value++
	}
	// Waiters that came while permits were free had to queue (FIFO): wake as many as
	// the free permits allow.
	for s.value > 0 && s.wakeUpNext() {
	}
	if err == nil {
		s.waiters.recycle(w)
	}
	return err
}

// Release gives a permit back and hands it to the first waiter, if any: asyncio's
// Semaphore.release(). Releasing more often than acquiring raises the count past its
// initial value, as in asyncio; [BoundedSemaphore] refuses that.
func (s *Semaphore) Release() {
	s.value++
	s.wakeUpNext()
}

// wakeUpNext hands a permit to the first waiter not yet woken: asyncio's _wake_up_next.
func (s *Semaphore) wakeUpNext() bool {
	if s.waiters.n == 0 {
		return false
	}
	if w := s.waiters.firstPending(); w != nil {
		s.value--
		w.wake()
		return true
	}
	return false
}

// String describes the semaphore as asyncio's repr does:
// <Semaphore [unlocked, value:2]> or <Semaphore [locked, waiters:3]>.
func (s *Semaphore) String() string { return s.describe("Semaphore") }

func (s *Semaphore) describe(name string) string {
	extra := fmt.Sprintf("unlocked, value:%d", s.value)
	if s.Locked() {
		extra = "locked"
	}
	if s.waiters.n > 0 {
		extra += fmt.Sprintf(", waiters:%d", s.waiters.n)
	}
	return "<" + name + " [" + extra + "]>"
}
