package task_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

// Cancelling a task of a cycle of awaits (a awaits b, b awaits a) reaches a again through
// b. asyncio recurses until RecursionError; goasyncio stops there and wakes a with the
// cancellation: a's await raises it, a ends cancelled, and b, whose await of a now
// returns a's CancelledError, ends cancelled too. Each Cancel request is counted once.
func TestCancellingACycleOfAwaitsCancelsEveryTaskOfIt(t *testing.T) {
	require.NoError(t, task.Run(func(ctx context.Context) error {
		var a, b *task.Task[int]
		var aSaw, bSaw error
		a = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			v, err := b.Await(ctx)
			aSaw = err
			return v, err
		})
		b = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			v, err := a.Await(ctx)
			bSaw = err
			return v, err
		})
		require.NoError(t, task.Sleep(ctx, 0)) // both are parked on each other now

		assert.True(t, a.Cancel("round and round"))
		assert.Equal(t, 1, a.Cancelling())
		assert.Equal(t, 1, b.Cancelling())

		for !a.Done() || !b.Done() {
			require.NoError(t, task.Sleep(ctx, 0))
		}
		assert.True(t, a.Cancelled())
		assert.True(t, b.Cancelled())
		var ce *future.CancelledError
		require.ErrorAs(t, aSaw, &ce, "a's await of b raised the cancellation")
		assert.Equal(t, "round and round", ce.Msg)
		require.ErrorAs(t, bSaw, &ce, "b's await of a returned a's CancelledError")
		assert.Equal(t, "round and round", ce.Msg)
		return nil
	}, virtualClock()))
}
