package task_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

// asyncio: an outer task awaiting an inner task has the inner task as its _fut_waiter,
// so outer.cancel() calls inner.cancel(): the inner body sees CancelledError at its own
// await and unwinds, and only then do both end cancelled.
func TestCancellingATaskThatAwaitsATaskCancelsTheInnerBody(t *testing.T) {
	t.Parallel()
	var events []string
	err := task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			err := task.Sleep(ctx, time.Hour)
			events = append(events, "inner body saw: "+err.Error())
			return 0, err
		})
		outer := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return inner.Await(ctx)
		})
		require.NoError(t, task.Sleep(ctx, time.Millisecond))
		assert.True(t, outer.Cancel("stop"))
		assert.False(t, inner.Done(), "the inner task is cancelled through its body, not marked done at once")
		_, err := outer.Await(ctx)
		assert.True(t, future.IsCancelled(err))
		assert.True(t, inner.Cancelled())
		assert.True(t, outer.Cancelled())
		return nil
	}, virtualClock())
	require.NoError(t, err)
	assert.Equal(t, []string{"inner body saw: cancelled: stop"}, events)
}
