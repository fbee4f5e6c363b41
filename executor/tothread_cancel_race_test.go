package executor_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// defaultPoolOfOne makes a pool of one worker the default executor of the running loop,
// and returns the loop.
func defaultPoolOfOne(t *testing.T, ctx context.Context) *loop.Loop {
	t.Helper()
	l, _ := loop.Get(ctx)
	pool, err := executor.NewPool(1)
	require.NoError(t, err)
	require.NoError(t, executor.SetDefault(l, pool))
	return l
}

// The task awaiting ToThread is cancelled in the same loop iteration as the worker's
// result arrives. On a pool of one worker, a second call queued behind the first starts
// only after the first has posted its outcome to the loop's inbox, so a loop callback
// that releases the first worker and waits for the second to start knows that the
// outcome is queued, without any timing.
//
// CPython 3.13 (ThreadPoolExecutor(1) as default executor; fn1 waits on an Event; fn2
// queued behind it; a call_soon callback does the release and the cancel):
//
//	cancel-then-release A cancelled True            ['fn1 returned']
//	result-queued-then-cancel A cancelled True      ['fn1 returned']
//	result-then-cancel A cancelled True             ['fn1 returned']
//
// (result-then-cancel: fn2 posts A.cancel with call_soon_threadsafe, behind fn1's
// outcome, so both reach the loop in the same iteration, the outcome first.)
func TestToThreadCancelledInTheIterationItsResultArrives(t *testing.T) {
	t.Parallel()
	for _, order := range []string{"cancel-then-release", "result-queued-then-cancel", "result-then-cancel"} {
		t.Run(order, func(t *testing.T) {
			var fn1Returned, fn2Ran atomic.Int32
			run(t, func(ctx context.Context) error {
				l := defaultPoolOfOne(t, ctx)
				release := make(chan struct{})
				started2 := make(chan struct{})
				running1 := make(chan struct{})
				a := task.Spawn(ctx, func(ctx context.Context) (int, error) {
					return executor.ToThread(ctx, func(context.Context) (int, error) {
						close(running1)
						<-release // ignores its context
						fn1Returned.Add(1)
						return 1, nil
					})
				})
				require.NoError(t, task.Sleep(ctx, 0)) // a submits fn1
				f2 := executor.RunIn(ctx, nil, func(context.Context) (struct{}, error) {
					fn2Ran.Add(1)
					if order == "result-then-cancel" {
						l.CallSoonThreadsafe(func() { a.Cancel("") })
					}
					close(started2)
					return struct{}{}, nil
				})
				l.CallSoon(func() {
					<-running1 // fn1 is running, not queued: a cancel cannot drop it
					if order == "cancel-then-release" {
						a.Cancel("")
						close(release)
						return
					}
					close(release)
					<-started2 // fn1's outcome is in the inbox now
					if order == "result-queued-then-cancel" {
						a.Cancel("")
					}
				})
				_, err := a.Await(ctx)
				assert.True(t, future.IsCancelled(err), "got %v", err)
				assert.True(t, a.Cancelled())
				_, err = f2.Await(ctx)
				require.NoError(t, err)
				return nil
			})
			assert.Equal(t, int32(1), fn1Returned.Load())
			assert.Equal(t, int32(1), fn2Ran.Load())
		})
	}
}

// A ToThread call queued behind a busy pool of one worker is cancelled: it never runs,
// not even after the busy call returns and the pool drains.
//
// CPython 3.13: "queued: cancelled", "queued: busy", and after
// shutdown_default_executor() "queued: count 0".
func TestToThreadCancelledWhileQueuedNeverRuns(t *testing.T) {
	t.Parallel()
	var count atomic.Int32
	release := make(chan struct{})
	run(t, func(ctx context.Context) error {
		defaultPoolOfOne(t, ctx)
		busy := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			return executor.ToThread(ctx, func(context.Context) (string, error) {
				<-release
				return "busy", nil
			})
		})
		require.NoError(t, task.Sleep(ctx, 0))
		var queued []*task.Task[string]
		for range 3 {
			queued = append(queued, task.Spawn(ctx, func(ctx context.Context) (string, error) {
				return executor.ToThread(ctx, func(context.Context) (string, error) {
					count.Add(1)
					return "counted", nil
				})
			}))
		}
		require.NoError(t, task.Sleep(ctx, 0))
		for _, q := range queued {
			q.Cancel("")
		}
		for _, q := range queued {
			_, err := q.Await(ctx)
			assert.True(t, future.IsCancelled(err), "got %v", err)
		}
		close(release)
		v, err := busy.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, "busy", v)
		// A later call on the same pool still runs: the cancelled ones left no slot taken.
		v, err = executor.ToThread(ctx, func(context.Context) (string, error) { return "after", nil })
		require.NoError(t, err)
		assert.Equal(t, "after", v)
		return nil
	})
	assert.Equal(t, int32(0), count.Load(), "a call cancelled while queued never runs")
}

// The same on a pool given to RunIn: cancelling the future of a queued call.
func TestRunInCancelledWhileQueuedNeverRuns(t *testing.T) {
	t.Parallel()
	var count atomic.Int32
	release := make(chan struct{})
	pool, err := executor.NewPool(1)
	require.NoError(t, err)
	run(t, func(ctx context.Context) error {
		busy := executor.RunIn(ctx, pool, func(context.Context) (int, error) { <-release; return 1, nil })
		queued := executor.RunIn(ctx, pool, func(context.Context) (int, error) { count.Add(1); return 2, nil })
		require.True(t, queued.Cancel(""))
		require.NoError(t, task.Sleep(ctx, 0)) // the watcher abandons the call
		close(release)
		v, err := busy.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, v)
		return nil
	})
	pool.Shutdown(true, false)
	assert.Equal(t, int32(0), count.Load())
}
