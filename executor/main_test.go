package executor_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// virtual returns the loop option of a virtual clock starting at the Unix epoch.
func virtual() loop.Option { return loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))) }

// run runs main with task.Run on a virtual clock and requires it to succeed.
func run(t *testing.T, main func(ctx context.Context) error) {
	t.Helper()
	require.NoError(t, task.Run(main, virtual()))
}

// spawn starts a task running fn.
func spawn(ctx context.Context, fn func(ctx context.Context) error) *task.Task[struct{}] {
	return task.Spawn(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
}

// now is the loop's time.
func now(ctx context.Context) time.Time {
	l, _ := loop.Get(ctx)
	return l.Time()
}
