package task

import (
	"context"
	"runtime"
	"slices"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// registry is the task package's state for one loop: the live tasks (asyncio's
// _scheduled_tasks), the task being stepped, the name counter and the idle coroutines.
type registry struct {
	loop    *loop.Loop
	current *core // the task whose body runs right now, nil between steps
	closed  bool

	head, tail *core // live tasks, in creation order
	tasks      int   // tasks spawned so far: names unnamed ones

	// The coroutines' side (see coroutine.go).
	entry    func(yield func(future.Waitable) bool) // r.runCoroutine, as a func value made once
	idle     []resumer                              // parked coroutines with no task
	starting body                                   // the task a coroutine picks up when resumed
	yield    func(future.Waitable) bool             // the yield of the coroutine whose code runs
	throw    *future.CancelledError                 // what the await being resumed raises

	// inCancel is the tasks whose Cancel is cancelling what they await, innermost last:
	// a Cancel that finds its own task here has gone round a cycle of awaits.
	inCancel []*core

	// notes holds what only some live tasks have (see taskNotes): a map rather than
	// fields of the task, so that the others do not pay for them.
	notes map[*core]*taskNotes
}

// taskNotes is what the registry knows of a task beyond its core.
type taskNotes struct {
	// coroFunc is the user's function, for a task whose Coro wraps it (Run's main), so
	// that logs say coro=main.main, not coro=task.Run.
	coroFunc any
	// created is where the task was created, in debug mode: asyncio's _source_traceback.
	created []uintptr
}

// maxIdleCoroutines bounds the coroutines kept parked for reuse. Past it a finished
// task's coroutine is stopped: a burst of a million tasks should not keep a million
// stacks alive after it.
const maxIdleCoroutines = 256

type registryKey struct{}

// registryOf returns the registry of the scope's loop, creating it on first use.
func registryOf(s loop.Scope) *registry {
	if t, ok := s.(interface{ taskCore() *core }); ok { // a task's: its registry
		return t.taskCore().reg
	}
	l := s.Loop()
	if r, ok := l.Value(registryKey{}).(*registry); ok {
		return r
	}
	r := &registry{loop: l}
	r.entry = r.runCoroutine
	l.SetValue(registryKey{}, r)
	l.OnClose(r.close)
	return r
}

// cancelling reports whether c's Cancel is in progress further up the stack.
func (r *registry) cancelling(c *core) bool { return slices.Contains(r.inCancel, c) }

// cancelAwaited cancels w, what c awaits, with c marked as cancelling meanwhile (see
// Task.Cancel): w.Cancel may cancel, in turn, tasks that await c.
func (r *registry) cancelAwaited(c *core, w future.Waitable, msg string) bool {
	n := len(r.inCancel)
	r.inCancel = append(r.inCancel, c)
	defer func() { // even if a Cancel down the chain panics
		clear(r.inCancel[n:]) // the array must not keep the tasks from being collected
		r.inCancel = r.inCancel[:n]
	}()
	return w.Cancel(msg)
}

func (r *registry) add(c *core) {
	c.prev = r.tail
	if r.tail != nil {
		r.tail.next = c
	} else {
		r.head = c
	}
	r.tail = c
}

// createdAt returns where the task was created, nil if unknown (n may be nil).
func (n *taskNotes) createdAt() []uintptr {
	if n == nil {
		return nil
	}
	return n.created
}

// notesOf returns c's notes, making them on first use.
func (r *registry) notesOf(c *core) *taskNotes {
	if r.notes == nil {
		r.notes = make(map[*core]*taskNotes)
	}
	n := r.notes[c]
	if n == nil {
		n = &taskNotes{}
		r.notes[c] = n
	}
	return n
}

// recordCreation keeps the stack of Spawn's caller as where c was created (debug mode).
func (r *registry) recordCreation(c *core) {
	var pcs [32]uintptr
	n := runtime.Callers(3, pcs[:]) // past Callers, recordCreation and Spawn
	r.notesOf(c).created = slices.Clone(pcs[:n])
}

func (r *registry) remove(c *core) {
	if r.notes != nil { // most loops have none: no map call on every task's end
		delete(r.notes, c)
	}
	if c.prev != nil {
		c.prev.next = c.next
	} else if r.head == c {
		r.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else if r.tail == c {
		r.tail = c.prev
	}
	c.prev, c.next = nil, nil
}

func (r *registry) acquire() resumer {
	if n := len(r.idle); n > 0 {
		co := r.idle[n-1]
		r.idle[n-1] = nil
		r.idle = r.idle[:n-1]
		return co
	}
	return r.newCoroutine()
}

func (r *registry) release(co resumer) {
	if r.closed || len(r.idle) >= maxIdleCoroutines {
		r.retire(co)
		return
	}
	r.idle = append(r.idle, co)
}

// close runs when the loop closes. Each task still pending is reported to the exception
// handler as "Task was destroyed but it is pending!", asyncio's words for a pending task
// that is garbage-collected: a closing loop ends its tasks for good. Then the parked ones
// are stopped: each await they make from now on returns at once with an error, so their
// bodies unwind (deferred cleanup runs) and their coroutines end. Then the idle
// coroutines end. task.Run cancels and awaits leftover tasks before closing, so normally
// nothing is pending here.
func (r *registry) close() {
	r.closed = true
	for c := r.head; c != nil; c = c.next {
		r.loop.CallExceptionHandler(loop.ExceptionContext{
			Message: "Task was destroyed but it is pending!",
			Origin:  c.task(),
			Created: frames(r.notes[c].createdAt()),
		})
	}
	for c := r.head; c != nil; {
		next := c.next
		if co := c.co; co != nil {
			c.co = nil
			// Resumed on a closed loop, the parked await returns errClosedWhileParked.
			if y, ok := co(); ok && y == bodyReturned {
				r.retire(co)
			}
		}
		c = next
	}
	for _, co := range r.idle {
		r.retire(co)
	}
	r.idle = nil
}

// Current returns the task whose context ctx is: asyncio.current_task(). It returns nil
// for a context that carries no task.
func Current(ctx context.Context) Any {
	a, _ := loop.ScopeFrom(ctx).(Any)
	return a
}

// All returns the tasks of ctx's loop that are not done, in creation order:
// asyncio.all_tasks(). It returns nil for a context that carries no loop.
func All(ctx context.Context) []Any {
	s := loop.ScopeFrom(ctx)
	if s == nil {
		return nil
	}
	r := registryOf(s)
	var all []Any
	for c := r.head; c != nil; c = c.next {
		all = append(all, c.task())
	}
	return all
}
