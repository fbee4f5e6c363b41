package task

import (
	"iter"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// A coroutine is a goroutine switched with the loop's through iter.Pull. It runs the
// bodies of tasks one after another: when a body returns, the coroutine yields
// bodyReturned and waits, parked, for the next task the registry hands it. Reusing it
// saves starting a goroutine for every short task.
//
// The loop holds a coroutine by its resume function alone (a task from its first step
// until its body returns, the registry while it is idle), so a coroutine costs no record
// of its own beside what iter.Pull makes: every parked task pays for each word here.
// What the coroutine needs in turn comes from the registry: the task to run next
// (starting), and, while its code runs, its own yield (yield), which lets Suspend park
// the body without the task holding it.

// resumer resumes a coroutine until its body awaits or returns. It reports what the
// coroutine yielded: the future the body parks on, nil for a bare yield (Sleep(0)), or
// bodyReturned. ok is false once the coroutine has ended (retired).
type resumer = func() (y future.Waitable, ok bool)

// bodyReturned is what a coroutine yields when the body it ran has returned. It is a
// marker, never parked on: yielding a single interface keeps iter.Pull's state small.
var bodyReturned future.Waitable = new(future.Future[struct{}])

// body is a task whose coroutine function a coroutine can run.
type body interface{ runBody() }

// newCoroutine starts a coroutine of r, parked until its first resume.
func (r *registry) newCoroutine() resumer {
	// stop is not kept: a coroutine ends by returning, when it is resumed with no task
	// to run (retire). The entry is a func value made once per registry, so making a
	// coroutine allocates only what iter.Pull does.
	next, _ := iter.Pull(r.entry)
	return next
}

// A loop run from a coroutine is refused (ErrNested): the loop package finds out by
// looking for runCoroutine on the caller's stack.
func init() { loop.RegisterCoroutineEntry((*registry).runCoroutine) }

// runCoroutine is the code of every coroutine of r: it runs the task the loop hands it,
// yields bodyReturned when the task's body has returned, and waits for the next. Resumed
// with no task, it returns and the coroutine ends.
func (r *registry) runCoroutine(yield func(future.Waitable) bool) {
	if r.loop.Debug() {
		defer r.loop.BindGoroutine()()
	}
	for {
		job := r.starting
		if job == nil {
			return
		}
		r.starting = nil
		r.yield = yield
		job.runBody()
		yield(bodyReturned)
	}
}

// retire ends an idle coroutine.
func (r *registry) retire(next resumer) {
	r.starting = nil
	next()
}
