package task_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// spawnFailingAndSleeping spawns a task that fails at once and one that sleeps for an
// hour, neither awaited: the reports say they were created here.
//
//go:noinline
func spawnFailingAndSleeping(ctx context.Context) {
	task.Spawn(ctx, func(context.Context) (int, error) { return 0, errBoom })
	task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, time.Hour) })
}

// reportsOfAHandDrivenLoop runs spawnFailingAndSleeping on a loop made with opts, runs it
// a while, closes it, and returns what reached its exception handler.
func reportsOfAHandDrivenLoop(t *testing.T, opts ...loop.Option) []loop.ExceptionContext {
	t.Helper()
	var got []loop.ExceptionContext
	l := loop.New(append([]loop.Option{loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))}, opts...)...)
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) { got = append(got, c) })
	ctx := loop.WithScope(context.Background(), l)
	spawnFailingAndSleeping(ctx)
	require.NoError(t, l.RunUntilComplete(task.Spawn(ctx, func(ctx context.Context) (int, error) {
		return 0, task.Sleep(ctx, time.Second)
	})))
	require.NoError(t, l.Close())
	require.Len(t, got, 2)
	return got
}

func TestInDebugModeTheReportsSayWhereTheTaskWasCreated(t *testing.T) {
	t.Parallel()
	got := reportsOfAHandDrivenLoop(t, loop.WithDebug())
	messages := map[string]bool{}
	for _, c := range got {
		messages[c.Message] = true
		require.NotEmpty(t, c.Created, "%s: the creation stack", c.Message)
		// Innermost first: the function that called Spawn, then its caller.
		assert.True(t, strings.HasSuffix(c.Created[0].Function, ".spawnFailingAndSleeping"), "%s: created in %s", c.Message, c.Created[0].Function)
		assert.True(t, strings.HasSuffix(c.Created[0].File, "unretrieved_debug_test.go"))
		assert.True(t, strings.HasSuffix(c.Created[1].Function, ".reportsOfAHandDrivenLoop"))
	}
	assert.Equal(t, map[string]bool{"Task exception was never retrieved": true, "Task was destroyed but it is pending!": true}, messages)
}

func TestOutsideDebugModeTheReportsCarryNoCreationStack(t *testing.T) {
	t.Parallel()
	for _, c := range reportsOfAHandDrivenLoop(t) {
		assert.Nil(t, c.Created, c.Message)
	}
}

func TestATaskThatFailsAtBirthIsReportedUnderItsName(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	ctx := loop.WithScope(context.Background(), l)
	tk := task.Spawn[int](ctx, nil, task.WithName("unborn"))
	require.Error(t, tk.Err(), "a nil coroutine fails the task at once")
	task.Spawn[int](ctx, nil, task.WithName("forgotten"))
	require.NoError(t, l.Close())
	require.Len(t, rs.Got, 1)
	assert.Equal(t, "Task exception was never retrieved", rs.Got[0].Message)
	assert.Contains(t, rs.Got[0].Origin, "name='forgotten'")
}
