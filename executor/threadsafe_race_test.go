package executor_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Cancel and Wait of RunCoroutineThreadsafe handles race from other goroutines with the
// coroutines' own completion. Whatever the interleaving, the handle's outcome agrees with
// Cancel's answer, as concurrent.futures.Future.cancel's does: true means every Wait
// returns the CancelledError with the message; false means the coroutine's result.
func TestRunCoroutineThreadsafeCancelWaitRacesAgree(t *testing.T) {
	l := loop.New()
	stop := make(chan struct{})
	done := serve(l, stop)
	const n = 200
	type outcome struct {
		v   int
		err error
	}
	type record struct {
		h         *executor.Handle[int]
		cancelled bool
		waits     [2]outcome
	}
	recs := make([]*record, n)
	var wg sync.WaitGroup
	for i := range n {
		h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
			if i%3 == 0 {
				if err := task.Sleep(ctx, 0); err != nil {
					return 0, err
				}
			}
			return i, nil
		})
		require.NoError(t, err)
		r := &record{h: h}
		recs[i] = r
		wg.Add(3)
		go func() { defer wg.Done(); r.cancelled = h.Cancel("race") }()
		for k := range 2 {
			go func() { defer wg.Done(); r.waits[k].v, r.waits[k].err = h.Wait(context.Background()) }()
		}
	}
	wg.Wait()
	for i, r := range recs {
		for _, w := range r.waits {
			if r.cancelled {
				ce := future.AsCancelled(w.err)
				if assert.NotNil(t, ce, "handle %d: Cancel said true, Wait gave %v, %v", i, w.v, w.err) {
					assert.Equal(t, "race", ce.Msg)
				}
			} else {
				assert.NoError(t, w.err, "handle %d", i)
				assert.Equal(t, i, w.v, "handle %d", i)
			}
		}
		assert.True(t, r.h.Done())
		assert.Equal(t, r.cancelled, r.h.Cancel("again"), "handle %d: cancel() of a done handle is True only if it ended cancelled", i)
	}
	close(stop)
	require.NoError(t, <-done)
}
