package executor_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// 10,000 ToThread calls through a bounded pool of 8, with random results, failures,
// panics, calls that block until cancelled, and random cancellations of the others.
// Every call ends with exactly the outcome its kind calls for; no function runs twice;
// the pool's workers are all gone at the end, and goleak (TestMain) finds no goroutine
// left. Run it under -race: workers and the loop share nothing but the inbox. The loop
// runs in debug mode, which panics if a worker touches loop state.
func TestStressToThread(t *testing.T) {
	const calls = 10_000
	if testing.Short() {
		t.Skip("stress")
	}
	type kind int
	const (
		ok kind = iota
		fail
		panics
		blocks // blocks until its ctx is cancelled; always cancelled
	)
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := make([]kind, calls)
	cancel := make([]bool, calls)
	for i := range kinds {
		kinds[i] = kind(rng.IntN(4))
		cancel[i] = kinds[i] == blocks || rng.IntN(5) == 0
	}
	var ran [calls]atomic.Int32
	errFail := errors.New("failed on purpose")
	pool, err := executor.NewPool(8, executor.WithName("stress"))
	require.NoError(t, err)
	counts := map[string]int{}
	err = task.Run(func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		l.SetSlowCallbackDuration(time.Minute) // spawning 10,000 tasks under -race is slow, not a bug
		require.NoError(t, executor.SetDefault(l, pool))
		tasks := make([]*task.Task[int], calls)
		for i := range tasks {
			tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				return executor.ToThread(ctx, func(wctx context.Context) (int, error) {
					if ran[i].Add(1) != 1 {
						return 0, fmt.Errorf("call %d ran twice", i)
					}
					switch kinds[i] {
					case fail:
						return 0, errFail
					case panics:
						panic(i)
					case blocks:
						<-wctx.Done()
						return 0, wctx.Err()
					}
					return i, nil
				})
			})
		}
		took := make([]bool, calls)
		for round := range 4 {
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
			for i := range tasks {
				if cancel[i] && i%4 == round {
					took[i] = tasks[i].Cancel("stress")
				}
			}
		}
		for i, tk := range tasks {
			v, err := tk.Await(ctx)
			var pe *loop.PanicError
			switch {
			case took[i]:
				require.True(t, future.IsCancelled(err), "call %d: cancelled, got %v, %v", i, v, err)
				counts["cancelled"]++
			case cancel[i] && kinds[i] == blocks:
				return fmt.Errorf("call %d blocks until cancelled, but its Cancel did not take", i)
			case kinds[i] == ok:
				require.NoError(t, err)
				require.Equal(t, i, v)
				counts["ok"]++
			case kinds[i] == fail:
				require.ErrorIs(t, err, errFail)
				counts["failed"]++
			case kinds[i] == panics:
				require.ErrorAs(t, err, &pe)
				require.Equal(t, i, pe.Value)
				counts["panicked"]++
			}
		}
		return nil
	}, loop.WithDebug())
	require.NoError(t, err)
	assert.Equal(t, 0, pool.Workers(), "the loop's Close shut the pool down and waited")
	total := 0
	for _, c := range counts {
		total += c
	}
	assert.Equal(t, calls, total, "nothing lost: %v", counts)
	for _, k := range []string{"ok", "failed", "panicked", "cancelled"} {
		assert.Positive(t, counts[k], "the mix covers %s", k)
	}
	for i := range ran {
		assert.LessOrEqual(t, ran[i].Load(), int32(1))
	}
}
