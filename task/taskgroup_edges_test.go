package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// TaskGroup edge cases checked against CPython 3.13: how failures aggregate, spawning
// while the group exits, a body that catches the group's cancellation, a timeout scope
// expiring as a child fails. (G2 and G3, the parent cancelled from outside, are in
// taskgroup_cancel_edges_test.go.)

// Two children fail in one iteration and the cancelled body fails too: the group holds
// the children's errors in the order they finished, then the body's.
//
// CPython 3.13:
//
//	G1 ['body cancelled', ('EG', [('ValueError', 'a'), ('ValueError', 'b'), ('KeyError', "'body'")]), 0]
func TestTaskGroupAggregatesChildrenThenBody(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []any
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			task.Spawn(ctx, failWith(100*time.Millisecond, "a"), task.InGroup(tg))
			task.Spawn(ctx, failWith(100*time.Millisecond, "b"), task.InGroup(tg))
			if err := task.Sleep(ctx, time.Second); future.IsCancelled(err) {
				log = append(log, "body cancelled")
				return errors.New("body")
			}
			return nil
		})
		log = append(log, show(err), task.Current(ctx).Cancelling())
		assert.Equal(t, []any{"body cancelled", "EG[a b body]", 0}, log)
	})
}

// A child may spawn into its group while the group waits for its children; a child
// cancelled by an aborting group may not, nor may anyone once the group is finished.
//
// CPython 3.13:
//
//	G4 ['spawned while exiting', 'x', ('spawn refused', True), ('EG', [('ValueError', 'x')]), ('after', True)]
func TestTaskGroupSpawnWhileExitingAbortingAndFinished(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []any
		var s *task.Task[string]
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			s = task.Spawn(ctx, func(ctx context.Context) (string, error) {
				if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
					return "", err
				}
				x := task.Spawn(ctx, func(ctx context.Context) (string, error) {
					return "x", task.Sleep(ctx, 100*time.Millisecond)
				}, task.InGroup(tg))
				log = append(log, "spawned while exiting")
				return x.Await(ctx)
			}, task.InGroup(tg))
			return nil
		})
		if err != nil {
			log = append(log, show(err))
		}
		v, _ := s.Result()
		log = append(log, v)
		var group *task.TaskGroup
		err = task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			group = tg
			task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				err := task.Sleep(ctx, time.Second)
				if err != nil {
					late := task.Spawn(ctx, failWith(0, "never"), task.InGroup(tg))
					_, lerr := late.Result()
					log = append(log, "spawn refused", errors.Is(lerr, task.ErrGroupShuttingDown))
				}
				return struct{}{}, err
			}, task.InGroup(tg))
			task.Spawn(ctx, failWith(100*time.Millisecond, "x"), task.InGroup(tg))
			return nil
		})
		log = append(log, show(err))
		after := task.Spawn(ctx, failWith(0, "never"), task.InGroup(group))
		_, aerr := after.Result()
		log = append(log, "after", errors.Is(aerr, task.ErrGroupFinished))
		assert.Equal(t, []any{"spawned while exiting", "x", "spawn refused", true, "EG[x]", "after", true}, log)
	})
}

// The body catches the cancellation a failing child caused and goes on awaiting: it is
// not cancelled again, the group still returns the failure, and takes its cancellation
// of the parent back.
//
// CPython 3.13:
//
//	G5 ['body caught', 'body slept', ('EG', [('ValueError', 'x')]), 0, 'next ok']
func TestTaskGroupBodyCatchesTheGroupsCancellation(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []any
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			task.Spawn(ctx, failWith(100*time.Millisecond, "x"), task.InGroup(tg))
			if err := task.Sleep(ctx, time.Second); future.IsCancelled(err) {
				log = append(log, "body caught")
			}
			if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
				return err
			}
			log = append(log, "body slept")
			return nil
		})
		log = append(log, show(err), task.Current(ctx).Cancelling())
		if task.Sleep(ctx, 0) == nil {
			log = append(log, "next ok")
		}
		assert.Equal(t, []any{"body caught", "body slept", "EG[x]", 0, "next ok"}, log)
	})
}

