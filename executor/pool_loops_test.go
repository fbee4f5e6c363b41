package executor_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
)

// One pool serving several loops at once, each submitting bursts: every call's outcome
// comes back to the loop that made it, the pool never runs more calls at once than its
// bound, and the calls that wait for each other across loops (as many as the bound: one
// per loop) all get a worker.
func TestPoolSharedBySeveralLoopsServesEveryBurst(t *testing.T) {
	const loops, bound, burst = 4, 4, 200
	p, err := executor.NewPool(bound)
	require.NoError(t, err)
	var inFlight, maxInFlight, maxWorkers atomic.Int32
	var rendezvous sync.WaitGroup // one call of every loop waits for the others'
	rendezvous.Add(loops)
	var wg sync.WaitGroup
	for li := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(t, func(ctx context.Context) error {
				futs := make([]*future.Future[int], burst)
				for i := range futs {
					futs[i] = executor.RunIn(ctx, p, func(context.Context) (int, error) {
						n := inFlight.Add(1)
						defer inFlight.Add(-1)
						for {
							m := maxInFlight.Load()
							if n <= m || maxInFlight.CompareAndSwap(m, n) {
								break
							}
						}
						if w := int32(p.Workers()); w > maxWorkers.Load() {
							maxWorkers.Store(w) // racy max, but only ever compared to the bound
						}
						if i == burst/2 {
							rendezvous.Done()
							rendezvous.Wait()
						}
						return li*burst + i, nil
					})
				}
				for i, f := range futs {
					v, err := f.Await(ctx)
					require.NoError(t, err)
					assert.Equal(t, li*burst+i, v)
				}
				return nil
			})
		}()
	}
	wg.Wait()
	p.Shutdown(true, false)
	assert.LessOrEqual(t, maxInFlight.Load(), int32(bound))
	assert.LessOrEqual(t, maxWorkers.Load(), int32(bound))
	assert.Equal(t, 0, p.Workers())
}
