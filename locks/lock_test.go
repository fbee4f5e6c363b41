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

func TestLockServesWaitersFIFOAndReleaseOfUnlockedIsAnError(t *testing.T) {
	var order []string
	run(t, func(ctx context.Context) error {
		var mu locks.Lock // the zero Lock is ready
		require.ErrorIs(t, mu.Release(), locks.ErrNotLocked)
		require.NoError(t, mu.Acquire(ctx))
		var tasks []*task.Task[struct{}]
		for i := 1; i <= 3; i++ {
			name := fmt.Sprintf("w%d", i)
			tasks = append(tasks, spawn(ctx, func(ctx context.Context) error {
				if err := mu.Acquire(ctx); err != nil {
					return err
				}
				order = append(order, name)
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				return mu.Release()
			}))
		}
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, "<Lock [locked, waiters:3]>", mu.String())
		require.NoError(t, mu.Release())
		assert.False(t, mu.Locked(), "Lock (unlike Semaphore) reports unlocked until the woken waiter runs")
		require.NoError(t, mu.Acquire(ctx), "but a newcomer still queues behind the woken waiter")
		order = append(order, "main")
		require.NoError(t, mu.Release())
		_, err := gatherTasks(ctx, tasks...)
		return err
	})
	assert.Equal(t, []string{"w1", "w2", "w3", "main"}, order)
}

func TestLockWaiterCancelledAfterWakeUpWakesTheNext(t *testing.T) {
	run(t, func(ctx context.Context) error {
		var mu locks.Lock
		require.NoError(t, mu.Acquire(ctx))
		w1 := spawn(ctx, mu.Acquire)
		w2 := spawn(ctx, mu.Acquire)
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, mu.Release()) // wakes w1...
		w1.Cancel("")                    // ...which is cancelled before it runs
		_, err := w1.Await(ctx)
		require.True(t, future.IsCancelled(err))
		_, err = w2.Await(ctx)
		require.NoError(t, err, "w2 got the lock w1 could not take")
		assert.True(t, mu.Locked())
		return mu.Release()
	})
}

func TestLockGoesStraightInWhenEveryWaiterIsCancelled(t *testing.T) {
	run(t, func(ctx context.Context) error {
		var mu locks.Lock
		require.NoError(t, mu.Acquire(ctx))
		w := spawn(ctx, mu.Acquire)
		require.NoError(t, task.Sleep(ctx, 0))
		w.Cancel("")
		require.NoError(t, mu.Release())
		// w's future is cancelled but w has not run yet: it is still queued.
		assert.Equal(t, "<Lock [unlocked, waiters:1]>", mu.String())
		probe := spawn(ctx, mu.Acquire)
		_, err := probe.Await(ctx)
		require.NoError(t, err)
		assert.True(t, mu.Locked())
		_, err = w.Await(ctx)
		require.True(t, future.IsCancelled(err))
		return mu.Release()
	})
}

func TestEventWaiterCancelledLeavesAndSetOnlyWakesTheRest(t *testing.T) {
	run(t, func(ctx context.Context) error {
		var ev locks.Event
		a := spawn(ctx, ev.Wait)
		b := spawn(ctx, ev.Wait)
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, "<Event [unset, waiters:2]>", ev.String())
		a.Cancel("")
		_, err := a.Await(ctx)
		require.True(t, future.IsCancelled(err))
		assert.Equal(t, "<Event [unset, waiters:1]>", ev.String())
		ev.Set()
		ev.Set() // setting a set event changes nothing
		_, err = b.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, "<Event [set]>", ev.String())
		ev.Clear()
		assert.False(t, ev.IsSet())
		return nil
	})
}

func TestEventWaitOutsideATaskIsAnError(t *testing.T) {
	var ev locks.Event
	require.Error(t, ev.Wait(context.Background()))
	ev.Set()
	require.NoError(t, ev.Wait(context.Background()), "a set event does not suspend")
}
