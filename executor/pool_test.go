package executor_test

import (
	"context"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
)

func TestNewPoolRefusesABoundBelowOne(t *testing.T) {
	for _, n := range []int{0, -3} {
		p, err := executor.NewPool(n)
		assert.Nil(t, p)
		assert.ErrorContains(t, err, "executor: NewPool: maxWorkers must be greater than 0")
	}
}

func TestPoolStartsWorkersLazilyAndReusesIdleOnes(t *testing.T) {
	p, err := executor.NewPool(4, executor.WithName("lazy"))
	require.NoError(t, err)
	defer p.Shutdown(true, false)
	assert.Equal(t, 0, p.Workers(), "no worker before the first submission")
	run(t, func(ctx context.Context) error {
		for range 5 { // one at a time: the idle worker is reused every time
			_, err := executor.RunIn(ctx, p, func(context.Context) (int, error) { return 1, nil }).Await(ctx)
			require.NoError(t, err)
			// The result reaches the loop before its worker has parked as idle: wait
			// for that (a bounded number of yields), or the next call would rightly
			// start a second worker.
			for i := 0; i < 10000 && !strings.Contains(p.String(), "idle=1"); i++ {
				runtime.Gosched()
			}
		}
		assert.Equal(t, 1, p.Workers())
		return nil
	})
	assert.Equal(t, 4, p.MaxWorkers())
	assert.Contains(t, p.String(), `<Pool "lazy" max=4 workers=1 idle=1`)
}

func TestPoolNeverRunsMoreThanItsBoundAndQueuesFIFO(t *testing.T) {
	const bound, calls = 3, 30
	p, err := executor.NewPool(bound)
	require.NoError(t, err)
	var inFlight, maxInFlight atomic.Int32
	var mu sync.Mutex
	var started []int
	gate := make(chan struct{})
	run(t, func(ctx context.Context) error {
		futs := make([]*future.Future[int], calls)
		for i := range futs {
			futs[i] = executor.RunIn(ctx, p, func(context.Context) (int, error) {
				n := inFlight.Add(1)
				for {
					m := maxInFlight.Load()
					if n <= m || maxInFlight.CompareAndSwap(m, n) {
						break
					}
				}
				mu.Lock()
				started = append(started, i)
				mu.Unlock()
				<-gate
				inFlight.Add(-1)
				return i * 2, nil
			})
		}
		close(gate)
		for i, f := range futs {
			v, err := f.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, i*2, v)
		}
		return nil
	})
	p.Shutdown(true, false)
	assert.LessOrEqual(t, maxInFlight.Load(), int32(bound))
	assert.Equal(t, 0, p.Workers(), "every worker exited")
	assert.Len(t, started, calls)
}

// A pool wakes one worker at a time, and each worker that arrives wakes the next while
// work is queued. Calls that can only finish together must still all get a worker: here
// each of bound calls waits until every one of them has started.
func TestPoolWakesAWorkerForEveryCallThatBlocks(t *testing.T) {
	const bound = 4
	p, err := executor.NewPool(bound)
	require.NoError(t, err)
	var started sync.WaitGroup
	started.Add(bound)
	run(t, func(ctx context.Context) error {
		futs := make([]*future.Future[int], bound)
		for i := range futs {
			futs[i] = executor.RunIn(ctx, p, func(context.Context) (int, error) {
				started.Done()
				started.Wait() // returns only once all bound calls run at the same time
				return i, nil
			})
		}
		for i, f := range futs {
			v, err := f.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, i, v)
		}
		assert.Equal(t, bound, p.Workers())
		return nil
	})
	p.Shutdown(true, false)
	assert.Equal(t, 0, p.Workers())
}

