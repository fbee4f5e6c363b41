package executor_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// A handle that ended cancelled answers Cancel with true again, as a cancelled
// concurrent.futures.Future does; one that ended with a result or an error answers false.
// CPython 3.13, with the loop running on another thread:
//
//	f = run_coroutine_threadsafe(sleeper(5), loop); f.cancel(), f.cancelled()  → True True
//	f.cancel()                                                                 → True
//	f = run_coroutine_threadsafe(boom(), loop); f.result(1)                    → ValueError boom
//	f.cancel()                                                                 → False
//	async def selfcancel(): asyncio.current_task().cancel(); await asyncio.sleep(0)
//	f = run_coroutine_threadsafe(selfcancel(), loop); f.result(1)  → CancelledError, f.cancelled() True
func TestRunCoroutineThreadsafeCancelOfADoneHandleSaysWhetherItEndedCancelled(t *testing.T) {
	l := loop.New()
	stop := make(chan struct{})
	done := serve(l, stop)
	wait := func(ctx context.Context) context.Context {
		c, cancel := context.WithTimeout(ctx, time.Minute) // fails rather than hangs
		t.Cleanup(cancel)
		return c
	}

	entered := make(chan struct{})
	sleeper, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
		close(entered)
		return 0, task.Sleep(ctx, time.Hour)
	})
	require.NoError(t, err)
	<-entered
	assert.True(t, sleeper.Cancel("first"))
	assert.True(t, sleeper.Cancelled())
	assert.True(t, sleeper.Cancel("again"), "a cancelled handle: cancel() is True again")
	_, err = sleeper.Wait(wait(context.Background()))
	ce := future.AsCancelled(err)
	require.NotNil(t, ce)
	assert.Equal(t, "first", ce.Msg, "the second Cancel changed nothing")

	boom, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) { return 0, errors.New("boom") })
	require.NoError(t, err)
	_, err = boom.Wait(wait(context.Background()))
	require.EqualError(t, err, "boom")
	assert.False(t, boom.Cancel(""), "a finished handle cannot be cancelled")
	assert.False(t, boom.Cancelled())

	selfCancel, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
		task.Current(ctx).Cancel("")
		return 0, task.Sleep(ctx, 0)
	})
	require.NoError(t, err)
	_, err = selfCancel.Wait(wait(context.Background()))
	require.True(t, future.IsCancelled(err), "got %v", err)
	assert.True(t, selfCancel.Cancelled(), "the task was cancelled: so is the handle")
	assert.True(t, selfCancel.Cancel(""), "a cancelled handle: cancel() is True")

	close(stop)
	require.NoError(t, <-done)
}
