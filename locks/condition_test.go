package locks_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

func TestConditionNotifyWakesInOrderAndNeedsTheLock(t *testing.T) {
	var order []string
	run(t, func(ctx context.Context) error {
		var c locks.Condition // the zero Condition has a lock of its own
		require.ErrorIs(t, c.Notify(1), locks.ErrNotAcquired)
		require.ErrorIs(t, c.NotifyAll(), locks.ErrNotAcquired)
		require.ErrorIs(t, c.Wait(ctx), locks.ErrNotAcquired)
		var tasks []*task.Task[struct{}]
		for i := 1; i <= 3; i++ {
			name := fmt.Sprintf("w%d", i)
			tasks = append(tasks, spawn(ctx, func(ctx context.Context) error {
				if err := c.Acquire(ctx); err != nil {
					return err
				}
				defer c.Release()
				if err := c.Wait(ctx); err != nil {
					return err
				}
				assert.True(t, c.Locked(), "Wait returns holding the lock")
				order = append(order, name)
				return nil
			}))
		}
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, c.Acquire(ctx))
		assert.Equal(t, "<Condition [locked, waiters:3]>", c.String())
		require.NoError(t, c.Notify(2))
		require.NoError(t, c.Release())
		for range 3 {
			require.NoError(t, task.Sleep(ctx, 0))
		}
		assert.Equal(t, []string{"w1", "w2"}, order, "Notify(2) woke the first two")
		require.NoError(t, c.Acquire(ctx))
		require.NoError(t, c.NotifyAll())
		require.NoError(t, c.Release())
		_, err := gatherTasks(ctx, tasks...)
		return err
	})
	assert.Equal(t, []string{"w1", "w2", "w3"}, order)
}

func TestConditionWaitCancelledStillReacquiresTheLock(t *testing.T) {
	run(t, func(ctx context.Context) error {
		lock := &locks.Lock{}
		c := locks.NewCondition(lock)
		assert.Same(t, lock, c.L())
		heldAfterCancel := false
		w := spawn(ctx, func(ctx context.Context) error {
			if err := c.Acquire(ctx); err != nil {
				return err
			}
			defer c.Release()
			err := c.Wait(ctx)
			heldAfterCancel = c.Locked()
			return err
		})
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, lock.Acquire(ctx)) // w waits; main takes the lock
		w.Cancel("")
		require.NoError(t, task.Sleep(ctx, 0))
		assert.False(t, w.Done(), "w must take the lock back before it returns")
		require.NoError(t, lock.Release())
		_, err := w.Await(ctx)
		require.True(t, future.IsCancelled(err))
		assert.True(t, heldAfterCancel)
		assert.False(t, lock.Locked())
		return nil
	})
}

func TestConditionWaitFor(t *testing.T) {
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		n := 0
		w := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := c.Acquire(ctx); err != nil {
				return 0, err
			}
			defer c.Release()
			err := c.WaitFor(ctx, func() bool { return n >= 3 })
			return n, err
		})
		for range 3 {
			require.NoError(t, task.Sleep(ctx, 0))
			require.NoError(t, c.Acquire(ctx))
			n++
			require.NoError(t, c.NotifyAll())
			require.NoError(t, c.Release())
		}
		got, err := w.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 3, got)
		return nil
	})
}
