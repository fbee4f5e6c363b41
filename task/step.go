package task

import (
	"context"
	"errors"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

var (
	// errClosedWhileParked is what an await returns when the loop is closed under a
	// parked task: the body can only unwind.
	errClosedWhileParked = errors.New("task: the event loop was closed while the task was suspended")
	// errNotRunning is what an await returns when the context's task is not the one the
	// loop is stepping: a task's context used from another task, a callback or another
	// goroutine.
	errNotRunning = errors.New("task: await with the context of a task that is not running (a task's context used outside its own body?)")
	// errAwaitSelf is asyncio's "Task cannot await on itself": it would never finish.
	errAwaitSelf = errors.New("task: a task cannot await itself")
)

// stepper is a Task seen as the loop.Runner of its steps. It is a type of its own so that
// Task has no public Run method: asyncio's __step is private, and a step taken from
// outside the loop's schedule would corrupt the task. Converting a *Task to a *stepper
// costs nothing, and every conversion of the same task gives the same Runner.
type stepper[T any] Task[T]

func (s *stepper[T]) Run() { (*Task[T])(s).step() }

// String names the task in the loop's logs (slow callbacks, the watchdog).
func (s *stepper[T]) String() string { return (*Task[T])(s).String() }

// runner returns the task's Runner: what the loop schedules to step it.
func (t *Task[T]) runner() *stepper[T] { return (*stepper[T])(t) }

// step takes one step of the task: asyncio's Task.__step. It resumes the body, which runs
// until it awaits a pending future or returns, and then parks the task on that future.
func (t *Task[T]) step() {
	if t.Done() {
		return
	}
	r := t.reg
	waited := t.waits
	t.waits = nil
	if t.co == nil { // the first step
		if c := t.pending; c != nil { // cancelled before its first step: the body never runs
			t.pending = nil
			t.finish(*new(T), c)
			return
		}
		t.co = r.acquire()
		r.starting = t
	} else if c := t.pending; c != nil {
		t.pending = nil
		// asyncio's __step replaces what the awaited future delivers with the
		// CancelledError only when that is not a CancelledError already: a second Cancel
		// while the first is in flight must not change the message the body sees.
		if waited == nil || !future.IsCancelled(waited.Err()) {
			r.throw = c
		}
	} else if waited != nil && !waited.Done() {
		// Woken for a cancellation that came round a cycle of awaits (see Cancel) and was
		// taken back (Uncancel) before this step: there is nothing to raise, and what the
		// body awaits is not done, so the task parks on it again.
		t.waits = waited
		waited.AddDoneRunner(t.runner())
		return
	}

	co := t.co
	r.current = &t.core
	y, ok := co()
	r.current, r.throw = nil, nil

	switch {
	case !ok: // the coroutine ended under the body: cannot happen while the loop is open
		t.co = nil
	case y == bodyReturned: // finish has completed the task
		t.co = nil
		r.release(co)
	case y == nil: // a bare yield, asyncio.sleep(0): step again next iteration
		_ = t.fut.Loop().Post(t.runner())
	default:
		t.waits = y
		y.AddDoneRunner(t.runner())
		if t.pending != nil && y.Cancel(t.pending.Msg) {
			t.pending = nil
		}
	}
}

// runBody runs the task's coroutine function to its end, on the task's coroutine, and
// completes the task with its outcome. A panic ends the task with a *loop.PanicError.
func (t *Task[T]) runBody() {
	returned := false
	defer func() {
		if returned {
			return
		}
		if p := recover(); p != nil {
			t.finish(*new(T), loop.NewPanicError(p))
		}
		// No panic and no return: runtime.Goexit (a failing test's FailNow). The
		// coroutine carries it to the loop goroutine; the task stays pending.
	}()
	v, err := t.coro(&t.ctx)
	returned = true
	t.finish(v, err)
}

// finish completes the task with the body's outcome, as the end of Task.__step does: a
// returned *future.CancelledError ends it cancelled, any other error is the exception
// (even when a cancellation was requested during the last step: asyncio's set_exception
// path ignores _must_cancel), and a cancellation requested during the last step discards
// a result (asyncio's StopIteration path).
func (t *Task[T]) finish(v T, err error) {
	cancelled := future.AsCancelled(err)
	var d description
	if err != nil && cancelled == nil {
		d = t.describe() // before remove, which forgets what the registry knows of t
	}
	t.reg.remove(&t.core)
	switch {
	case cancelled != nil:
		t.pending = nil
		t.fut.CancelWith(cancelled)
	case err != nil:
		t.pending = nil
		_ = t.fut.SetExceptionOf(err, "Task", d) // reported as "Task exception was never retrieved"
	case t.pending != nil:
		c := t.pending
		t.pending = nil
		t.fut.CancelWith(c)
	default:
		_ = t.fut.SetResult(v)
	}
}

// coreFrom returns the task whose context ctx is, or nil. The task package's own awaits
// (Sleep, Task.Await) call the task's Suspend directly instead of through
// future.Suspend: a direct call, and one frame fewer on a parked body's stack, which the
// GC scans at every collection.
func coreFrom(ctx context.Context) *core {
	if t, ok := loop.ScopeFrom(ctx).(interface{ taskCore() *core }); ok {
		return t.taskCore()
	}
	return nil
}

func (c *core) taskCore() *core { return c }

// Suspend is the task's side of the await protocol (see [future.Suspender]): it yields w
// to the loop, which parks the task until w is done, and returns what is to be raised at
// the await point when the task is resumed.
func (c *core) Suspend(w future.Waitable) error {
	r := c.reg
	if r.current != c {
		if r.closed {
			return errClosedWhileParked
		}
		return errNotRunning
	}
	if w != nil && any(w) == any(c.ctx.Scope()) {
		return errAwaitSelf
	}
	// Other coroutines run until the loop resumes this one, and set r.yield to theirs:
	// this body's coroutine is the one running when Suspend is entered, so its yield is
	// r.yield now, and is put back on return.
	yield := r.yield
	yield(w)
	r.yield = yield
	if r.closed { // resumed by the registry's close: the body can only unwind
		return errClosedWhileParked
	}
	if err := r.throw; err != nil {
		r.throw = nil
		return err // not `return r.throw`: a nil *CancelledError is not a nil error
	}
	return nil
}
