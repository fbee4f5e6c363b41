package locks

import (
	"context"
	"fmt"
)

// Event is asyncio.Event: a flag that tasks wait for. Set wakes every waiter, in the
// order they began waiting; Wait on a set event returns at once, without suspending.
//
// The zero Event is clear and ready to use. It belongs to the loop of the first task that
// waits on it and is used from that loop's tasks only. It must not be copied after first
// use.
type Event struct {
	binding
	value   bool
	waiters waitList
}

// IsSet reports whether the flag is set: asyncio's Event.is_set().
func (e *Event) IsSet() bool { return e.value }

// Set sets the flag and wakes every task waiting for it: asyncio's Event.set(). Tasks that
// Wait while it is set do not wait at all.
func (e *Event) Set() {
	if e.value {
		return
	}
	e.value = true
	for w := e.waiters.head; w != nil; w = w.next {
		if !w.Done() {
			w.wake()
		}
	}
}

// Clear clears the flag: asyncio's Event.clear(). Wait blocks again until the next Set.
func (e *Event) Clear() { e.value = false }

// Wait returns once the flag is set: asyncio's Event.wait() (which returns True; here
// success is a nil error). A set flag returns at once, without suspending. A cancellation
// of the task while it waits is returned as the *future.CancelledError.
func (e *Event) Wait(ctx context.Context) error {
	if e.value {
		return nil
	}
	l, err := e.loopFor(ctx, "Event.Wait")
	if err != nil {
		return err
	}
	w := e.waiters.push(l)
	err = await(ctx, w)
	e.waiters.remove(w)
	return err
}

// String describes the event as asyncio's repr does: <Event [unset, waiters:2]>.
func (e *Event) String() string {
	extra := "unset"
	if e.value {
		extra = "set"
	}
	if e.waiters.n > 0 {
		extra += fmt.Sprintf(", waiters:%d", e.waiters.n)
	}
	return "<Event [" + extra + "]>"
}
