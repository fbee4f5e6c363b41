package executor_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// For random N, bound k, random worker durations and random cancellations, N tasks each
// do `async with Semaphore(k): await to_thread(f, i)`:
//   - the ToThread calls in flight never exceed k;
//   - every task that was not cancelled delivers f(i) exactly once, and a task whose
//     Cancel took effect ends cancelled;
//   - every permit is back at the end;
//   - permits are granted in the order Acquire was called.
func TestPropertyToThreadUnderASemaphore(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 30).Draw(rt, "n")
		k := rapid.IntRange(1, 5).Draw(rt, "k")
		work := rapid.SliceOfN(rapid.IntRange(0, 300), n, n).Draw(rt, "work_us")
		// How many loop iterations the canceller lets pass before cancelling task i;
		// -1: never.
		cancelAfter := rapid.SliceOfN(rapid.IntRange(-1, 8), n, n).Draw(rt, "cancel_after")

		var (
			inFlight, maxInFlight int
			called, acquired      []int
			delivered             = make([]int, n)
			cancelTook            = make([]bool, n)
		)
		err := task.Run(func(ctx context.Context) error {
			sem := locks.NewSemaphore(k)
			tasks := make([]*task.Task[int], n)
			for i := range n {
				tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					called = append(called, i)
					if err := sem.Acquire(ctx); err != nil {
						return 0, err
					}
					defer sem.Release()
					acquired = append(acquired, i)
					inFlight++
					maxInFlight = max(maxInFlight, inFlight)
					v, err := executor.ToThread(ctx, func(wctx context.Context) (int, error) {
						select { // a context-aware blocking call
						case <-time.After(time.Duration(work[i]) * time.Microsecond):
							return 2 * i, nil
						case <-wctx.Done():
							return 0, wctx.Err()
						}
					})
					inFlight--
					if err != nil {
						return 0, err
					}
					delivered[i]++
					return v, nil
				})
			}
			canceller := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				for step := 0; step <= 8; step++ {
					for i, at := range cancelAfter {
						if at == step {
							cancelTook[i] = tasks[i].Cancel("")
						}
					}
					if err := task.Sleep(ctx, 0); err != nil {
						return struct{}{}, err
					}
				}
				return struct{}{}, nil
			})
			if _, err := canceller.Await(ctx); err != nil {
				return err
			}
			for i, tk := range tasks {
				v, err := tk.Await(ctx)
				switch {
				case cancelTook[i]:
					if !future.IsCancelled(err) {
						return fmt.Errorf("task %d: Cancel took effect, but it ended with %v, %v", i, v, err)
					}
				case err != nil:
					return fmt.Errorf("task %d was not cancelled, but failed: %w", i, err)
				case v != 2*i:
					return fmt.Errorf("task %d: got %d", i, v)
				}
			}
			if sem.Locked() {
				return errors.New("permits missing at the end: " + sem.String())
			}
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
		require.LessOrEqual(rt, maxInFlight, k)
		require.Zero(rt, inFlight)
		for i := range n {
			if !cancelTook[i] {
				require.Equal(rt, 1, delivered[i], "task %d delivers exactly once", i)
			} else {
				require.LessOrEqual(rt, delivered[i], 1)
			}
		}
		pos := make(map[int]int, len(called))
		for p, i := range called {
			pos[i] = p
		}
		require.True(rt, slices.IsSortedFunc(acquired, func(a, b int) int { return pos[a] - pos[b] }),
			"called %v acquired %v", called, acquired)
	})
}
