package locks_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

func TestBarrierReleasesAllPartiesEachRound(t *testing.T) {
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(3)
		assert.Equal(t, 3, b.Parties())
		for round := range 2 {
			var arrived []int
			tasks := make([]*task.Task[int], 3)
			for i := range tasks {
				tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					idx, err := b.Wait(ctx)
					arrived = append(arrived, idx)
					return idx, err
				})
			}
			require.NoError(t, task.Sleep(ctx, 0))
			require.NoError(t, task.Sleep(ctx, 0))
			idx, err := gatherTasks(ctx, tasks...)
			require.NoError(t, err, "round %d", round)
			assert.Equal(t, []int{0, 1, 2}, idx, "round %d: indexes in arrival order", round)
			assert.Len(t, arrived, 3)
			assert.Equal(t, "<Barrier [filling, waiters:0/3]>", b.String())
		}
		return nil
	})
}

func TestBarrierAbortAndReset(t *testing.T) {
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(2)
		w := task.Spawn(ctx, b.Wait)
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, 1, b.NWaiting())
		require.NoError(t, b.Reset(ctx))
		_, err := w.Await(ctx)
		require.ErrorIs(t, err, locks.ErrBrokenBarrier, "reset breaks the waiting round")
		assert.False(t, b.Broken())

		w = task.Spawn(ctx, b.Wait)
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, b.Abort(ctx))
		_, err = w.Await(ctx)
		require.ErrorIs(t, err, locks.ErrBrokenBarrier)
		assert.True(t, b.Broken())
		assert.Equal(t, "<Barrier [broken]>", b.String())
		_, err = b.Wait(ctx)
		require.ErrorIs(t, err, locks.ErrBrokenBarrier, "a broken barrier stays broken")
		return nil
	})
	assert.PanicsWithValue(t, "locks: NewBarrier: parties must be > 0, got 0", func() { locks.NewBarrier(0) })
}
