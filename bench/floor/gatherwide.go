package main

import (
	"time"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// gatherWide is gather_wide's floor: N fresh iter.Pull coroutines are made, and each is
// resumed once to park, its deadline (the clock read once, plus 10 ms, the same for all,
// as a loop reading its clock once per iteration gives them) kept in a slice; the driver
// sleeps until the deadlines fall due and resumes each to finish. Includes the 10 ms.
// Each op is a new coroutine (goroutine, stack, the collector scanning it while parked),
// its four switches and a deadline: what N tasks sleeping at once cannot do with less
// when each task is a coroutine. Sleep and Gather add a timer and a future per task,
// the task record and the gathering.
func gatherWide(n int) (r result, err error) {
	const d = 10 * time.Millisecond
	finished := 0
	sleeper := parkOnce(&finished)
	r.SW.Begin()
	coros := make([]coro, n)
	for i := range coros {
		coros[i] = newCoro(sleeper)
	}
	deadlines := make([]time.Time, n)
	deadline := time.Now().Add(d)
	for i, c := range coros {
		c.resume()
		deadlines[i] = deadline
	}
	for i, c := range coros {
		if w := time.Until(deadlines[i]); w > 0 {
			time.Sleep(w)
		}
		c.resume()
	}
	r.SW.End()
	if finished != n {
		return r, driver.Checkf("%d coroutines finished, want %d", finished, n)
	}
	r.Extra = []record.Field{record.KV("note", "includes the 10ms sleep itself")}
	return r, nil
}

// gatherWideLazy is gather_wide's floor in the shape of a loop that starts each task's
// body only when it first steps the task, as asyncio does and as goasyncio does (it takes
// a task's coroutine from its pool then, so that short tasks share a few): each coroutine
// is made and at once resumed to park, and, parked, it holds its own timer record (its
// deadline and what to wake, on the heap as an event loop's timer is). The allocations of
// this phase start GC cycles while up to N coroutines are parked, and each cycle scans
// their stacks; gatherWide makes every coroutine before parking any, so its cycles find
// none parked. The difference between the two is what starting bodies lazily costs.
func gatherWideLazy(n int) (r result, err error) {
	const d = 10 * time.Millisecond
	type timer struct {
		when time.Time
		c    coro
	}
	finished := 0
	sleeper := parkOnce(&finished)
	r.SW.Begin()
	timers := make([]*timer, n)
	deadline := time.Now().Add(d)
	for i := range timers {
		t := &timer{when: deadline, c: newCoro(sleeper)}
		t.c.resume()
		timers[i] = t
	}
	for _, t := range timers {
		if w := time.Until(t.when); w > 0 {
			time.Sleep(w)
		}
		t.c.resume()
	}
	r.SW.End()
	if finished != n {
		return r, driver.Checkf("%d coroutines finished, want %d", finished, n)
	}
	r.Extra = []record.Field{record.KV("note", "includes the 10ms sleep itself")}
	return r, nil
}
