package locks_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

func TestSemaphoreLockedWhileAWokenWaiterHasNotRunYet(t *testing.T) {
	// CPython 3.13: a permit released while the first waiter is already woken stays free,
	// but a newcomer still queues behind that waiter: no barging.
	var order []string
	run(t, func(ctx context.Context) error {
		sem := locks.NewSemaphore(2)
		require.NoError(t, sem.Acquire(ctx))
		require.NoError(t, sem.Acquire(ctx))
		a := spawn(ctx, func(ctx context.Context) error {
			if err := sem.Acquire(ctx); err != nil {
				return err
			}
			order = append(order, "a")
			return nil
		})
		require.NoError(t, task.Sleep(ctx, 0))
		sem.Release()
		sem.Release()
		assert.True(t, sem.Locked(), "a free permit, but a woken waiter goes first")
		assert.Equal(t, "<Semaphore [locked, waiters:1]>", sem.String())
		require.NoError(t, sem.Acquire(ctx))
		order = append(order, "main")
		_, err := a.Await(ctx)
		return err
	})
	assert.Equal(t, []string{"a", "main"}, order)
}

func TestSemaphoreWaiterCancelledAfterWakeUpPassesThePermitOn(t *testing.T) {
	var order []string
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(1)
		require.NoError(t, s.Acquire(ctx))
		w := func(name string) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				if err := s.Acquire(ctx); err != nil {
					order = append(order, name+" cancelled")
					return err
				}
				order = append(order, name)
				return nil
			}
		}
		t1, t2 := spawn(ctx, w("w1")), spawn(ctx, w("w2"))
		require.NoError(t, task.Sleep(ctx, 0))
		s.Release()   // hands the permit to w1...
		t1.Cancel("") // ...which is cancelled before it runs
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, task.Sleep(ctx, 0))
		assert.True(t, t1.Cancelled())
		assert.True(t, t2.Done())
		assert.True(t, s.Locked(), "w2 holds the only permit")
		s.Release()
		assert.False(t, s.Locked(), "the permit came back: none lost, none made up")
		return nil
	})
	assert.Equal(t, []string{"w1 cancelled", "w2"}, order)
}

func TestSemaphoreWaiterCancelledWhileWaitingTakesNoPermit(t *testing.T) {
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(1)
		require.NoError(t, s.Acquire(ctx))
		w := spawn(ctx, s.Acquire)
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, "<Semaphore [locked, waiters:1]>", s.String())
		w.Cancel("stop")
		_, err := w.Await(ctx)
		var ce *future.CancelledError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "stop", ce.Msg)
		assert.Equal(t, "<Semaphore [locked]>", s.String(), "the cancelled waiter left the queue")
		s.Release()
		assert.Equal(t, "<Semaphore [unlocked, value:1]>", s.String())
		return nil
	})
}

func TestSemaphoreNotLockedWhenEveryWaiterIsCancelled(t *testing.T) {
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(0)
		w := spawn(ctx, s.Acquire)
		require.NoError(t, task.Sleep(ctx, 0))
		s.Release() // the permit goes to w
		w.Cancel("")
		// w's future is done (woken), not cancelled: still a live waiter.
		assert.True(t, s.Locked())
		_, err := w.Await(ctx)
		require.True(t, future.IsCancelled(err))
		assert.False(t, s.Locked(), "w gave its permit back")
		return nil
	})
}

func TestSemaphoreNegativeValuePanics(t *testing.T) {
	assert.PanicsWithValue(t, "locks: NewSemaphore: initial value must be >= 0, got -1", func() { locks.NewSemaphore(-1) })
	assert.PanicsWithValue(t, "locks: NewBoundedSemaphore: initial value must be >= 0, got -2", func() { locks.NewBoundedSemaphore(-2) })
}

func TestSemaphoreAcquireWithoutATaskIsAnError(t *testing.T) {
	s := locks.NewSemaphore(1)
	require.NoError(t, s.Acquire(context.Background()), "a free permit needs no task")
	err := s.Acquire(context.Background())
	require.Error(t, err, "waiting needs a task; never a hang")
	assert.Contains(t, err.Error(), "locks: Semaphore.Acquire")
	assert.Equal(t, "<Semaphore [locked]>", s.String(), "no waiter left behind")
}

func TestSemaphoreBoundToOneLoop(t *testing.T) {
	s := locks.NewSemaphore(0)
	run(t, func(ctx context.Context) error {
		w := spawn(ctx, s.Acquire)
		require.NoError(t, task.Sleep(ctx, 0))
		s.Release()
		_, err := w.Await(ctx)
		return err
	})
	run(t, func(ctx context.Context) error {
		err := s.Acquire(ctx)
		require.ErrorIs(t, err, locks.ErrOtherLoop)
		return nil
	})
}

func TestBoundedSemaphoreOverReleaseChangesNothing(t *testing.T) {
	run(t, func(ctx context.Context) error {
		b := locks.NewBoundedSemaphore(1)
		require.ErrorIs(t, b.Release(), locks.ErrReleasedTooManyTimes)
		assert.Equal(t, "<BoundedSemaphore [unlocked, value:1]>", b.String())
		require.NoError(t, b.Acquire(ctx))
		assert.True(t, b.Locked())
		require.NoError(t, b.Release())
		require.ErrorIs(t, b.Release(), locks.ErrReleasedTooManyTimes)
		assert.EqualError(t, b.Release(), "locks: BoundedSemaphore released too many times")
		return nil
	})
}

func TestSemaphoreReusedWaiterIsNotReachedByItsFormerOwner(t *testing.T) {
	// Waiters are recycled after a successful wait. A's waiter, reused by B, must not be
	// reached when A is cancelled later.
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(1)
		require.NoError(t, s.Acquire(ctx))
		a := spawn(ctx, func(ctx context.Context) error {
			if err := s.Acquire(ctx); err != nil { // waits: its waiter is recycled after
				return err
			}
			defer s.Release()
			return task.Sleep(ctx, time.Hour)
		})
		require.NoError(t, task.Sleep(ctx, 0))
		s.Release() // A gets the permit
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, task.Sleep(ctx, 0))
		b := spawn(ctx, s.Acquire) // waits, on A's recycled waiter
		require.NoError(t, task.Sleep(ctx, 0))
		a.Cancel("")
		_, err := a.Await(ctx)
		require.True(t, future.IsCancelled(err))
		_, err = b.Await(ctx)
		require.NoError(t, err, "B got the permit A released, its wait was not cancelled")
		assert.True(t, s.Locked())
		return nil
	})
}
