package task_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/task"
)

func TestATaskAwaitingItselfGetsAnErrorNotADeadlock(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		var self *task.Task[int]
		self = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return self.Await(ctx)
		})
		_, err := self.Await(ctx)
		return err
	}, virtualClock())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot await itself")
}
