package main

import (
	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// semaphoreContention is semaphore_contention's floor: N/10 iter.Pull coroutines, each ten
// times taking one of 8 permits (or, with none free, parking at the back of a FIFO of
// waiters until a release hands it its permit), adding to a counter, yielding for one
// iteration (sleep(0)) and releasing. One goroutine drives them with a slice ready queue,
// one iteration at a time: what is made ready during an iteration runs in the next. Each
// op is two resumptions of a coroutine that is cold in the cache (one after the permit,
// one after the yield) and a few slice operations: what a semaphore over coroutines
// cannot do with less. goasyncio adds a waiter future per parked acquire, its done
// callback and the task machinery of each step.
func semaphoreContention(n int) (r result, err error) {
	const rounds, permits = 10, 8
	ntasks := max(1, n/rounds)
	var (
		free    = permits
		waiters fifo  // parked coroutines, by index
		next    []int // made ready during this iteration: they run in the next
		cnt     int
	)
	worker := func(i int) func(yield func(struct{}) bool) {
		return func(yield func(struct{}) bool) {
			for range rounds {
				if free > 0 {
					free--
				} else {
					waiters.push(i)
					if !yield(struct{}{}) { // parked until a release hands over a permit
						return
					}
				}
				cnt++
				next = append(next, i) // sleep(0)
				if !yield(struct{}{}) {
					return
				}
				if w, ok := waiters.pop(); ok {
					next = append(next, w) // the permit passes to the first waiter
				} else {
					free++
				}
			}
		}
	}
	r.SW.Begin()
	cos := make([]coro, ntasks)
	ready := make([]int, ntasks)
	for i := range cos {
		cos[i] = newCoro(worker(i))
		ready[i] = i
	}
	for len(ready) > 0 {
		for _, i := range ready {
			cos[i].resume()
		}
		ready, next = next, ready[:0]
	}
	r.SW.End()
	r.N = ntasks * rounds
	if cnt != r.N {
		return r, driver.Checkf("counter = %d, want %d", cnt, r.N)
	}
	r.Extra = []record.Field{
		record.KV("tasks", ntasks), record.KV("rounds", rounds), record.KV("permits", permits),
	}
	return r, nil
}

// fifo is a queue of ints on a slice, compacted when half of it is spent.
type fifo struct {
	items []int
	head  int
}

func (q *fifo) push(v int) { q.items = append(q.items, v) }

func (q *fifo) pop() (int, bool) {
	if q.head == len(q.items) {
		return 0, false
	}
	v := q.items[q.head]
	q.head++
	if q.head > len(q.items)/2 {
		q.items = q.items[:copy(q.items, q.items[q.head:])]
		q.head = 0
	}
	return v, true
}
