package locks

import (
	"context"
	"fmt"
)

// Lock is asyncio.Lock: a mutual-exclusion lock for tasks. It is not owned by the task
// that acquired it: any task may release it.
//
// Waiters are served first in, first out; a task cancelled while it waits does not take
// the lock, and if the lock had already been handed to it, the next waiter is woken.
//
// The zero Lock is unlocked and ready to use. It belongs to the loop of the first task
// that waits on it and is used from that loop's tasks only. It must not be copied after
// first use.
type Lock struct {
	binding
	locked  bool
	waiters waitList
}

// Locked reports whether the lock is held: asyncio's Lock.locked().
func (m *Lock) Locked() bool { return m.locked }

// Acquire takes the lock, waiting in FIFO order while it is held: asyncio's
// Lock.acquire(). It returns nil once the lock is held by the caller. When the task is
// cancelled while it waits, Acquire returns the *future.CancelledError without the lock.
func (m *Lock) Acquire(ctx context.Context) error {
	// Fair: wait for one's turn. Going straight in when every waiter was cancelled is
	// asyncio's optimization.
	if !m.locked && (m.waiters.n == 0 || !m.waiters.anyLive()) {
		m.locked = true
		return nil
	}
	l, err := m.loopFor(ctx, "Lock.Acquire")
	if err != nil {
		return err
	}
	w := m.waiters.push(l)
	err = await(ctx, w)
	m.waiters.remove(w)
	if err != nil {
		// The lock may have been handed to us: make sure the first waiter runs.
		if !m.locked {
			m.wakeUpFirst()
		}
		return err
	}
	m.waiters.recycle(w)
	m.locked = true
	return nil
}

// Release unlocks the lock and wakes the first waiter, if any: asyncio's Lock.release().
// Releasing a lock that is not held changes nothing and returns [ErrNotLocked] (asyncio
// raises RuntimeError).
func (m *Lock) Release() error {
	if !m.locked {
		return ErrNotLocked
	}
	m.locked = false
	m.wakeUpFirst()
	return nil
}

// wakeUpFirst makes sure the first waiter wakes up: asyncio's _wake_up_first. A first
// waiter already woken is on its way; nothing more is done.
func (m *Lock) wakeUpFirst() {
	if w := m.waiters.head; w != nil && !w.Done() {
		w.wake()
	}
}

// String describes the lock as asyncio's repr does: <Lock [locked, waiters:2]>.
func (m *Lock) String() string {
	extra := "unlocked"
	if m.locked {
		extra = "locked"
	}
	if m.waiters.n > 0 {
		extra += fmt.Sprintf(", waiters:%d", m.waiters.n)
	}
	return "<Lock [" + extra + "]>"
}
