package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// The cases below were run on CPython 3.13 first: each test says what asyncio reports.

var errBoom = errors.New("boom")

func failsAfter(d time.Duration) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		if err := task.Sleep(ctx, d); err != nil {
			return 0, err
		}
		return 0, errBoom
	}
}

func TestATaskThatFailsUnawaitedIsReported(t *testing.T) {
	t.Parallel()
	got := virtual.Reported(t, func(ctx context.Context) error {
		task.Spawn(ctx, failsAfter(0))
		task.Spawn(ctx, func(ctx context.Context) (int, error) { panic("kaput") })
		return task.Sleep(ctx, time.Millisecond)
	}).Got
	// Reported in the order they failed: the panic in its first step, the error in its
	// second (failsAfter(0) sleeps one iteration first).
	require.Len(t, got, 2)
	assert.Equal(t, "Task exception was never retrieved", got[0].Message)
	var pe *loop.PanicError
	require.ErrorAs(t, got[0].Err, &pe)
	assert.Equal(t, "kaput", pe.Value)
	assert.Equal(t, "Task exception was never retrieved", got[1].Message)
	assert.Same(t, errBoom, got[1].Err)
	assert.Regexp(t, `^<Task finished name='Task-2' coro=task_test\.\S+ exception=boom>$`, got[1].Origin,
		"the task as it was when it failed")
}

// spawnAndForget spawns a task that fails at once and drops it.
//
//go:noinline
func spawnAndForget(ctx context.Context) {
	task.Spawn(ctx, func(context.Context) ([64]byte, error) { return [64]byte{}, errBoom })
}

func TestAFailedTaskTheGCCollectsIsReportedWhileTheLoopRuns(t *testing.T) {
	t.Parallel()
	rs := &virtual.Reports{}
	reportedWhileRunning := false
	require.NoError(t, rs.Run(func(ctx context.Context) error {
		spawnAndForget(ctx)
		// The report holds nothing that keeps the task alive: once the GC collects it,
		// the runtime's cleanup posts the report to the loop. See virtual.CollectUntil.
		var err error
		reportedWhileRunning, err = virtual.CollectUntil(ctx, 1000, func() bool { return len(rs.Got) > 0 })
		return err
	}))
	got := rs.Got
	assert.True(t, reportedWhileRunning, "reported before the loop closed")
	require.Len(t, got, 1, "and only once")
	assert.Equal(t, "Task exception was never retrieved", got[0].Message)
	assert.Same(t, errBoom, got[0].Err)
}

func TestWhatRetrievesATasksException(t *testing.T) {
	t.Parallel()
	cases := map[string]func(ctx context.Context) error{
		"awaiting it": func(ctx context.Context) error {
			_, err := task.Spawn(ctx, failsAfter(0)).Await(ctx)
			assert.Same(t, errBoom, err)
			return nil
		},
		"gather, first failure": func(ctx context.Context) error {
			_, err := gather.Gather(ctx, gather.Coro(failsAfter(0)), gather.Coro(failsAfter(time.Millisecond)))
			assert.Same(t, errBoom, err)
			return task.Sleep(ctx, 2*time.Millisecond) // the second fails after the gathering ended
		},
		"gather with ReturnExceptions, cancelled": func(ctx context.Context) error {
			g := gather.StartReturnExceptions(ctx, gather.Coro(failsAfter(0)), gather.Coro(failsAfter(time.Hour)))
			if err := task.Sleep(ctx, time.Millisecond); err != nil {
				return err
			}
			g.Cancel("")
			_, err := g.Await(ctx)
			assert.True(t, future.IsCancelled(err), "got %v", err)
			return nil
		},
		"Wait with FirstException": func(ctx context.Context) error {
			ts := []*task.Task[int]{task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(time.Hour))}
			done, pending, err := task.Wait(ctx, ts, task.FirstException)
			require.NoError(t, err)
			assert.Len(t, done, 1)
			pending[0].Cancel("")
			return nil
		},
		"a TaskGroup": func(ctx context.Context) error {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, failsAfter(0), task.InGroup(tg))
				return nil
			})
			assert.ErrorIs(t, err, errBoom)
			return nil
		},
		"a shield cancelled after its inner failed, before it heard": func(ctx context.Context) error {
			inner := task.Spawn(ctx, func(context.Context) (int, error) { return 0, errBoom })
			outer := task.Shield(inner)
			if err := task.Sleep(ctx, 0); err != nil { // inner fails in this iteration, before us
				return err
			}
			assert.True(t, inner.Done())
			assert.True(t, outer.Cancel(""), "the shield has not heard yet")
			return task.Sleep(ctx, 0)
		},
		"a shield whose inner fails first": func(ctx context.Context) error {
			_, err := task.Shield(task.Spawn(ctx, failsAfter(0))).Await(ctx)
			assert.Same(t, errBoom, err)
			return nil
		},
	}
	for name, main := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Empty(t, virtual.Reported(t, main).Got, "nothing is reported")
		})
	}
}

