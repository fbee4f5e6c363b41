package executor_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestDefaultPoolIsPythonsSizeMadeOnFirstUseAndShutDownAtClose(t *testing.T) {
	want := min(32, runtime.NumCPU()+4)
	assert.Equal(t, want, executor.DefaultMaxWorkers())
	var p *executor.Pool
	run(t, func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		var err error
		p, err = executor.Default(l)
		require.NoError(t, err)
		assert.Equal(t, want, p.MaxWorkers())
		again, err := executor.Default(l)
		require.NoError(t, err)
		assert.Same(t, p, again, "one default pool per loop")
		_, err = executor.ToThread(ctx, func(context.Context) (int, error) { return 0, nil })
		require.NoError(t, err)
		assert.Equal(t, 1, p.Workers())
		return nil
	})
	assert.Equal(t, 0, p.Workers(), "task.Run closed the loop, which shut the pool down and waited")
	_, err := executor.NewPool(1)
	require.NoError(t, err)
}

func TestSetDefaultReplacesThePoolAndTheLoopShutsItDown(t *testing.T) {
	mine, err := executor.NewPool(2, executor.WithName("mine"))
	require.NoError(t, err)
	var made *executor.Pool
	run(t, func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		require.ErrorContains(t, executor.SetDefault(l, nil), "executor: SetDefault: nil pool")
		made, err = executor.Default(l)
		require.NoError(t, err)
		_, err = executor.ToThread(ctx, func(context.Context) (int, error) { return 0, nil })
		require.NoError(t, err)
		require.NoError(t, executor.SetDefault(l, mine))
		got, err := executor.Default(l)
		require.NoError(t, err)
		assert.Same(t, mine, got)
		_, err = executor.ToThread(ctx, func(context.Context) (int, error) { return 0, nil })
		require.NoError(t, err)
		assert.Equal(t, 1, mine.Workers())
		return nil
	})
	assert.Equal(t, 0, made.Workers(), "the loop's own pool, replaced, was shut down")
	assert.Equal(t, 0, mine.Workers(), "the default pool is shut down at Close, as asyncio does")
	assert.Contains(t, mine.String(), "shutdown=true")
}

func TestDefaultOnAClosedLoopIsAnError(t *testing.T) {
	l := loop.New(virtual())
	require.NoError(t, l.Close())
	_, err := executor.Default(l)
	require.ErrorIs(t, err, loop.ErrClosed)
}
