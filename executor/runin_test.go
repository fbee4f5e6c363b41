package executor_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

func TestRunInCancellingTheFutureCancelsTheWorkersContext(t *testing.T) {
	p, err := executor.NewPool(2)
	require.NoError(t, err)
	defer p.Shutdown(true, false)
	stopped := make(chan error, 1)
	inWorker := make(chan struct{})
	run(t, func(ctx context.Context) error {
		f := executor.RunIn(ctx, p, func(wctx context.Context) (int, error) {
			close(inWorker)
			<-wctx.Done()
			stopped <- wctx.Err()
			return 0, wctx.Err()
		})
		_, err := executor.RunIn(ctx, p, func(context.Context) (struct{}, error) { <-inWorker; return struct{}{}, nil }).Await(ctx)
		require.NoError(t, err)
		assert.True(t, f.Cancel("no longer needed"))
		_, err = f.Await(ctx)
		require.True(t, future.IsCancelled(err))
		// The done callback that cancels the worker runs in the next iteration; the
		// worker's own error comes back through the loop afterwards and is dropped.
		_, err = executor.RunIn(ctx, p, func(context.Context) (error, error) { return <-stopped, nil }).Await(ctx)
		require.NoError(t, err)
		return nil
	})
}

func TestRunInACallCancelledWhileQueuedNeverRuns(t *testing.T) {
	p, err := executor.NewPool(1)
	require.NoError(t, err)
	release := make(chan struct{})
	var ran atomic.Bool
	run(t, func(ctx context.Context) error {
		busy := executor.RunIn(ctx, p, func(context.Context) (int, error) { <-release; return 1, nil })
		queued := executor.RunIn(ctx, p, func(context.Context) (int, error) { ran.Store(true); return 2, nil })
		require.True(t, queued.Cancel(""))
		require.NoError(t, task.Sleep(ctx, 0)) // the watcher gives the call up
		close(release)
		_, err := busy.Await(ctx)
		require.NoError(t, err)
		after := executor.RunIn(ctx, p, func(context.Context) (int, error) { return 3, nil })
		v, err := after.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 3, v)
		return nil
	})
	p.Shutdown(true, false)
	assert.False(t, ran.Load(), "a call cancelled before a worker took it must not run")
}

func TestRunInWithANilPoolUsesTheDefault(t *testing.T) {
	run(t, func(ctx context.Context) error {
		v, err := executor.RunIn(ctx, nil, func(context.Context) (string, error) { return "default", nil }).Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, "default", v)
		p, err := executor.Default(task.Current(ctx).Loop())
		require.NoError(t, err)
		assert.Equal(t, 1, p.Workers(), "the call started the default pool's first worker")
		return nil
	})
}

func TestRunInBadInput(t *testing.T) {
	assert.PanicsWithValue(t, "executor: RunIn: the context carries no event loop (use a task's context)", func() {
		executor.RunIn(context.Background(), nil, func(context.Context) (int, error) { return 0, nil })
	})
	run(t, func(ctx context.Context) error {
		_, err := executor.RunIn[int](ctx, nil, nil).Await(ctx)
		require.ErrorIs(t, err, executor.ErrNilFunc)
		return nil
	})
}

func TestClosingTheLoopCancelsTheContextsOfCallsNobodyAwaits(t *testing.T) {
	// A RunIn future that main never awaits: its outcome can reach no one once the loop
	// is closed, so Close cancels the call's context instead of waiting for it (a
	// context-aware function stops), then waits for the worker.
	sawCancel := make(chan error, 1)
	started := make(chan struct{})
	run(t, func(ctx context.Context) error {
		executor.RunIn(ctx, nil, func(wctx context.Context) (int, error) {
			close(started)
			select {
			case <-wctx.Done():
				sawCancel <- wctx.Err()
			case <-time.After(10 * time.Second):
				sawCancel <- nil
			}
			return 0, nil
		})
		// Return once the worker runs (a call given up while still queued never runs).
		_, err := executor.ToThread(ctx, func(context.Context) (struct{}, error) { <-started; return struct{}{}, nil })
		return err
	})
	select {
	case err := <-sawCancel:
		require.ErrorIs(t, err, context.Canceled)
	default:
		t.Fatal("task.Run returned before the worker did")
	}
}

// A function that returns a CancelledError fails the future with it; the future is not
// cancelled, as asyncio's run_in_executor copies the concurrent future's exception:
//
//	fut = loop.run_in_executor(None, f)   # f raises CancelledError('w')
//	await fut                             → CancelledError ('w',)
//	fut.cancelled(), fut.exception()      → False CancelledError ('w',)
//	await create_task(to_thread(f))       → the task ends cancelled: True ('w',)
func TestRunInAFunctionReturningACancelledErrorFailsTheFuture(t *testing.T) {
	var (
		awaited, exception error
		cancelled          bool
		viaTask            error
		taskCancelled      bool
	)
	returnsCancelled := func(context.Context) (int, error) { return 0, &future.CancelledError{Msg: "w"} }
	run(t, func(ctx context.Context) error {
		f := executor.RunIn(ctx, nil, returnsCancelled)
		_, awaited = f.Await(ctx)
		cancelled = f.Cancelled()
		exception, _ = f.Exception()
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) { return executor.ToThread(ctx, returnsCancelled) })
		_, viaTask = tk.Await(ctx)
		taskCancelled = tk.Cancelled()
		return nil
	})
	require.NotNil(t, future.AsCancelled(awaited))
	assert.Equal(t, "w", future.AsCancelled(awaited).Msg)
	assert.False(t, cancelled, "the future holds the CancelledError as its exception")
	require.NotNil(t, future.AsCancelled(exception))
	assert.Equal(t, "w", future.AsCancelled(exception).Msg)
	assert.True(t, taskCancelled, "a task whose body returns the CancelledError ends cancelled")
	assert.Equal(t, "w", future.AsCancelled(viaTask).Msg)
}

// A Pool not made by NewPool (its bound is 0) is an error where work is submitted,
// not work queued forever for a worker that never starts (RunIn used to hang); a nil
// option to NewPool and a nil loop given to Default or SetDefault are errors, not
// nil-pointer panics. CPython 3.13: ThreadPoolExecutor(0) raises "ValueError:
// max_workers must be greater than 0".
func TestZeroPoolNilOptionAndNilLoopAreErrors(t *testing.T) {
	_, err := executor.NewPool(1, nil)
	assert.EqualError(t, err, "executor: NewPool: nil option")
	_, err = executor.Default(nil)
	assert.EqualError(t, err, "executor: Default: nil loop")
	p, err := executor.NewPool(1)
	require.NoError(t, err)
	defer p.Shutdown(true, false)
	assert.EqualError(t, executor.SetDefault(nil, p), "executor: SetDefault: nil loop")
	run(t, func(ctx context.Context) error {
		_, err := executor.RunIn(ctx, &executor.Pool{}, func(context.Context) (int, error) { return 1, nil }).Await(ctx)
		assert.ErrorIs(t, err, executor.ErrZeroPool)
		return nil
	})
}
