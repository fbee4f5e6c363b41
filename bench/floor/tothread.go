package main

import (
	"runtime"
	"sync"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// inflightBound is to_thread's Semaphore(32): the calls in flight at once.
const inflightBound = 32

// maxWorkers is the size of Python's default ThreadPoolExecutor, min(32, cpus + 4), which
// goasyncio's default pool copies.
func maxWorkers() int { return min(32, runtime.NumCPU()+4) }

// toThread is to_thread's floor: one goroutine (the loop) keeps at most 32 calls in flight
// on a pool of min(32, NumCPU+4) worker goroutines fed through a channel; each worker
// computes f(i) = 2i and posts the result back to the loop through a mutex-protected
// slice and a 1-buffered wake channel, and the loop drains the whole slice per wake-up;
// the results are summed. Each op is a channel handoff to a worker and a post back that
// wakes the loop (two goroutine wake-ups at worst, shared by the calls that complete
// together): the round trip any loop that hands blocking calls to threads pays.
// goasyncio adds a task per call parked in between (see toThreadCoroutines), the
// semaphore and the executor's bookkeeping.
func toThread(n int) (r result, err error) {
	p := startPool(maxWorkers())
	defer p.shutdown()
	var got []outcome
	s, inflight, next, completed := 0, 0, 0, 0
	r.SW.Begin()
	for completed < n {
		for ; inflight < inflightBound && next < n; next++ {
			p.submit(call{slot: next, arg: next})
			inflight++
		}
		got = p.collect(got)
		for _, o := range got {
			s += o.v
		}
		inflight -= len(got)
		completed += len(got)
	}
	r.SW.End()
	r.Extra = toThreadExtra()
	return r, checkSum(s, n)
}

// toThreadCoroutines is to_thread's second floor: the same, but each call belongs to an
// iter.Pull coroutine made for it, which submits the call, parks until its result is in,
// then adds it to the sum and returns, as a task awaiting ToThread does. Each op adds a
// fresh coroutine (its goroutine, its stack) and four switches to toThread's: what
// goasyncio's to_thread cannot do with less, one task parked per call in flight.
func toThreadCoroutines(n int) (r result, err error) {
	p := startPool(maxWorkers())
	defer p.shutdown()
	var (
		slots = make([]caller, inflightBound)
		free  = make([]int, 0, inflightBound)
		got   []outcome
	)
	for i := range inflightBound {
		free = append(free, i)
	}
	s, next, completed := 0, 0, 0
	r.SW.Begin()
	for completed < n {
		for ; len(free) > 0 && next < n; next++ {
			k := free[len(free)-1]
			free = free[:len(free)-1]
			i, sl := next, &slots[k]
			sl.c = newCoro(func(yield func(struct{}) bool) {
				p.submit(call{slot: k, arg: i})
				if !yield(struct{}{}) { // parked until its result is in
					return
				}
				s += sl.v
			})
			sl.c.resume()
		}
		got = p.collect(got)
		for _, o := range got {
			if !slots[o.slot].finish(o.v) {
				return r, driver.Checkf("call %d's coroutine parked again", o.slot)
			}
			free = append(free, o.slot)
		}
		completed += len(got)
	}
	r.SW.End()
	r.Extra = toThreadExtra()
	return r, checkSum(s, n)
}

// toThreadGathered is to_thread's floor in the workload's own shape: all N coroutines are
// made and started at once, as gather starts its N tasks, and each parks at once, as
// N−32 of the tasks park on the Semaphore(32). The first 32 are resumed with a permit:
// each submits its call and parks until its result is in; each finished call hands its
// permit to the next coroutine in line. Each op thus adds to toThreadCoroutines' costs a
// fresh coroutine that stays parked for most of the run (its goroutine, its stack, the
// GC scanning it): gather_wide's floor, plus the pool's round trip. It is the floor
// goasyncio's to_thread is measured against.
func toThreadGathered(n int) (r result, err error) {
	p := startPool(maxWorkers())
	defer p.shutdown()
	tasks := make([]caller, n)
	var got []outcome
	s := 0
	r.SW.Begin()
	for i := range tasks {
		t := &tasks[i]
		t.c = newCoro(func(yield func(struct{}) bool) {
			if !yield(struct{}{}) { // parked until it holds a permit
				return
			}
			p.submit(call{slot: i, arg: i})
			if !yield(struct{}{}) { // parked until its result is in
				return
			}
			s += t.v
		})
		t.c.resume()
	}
	admitted := min(inflightBound, n)
	for i := range admitted {
		tasks[i].c.resume()
	}
	for completed := 0; completed < n; completed += len(got) {
		got = p.collect(got)
		for _, o := range got {
			if !tasks[o.slot].finish(o.v) {
				return r, driver.Checkf("call %d's coroutine parked again", o.slot)
			}
			if admitted < n { // the permit passes to the next coroutine in line
				tasks[admitted].c.resume()
				admitted++
			}
		}
	}
	r.SW.End()
	r.Extra = toThreadExtra()
	return r, checkSum(s, n)
}

// caller is a coroutine that makes one call and parks until its result, v, is in.
type caller struct {
	c coro
	v int
}

// finish gives the caller its call's result v and resumes it to add v to the sum and
// return; it reports whether the caller returned.
func (c *caller) finish(v int) bool {
	c.v = v
	return !c.c.resume()
}

// checkSum is to_thread's result check: the N calls' results 2i add up to N(N−1).
func checkSum(s, n int) error {
	if want := n * (n - 1); s != want {
		return driver.Checkf("sum = %d, want %d", s, want)
	}
	return nil
}

func toThreadExtra() []record.Field {
	return []record.Field{
		record.KV("executor_max_workers", maxWorkers()),
		record.KV("inflight_bound", inflightBound),
	}
}

// call is one blocking call: compute 2·arg and report it for slot.
type call struct{ slot, arg int }

// outcome is a finished call.
type outcome struct{ slot, v int }

// pool is the worker goroutines and the way back to the loop.
type pool struct {
	calls chan call
	wg    sync.WaitGroup

	mu   sync.Mutex
	done []outcome     // posted by the workers, taken whole by the loop
	wake chan struct{} // 1-buffered: the loop has something to take
}

// startPool starts the workers (outside the timer: a loop's default pool outlives calls).
func startPool(workers int) *pool {
	p := &pool{calls: make(chan call, inflightBound), wake: make(chan struct{}, 1)}
	for range workers {
		p.wg.Go(p.work)
	}
	return p
}

func (p *pool) work() {
	for c := range p.calls {
		o := outcome{slot: c.slot, v: 2 * c.arg}
		p.mu.Lock()
		p.done = append(p.done, o)
		p.mu.Unlock()
		select {
		case p.wake <- struct{}{}:
		default: // a wake-up is pending already, and will see this outcome
		}
	}
}

// submit hands a call to the workers; it never blocks with at most inflightBound in flight.
func (p *pool) submit(c call) { p.calls <- c }

// collect waits for a wake-up and takes every outcome posted so far (perhaps none: a
// wake-up can follow outcomes an earlier collect took); spare is the slice the previous
// collect returned, reused.
func (p *pool) collect(spare []outcome) []outcome {
	<-p.wake
	p.mu.Lock()
	got := p.done
	p.done = spare[:0]
	p.mu.Unlock()
	return got
}

// shutdown stops the workers and waits for them.
func (p *pool) shutdown() {
	close(p.calls)
	p.wg.Wait()
}
