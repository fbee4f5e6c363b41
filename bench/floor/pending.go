package main

import (
	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/pendmem"
)

// pendingMemory is pending_memory's floor: N iter.Pull coroutines each resumed once to
// park (as a task awaiting an event is parked), the memory read while they all are, with
// bench's own measuring code (package pendmem); then each is resumed to finish. The time
// covers making and parking them, and finishing them, not the readings. A parked
// coroutine is the least a pending task can hold here: its goroutine's stack (the
// runtime's minimum) plus the g and iter.Pull's state. goasyncio adds the task record,
// the coroutine record, the event's waiter and the scheduling structures.
func pendingMemory(n int) (r result, err error) {
	finished := 0
	waiter := parkOnce(&finished)

	var mem pendmem.Reading
	mem.Before()
	r.SW.Begin()
	coros := make([]coro, n)
	for i := range coros {
		coros[i] = newCoro(waiter)
		coros[i].resume()
	}
	r.SW.End()
	mem.Pending()
	r.SW.Begin()
	for _, c := range coros {
		c.resume()
	}
	r.SW.End()
	if finished != n {
		return r, driver.Checkf("%d coroutines finished, want %d", finished, n)
	}
	r.Extra = mem.Fields(n)
	return r, nil
}
