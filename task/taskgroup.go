package task

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// TaskGroup is asyncio.TaskGroup: the tasks spawned into it are awaited before [Group]
// returns, and the first one to fail cancels the others.
//
// A TaskGroup exists only inside the body given to Group; spawn into it with the
// [InGroup] option: Spawn(ctx, coro, InGroup(tg)).
type TaskGroup struct {
	loop   *loop.Loop
	parent Any
	ctx    context.Context

	exiting, aborting     bool
	parentCancelRequested bool

	children    []Any // every task spawned into the group, in creation order
	pending     int   // children not done
	errors      []error
	onCompleted *future.Future[struct{}]
}

// ExceptionGroup is the error a [TaskGroup] returns when children failed: Python's
// ExceptionGroup('unhandled errors in a TaskGroup', [...]). It holds only the real
// failures, never the CancelledErrors of the siblings the group cancelled. errors.Is and
// errors.As reach each of them.
type ExceptionGroup struct {
	Msg    string
	Errors []error
}

// Error reads as Python's str() of an ExceptionGroup:
// "unhandled errors in a TaskGroup (1 sub-exception)".
func (e *ExceptionGroup) Error() string {
	n := strconv.Itoa(len(e.Errors)) + " sub-exception"
	if len(e.Errors) != 1 {
		n += "s"
	}
	return e.Msg + " (" + n + ")"
}

// Unwrap returns the failures, for errors.Is and errors.As.
func (e *ExceptionGroup) Unwrap() []error { return e.Errors }

var (
	// ErrGroupFinished is returned (as the failed task) when a task is spawned into a
	// group whose body has returned and whose children are all done.
	ErrGroupFinished = errors.New("task: TaskGroup is finished")
	// ErrGroupShuttingDown is returned (as the failed task) when a task is spawned into a
	// group that is cancelling its children.
	ErrGroupShuttingDown = errors.New("task: TaskGroup is shutting down")
	errGroupNoTask       = errors.New("task: TaskGroup: the context carries no task (a group needs a parent task)")
	errGroupNilBody      = errors.New("task: Group: nil body")
	errGroupZero         = errors.New("task: TaskGroup: not made by Group (spawn into the one Group gives its body)")
)

// InGroup spawns the task into tg, as tg.create_task(coro) does: the group awaits it,
// and its failure cancels the group's other tasks and its parent's body.
func InGroup(tg *TaskGroup) Option {
	if tg == nil {
		panic("task: InGroup: nil TaskGroup")
	}
	return optionFunc(func(c *spawnConfig) { c.group = tg })
}

// Group runs body with a new TaskGroup and returns once every task spawned into it is
// done: `async with asyncio.TaskGroup() as tg:`. The rules are 3.11+'s:
//   - the first child that fails cancels the other children and the parent's body (at its
//     next await); Group then returns an [*ExceptionGroup] of every child failure;
//   - an error returned by body cancels the children too, and joins the ExceptionGroup
//     (a CancelledError from body is propagated as it is once the children are done);
//   - a cancellation of the parent task while Group waits cancels the children and is
//     returned as a *future.CancelledError, unless the group itself caused it;
//   - a panic in a child ends that child with a *loop.PanicError, which counts as a failure.
//
// ctx must be the context of the running task (the parent). A nil body is an error.
func Group(ctx context.Context, body func(ctx context.Context, tg *TaskGroup) error) error {
	if body == nil {
		return errGroupNilBody
	}
	parent := Current(ctx)
	if parent == nil {
		return errGroupNoTask
	}
	g := &TaskGroup{loop: parent.Loop(), parent: parent, ctx: ctx}
	return g.exit(body(ctx, g))
}

// exit is __aexit__: wait for the children, then decide what the group raises.
func (g *TaskGroup) exit(bodyErr error) error {
	g.exiting = true
	var propagateCancel error
	if future.IsCancelled(bodyErr) {
		propagateCancel = bodyErr
	}
	if bodyErr != nil && !g.aborting {
		g.abort()
	}
	for g.pending > 0 {
		if g.onCompleted == nil {
			g.onCompleted = future.New[struct{}](g.loop)
		}
		_, err := g.onCompleted.Await(g.ctx)
		g.onCompleted = nil
		switch {
		case future.IsCancelled(err):
			if !g.aborting {
				propagateCancel = err
				g.abort()
			}
		case err != nil: // the loop is closing under us: nothing can finish any more
			g.abort()
			return fmt.Errorf("task: TaskGroup: %w", err)
		}
	}
	if g.parentCancelRequested && g.parent.Uncancel() == 0 {
		// The only cancellation of the parent was our own: do not propagate it.
		propagateCancel = nil
	}
	if propagateCancel != nil && len(g.errors) == 0 {
		return propagateCancel
	}
	if bodyErr != nil && !future.IsCancelled(bodyErr) {
		g.errors = append(g.errors, bodyErr)
	}
	if len(g.errors) == 0 {
		return nil
	}
	if g.parent.Cancelling() > 0 {
		// Someone else cancelled the parent too: keep that request pending, so it is
		// delivered at the parent's next await even though we return the failures.
		g.parent.Uncancel()
		g.parent.Cancel("")
	}
	errs := g.errors
	g.errors = nil
	return &ExceptionGroup{Msg: "unhandled errors in a TaskGroup", Errors: errs}
}

// add is create_task's check and registration, called by Spawn before the task starts.
func (g *TaskGroup) add(t Any) error {
	switch {
	case g.parent == nil:
		return errGroupZero
	case g.exiting && g.pending == 0:
		return ErrGroupFinished
	case g.aborting:
		return ErrGroupShuttingDown
	}
	g.children = append(g.children, t)
	g.pending++
	t.AddDoneRunner(&groupChild{g, t})
	return nil
}

// abort cancels every child that is not done.
func (g *TaskGroup) abort() {
	g.aborting = true
	for _, t := range g.children {
		if !t.Done() {
			t.Cancel("")
		}
	}
}

// groupChild is a child's done callback: TaskGroup._on_task_done.
type groupChild struct {
	g *TaskGroup
	t Any
}

func (c *groupChild) Run() {
	g, t := c.g, c.t
	g.pending--
	if g.onCompleted != nil && g.pending == 0 {
		_ = g.onCompleted.SetResult(struct{}{})
	}
	err := t.Err()
	if t.Cancelled() || err == nil {
		return
	}
	g.errors = append(g.errors, err)
	if g.parent.Done() {
		g.loop.CallExceptionHandler(loop.ExceptionContext{
			Message: fmt.Sprintf("Task %s has errored out but its parent task %s is already completed", t, g.parent),
			Err:     err,
			Origin:  t,
		})
		return
	}
	if !g.aborting && !g.parentCancelRequested {
		g.abort()
		g.parentCancelRequested = true
		g.parent.Cancel("")
	}
}

// String describes the group, as asyncio's repr does.
func (g *TaskGroup) String() string {
	s := "<TaskGroup"
	if g.pending > 0 {
		s += " tasks=" + strconv.Itoa(g.pending)
	}
	if len(g.errors) > 0 {
		s += " errors=" + strconv.Itoa(len(g.errors))
	}
	if g.aborting {
		s += " cancelling"
	} else if !g.exiting {
		s += " entered"
	}
	return s + ">"
}
