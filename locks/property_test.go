package locks_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// For random N tasks, k permits, random hold times and random cancellations (before the
// task starts, while it waits, while it holds the permit): never more than k holders;
// permits are granted in the order Acquire was called; a task that was not cancelled
// acquires exactly once and ends with its result; every permit is back at the end.
func TestPropertySemaphoreBoundFIFOAndCancellation(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := drawContention(rt, 40, 5, 12)
		k := rapid.IntRange(1, 6).Draw(rt, "k")
		sem := locks.NewSemaphore(k)
		err := c.run(sem.Acquire, sem.Release, func(ctx context.Context) error {
			if sem.Locked() {
				return errors.New("permits missing at the end: " + sem.String())
			}
			// All k permits are free: k acquisitions without waiting, then locked.
			for range k {
				if err := sem.Acquire(ctx); err != nil {
					return err
				}
			}
			if !sem.Locked() {
				return errors.New("more than k permits at the end: " + sem.String())
			}
			return nil
		})
		require.NoError(rt, err)
		c.check(rt, k)
	})
}

// The same for Lock: never two holders, the lock granted in the order Acquire was called,
// every task not cancelled completes once, and the lock is free at the end.
func TestPropertyLockExclusionFIFOAndCancellation(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := drawContention(rt, 30, 3, 10)
		var mu locks.Lock
		release := func() { _ = mu.Release() }
		err := c.run(mu.Acquire, release, func(context.Context) error {
			if mu.Locked() {
				return errors.New("the lock is held at the end")
			}
			return nil
		})
		require.NoError(rt, err)
		c.check(rt, 1)
	})
}

// contention is one random run of tasks that each wait a while, acquire a primitive,
// hold it a while and release it, some of them cancelled at random times; it records
// what a FIFO, cancellation-safe primitive must guarantee.
type contention struct {
	n                     int
	start, hold, cancelAt []int // milliseconds; cancelAt -1: never cancelled
	holders, maxHolders   int
	called, acquired      []int // task indexes, in the order they called Acquire / got it
	completed             []int // per task: how many times its body got past its hold
}

func drawContention(rt *rapid.T, maxN, maxMs, maxCancelMs int) *contention {
	n := rapid.IntRange(1, maxN).Draw(rt, "n")
	return &contention{
		n:         n,
		hold:      rapid.SliceOfN(rapid.IntRange(0, maxMs), n, n).Draw(rt, "hold_ms"),
		start:     rapid.SliceOfN(rapid.IntRange(0, maxMs), n, n).Draw(rt, "start_ms"),
		cancelAt:  rapid.SliceOfN(rapid.IntRange(-1, maxCancelMs), n, n).Draw(rt, "cancel_ms"),
		completed: make([]int, n),
	}
}

// run plays the scenario on a new loop with a virtual clock, then calls atEnd on it.
func (c *contention) run(acquire func(context.Context) error, release func(), atEnd func(context.Context) error) error {
	return task.Run(func(ctx context.Context) error {
		tasks := make([]*task.Task[int], c.n)
		for i := range c.n {
			tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, time.Duration(c.start[i])*time.Millisecond); err != nil {
					return 0, err
				}
				c.called = append(c.called, i)
				if err := acquire(ctx); err != nil {
					return 0, err
				}
				defer release()
				c.acquired = append(c.acquired, i)
				c.holders++
				c.maxHolders = max(c.maxHolders, c.holders)
				defer func() { c.holders-- }()
				if err := task.Sleep(ctx, time.Duration(c.hold[i])*time.Millisecond); err != nil {
					return 0, err
				}
				c.completed[i]++
				return i + 1000, nil
			})
		}
		for i, at := range c.cancelAt {
			if at >= 0 {
				tk := tasks[i]
				if _, err := task.Current(ctx).Loop().CallLater(time.Duration(at)*time.Millisecond, func() { tk.Cancel("") }); err != nil {
					return err
				}
			}
		}
		for i, tk := range tasks {
			v, err := tk.Await(ctx)
			switch {
			case err != nil && (!future.IsCancelled(err) || c.cancelAt[i] < 0):
				return err
			case err == nil && v != i+1000:
				return errors.New("wrong result")
			}
		}
		return atEnd(ctx)
	}, virtual())
}

// check asserts the guarantees: at most limit holders at once and none left; the
// primitive went to the tasks in the order they called Acquire (a cancelled caller drops
// out of the order, it never overtakes); a task not cancelled completed exactly once.
func (c *contention) check(rt *rapid.T, limit int) {
	require.LessOrEqual(rt, c.maxHolders, limit)
	require.Zero(rt, c.holders)
	pos := make(map[int]int, len(c.called))
	for p, i := range c.called {
		pos[i] = p
	}
	require.True(rt, slices.IsSortedFunc(c.acquired, func(a, b int) int { return pos[a] - pos[b] }),
		"called %v acquired %v", c.called, c.acquired)
	for i, done := range c.completed {
		if c.cancelAt[i] < 0 {
			require.Equal(rt, 1, done, "task %d not cancelled must complete exactly once", i)
		} else {
			require.LessOrEqual(rt, done, 1)
		}
	}
}
