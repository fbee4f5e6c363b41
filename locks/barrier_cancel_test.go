package locks_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// barrierParty waits on b and records its outcome in res under key i, as
//
//	async def party(i):
//	    try: res[i] = await b.wait()
//	    except BaseException as e: res[i] = type(e).__name__; raise
func barrierParty(b *locks.Barrier, res map[int]string, i int) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		idx, err := b.Wait(ctx)
		switch {
		case err == nil:
			res[i] = fmt.Sprint(idx)
		case future.IsCancelled(err):
			res[i] = "CancelledError"
		case errors.Is(err, locks.ErrBrokenBarrier):
			res[i] = "BrokenBarrierError"
		default:
			res[i] = err.Error()
		}
		return struct{}{}, err
	}
}

func sortedResults(res map[int]string) []string {
	keys := make([]int, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d:%s", k, res[k])
	}
	return out
}

// CPython 3.13, the same program:
//
//	b = asyncio.Barrier(3); two parties wait; a third arrives and releases them;
//	ts[0].cancel() before it runs again
//	b = asyncio.Barrier(3); two parties wait; await b.reset(); ts[1].cancel()
//	then three new parties 10, 11, 12
//
// printed
//
//	True
//	[(0, 'CancelledError'), (1, 1), (2, 2)] [filling, waiters:0/3]
//	[(0, 'BrokenBarrierError'), (1, 'CancelledError')] [filling, waiters:0/3]
//	[..., (10, 0), (11, 1), (12, 2)] [filling, waiters:0/3]
func TestBarrierPartyCancelledWhileDrainingAndWhileResetting(t *testing.T) {
	run(t, func(ctx context.Context) error {
		// A party cancelled after the last one released it, before it ran.
		b := locks.NewBarrier(3)
		res := map[int]string{}
		ts := []*task.Task[struct{}]{task.Spawn(ctx, barrierParty(b, res, 0)), task.Spawn(ctx, barrierParty(b, res, 1))}
		require.NoError(t, task.Sleep(ctx, 0))
		ts = append(ts, task.Spawn(ctx, barrierParty(b, res, 2)))
		require.NoError(t, task.Sleep(ctx, 0))
		assert.True(t, ts[0].Cancel(""))
		_, _ = gatherAll(ctx, ts)
		assert.Equal(t, []string{"0:CancelledError", "1:1", "2:2"}, sortedResults(res))
		assert.Equal(t, "<Barrier [filling, waiters:0/3]>", b.String())

		// Reset while two wait, one of them cancelled in the same iteration.
		b = locks.NewBarrier(3)
		res = map[int]string{}
		ts = []*task.Task[struct{}]{task.Spawn(ctx, barrierParty(b, res, 0)), task.Spawn(ctx, barrierParty(b, res, 1))}
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, b.Reset(ctx))
		ts[1].Cancel("")
		_, _ = gatherAll(ctx, ts)
		assert.Equal(t, []string{"0:BrokenBarrierError", "1:CancelledError"}, sortedResults(res))
		assert.Equal(t, "<Barrier [filling, waiters:0/3]>", b.String())

		// Usable afterwards.
		ts = []*task.Task[struct{}]{task.Spawn(ctx, barrierParty(b, res, 10)), task.Spawn(ctx, barrierParty(b, res, 11)), task.Spawn(ctx, barrierParty(b, res, 12))}
		_, _ = gatherAll(ctx, ts)
		assert.Equal(t, []string{"0:BrokenBarrierError", "1:CancelledError", "10:0", "11:1", "12:2"}, sortedResults(res))
		assert.Equal(t, "<Barrier [filling, waiters:0/3]>", b.String())
		return nil
	})
}

// gatherAll waits for every task, whatever its outcome.
func gatherAll(ctx context.Context, ts []*task.Task[struct{}]) (int, error) {
	n := 0
	for _, tk := range ts {
		if _, _, err := task.Wait(ctx, []*task.Task[struct{}]{tk}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