func TestWhatLeavesATasksExceptionUnretrieved(t *testing.T) {
	t.Parallel()
	cases := map[string]func(ctx context.Context) error{
		"Wait for all, the done set unread": func(ctx context.Context) error {
			_, _, err := task.Wait(ctx, []*task.Task[int]{task.Spawn(ctx, failsAfter(0))})
			return err
		},
		"a done callback": func(ctx context.Context) error {
			tk := task.Spawn(ctx, failsAfter(0))
			seen := false
			tk.AddDoneCallback(func(*task.Task[int]) { seen = true })
			err := task.Sleep(ctx, time.Millisecond)
			assert.True(t, seen)
			return err
		},
		"a shield cancelled before its inner fails": func(ctx context.Context) error {
			outer := task.Shield(task.Spawn(ctx, failsAfter(time.Millisecond)))
			outer.Cancel("")
			return task.Sleep(ctx, 2*time.Millisecond)
		},
	}
	for name, main := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := virtual.Reported(t, main).Got
			require.Len(t, got, 1)
			assert.Equal(t, "Task exception was never retrieved", got[0].Message)
			assert.Same(t, errBoom, got[0].Err)
		})
	}
}

func TestAGatheringThatFailsUnawaitedIsReported(t *testing.T) {
	t.Parallel()
	got := virtual.Reported(t, func(ctx context.Context) error {
		gather.Start(ctx, gather.Coro(failsAfter(0)))
		return task.Sleep(ctx, time.Millisecond)
	}).Got
	require.Len(t, got, 1, "the child's exception was retrieved by the gathering, not the gathering's")
	assert.Equal(t, "_GatheringFuture exception was never retrieved", got[0].Message)
	assert.Same(t, errBoom, got[0].Err)
	assert.Equal(t, "<_GatheringFuture finished exception=boom>", got[0].Origin)
}

func TestACancelledTaskIsNotReported(t *testing.T) {
	t.Parallel()
	got := virtual.Reported(t, func(ctx context.Context) error {
		tk := task.Spawn(ctx, failsAfter(time.Hour))
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tk.Cancel("")
		return task.Sleep(ctx, 0)
	}).Got
	assert.Empty(t, got)
}

func TestClosingALoopReportsEveryTaskStillPending(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	ctx := loop.WithScope(context.Background(), l)
	parked := task.Spawn(ctx, failsAfter(time.Hour))
	require.NoError(t, l.RunUntilComplete(task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, 0) })))
	neverStarted := task.Spawn(ctx, failsAfter(0))

	require.NoError(t, l.Close())
	got := rs.Got
	require.Len(t, got, 2)
	for i, tk := range []task.Any{parked, neverStarted} {
		assert.Equal(t, "Task was destroyed but it is pending!", got[i].Message)
		assert.Same(t, tk, got[i].Origin)
		assert.NoError(t, got[i].Err)
	}
	assert.True(t, parked.Done(), "the parked task unwound as the loop closed")
	assert.Error(t, parked.Err())
}
