package main

import "iter"

// coro is one iter.Pull coroutine: the runtime object goasyncio runs each task on, here
// with nothing around it. Its body runs on a goroutine of its own, but only while the
// driver waits in resume: the two switch back and forth without the scheduler (each
// resume and each yield is one coroutine switch).
type coro struct {
	next func() (struct{}, bool)
	stop func()
}

// newCoro makes a coroutine for body, parked before its first line.
func newCoro(body iter.Seq[struct{}]) coro {
	next, stop := iter.Pull(body)
	return coro{next, stop}
}

// resume runs the coroutine until it yields (true: it is parked) or returns (false: it
// is finished).
func (c coro) resume() bool {
	_, parked := c.next()
	return parked
}

// parkOnce is the body of a coroutine that parks once, as a task awaiting one thing does,
// and counts itself in *finished once resumed.
func parkOnce(finished *int) iter.Seq[struct{}] {
	return func(yield func(struct{}) bool) {
		if !yield(struct{}{}) {
			return
		}
		*finished++
	}
}
