package differential_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// The replay of each family mirrors gen.py's run_FAMILY line for line: the same tasks,
// the same awaits, the same log lines. Python's spellings are kept where the log shows
// them: True/False, the names of exceptions.

// op is one parsed op of a scenario: "tick 3" is {"tick", 3}; an op without an
// argument has arg 0.
type op struct {
	name string
	arg  int
}

func parse(s string) (op, error) {
	name, arg, ok := strings.Cut(s, " ")
	if !ok {
		return op{name: name}, nil
	}
	n, err := strconv.Atoi(arg)
	return op{name, n}, err
}

// replay is the main task's side of a scenario, as gen.py's Run: the log, the tasks
// spawned, the ops every family shares and the common ending.
type replay struct {
	ctx   context.Context
	log   []string
	tasks []*task.Task[struct{}]
}

func (r *replay) logf(format string, args ...any) {
	r.log = append(r.log, fmt.Sprintf(format, args...))
}

// name is the name of the next task spawned: t0, t1, ...
func (r *replay) name() string { return fmt.Sprintf("t%d", len(r.tasks)) }

// spawn starts a task: asyncio.create_task.
func (r *replay) spawn(body func(ctx context.Context) error) {
	r.tasks = append(r.tasks, task.Spawn(r.ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, body(ctx)
	}))
}

// ops parses the scenario's ops and runs each with do, or with common if do does not
// know it (do returns false).
func (r *replay) ops(sc scenario, do func(o op) (bool, error)) error {
	for _, s := range sc.Ops {
		o, err := parse(s)
		if err != nil {
			return fmt.Errorf("op %q: %w", s, err)
		}
		done, err := do(o)
		if err == nil && !done {
			err = r.common(o)
		}
		if err != nil {
			return fmt.Errorf("op %q: %w", s, err)
		}
	}
	return nil
}

// common runs the ops every family has: "cancel N" and "tick N".
func (r *replay) common(o op) error {
	switch o.name {
	case "cancel":
		if o.arg >= len(r.tasks) {
			return errors.New("no such task")
		}
		r.logf("cancel t%d %s", o.arg, py(r.tasks[o.arg].Cancel("")))
		return nil
	case "tick":
		return ticks(r.ctx, o.arg)
	}
	return errors.New("unknown op")
}

// end is how every scenario ends: three ticks, every task cancelled in the order they
// were spawned, all of them awaited, and the last line.
func (r *replay) end(state fmt.Stringer) error {
	if err := ticks(r.ctx, 3); err != nil {
		return err
	}
	for _, tk := range r.tasks {
		tk.Cancel("")
	}
	for _, tk := range r.tasks {
		_, _ = tk.Await(r.ctx)
	}
	r.logf("end %s", state)
	return nil
}

// ticks is n awaits of asyncio.sleep(0).
func ticks(ctx context.Context, n int) error {
	for range n {
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
	}
	return nil
}

