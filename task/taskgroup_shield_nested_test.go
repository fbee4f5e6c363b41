package task_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// egString renders an error as the CPython snippets print it: ExceptionGroups as
// ExceptionGroup([...]), a cancellation as CancelledError(), anything else by its text.
func egString(err error) string {
	var eg *task.ExceptionGroup
	switch {
	case err == nil:
		return "nil"
	case errors.As(err, &eg) && eg == err:
		parts := make([]string, len(eg.Errors))
		for i, e := range eg.Errors {
			parts[i] = egString(e)
		}
		return "ExceptionGroup([" + strings.Join(parts, ", ") + "])"
	case future.IsCancelled(err):
		return "CancelledError()"
	}
	return err.Error()
}

// groupWithFailingSibling runs a group whose body calls spawn and then spawns a child
// failing with ValueError(boom) at 0.1s; it returns the group's error.
func groupWithFailingSibling(ctx context.Context, spawn func(ctx context.Context, tg *task.TaskGroup)) error {
	return task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
		spawn(ctx, tg)
		task.Spawn(ctx, valueAfter(100*time.Millisecond, 0, errors.New("ValueError(boom)")), task.InGroup(tg))
		return nil
	})
}

// shieldAwaiter awaits the shield of s; cancelled there, it logs cancelled and returns
// what onCancel returns, or the cancellation if onCancel is nil.
func shieldAwaiter(s *task.Task[int], log *[]string, cancelled string, onCancel task.Coro[int]) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		v, err := task.Shield[int](s).Await(ctx)
		if future.IsCancelled(err) {
			*log = append(*log, cancelled)
			if onCancel != nil {
				v, err = onCancel(ctx)
			}
		}
		return v, err
	}
}

// resultIs requires f to be done with the value want.
func resultIs[T any](t *testing.T, f interface{ Result() (T, error) }, want T) {
	t.Helper()
	v, err := f.Result()
	require.NoError(t, err)
	assert.Equal(t, want, v)
}

// A child awaits the shield of a sibling in the same group when the group aborts: the
// group cancels the sibling itself, so the shield does not save it, and the awaiting
// child ends cancelled; the ExceptionGroup holds the one real failure.
//
// CPython 3.13:
//
//	1: ['c cancelled', "ExceptionGroup(['ValueError(boom)'])"] s.cancelled True cc.cancelled True
func TestTaskGroupChildAwaitsAShieldedSiblingWhenTheGroupAborts(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []string
		var s, cc *task.Task[int]
		gerr := groupWithFailingSibling(ctx, func(ctx context.Context, tg *task.TaskGroup) {
			s = fiveAfterHalfASecond(ctx, task.InGroup(tg))
			cc = task.Spawn(ctx, shieldAwaiter(s, &log, "c cancelled", nil), task.InGroup(tg))
		})
		log = append(log, egString(gerr))
		assert.Equal(t, []string{"c cancelled", "ExceptionGroup([ValueError(boom)])"}, log)
		assert.True(t, s.Cancelled())
		assert.True(t, cc.Cancelled())
		assert.Equal(t, 0, task.Current(ctx).Cancelling())
	})
}

// The shielded task lives outside the group: it runs on after the group aborted.
//
// CPython 3.13:
//
//	1b: ['c cancelled', "ExceptionGroup(['ValueError(boom)'])", ('after group', 0.1, False), ('s', 5, 0.5)]
func TestTaskGroupChildAwaitsAShieldedOutsideTaskWhenTheGroupAborts(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		elapsed := stopwatch(ctx)
		var log []string
		s := fiveAfterHalfASecond(ctx)
		gerr := groupWithFailingSibling(ctx, func(ctx context.Context, tg *task.TaskGroup) {
			task.Spawn(ctx, shieldAwaiter(s, &log, "c cancelled", nil), task.InGroup(tg))
		})
		log = append(log, egString(gerr))
		assert.Equal(t, []string{"c cancelled", "ExceptionGroup([ValueError(boom)])"}, log)
		assert.Equal(t, 100*time.Millisecond, elapsed())
		assert.False(t, s.Done())
		awaitsValue(t, ctx, s, 5)
		assert.Equal(t, 500*time.Millisecond, elapsed())
	})
}

// The child swallows the cancellation its shield await got and awaits the outside task
// directly: the group waits for it.
//
// CPython 3.13:
//
//	1c: ['c2 cancelled; waits for s', ('c2 got', 5), "ExceptionGroup(['ValueError(boom)'])", ('after group', 0.5, 5)]
func TestTaskGroupChildSwallowsItsShieldCancellationAndWaitsForTheTask(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		elapsed := stopwatch(ctx)
		var log []string
		s := fiveAfterHalfASecond(ctx)
		waitForS := func(ctx context.Context) (int, error) {
			v, err := s.Await(ctx)
			log = append(log, "c2 got "+egString(err))
			return v, err
		}
		var cc *task.Task[int]
		gerr := groupWithFailingSibling(ctx, func(ctx context.Context, tg *task.TaskGroup) {
			cc = task.Spawn(ctx, shieldAwaiter(s, &log, "c2 cancelled; waits for s", waitForS), task.InGroup(tg))
		})
		log = append(log, egString(gerr))
		assert.Equal(t, []string{"c2 cancelled; waits for s", "c2 got nil", "ExceptionGroup([ValueError(boom)])"}, log)
		assert.Equal(t, 500*time.Millisecond, elapsed())
		resultIs(t, cc, 5)
	})
}

