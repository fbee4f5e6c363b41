package task

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// Coro is a coroutine: the Go shape of an `async def` that returns T. The function
// `func fetch(url string) Coro[[]byte]` corresponds to `async def fetch(url) -> bytes`:
// calling it creates the coroutine and runs nothing; awaiting it inline is
// `body, err := fetch(url)(ctx)`, spawning it is `Spawn(ctx, fetch(url))`.
type Coro[T any] func(ctx context.Context) (T, error)

// Await runs the coroutine inline, in the caller's task: `await coro`. It makes a Coro a
// [future.Awaitable], so that Gather and friends accept coroutines and futures alike
// (and spawn the coroutines as tasks, as asyncio's ensure_future does).
func (c Coro[T]) Await(ctx context.Context) (T, error) {
	if c == nil {
		var zero T
		return zero, errNilCoro
	}
	return c(ctx)
}

// Any is a Task of any result type: what [Current] and [All] return, and what asyncio
// code means by "a Task" when it does not care about the result.
type Any interface {
	future.Waitable
	Name() string
	SetName(name string)
	Cancelling() int
	Uncancel() int
	String() string
}

// Task is asyncio.Task: a Future[T] whose result a coroutine computes.
//
// A Task belongs to the loop it was spawned on and is used on it only. It must not be
// copied.
type Task[T any] struct {
	fut  future.Future[T] // unexported: a task is completed by its body only
	core                  // the part that does not depend on T
	coro Coro[T]
}

// core is the part of a task that does not depend on its result type.
type core struct {
	// What every step reads comes first, next to the future's state: for a task that
	// has been parked a while, a step then touches fewer cold cache lines.
	reg   *registry
	co    resumer         // the coroutine, from the first step until the body returns
	waits future.Waitable // asyncio's _fut_waiter: what the parked body awaits
	// pending is the cancellation to deliver at the next step: asyncio's _must_cancel
	// and _cancel_message in one.
	pending *future.CancelledError

	ctx        loop.ScopeContext // the body's context: the spawner's values plus this task
	name       string            // "" until named: Name formats "Task-<number>" only when asked
	number     int32             // per-loop creation count, for the Task-N name
	numCancels int32             // asyncio's _num_cancels_requested

	prev, next *core // the registry's list of live tasks
}

// task returns the Task that c is the core of. The task's context holds it as its scope,
// so the core need not hold it twice.
func (c *core) task() Any { return c.ctx.Scope().(Any) }

// Option configures a task made by [Spawn].
type Option interface{ apply(*spawnConfig) }

type spawnConfig struct {
	name     string
	group    *TaskGroup
	coroFunc any // what String names the coroutine after, when coro is a wrapper (Run's)
}

// applyOptions is apart from Spawn because the config escapes through the Option
// interface: that way only a Spawn with options pays for its allocation.
func applyOptions(opts []Option) spawnConfig {
	cfg := new(spawnConfig)
	for _, o := range opts {
		if o == nil {
			panic("task: Spawn: nil option")
		}
		o.apply(cfg)
	}
	return *cfg
}

type optionFunc func(*spawnConfig)

func (f optionFunc) apply(c *spawnConfig) { f(c) }

// WithName names the task, as create_task(name=...) does. Unnamed tasks are called
// "Task-N", counted per loop (asyncio counts per process; per loop keeps runs on a
// virtual clock reproducible).
func WithName(name string) Option {
	return optionFunc(func(c *spawnConfig) { c.name = name })
}

var errNilCoro = errors.New("task: Spawn: nil coroutine")

// Spawn wraps coro in a task scheduled to start in the next loop iteration:
// asyncio.create_task. The task's body gets a context with the values of ctx (as a task
// copies the contextvars of its creator) and the new task as its scope.
//
// ctx must belong to a loop (a task's context, or one made by [Run]); Spawn panics
// otherwise, as create_task raises without a running loop: there is nowhere for the task
// to live. A nil coroutine or a closed loop gives a task that is already done with the
// error, so the mistake surfaces where the task is awaited.
func Spawn[T any](ctx context.Context, coro Coro[T], opts ...Option) *Task[T] {
	scope := loop.ScopeFrom(ctx)
	if scope == nil {
		panic("task: Spawn: the context carries no event loop (use a task's context, or task.Run)")
	}
	var cfg spawnConfig
	if len(opts) > 0 {
		cfg = applyOptions(opts)
	}
	l := scope.Loop()
	t := &Task[T]{coro: coro}
	t.name = cfg.name // before a failure at birth, whose report names the task
	t.fut.Init(l)
	t.ctx.Init(ctx, t)
	switch {
	case coro == nil:
		_ = t.fut.SetExceptionOf(errNilCoro, "Task", t.describe())
	case l.IsClosed():
		_ = t.fut.SetExceptionOf(fmt.Errorf("task: Spawn: %w", loop.ErrClosed), "Task", t.describe())
	}
	if cfg.group != nil {
		// create_task refuses a finished or aborting group; a task that failed at birth
		// still reaches the group, whose done callback records the failure.
		if err := cfg.group.add(t); err != nil && !t.Done() {
			_ = t.fut.SetExceptionOf(err, "Task", t.describe())
		}
	}
	if t.Done() {
		return t
	}
	t.reg = registryOf(scope)
	if t.name == "" { // asyncio counts only the tasks it names: Task-N skips named ones
		t.reg.tasks++
		t.number = int32(t.reg.tasks)
	}
	t.reg.add(&t.core)
	if cfg.coroFunc != nil {
		t.reg.notesOf(&t.core).coroFunc = cfg.coroFunc
	}
	if l.Debug() {
		t.reg.recordCreation(&t.core)
	}
	_ = l.Post(t.runner())
	return t
}

