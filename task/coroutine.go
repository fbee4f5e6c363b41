package task

import (
	"iter"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// yielded is what a coroutine hands back to the loop: the future its body parks on (nil
// for a bare yield), or that the body has finished.
type yielded struct {
	waits    future.Waitable
	finished bool
}

// body is a task whose coroutine function a coroutine can run.
type body interface{ runBody() }

// coroutine is a goroutine switched with the loop's through iter.Pull. It runs the bodies
// of tasks one after another: when a body returns, the coroutine yields "finished" and
// waits, parked, for the next task the registry hands it. Reusing it saves starting a
// goroutine for every short task.
type coroutine struct {
	next  func() (yielded, bool)
	stop  func()
	yield func(yielded) bool
	job   body
	loop  *loop.Loop
}

func newCoroutine(l *loop.Loop) *coroutine {
	c := &coroutine{loop: l}
	c.next, c.stop = iter.Pull(c.main)
	return c
}

func init() { loop.RegisterCoroutineEntry((*coroutine).main) }

func (c *coroutine) main(yield func(yielded) bool) {
	c.yield = yield
	if c.loop.Debug() {
		defer c.loop.BindGoroutine()()
	}
	for {
		c.job.runBody()
		c.job = nil
		if !yield(yielded{finished: true}) {
			return
		}
	}
}

// resume switches to the coroutine until its body awaits or finishes.
func (c *coroutine) resume() yielded {
	y, ok := c.next()
	if !ok { // stopped: only Close stops a coroutine, and it is never resumed after
		return yielded{finished: true}
	}
	return y
}