// A timeout scope inside the group's body expires in the iteration a child fails, in
// either order: the scope converts the cancellation it caused into a TimeoutError,
// which the group joins to the failures it has seen by then.
//
// CPython 3.13:
//
//	G6 [('timeout scope', ('TimeoutError', ''), True), ('EG', [('TimeoutError', '')]), 0,
//	    ('timeout scope', ('TimeoutError', ''), True), ('EG', [('ValueError', 'y'), ('TimeoutError', '')]), 0]
func TestTaskGroupChildFailsInTheIterationAScopeInTheBodyExpires(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []any
		var scope *timeout.Timeout
		// The scope's timer is armed before the child's sleep.
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				task.Spawn(ctx, failWith(100*time.Millisecond, "x"), task.InGroup(tg))
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, "timeout scope", show(err), scope.Expired())
			return err
		})
		log = append(log, show(err), task.Current(ctx).Cancelling())
		// The child's sleep is armed before the scope's timer.
		err = task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			task.Spawn(ctx, failWith(100*time.Millisecond, "y"), task.InGroup(tg))
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, "timeout scope", show(err), scope.Expired())
			return err
		})
		log = append(log, show(err), task.Current(ctx).Cancelling())
		assert.Equal(t, []any{"timeout scope", "TimeoutError", true, "EG[TimeoutError]", 0,
			"timeout scope", "TimeoutError", true, "EG[y TimeoutError]", 0}, log)
	})
}

// A scope around a group expires in the iteration the group's child fails: the scope
// cancelled the parent first, the group's own cancellation is taken back, and the
// timeout wins over the failure.
//
// CPython 3.13:
//
//	G7 [('TimeoutError', ''), (True, 0)]
func TestScopeAroundAGroupExpiresAsAChildFails(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			return task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, failWith(100*time.Millisecond, "z"), task.InGroup(tg))
				return task.Sleep(ctx, time.Second)
			})
		})
		assert.Equal(t, []any{"TimeoutError", true, 0}, []any{show(err), scope.Expired(), task.Current(ctx).Cancelling()})
	})
}

// Nil arguments fail where they are given, with what is wrong: a nil body given to
// Group is an error (as timeout.Run's is), not a nil-pointer panic of the parent; a nil
// callback given to Task.AddDoneCallback panics at the call (as future's does), not as
// a nil call reported from the loop once the task is done; a nil option given to Spawn
// panics at the call with what is wrong.
func TestNilBodyCallbackAndOptionFailAtTheCall(t *testing.T) {
	var panicked []any
	err := task.Run(func(ctx context.Context) error {
		assert.EqualError(t, task.Group(ctx, nil), "task: Group: nil body")
		tk := task.Spawn(ctx, func(context.Context) (int, error) { return 1, nil })
		func() {
			defer func() { panicked = append(panicked, recover()) }()
			tk.AddDoneCallback(nil)
		}()
		func() {
			defer func() { panicked = append(panicked, recover()) }()
			task.Spawn(ctx, func(context.Context) (int, error) { return 1, nil }, nil)
		}()
		_, err := tk.Await(ctx)
		return err
	})
	assert.NoError(t, err)
	assert.Equal(t, []any{"task: AddDoneCallback: nil callback", "task: Spawn: nil option"}, panicked)
}

// InGroup of a nil TaskGroup panics at the call, instead of spawning a task that no
// group awaits; a task spawned into a TaskGroup not made by Group fails at birth with
// what is wrong, instead of joining a group that has no parent to cancel when the
// task fails (a nil-pointer panic on the loop, far from the mistake).
func TestInGroupOfANilOrZeroTaskGroup(t *testing.T) {
	assert.PanicsWithValue(t, "task: InGroup: nil TaskGroup", func() { task.InGroup(nil) })
	err := task.Run(func(ctx context.Context) error {
		tk := task.Spawn(ctx, func(context.Context) (int, error) { return 0, errors.New("boom") }, task.InGroup(&task.TaskGroup{}))
		_, err := tk.Await(ctx)
		assert.EqualError(t, err, "task: TaskGroup: not made by Group (spawn into the one Group gives its body)")
		return nil
	})
	assert.NoError(t, err)
}
