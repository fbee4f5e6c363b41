package main

import "github.com/goasyncio/asyncio/bench/internal/driver"

// callSoon is call_soon's floor: a ready queue that is a plain slice of closures, run in
// order by the one goroutine that scheduled them; the last callback sets the done flag
// the driver checks. Each op is what the Go API cannot avoid (the closure over i that
// the callback needs, a Go func taking no argument list, and the collector freeing it)
// plus an append and a call. CallSoon adds the Handle it returns and the loop's checks.
func callSoon(n int) (r result, err error) {
	var ready []func()
	cnt, done := 0, false
	cb := func(i int) {
		cnt++
		if i == n-1 {
			done = true
		}
	}
	r.SW.Begin()
	for i := range n {
		ready = append(ready, func() { cb(i) })
	}
	for !done && len(ready) > 0 {
		batch := ready
		ready = nil // what the batch schedules runs in the next one
		for _, f := range batch {
			f()
		}
	}
	r.SW.End()
	if cnt != n || !done {
		return r, driver.Checkf("counter = %d, done = %t, want %d and true", cnt, done, n)
	}
	return r, nil
}
