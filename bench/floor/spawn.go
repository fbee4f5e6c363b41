package main

import "github.com/goasyncio/asyncio/bench/internal/driver"

// taskSpawn is task_spawn's floor: N functions f(i) = i are made (as bench's ret(i)
// closures are) and queued, then each runs on an iter.Pull coroutine taken from a free
// list (made the first time one is needed, put back when its function returns) and its
// result is stored; the results are summed. Each op is a closure, a result slot and the
// two switches that take a function onto a coroutine and back: what running a task's
// body on a coroutine of its own cannot do with less. task.Spawn and Gather add the task
// record, its context, its done callback and the loop's dispatch.
func taskSpawn(n int) (r result, err error) {
	var free []*runner
	defer func() {
		for _, w := range free {
			w.c.stop()
		}
	}()
	r.SW.Begin()
	queued := make([]func() int, n)
	for i := range queued {
		queued[i] = ret(i)
	}
	results := make([]int, n)
	for i, f := range queued {
		var w *runner
		if k := len(free); k > 0 {
			w, free = free[k-1], free[:k-1]
		} else {
			w = newRunner()
		}
		results[i] = w.run(f)
		free = append(free, w)
	}
	s := 0
	for _, v := range results {
		s += v
	}
	r.SW.End()
	if want := n * (n - 1) / 2; s != want {
		return r, driver.Checkf("sum = %d, want %d", s, want)
	}
	return r, nil
}

// ret is `async def f(i): return i`, without the async.
func ret(i int) func() int { return func() int { return i } }

// runner is a reusable coroutine: each resume runs one function on it to its end.
type runner struct {
	c      coro
	job    func() int
	result int
}

func newRunner() *runner {
	w := &runner{}
	w.c = newCoro(func(yield func(struct{}) bool) {
		for {
			w.result = w.job()
			if !yield(struct{}{}) {
				return
			}
		}
	})
	return w
}

// run runs f on the coroutine and returns its result.
func (w *runner) run(f func() int) int {
	w.job = f
	w.c.resume()
	return w.result
}
