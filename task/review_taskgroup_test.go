package task_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// show names an error as the CPython scripts of these tests print exceptions:
// ('EG', [...]) for a group, the type for a cancellation or a timeout with its message,
// the text otherwise.
func show(err error) any {
	var eg *task.ExceptionGroup
	var te *future.TimeoutError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &eg):
		var subs []any
		for _, e := range eg.Errors {
			subs = append(subs, show(e))
		}
		return fmt.Sprint("EG", subs)
	case future.IsCancelled(err):
		return "CancelledError " + future.AsCancelled(err).Msg
	case errors.As(err, &te):
		return "TimeoutError"
	}
	return err.Error()
}

// failWith is failAfter with a new error of text msg.
func failWith(d time.Duration, msg string) task.Coro[struct{}] { return failAfter(d, errors.New(msg)) }

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

// The parent is cancelled from outside, with a message, while its body is parked or
// while the group waits for its children: the children get the group's plain
// cancellation, the group returns the parent's own, message and count kept.
//
// CPython 3.13 (G2: body parked; G3: body returned):
//
//	[('child', ''), ('group', ('CancelledError', 'bye'), 1), ('p', 'bye')]
func TestTaskGroupParentCancelledWithAMessage(t *testing.T) {
	t.Parallel()
	for _, bodyParked := range []bool{true, false} {
		runMain(t, func(ctx context.Context) {
			var log []any
			p := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
					task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
						err := task.Sleep(ctx, time.Second)
						if err != nil {
							log = append(log, "child", show(err))
						}
						return struct{}{}, err
					}, task.InGroup(tg))
					if bodyParked {
						return task.Sleep(ctx, time.Second)
					}
					return nil
				})
				log = append(log, "group", show(err), task.Current(ctx).Cancelling())
				return struct{}{}, err
			})
			_ = task.Sleep(ctx, 100*time.Millisecond)
			p.Cancel("bye")
			_, err := p.Await(ctx)
			log = append(log, "p", show(err))
			assert.Equal(t, []any{"child", "CancelledError ", "group", "CancelledError bye", 1, "p", "CancelledError bye"}, log,
				"body parked: %v", bodyParked)
		})
	}
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
