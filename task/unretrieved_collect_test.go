package task_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// reportedWhileRunning runs forget on a loop, then collects and gives the loop turns
// (virtual.CollectUntil) until a report arrives, while a task with a live timer of an
// hour sleeps beside it. It reports whether the report came before the loop closed.
func reportedWhileRunning(t *testing.T, forget func(ctx context.Context)) bool {
	t.Helper()
	rs := &virtual.Reports{}
	reported := false
	require.NoError(t, rs.Run(func(ctx context.Context) error {
		ticker := task.Spawn(ctx, sleepsForever) // a live timer, earlier than a 2h deadline
		forget(ctx)
		var err error
		reported, err = virtual.CollectUntil(ctx, 1000, func() bool { return len(rs.Got) > 0 })
		if err != nil {
			return err
		}
		ticker.Cancel("")
		return nil
	}))
	require.Len(t, rs.Got, 1, "reported once, at the latest when the loop closes")
	return reported
}

// The registry's inCancel slice must be cleared, not only truncated: its backing array
// kept the last task whose Cancel reached what it awaited.
//
//go:noinline
func cancelThenFailAndForget(ctx context.Context) {
	tk := task.Spawn(ctx, virtual.FailsOnCancel)
	_ = task.Sleep(ctx, 0) // it parks in its sleep
	tk.Cancel("")          // it fails as it unwinds
}

func TestACancelledTaskThatFailsIsCollected(t *testing.T) {
	t.Parallel()
	assert.True(t, reportedWhileRunning(t, cancelThenFailAndForget),
		"asyncio reports it at gc.collect()")
}

// A Timeout embeds its first TimerHandle; cancelled, that timer stays in the heap
// until it reaches the top (its deadline) or a purge, and keeps the Timeout, and through
// tm.task the task, alive: exit drops tm.task.
//
//go:noinline
func waitForThenFailAndForget(ctx context.Context) {
	task.Spawn(ctx, func(ctx context.Context) (int, error) {
		if _, err := timeout.WaitForCoro(ctx, func(context.Context) (int, error) { return 1, nil }, 2*time.Hour); err != nil {
			return 0, err
		}
		return 0, errBoom
	})
}

func TestATaskThatUsedWaitForIsCollected(t *testing.T) {
	t.Parallel()
	assert.True(t, reportedWhileRunning(t, waitForThenFailAndForget),
		"asyncio reports it at gc.collect(), long before the 2h deadline")
}

// A cancelled Handle leaves its task's exception unretrieved, as asyncio does.
func TestACancelledHandleDoesNotRetrieveItsTasksException(t *testing.T) {
	t.Parallel()
	rs := virtual.Reported(t, func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		h, err := executor.RunCoroutineThreadsafe(l, virtual.FailsOnCancel)
		require.NoError(t, err)
		if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
			return err
		}
		h.Cancel("")
		return task.Sleep(ctx, 10*time.Millisecond)
	})
	assert.Equal(t, []string{"Task exception was never retrieved: failed on cancel"}, rs.MessagesAndErrors())
}
