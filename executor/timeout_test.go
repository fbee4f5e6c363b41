package executor_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// When the timeout around a ToThread fires, the caller gets TimeoutError and the worker's
// context is cancelled, so a context-aware call stops (Python cannot stop the thread).
// This runs on the real clock: on a virtual clock, time does not pass while the worker
// runs, so a timeout could never fire under it. (timeout sits above executor in the
// package table; a test may use it.)
func TestToThreadTimeoutCancelsTheWorkersContext(t *testing.T) {
	stopped := make(chan error, 1)
	err := task.Run(func(ctx context.Context) error {
		_, err := timeout.WaitForCoro(ctx, func(ctx context.Context) (int, error) {
			return executor.ToThread(ctx, func(wctx context.Context) (int, error) {
				select {
				case <-wctx.Done():
					stopped <- wctx.Err()
					return 0, wctx.Err()
				case <-time.After(10 * time.Second):
					stopped <- nil
					return 1, nil
				}
			})
		}, 20*time.Millisecond)
		var te *timeout.Error
		require.True(t, errors.As(err, &te), "got %v", err)
		// The worker's own error comes back through the loop later, and is dropped.
		ok, err := executor.ToThread(ctx, func(context.Context) (bool, error) {
			return errors.Is(<-stopped, context.Canceled), nil
		})
		require.NoError(t, err)
		assert.True(t, ok, "the worker's ctx was cancelled when the timeout fired")
		return nil
	})
	require.NoError(t, err)
}
