package executor_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

type userKey struct{}

func TestToThreadReturnsResultAndErrorAsTheyAre(t *testing.T) {
	sentinel := errors.New("disk on fire")
	run(t, func(ctx context.Context) error {
		v, err := executor.ToThread(ctx, func(context.Context) (string, error) { return "ok", nil })
		require.NoError(t, err)
		assert.Equal(t, "ok", v)
		_, err = executor.ToThread(ctx, func(context.Context) (int, error) { return 0, sentinel })
		assert.Same(t, sentinel, err, "an error comes back as it is, not wrapped")
		return nil
	})
}

func TestToThreadPanicIsAPanicErrorWithTheWorkersStack(t *testing.T) {
	run(t, func(ctx context.Context) error {
		_, err := executor.ToThread(ctx, func(context.Context) (int, error) { panic("boom") })
		var pe *loop.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "boom", pe.Value)
		assert.Contains(t, string(pe.Stack), "TestToThreadPanicIsAPanicErrorWithTheWorkersStack", "the stack shows where it panicked")
		// The worker survived: the pool still serves.
		v, err := executor.ToThread(ctx, func(context.Context) (int, error) { return 7, nil })
		require.NoError(t, err)
		assert.Equal(t, 7, v)
		return nil
	})
}

func TestToThreadWorkerSeesTheTasksValuesButNotItsLoop(t *testing.T) {
	run(t, func(ctx context.Context) error {
		ctx = context.WithValue(ctx, userKey{}, "request-42")
		got, err := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			return executor.ToThread(ctx, func(wctx context.Context) (string, error) {
				_, lerr := loop.Get(wctx)
				if !errors.Is(lerr, loop.ErrNoLoop) {
					return "", errors.New("the worker's context must not carry the loop")
				}
				if task.Current(wctx) != nil {
					return "", errors.New("the worker's context must not carry the task")
				}
				return wctx.Value(userKey{}).(string), nil
			})
		}).Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, "request-42", got, "context values propagate to the worker (contextvars)")
		return nil
	})
}

func TestToThreadCancelledFreesTheAwaiterAndCancelsTheWorkersContext(t *testing.T) {
	stopped := make(chan error, 1)
	inWorker := make(chan struct{})
	run(t, func(ctx context.Context) error {
		t0 := now(ctx)
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return executor.ToThread(ctx, func(wctx context.Context) (int, error) {
				close(inWorker)
				<-wctx.Done() // a context-aware blocking call
				stopped <- wctx.Err()
				return 0, wctx.Err()
			})
		})
		// Wait, off the loop, for the worker to be in its blocking call.
		_, err := executor.ToThread(ctx, func(context.Context) (struct{}, error) { <-inWorker; return struct{}{}, nil })
		require.NoError(t, err)
		tk.Cancel("enough")
		_, err = tk.Await(ctx)
		var ce *future.CancelledError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "enough", ce.Msg)
		assert.True(t, tk.Cancelled())
		assert.Equal(t, time.Duration(0), now(ctx).Sub(t0), "no virtual time passed")
		return nil
	})
	select {
	case err := <-stopped:
		assert.ErrorIs(t, err, context.Canceled, "the worker's ctx was cancelled, so its call stopped")
	default:
		t.Fatal("the worker's context was not cancelled by the time task.Run returned")
	}
}

func TestToThreadWorkerIgnoringItsContextKeepsItsSlotUntilItReturns(t *testing.T) {
	// A pool of one worker: the first call ignores its context; after its task is
	// cancelled, the second call still waits for the worker, as a Python thread would.
	release := make(chan struct{})
	var order []string
	run(t, func(ctx context.Context) error {
		pool, err := executor.NewPool(1)
		require.NoError(t, err)
		require.NoError(t, executor.SetDefault(task.Current(ctx).Loop(), pool))
		stubborn := make(chan string, 1)
		inWorker := make(chan struct{})
		first := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			return executor.ToThread(ctx, func(context.Context) (string, error) {
				close(inWorker)
				<-release // ignores ctx
				stubborn <- "stubborn worker returned"
				return "dropped", nil
			})
		})
		second := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			return executor.ToThread(ctx, func(context.Context) (string, error) {
				select {
				case s := <-stubborn:
					order = append(order, s)
				default:
					order = append(order, "second ran before the stubborn worker returned")
				}
				return "second", nil
			})
		})
		// Let both tasks submit, then wait for the only worker without using the pool
		// (blocking the loop for a moment, which a test may do).
		require.NoError(t, task.Sleep(ctx, 0))
		<-inWorker
		first.Cancel("")
		_, err = first.Await(ctx)
		require.True(t, future.IsCancelled(err), "the awaiter is freed at once")
		assert.False(t, second.Done(), "the second call is queued behind the busy worker")
		assert.Equal(t, 1, pool.Workers())
		close(release)
		v, err := second.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, "second", v)
		return nil
	})
	assert.Equal(t, []string{"stubborn worker returned"}, order)
}

func TestVirtualTimeStandsStillWhileAWorkerRuns(t *testing.T) {
	run(t, func(ctx context.Context) error {
		t0 := now(ctx)
		fired := false
		_, err := task.Current(ctx).Loop().CallLater(time.Millisecond, func() { fired = true })
		require.NoError(t, err)
		_, err = executor.ToThread(ctx, func(context.Context) (int, error) {
			time.Sleep(20 * time.Millisecond) // real time, far past the virtual timer
			return 0, nil
		})
		require.NoError(t, err)
		assert.False(t, fired, "the loop must not jump to a timer while the worker runs")
		assert.Equal(t, time.Duration(0), now(ctx).Sub(t0))
		require.NoError(t, task.Sleep(ctx, time.Millisecond))
		assert.True(t, fired)
		return nil
	})
}

func TestToThreadBadInputIsAnError(t *testing.T) {
	_, err := executor.ToThread(context.Background(), func(context.Context) (int, error) { return 0, nil })
	require.ErrorIs(t, err, loop.ErrNoLoop)
	assert.True(t, strings.HasPrefix(err.Error(), "executor: "))
	run(t, func(ctx context.Context) error {
		_, err := executor.ToThread[int](ctx, nil)
		require.ErrorIs(t, err, executor.ErrNilFunc)
		l := task.Current(ctx).Loop()
		_, err = executor.ToThread(loop.WithScope(context.Background(), l), func(context.Context) (int, error) { return 0, nil })
		require.ErrorIs(t, err, future.ErrNoTask, "a loop's context is not a task's: nothing to suspend")
		return nil
	})
}

func TestToThreadOnAShutDownDefaultPoolIsAnError(t *testing.T) {
	run(t, func(ctx context.Context) error {
		p, err := executor.Default(task.Current(ctx).Loop())
		require.NoError(t, err)
		p.Shutdown(true, false)
		_, err = executor.ToThread(ctx, func(context.Context) (int, error) { return 1, nil })
		require.ErrorIs(t, err, executor.ErrShutdown)
		return nil
	})
}
