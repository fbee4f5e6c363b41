package executor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Default's doc: "It is nil, with an error, on a closed loop", also when the loop had
// made one (asyncio's close sets _default_executor to None). Found by helper-15.
func TestDefaultOnAClosedLoopThatHadOne(t *testing.T) {
	t.Parallel()
	var l *loop.Loop
	require.NoError(t, task.Run(func(ctx context.Context) error {
		l, _ = loop.Get(ctx)
		_, err := executor.ToThread(ctx, func(context.Context) (int, error) { return 1, nil })
		return err
	}))
	p, err := executor.Default(l)
	assert.Nil(t, p)
	assert.ErrorIs(t, err, loop.ErrClosed)
}
