package main

import (
	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// futurePingpong is future_pingpong's floor: two iter.Pull coroutines, A and B, run by a
// minimal loop (a slice ready queue drained in batches). Each round trip A makes a fresh
// future (a value and a done flag on the heap), resolves B's with v (which puts B on the
// ready queue) and parks until its own is done; B resumes, makes its own fresh future,
// resolves A's with v+1 and parks. It ends with v = N. Each op is two small allocations,
// two ready-queue entries and four coroutine switches: two futures resolved and two
// tasks woken, as the definition asks. goasyncio adds done callbacks, the task step and
// the suspension's bookkeeping.
func futurePingpong(n int) (r result, err error) {
	var l pingLoop
	a, b := &waiter{}, &waiter{}
	fa, fb := &fut{}, &fut{}
	v := 0
	a.c = newCoro(func(yield func(struct{}) bool) {
		for range n {
			f := &fut{}
			fa = f
			l.resolve(fb, v, b)
			if !l.await(f, a, yield) {
				return
			}
			v = f.v
		}
	})
	b.c = newCoro(func(yield func(struct{}) bool) {
		for range n {
			if !l.await(fb, b, yield) {
				return
			}
			got := fb.v
			fb = &fut{}
			l.resolve(fa, got+1, a)
		}
	})
	r.SW.Begin()
	l.ready = append(l.ready, b, a) // spawned in bench's order: B, then A
	l.run()
	r.SW.End()
	if v != n || !a.finished || !b.finished {
		return r, driver.Checkf("v = %d, finished A %t B %t; want %d, true, true", v, a.finished, b.finished, n)
	}
	r.Extra = []record.Field{record.KV("unit", "round_trip")}
	return r, nil
}

// fut is the least a future can be: its value and whether it is set.
type fut struct {
	v    int
	done bool
}

// waiter is a coroutine as the loop sees it: what it is parked on, if anything.
type waiter struct {
	c        coro
	on       *fut
	finished bool
}

// pingLoop runs ready coroutines in batches: what one batch makes ready runs in the next.
type pingLoop struct {
	ready, spare []*waiter
}

// await parks w on f until f is done; it reports false if the coroutine was stopped.
func (l *pingLoop) await(f *fut, w *waiter, yield func(struct{}) bool) bool {
	for !f.done {
		w.on = f
		if !yield(struct{}{}) {
			return false
		}
	}
	return true
}

// resolve sets f to v and readies w if it is parked on f.
func (l *pingLoop) resolve(f *fut, v int, w *waiter) {
	f.v, f.done = v, true
	if w.on == f {
		w.on = nil
		l.ready = append(l.ready, w)
	}
}

func (l *pingLoop) run() {
	for len(l.ready) > 0 {
		batch := l.ready
		l.ready = l.spare[:0]
		for _, w := range batch {
			if !w.c.resume() {
				w.finished = true
			}
		}
		l.spare = batch[:0]
	}
}