func TestPoolServesItsQueueFIFO(t *testing.T) {
	p, err := executor.NewPool(1) // one worker: the order it runs calls is the queue's
	require.NoError(t, err)
	var started []int // written by the one worker only
	run(t, func(ctx context.Context) error {
		futs := make([]*future.Future[int], 50)
		for i := range futs {
			futs[i] = executor.RunIn(ctx, p, func(context.Context) (int, error) {
				started = append(started, i)
				return i, nil
			})
		}
		for _, f := range futs {
			if _, err := f.Await(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	p.Shutdown(true, false)
	require.Len(t, started, 50)
	assert.IsIncreasing(t, started)
}

func TestPoolShutdownRefusesNewWorkAndCancelsPendingOnRequest(t *testing.T) {
	p, err := executor.NewPool(1)
	require.NoError(t, err)
	block := make(chan struct{})
	inWorker := make(chan struct{})
	var ran atomic.Bool
	run(t, func(ctx context.Context) error {
		busy := executor.RunIn(ctx, p, func(context.Context) (int, error) { close(inWorker); <-block; return 1, nil })
		pending := executor.RunIn(ctx, p, func(context.Context) (int, error) { ran.Store(true); return 2, nil })
		<-inWorker
		p.Shutdown(false, true)
		late := executor.RunIn(ctx, p, func(context.Context) (int, error) { return 3, nil })
		_, err := late.Await(ctx)
		require.ErrorIs(t, err, executor.ErrShutdown)
		assert.ErrorContains(t, err, "executor: RunIn: executor: cannot schedule new work after shutdown")

		_, err = pending.Await(ctx)
		require.True(t, future.IsCancelled(err), "a queued call is cancelled by Shutdown(cancelPending)")
		close(block)
		v, err := busy.Await(ctx)
		require.NoError(t, err, "the running call finishes")
		assert.Equal(t, 1, v)
		return nil
	})
	p.Shutdown(true, false) // twice is fine; waits for the worker
	assert.False(t, ran.Load())
	assert.Equal(t, 0, p.Workers())
}

func TestPoolShutdownWithoutCancelRunsTheQueue(t *testing.T) {
	p, err := executor.NewPool(1)
	require.NoError(t, err)
	var ran atomic.Int32
	run(t, func(ctx context.Context) error {
		futs := make([]*future.Future[int], 5)
		for i := range futs {
			futs[i] = executor.RunIn(ctx, p, func(context.Context) (int, error) { ran.Add(1); return i, nil })
		}
		p.Shutdown(false, false)
		for i, f := range futs {
			v, err := f.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, i, v)
		}
		return nil
	})
	p.Shutdown(true, false)
	assert.Equal(t, int32(5), ran.Load())
}

func TestPoolSurvivesAFunctionThatCallsGoexit(t *testing.T) {
	p, err := executor.NewPool(1)
	require.NoError(t, err)
	run(t, func(ctx context.Context) error {
		bad := executor.RunIn(ctx, p, func(context.Context) (int, error) {
			runtimeGoexit()
			return 0, nil
		})
		next := executor.RunIn(ctx, p, func(context.Context) (int, error) { return 5, nil })
		_, err := bad.Await(ctx)
		require.ErrorIs(t, err, executor.ErrGoexit)
		v, err := next.Await(ctx)
		require.NoError(t, err, "a replacement worker took the queued call")
		assert.Equal(t, 5, v)
		return nil
	})
	p.Shutdown(true, false)
	assert.Equal(t, 0, p.Workers())
}

func TestPoolNameLabelsItsWorkersInProfiles(t *testing.T) {
	p, err := executor.NewPool(1, executor.WithName("labelled"))
	require.NoError(t, err)
	var profile strings.Builder
	run(t, func(ctx context.Context) error {
		_, err := executor.RunIn(ctx, p, func(context.Context) (int, error) {
			return 0, pprof.Lookup("goroutine").WriteTo(&profile, 1)
		}).Await(ctx)
		return err
	})
	p.Shutdown(true, false)
	assert.Contains(t, profile.String(), `"executor.pool":"labelled"`)
}