// innerChildFailingOnCancel sleeps 1s; cancelled, it fails with KeyError('inner-cleanup').
func innerChildFailingOnCancel(log *[]string) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		if err := task.Sleep(ctx, time.Second); err != nil {
			*log = append(*log, "inner child cancelled")
			return struct{}{}, errors.New("KeyError('inner-cleanup')")
		}
		return struct{}{}, nil
	}
}

// Nested groups: an outer child fails while the body waits in the inner group, whose
// child fails in its cleanup. The inner ExceptionGroup is the body's error and joins the
// outer one.
//
// CPython 3.13:
//
//	N1: ['inner child cancelled', ('inner group raised', ExceptionGroup([KeyError('inner-cleanup')])),
//	     ('outer raised', ExceptionGroup([ValueError(outer), ExceptionGroup([KeyError('inner-cleanup')])]))]
func TestNestedGroupsInnerChildFailsWhileTheOuterAborts(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []string
		gerr := task.Group(ctx, func(ctx context.Context, outer *task.TaskGroup) error {
			task.Spawn(ctx, valueAfter(100*time.Millisecond, 0, errors.New("ValueError(outer)")), task.InGroup(outer))
			err := task.Group(ctx, func(ctx context.Context, inner *task.TaskGroup) error {
				task.Spawn(ctx, innerChildFailingOnCancel(&log), task.InGroup(inner))
				return nil
			})
			log = append(log, "inner group raised "+egString(err))
			return err
		})
		log = append(log, "outer raised "+egString(gerr))
		assert.Equal(t, []string{
			"inner child cancelled",
			"inner group raised ExceptionGroup([KeyError('inner-cleanup')])",
			"outer raised ExceptionGroup([ValueError(outer), ExceptionGroup([KeyError('inner-cleanup')])])",
		}, log)
		assert.Equal(t, 0, task.Current(ctx).Cancelling())
	})
}

// nestedGroupsBody is outer group { sleeper child; inner group { children } }, logging
// what the inner group returns.
func nestedGroupsBody(log *[]string, inner ...task.Coro[int]) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		return struct{}{}, task.Group(ctx, func(ctx context.Context, outer *task.TaskGroup) error {
			task.Spawn(ctx, valueAfter(time.Second, 1, nil), task.InGroup(outer))
			err := task.Group(ctx, func(ctx context.Context, ig *task.TaskGroup) error {
				for _, c := range inner {
					task.Spawn(ctx, c, task.InGroup(ig))
				}
				return nil
			})
			*log = append(*log, "inner group raised "+egString(err))
			return err
		})
	}
}

// The task running nested groups is cancelled from outside; the inner child fails in its
// cleanup. The failure wins over the cancellation at both levels.
//
// CPython 3.13:
//
//	N2: ['inner child cancelled', ('inner group raised', ExceptionGroup([KeyError('inner-cleanup')])),
//	     ('T raised', ExceptionGroup([ExceptionGroup([KeyError('inner-cleanup')])]), False)]
func TestNestedGroupsOutsideCancelInnerChildFailsInCleanup(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []string
		T := task.Spawn(ctx, nestedGroupsBody(&log, func(ctx context.Context) (int, error) {
			_, err := innerChildFailingOnCancel(&log)(ctx)
			return 0, err
		}))
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		T.Cancel("")
		_, err := T.Await(ctx)
		log = append(log, "T raised "+egString(err))
		assert.Equal(t, []string{
			"inner child cancelled",
			"inner group raised ExceptionGroup([KeyError('inner-cleanup')])",
			"T raised ExceptionGroup([ExceptionGroup([KeyError('inner-cleanup')])])",
		}, log)
		assert.False(t, T.Cancelled())
	})
}

// In one callback, the inner child's awaited future completes (it will fail) and the
// task running the nested groups is cancelled, in both orders.
//
// CPython 3.13:
//
//	N3 fail [('inner group raised', ExceptionGroup([ValueError(inner)])),
//	         ('T raised', ExceptionGroup([ExceptionGroup([ValueError(inner)])]), False)]
//	N3 cancel [('inner group raised', CancelledError()), ('T raised', CancelledError(), True)]
func TestNestedGroupsInnerChildFailsInTheIterationTheOuterIsCancelled(t *testing.T) {
	t.Parallel()
	cases := []struct {
		first string
		want  []string
		tCanc bool
	}{
		{"fail", []string{
			"inner group raised ExceptionGroup([ValueError(inner)])",
			"T raised ExceptionGroup([ExceptionGroup([ValueError(inner)])])",
		}, false},
		{"cancel", []string{
			"inner group raised CancelledError()",
			"T raised CancelledError()",
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.first, func(t *testing.T) {
			runMain(t, func(ctx context.Context) {
				l, _ := loop.Get(ctx)
				var log []string
				ev := future.New[struct{}](l)
				ic := func(ctx context.Context) (int, error) {
					if _, err := ev.Await(ctx); err != nil {
						return 0, err
					}
					return 0, errors.New("ValueError(inner)")
				}
				T := task.Spawn(ctx, nestedGroupsBody(&log, ic, valueAfter(time.Second, 2, nil)))
				require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
				l.CallSoon(func() {
					if tc.first == "fail" {
						_ = ev.SetResult(struct{}{})
						T.Cancel("")
					} else {
						T.Cancel("")
						_ = ev.SetResult(struct{}{})
					}
				})
				_, err := T.Await(ctx)
				log = append(log, "T raised "+egString(err))
				assert.Equal(t, tc.want, log)
				assert.Equal(t, tc.tCanc, T.Cancelled())
			})
		})
	}
}
