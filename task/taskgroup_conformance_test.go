package task_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func virtualClock() loop.Option { return loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))) }

// Port of taskgroup_all_succeed_results.py.
func TestConformanceTaskGroupAllSucceedResults(t *testing.T) {
	var tr conformance.Trace
	job := func(name string, delay time.Duration, value any) task.Coro[any] {
		return func(ctx context.Context) (any, error) {
			tr.Print(name, "start")
			if err := task.Sleep(ctx, delay); err != nil {
				return nil, err
			}
			tr.Print(name, "end")
			return value, nil
		}
	}
	spawner := func(tg *task.TaskGroup) task.Coro[*task.Task[any]] {
		return func(ctx context.Context) (*task.Task[any], error) {
			tr.Print("spawner start")
			late := task.Spawn(ctx, job("late", 200*time.Millisecond, "L"), task.InGroup(tg))
			return late, task.Sleep(ctx, 0)
		}
	}
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := l.Time()
		var a, b *task.Task[any]
		var s *task.Task[*task.Task[any]]
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			a = task.Spawn(ctx, job("a", 100*time.Millisecond, 1), task.InGroup(tg))
			b = task.Spawn(ctx, job("b", 50*time.Millisecond, 2), task.InGroup(tg))
			s = task.Spawn(ctx, spawner(tg), task.InGroup(tg))
			tr.Print("body end")
			return nil
		})
		if err != nil {
			return err
		}
		tr.Print("group exited at", conformance.Seconds(l.Time().Sub(t0)))
		av, _ := a.Result()
		bv, _ := b.Result()
		late, _ := s.Result()
		lv, _ := late.Result()
		tr.Print("results:", av, bv, lv)
		return nil
	}, virtualClock())
	require.NoError(t, err)
	tr.Check(t, "taskgroup_all_succeed_results")
}

// Port of taskgroup_child_failure_cancels_siblings.py.
func TestConformanceTaskGroupChildFailureCancelsSiblings(t *testing.T) {
	var tr conformance.Trace
	var siblingEvents []string
	failing := func(ctx context.Context) (struct{}, error) {
		if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
			return struct{}{}, err
		}
		tr.Print("failing child raising")
		return struct{}{}, valueError("child broke")
	}
	sibling := func(name string) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			err := task.Sleep(ctx, time.Second)
			if future.IsCancelled(err) {
				siblingEvents = append(siblingEvents, name+" cancelled")
			}
			return struct{}{}, err
		}
	}
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := l.Time()
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			task.Spawn(ctx, sibling("s1"), task.InGroup(tg))
			task.Spawn(ctx, failing, task.InGroup(tg))
			task.Spawn(ctx, sibling("s2"), task.InGroup(tg))
			tr.Print("body done, waiting for children")
			return nil
		})
		var eg *task.ExceptionGroup
		if errors.As(err, &eg) {
			tr.Print("caught:", eg.Msg)
			for _, e := range eg.Errors {
				tr.Print("  sub-exception:", pyTypeName(e), e)
			}
		}
		tr.Print("group exited at", conformance.Seconds(l.Time().Sub(t0)))
		slices.Sort(siblingEvents)
		for _, ev := range siblingEvents {
			tr.Print(ev)
		}
		return nil
	}, virtualClock())
	require.NoError(t, err)
	tr.Check(t, "taskgroup_child_failure_cancels_siblings")
}

// valueError stands for Python's ValueError in ported scenarios.
type valueError string

func (e valueError) Error() string { return string(e) }

// pyTypeName names an error by the Python exception it stands for.
func pyTypeName(err error) string {
	switch err.(type) {
	case valueError:
		return "ValueError"
	case *future.CancelledError:
		return "CancelledError"
	case *future.TimeoutError:
		return "TimeoutError"
	}
	return fmt.Sprintf("%T", err)
}
