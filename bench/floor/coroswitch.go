package main

import (
	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// coroSwitch is the cost of a coroutine switch itself: one iter.Pull coroutine resumed N
// times by one goroutine, each op one resume and one yield. Its stack and g stay in the
// cache, which sleep0_switch's 1000 coroutines, resumed in turn, do not: the difference
// between the two is what switching among many costs, and this one is the least any task
// switch can cost on the machine. It is not a contract workload: a further floor of
// sleep0_switch.
func coroSwitch(n int) (r result, err error) {
	yields := 0
	c := newCoro(func(yield func(struct{}) bool) {
		for {
			yields++
			if !yield(struct{}{}) {
				return
			}
		}
	})
	r.SW.Begin()
	for range n {
		c.resume()
	}
	r.SW.End()
	c.stop()
	if yields != n {
		return r, driver.Checkf("%d yields, want %d", yields, n)
	}
	r.Extra = []record.Field{record.KV("tasks", 1), record.KV("rounds", n)}
	return r, nil
}
