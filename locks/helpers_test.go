package locks_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// virtual returns the loop option of a virtual clock starting at the Unix epoch.
func virtual() loop.Option { return loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))) }

// run runs main with task.Run on a virtual clock and requires it to succeed.
func run(t *testing.T, main func(ctx context.Context) error) {
	t.Helper()
	require.NoError(t, task.Run(main, virtual()))
}

// gatherTasks awaits tasks in order and returns their results (for the unit tests; the
// conformance ports use gather.Gather).
func gatherTasks[T any](ctx context.Context, tasks ...*task.Task[T]) ([]T, error) {
	out := make([]T, len(tasks))
	for i, tk := range tasks {
		v, err := tk.Await(ctx)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// spawn starts a task running fn.
func spawn(ctx context.Context, fn func(ctx context.Context) error) *task.Task[struct{}] {
	return task.Spawn(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
}

// ticks yields to the loop n times: n awaits of asyncio.sleep(0).
func ticks(ctx context.Context, n int) error {
	for range n {
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
	}
	return nil
}

// awaitAll awaits each of ts in turn and ignores how it ended: the tasks of the tests
// log their outcome themselves.
func awaitAll(ctx context.Context, ts []*task.Task[struct{}]) {
	for _, tk := range ts {
		_, _ = tk.Await(ctx)
	}
}