// py spells a bool as Python prints it.
func py(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// pyError names err as the Python exception it stands for.
func pyError(err error) string {
	switch {
	case future.IsCancelled(err):
		return "CancelledError"
	case errors.Is(err, queue.ErrFull):
		return "QueueFull"
	case errors.Is(err, queue.ErrEmpty):
		return "QueueEmpty"
	case errors.Is(err, queue.ErrShutDown):
		return "QueueShutDown"
	case errors.Is(err, queue.ErrTaskDone), errors.Is(err, locks.ErrReleasedTooManyTimes):
		return "ValueError"
	case errors.Is(err, locks.ErrBrokenBarrier):
		return "BrokenBarrierError"
	}
	return "unexpected error: " + err.Error()
}

// --- semaphore ---------------------------------------------------------------------

// semaphore is what Semaphore and BoundedSemaphore share, with BoundedSemaphore's Release.
type semaphore interface {
	Acquire(ctx context.Context) error
	Locked() bool
	Release() error
	String() string
}

type unbounded struct{ *locks.Semaphore }

func (s unbounded) Release() error { s.Semaphore.Release(); return nil }

func replaySemaphore(r *replay, sc scenario) error {
	var s semaphore = unbounded{locks.NewSemaphore(sc.Value)}
	if sc.Bounded {
		s = locks.NewBoundedSemaphore(sc.Value)
	}
	release := func(who string) {
		if err := s.Release(); err != nil {
			r.logf("%s %s %s", who, pyError(err), s)
			return
		}
		r.logf("%s released %s", who, s)
	}
	err := r.ops(sc, func(o op) (bool, error) {
		switch o.name {
		case "spawn":
			name, hold := r.name(), o.arg
			r.spawn(func(ctx context.Context) error {
				if err := s.Acquire(ctx); err != nil {
					r.logf("%s cancelled %s", name, s)
					return err
				}
				r.logf("%s acquired %s", name, s)
				defer release(name)
				return ticks(ctx, hold)
			})
		case "release":
			release("main")
		case "acquire":
			if s.Locked() {
				r.logf("main sees locked %s", s)
				break
			}
			if err := s.Acquire(r.ctx); err != nil {
				return true, err
			}
			r.logf("main acquired %s", s)
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return r.end(s)
}

// --- lock --------------------------------------------------------------------------

func replayLock(r *replay, sc scenario) error {
	var lk locks.Lock
	held := false // by the main task
	err := r.ops(sc, func(o op) (bool, error) {
		switch o.name {
		case "spawn":
			name, hold := r.name(), o.arg
			r.spawn(func(ctx context.Context) error {
				if err := lk.Acquire(ctx); err != nil {
					r.logf("%s cancelled %s", name, &lk)
					return err
				}
				r.logf("%s acquired %s", name, &lk)
				defer func() {
					_ = lk.Release()
					r.logf("%s released %s", name, &lk)
				}()
				return ticks(ctx, hold)
			})
		case "toggle": // release if main holds it, take it if free, else look
			switch {
			case held:
				if err := lk.Release(); err != nil {
					return true, err
				}
				held = false
				r.logf("main released %s", &lk)
			case !lk.Locked():
				if err := lk.Acquire(r.ctx); err != nil {
					return true, err
				}
				held = true
				r.logf("main acquired %s", &lk)
			default:
				r.logf("main sees %s", &lk)
			}
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if held {
		_ = lk.Release()
	}
	return r.end(&lk)
}

// --- condition ---------------------------------------------------------------------

func replayCondition(r *replay, sc scenario) error {
	var c locks.Condition
	level := 0 // what WaitFor's predicates look at; "bump" raises it

	// spawn HOLD: Wait, then hold the lock HOLD ticks; spawn_for NEED: WaitFor(level >= NEED).
	waiter := func(name string, hold int, wait func(ctx context.Context) error) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			err := func() error { // async with c:
				if err := c.Acquire(ctx); err != nil {
					return err
				}
				defer func() { _ = c.Release() }()
				if err := wait(ctx); err != nil {
					r.logf("%s wait cancelled locked=%s %s", name, py(c.Locked()), &c)
					return err
				}
				r.logf("%s woke level=%d %s", name, level, &c)
				return ticks(ctx, hold)
			}()
			if err != nil {
				r.logf("%s cancelled %s", name, &c)
				return err
			}
			r.logf("%s out %s", name, &c)
			return nil
		}
	}
	err := r.ops(sc, func(o op) (bool, error) {
		switch o.name {
		case "spawn":
			r.spawn(waiter(r.name(), o.arg, c.Wait))
		case "spawn_for":
			need := o.arg
			r.spawn(waiter(r.name(), 0, func(ctx context.Context) error {
				return c.WaitFor(ctx, func() bool { return level >= need })
			}))
		case "notify", "notify_all", "bump":
			if err := c.Acquire(r.ctx); err != nil {
				return true, err
			}
			var err error
			switch o.name {
			case "notify":
				err = c.Notify(o.arg)
				r.logf("main notify %d %s", o.arg, &c)
			case "notify_all":
				err = c.NotifyAll()
				r.logf("main notify_all %s", &c)
			default:
				level++
				err = c.NotifyAll()
				r.logf("main bump level=%d %s", level, &c)
			}
			return true, errors.Join(err, c.Release())
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return r.end(&c)
}

// --- barrier -----------------------------------------------------------------------

func replayBarrier(r *replay, sc scenario) error {
	b := locks.NewBarrier(sc.Parties)
	err := r.ops(sc, func(o op) (bool, error) {
		switch o.name {
		case "spawn":
			name := r.name()
			r.spawn(func(ctx context.Context) error {
				i, err := b.Wait(ctx)
				switch {
				case err == nil:
					r.logf("%s index %d %s", name, i, b)
				case errors.Is(err, locks.ErrBrokenBarrier):
					r.logf("%s broken %s", name, b)
				default:
					r.logf("%s cancelled %s", name, b)
					return err
				}
				return nil
			})
		case "reset":
			if err := b.Reset(r.ctx); err != nil {
				return true, err
			}
			r.logf("main reset %s", b)
		case "abort":
			if err := b.Abort(r.ctx); err != nil {
				return true, err
			}
			r.logf("main abort %s", b)
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return r.end(b)
}

// --- event -------------------------------------------------------------------------

func replayEvent(r *replay, sc scenario) error {
	var ev locks.Event
	err := r.ops(sc, func(o op) (bool, error) {
		switch o.name {
		case "spawn":
			name := r.name()
			r.spawn(func(ctx context.Context) error {
				if err := ev.Wait(ctx); err != nil {
					r.logf("%s cancelled %s", name, &ev)
					return err
				}
				r.logf("%s woke is_set=%s %s", name, py(ev.IsSet()), &ev)
				return nil
			})
		case "set":
			ev.Set()
			r.logf("main set %s", &ev)
		case "clear":
			ev.Clear()
			r.logf("main clear %s", &ev)
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return r.end(&ev)
}

// --- queue -------------------------------------------------------------------------

func replayQueue(r *replay, sc scenario) error {
	var q *queue.Queue[int]
	switch sc.Kind {
	case "fifo":
		q = queue.New[int](sc.Maxsize)
	case "lifo":
		q = queue.NewLifo[int](sc.Maxsize)
	case "priority":
		q = queue.NewPriority[int](sc.Maxsize)
	default:
		return fmt.Errorf("unknown queue kind %q", sc.Kind)
	}
	// waiter logs "NAME WHAT QUEUE" or "NAME ERROR QUEUE"; it swallows every error but a
	// cancellation.
	waiter := func(name string, call func(ctx context.Context) (string, error)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			what, err := call(ctx)
			if err != nil {
				r.logf("%s %s %s", name, pyError(err), q)
				if future.IsCancelled(err) {
					return err
				}
				return nil
			}
			r.logf("%s %s %s", name, what, q)
			return nil
		}
	}
	// now logs "main WHAT QUEUE" or "main OP ERROR QUEUE".
	now := func(o op, what string, err error) {
		if err != nil {
			r.logf("main %s %s %s", o.name, pyError(err), q)
			return
		}
		r.logf("main %s %s", what, q)
	}
	err := r.ops(sc, func(o op) (bool, error) {
		switch o.name {
		case "spawn_get":
			r.spawn(waiter(r.name(), func(ctx context.Context) (string, error) {
				v, err := q.Get(ctx)
				return fmt.Sprintf("got %d", v), err
			}))
		case "spawn_put":
			v := o.arg
			r.spawn(waiter(r.name(), func(ctx context.Context) (string, error) {
				return fmt.Sprintf("put %d", v), q.Put(ctx, v)
			}))
		case "spawn_join":
			r.spawn(waiter(r.name(), func(ctx context.Context) (string, error) {
				return "joined", q.Join(ctx)
			}))
		case "put_nowait":
			now(o, fmt.Sprintf("put_nowait %d", o.arg), q.PutNowait(o.arg))
		case "get_nowait":
			v, err := q.GetNowait()
			now(o, fmt.Sprintf("get_nowait %d", v), err)
		case "task_done":
			now(o, "task_done", q.TaskDone())
		case "shutdown":
			q.Shutdown(false)
			now(o, "shutdown", nil)
		case "shutdown_immediate":
			q.Shutdown(true)
			now(o, "shutdown_immediate", nil)
		default:
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return r.end(q)
}
