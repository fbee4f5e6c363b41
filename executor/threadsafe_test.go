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

// serve runs l in the background until stop is closed, then closes it; the returned
// channel delivers the loop's error once it is closed.
func serve(l *loop.Loop, stop <-chan struct{}) <-chan error {
	out := make(chan error, 1)
	go func() {
		go func() {
			<-stop
			_, _ = l.CallSoonThreadsafe(l.Stop)
		}()
		err := l.RunForever()
		if cerr := l.Close(); err == nil {
			err = cerr
		}
		out <- err
	}()
	return out
}

func TestRunCoroutineThreadsafeFromAnotherGoroutine(t *testing.T) {
	l := loop.New()
	stop := make(chan struct{})
	done := serve(l, stop)
	h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
		if err := task.Sleep(ctx, time.Millisecond); err != nil {
			return 0, err
		}
		return 42, nil
	}, task.WithName("from-outside"))
	require.NoError(t, err)
	v, err := h.Wait(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	assert.True(t, h.Done())
	assert.False(t, h.Cancel(""), "a done handle cannot be cancelled")

	failing, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) { return 0, errors.New("nope") })
	require.NoError(t, err)
	_, err = failing.Wait(context.Background())
	assert.EqualError(t, err, "nope")
	close(stop)
	require.NoError(t, <-done)
}

func TestRunCoroutineThreadsafeCancel(t *testing.T) {
	l := loop.New()
	stop := make(chan struct{})
	done := serve(l, stop)
	entered := make(chan struct{})
	sawCancel := make(chan error, 1)
	h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
		close(entered)
		err := task.Sleep(ctx, time.Hour)
		sawCancel <- err
		return 0, err
	})
	require.NoError(t, err)
	<-entered
	assert.True(t, h.Cancel("from outside"))
	_, err = h.Wait(context.Background())
	var ce *future.CancelledError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "from outside", ce.Msg)
	assert.True(t, future.IsCancelled(<-sawCancel), "the task itself was cancelled")
	close(stop)
	require.NoError(t, <-done)
}

func TestRunCoroutineThreadsafeWaitTimesOutWithoutCancelling(t *testing.T) {
	l := loop.New()
	stop := make(chan struct{})
	done := serve(l, stop)
	release := make(chan struct{})
	h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
		return executor.ToThread(ctx, func(context.Context) (int, error) { <-release; return 1, nil })
	})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = h.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	close(release)
	v, err := h.Wait(context.Background())
	require.NoError(t, err, "the coroutine went on")
	assert.Equal(t, 1, v)
	close(stop)
	require.NoError(t, <-done)
}

func TestRunCoroutineThreadsafeWaitOnTheLoopIsAnErrorNotADeadlock(t *testing.T) {
	run(t, func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) { return 1, nil })
		require.NoError(t, err)
		_, err = h.Wait(ctx)
		require.ErrorIs(t, err, executor.ErrWaitOnLoop)
		_, err = l.CallSoon(func() {
			_, err := h.Wait(context.Background())
			assert.ErrorIs(t, err, executor.ErrWaitOnLoop, "on the loop goroutine itself")
		})
		require.NoError(t, err)
		for i := 0; i < 10 && !h.Done(); i++ {
			require.NoError(t, task.Sleep(ctx, 0))
		}
		v, err := h.Wait(ctx)
		require.NoError(t, err, "a done handle is fine to read anywhere")
		assert.Equal(t, 1, v)
		return nil
	})
}

func TestRunCoroutineThreadsafeBadInputAndClosedLoop(t *testing.T) {
	coro := func(ctx context.Context) (int, error) { return 1, nil }
	_, err := executor.RunCoroutineThreadsafe[int](nil, coro)
	assert.ErrorContains(t, err, "executor: RunCoroutineThreadsafe: nil loop")
	l := loop.New()
	_, err = executor.RunCoroutineThreadsafe[int](l, nil)
	assert.ErrorContains(t, err, "executor: RunCoroutineThreadsafe: nil coroutine")
	// A nil option: an error here, not a panic on the loop that leaves Wait hanging.
	_, err = executor.RunCoroutineThreadsafe(l, coro, nil)
	assert.ErrorContains(t, err, "executor: RunCoroutineThreadsafe: nil option")
	require.NoError(t, l.Close())
	_, err = executor.RunCoroutineThreadsafe(l, coro)
	require.ErrorIs(t, err, loop.ErrClosed)
}

func TestRunCoroutineThreadsafeEndsWhenTheLoopClosesUnderIt(t *testing.T) {
	l := loop.New(virtual())
	h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
		return future.New[int](task.Current(ctx).Loop()).Await(ctx) // never completed
	})
	require.NoError(t, err)
	// Run until the task is parked, then close the loop without cancelling it.
	_, err = l.CallLater(time.Second, l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	_, err = h.Wait(context.Background())
	require.ErrorIs(t, err, loop.ErrClosed)
}
