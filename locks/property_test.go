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
		n := rapid.IntRange(1, 40).Draw(rt, "n")
		k := rapid.IntRange(1, 6).Draw(rt, "k")
		hold := rapid.SliceOfN(rapid.IntRange(0, 5), n, n).Draw(rt, "hold_ms")
		start := rapid.SliceOfN(rapid.IntRange(0, 5), n, n).Draw(rt, "start_ms")
		cancelAt := rapid.SliceOfN(rapid.IntRange(-1, 12), n, n).Draw(rt, "cancel_ms") // -1: never

		var (
			holders, maxHolders int
			called, acquired    []int
			results             = make([]int, n)
		)
		err := task.Run(func(ctx context.Context) error {
			sem := locks.NewSemaphore(k)
			tasks := make([]*task.Task[int], n)
			for i := range n {
				tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					if err := task.Sleep(ctx, time.Duration(start[i])*time.Millisecond); err != nil {
						return 0, err
					}
					called = append(called, i)
					if err := sem.Acquire(ctx); err != nil {
						return 0, err
					}
					defer sem.Release()
					acquired = append(acquired, i)
					holders++
					maxHolders = max(maxHolders, holders)
					defer func() { holders-- }()
					if err := task.Sleep(ctx, time.Duration(hold[i])*time.Millisecond); err != nil {
						return 0, err
					}
					results[i]++
					return i + 1000, nil
				})
			}
			for i, at := range cancelAt {
				if at >= 0 {
					tk := tasks[i]
					if _, err := task.Current(ctx).Loop().CallLater(time.Duration(at)*time.Millisecond, func() { tk.Cancel("") }); err != nil {
						return err
					}
				}
			}
			for i, tk := range tasks {
				v, err := tk.Await(ctx)
				if err != nil {
					if !future.IsCancelled(err) || cancelAt[i] < 0 {
						return err
					}
					continue
				}
				if v != i+1000 {
					return errors.New("wrong result")
				}
			}
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
		}, virtual())
		require.NoError(rt, err)
		require.LessOrEqual(rt, maxHolders, k)
		require.Zero(rt, holders)
		// FIFO: the permits went in the order Acquire was called (a cancelled caller drops
		// out of the order, it never overtakes).
		pos := make(map[int]int, len(called))
		for p, i := range called {
			pos[i] = p
		}
		require.True(rt, slices.IsSortedFunc(acquired, func(a, b int) int { return pos[a] - pos[b] }),
			"called %v acquired %v", called, acquired)
		for i, r := range results {
			if cancelAt[i] < 0 {
				require.Equal(rt, 1, r, "task %d not cancelled must complete exactly once", i)
			} else {
				require.LessOrEqual(rt, r, 1)
			}
		}
	})
}

// The same for Lock: never two holders, the lock granted in the order Acquire was called,
// every task not cancelled completes once, and the lock is free at the end.
func TestPropertyLockExclusionFIFOAndCancellation(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 30).Draw(rt, "n")
		hold := rapid.SliceOfN(rapid.IntRange(0, 3), n, n).Draw(rt, "hold_ms")
		start := rapid.SliceOfN(rapid.IntRange(0, 3), n, n).Draw(rt, "start_ms")
		cancelAt := rapid.SliceOfN(rapid.IntRange(-1, 10), n, n).Draw(rt, "cancel_ms")

		var (
			holders, maxHolders int
			called, acquired    []int
			done                = make([]int, n)
		)
		var mu locks.Lock
		err := task.Run(func(ctx context.Context) error {
			tasks := make([]*task.Task[int], n)
			for i := range n {
				tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					if err := task.Sleep(ctx, time.Duration(start[i])*time.Millisecond); err != nil {
						return 0, err
					}
					called = append(called, i)
					if err := mu.Acquire(ctx); err != nil {
						return 0, err
					}
					defer mu.Release()
					acquired = append(acquired, i)
					holders++
					maxHolders = max(maxHolders, holders)
					defer func() { holders-- }()
					if err := task.Sleep(ctx, time.Duration(hold[i])*time.Millisecond); err != nil {
						return 0, err
					}
					done[i]++
					return i, nil
				})
			}
			for i, at := range cancelAt {
				if at >= 0 {
					tk := tasks[i]
					if _, err := task.Current(ctx).Loop().CallLater(time.Duration(at)*time.Millisecond, func() { tk.Cancel("") }); err != nil {
						return err
					}
				}
			}
			for i, tk := range tasks {
				if _, err := tk.Await(ctx); err != nil && (!future.IsCancelled(err) || cancelAt[i] < 0) {
					return err
				}
			}
			return nil
		}, virtual())
		require.NoError(rt, err)
		require.LessOrEqual(rt, maxHolders, 1)
		require.False(rt, mu.Locked(), "the lock is free at the end")
		pos := make(map[int]int, len(called))
		for p, i := range called {
			pos[i] = p
		}
		require.True(rt, slices.IsSortedFunc(acquired, func(a, b int) int { return pos[a] - pos[b] }),
			"called %v acquired %v", called, acquired)
		for i, d := range done {
			if cancelAt[i] < 0 {
				require.Equal(rt, 1, d, "task %d", i)
			}
		}
	})
}