// Name returns the task's name: Task.get_name().
func (c *core) Name() string {
	if c.name == "" {
		c.name = "Task-" + strconv.Itoa(int(c.number))
	}
	return c.name
}

// SetName renames the task: Task.set_name().
func (c *core) SetName(name string) { c.name = name }

// Cancelling returns how many cancellation requests are pending: Task.cancelling().
// Each Cancel of a task not done adds one, each Uncancel takes one away.
func (c *core) Cancelling() int { return int(c.numCancels) }

// Uncancel takes back one cancellation request and returns how many are left:
// Task.uncancel(). When none are left, a cancellation not yet delivered is dropped (as
// in 3.13). Timeouts and task groups use it to tell their own cancellations from
// others'.
func (c *core) Uncancel() int {
	if c.numCancels > 0 {
		c.numCancels--
		if c.numCancels == 0 {
			c.pending = nil
		}
	}
	return int(c.numCancels)
}

// Cancel requests that the task be cancelled: Task.cancel(msg). It reports false when the
// task is done already. If the body is parked on a future, that future is cancelled with
// msg, so the body sees a *future.CancelledError at its await; otherwise the
// CancelledError is raised at the body's next await, and a task that has not started
// never runs its body at all. Cancellation is a request: a body may catch it and go on.
func (t *Task[T]) Cancel(msg string) bool {
	if t.Done() {
		return false
	}
	if t.reg.cancelling(&t.core) {
		// The cancellation came back round a cycle of awaits (this task awaits, through
		// others, a task that awaits it) to the task it started from. asyncio recurses
		// here until RecursionError; Go would overflow the stack. Instead this task is
		// woken now with the cancellation, which unwinds the cycle from here: its await
		// raises the CancelledError, and the tasks awaiting it in turn see it end. A
		// pending cancellation means that wake-up is on its way already (from an earlier
		// round, or from a done future): a second would resume the body too soon.
		if t.pending == nil {
			t.pending = &future.CancelledError{Msg: msg}
			t.waits.RemoveDoneRunner(t.runner())
			_ = t.fut.Loop().Post(t.runner())
		}
		return true
	}
	t.numCancels++
	if t.waits != nil && t.reg.cancelAwaited(&t.core, t.waits, msg) {
		// The future's done callback wakes the task, whose await returns the
		// CancelledError. waits stays: if it is a task that swallows the cancellation,
		// a later Cancel must reach it again.
		return true
	}
	t.pending = &future.CancelledError{Msg: msg}
	return true
}

// Await waits for the task to finish and returns its result: `await task`. A done task
// returns at once, without suspending. Otherwise the awaiting task parks on this task
// itself, not on its embedded Future: cancelling the awaiter must cancel this task (so
// its body sees the CancelledError), as asyncio's Task.cancel cancels the task it waits
// for, not merely its result.
func (t *Task[T]) Await(ctx context.Context) (T, error) {
	if !t.Done() {
		var err error
		if c := coreFrom(ctx); c != nil && c.reg == t.reg {
			err = c.Suspend(t)
		} else {
			err = future.Suspend(ctx, t) // the error: no task in ctx, or another loop's
		}
		if err != nil {
			var zero T
			return zero, err
		}
	}
	return t.Result()
}

// Context returns the context the task's body runs with.
func (t *Task[T]) Context() context.Context { return &t.ctx }

// String describes the task, as asyncio's repr does:
// <Task pending name='Task-2' coro=main.worker>.
func (t *Task[T]) String() string {
	st := "pending"
	switch {
	case t.Cancelled():
		st = "cancelled"
	case t.Done():
		st = "finished"
	}
	return fmt.Sprintf("<Task %s %v>", st, t.describe())
}

// describe returns what String says of t besides its state, and where t was created if
// its loop is in debug mode.
func (t *Task[T]) describe() description {
	var fn any = t.coro
	d := description{name: t.name, number: t.number}
	if t.reg != nil {
		if n := t.reg.notes[&t.core]; n != nil {
			if n.coroFunc != nil {
				fn = n.coroFunc
			}
			d.created = n.created
		}
	}
	if v := reflect.ValueOf(fn); v.IsValid() && !v.IsNil() {
		d.coro = v.Pointer()
	}
	return d
}

// description is a task's name and coroutine function, as String shows them. It refers
// to neither the task nor the function's closure: the report of an exception that
// nobody retrieved keeps it, and must not keep the task from being collected.
type description struct {
	name    string // "" for Task-<number>
	number  int32
	coro    uintptr   // the coroutine function's code; 0 for none
	created []uintptr // where the task was created, in debug mode
}

// Created returns where the task was created: the report of its unretrieved exception
// carries it (see future.Future.SetExceptionOf).
func (d description) Created() []runtime.Frame { return frames(d.created) }

// frames expands the program counters of a stack, nil for none.
func frames(pcs []uintptr) []runtime.Frame {
	if len(pcs) == 0 {
		return nil
	}
	var fs []runtime.Frame
	it := runtime.CallersFrames(pcs)
	for {
		f, more := it.Next()
		fs = append(fs, f)
		if !more {
			return fs
		}
	}
}

func (d description) String() string {
	name := d.name
	if name == "" {
		name = "Task-" + strconv.Itoa(int(d.number))
	}
	return fmt.Sprintf("name='%s' coro=%s", name, coroName(d.coro))
}

// coroName names the function whose code is at pc: the function that made it when it is
// a closure (main.worker.func1 → main.worker).
func coroName(pc uintptr) string {
	if pc == 0 {
		return "<nil>"
	}
	name := runtime.FuncForPC(pc).Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.Index(name, ".func"); i >= 0 {
		name = name[:i]
	}
	return name
}
