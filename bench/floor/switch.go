package main

import (
	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// sleep0Switch is sleep0_switch's floor: N/1000 iter.Pull coroutines each yield 1000
// times, driven round-robin by one goroutine through a slice ready queue. Each op is one
// resume and one yield, the two coroutine switches that any await which gives the loop
// a turn costs when every task is a coroutine; Sleep(0) adds the loop's dispatch, the
// task's step and the suspension's bookkeeping.
func sleep0Switch(n int) (r result, err error) {
	const rounds = 1000
	ntasks := max(1, n/rounds)
	yields := 0
	worker := func(yield func(struct{}) bool) {
		for range rounds {
			yields++
			if !yield(struct{}{}) {
				return
			}
		}
	}
	r.SW.Begin()
	ready := make([]coro, ntasks)
	for i := range ready {
		ready[i] = newCoro(worker)
	}
	var next []coro
	for len(ready) > 0 {
		next = next[:0]
		for _, c := range ready {
			if c.resume() {
				next = append(next, c)
			}
		}
		ready, next = next, ready
	}
	r.SW.End()
	r.N = ntasks * rounds
	if yields != r.N {
		return r, driver.Checkf("%d yields, want %d", yields, r.N)
	}
	r.Extra = []record.Field{record.KV("tasks", ntasks), record.KV("rounds", rounds)}
	return r, nil
}
