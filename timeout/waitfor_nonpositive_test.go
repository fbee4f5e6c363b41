package timeout_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// wait_for with timeout ≤ 0 (3.13's early branch: ensure_future, done → result, else
// _cancel_and_wait and TimeoutError only if the future ended cancelled).
//
// CPython 3.13, for to in (0, -1), gives for each:
//
//	done: 7
//	done failed: ValueError('v')
//	pending: TimeoutError True CancelledError
//	swallow: swallowed 0.1 1           (value, elapsed, t.cancelling())
//	unstarted: TimeoutError ran []
//	coro: TimeoutError ran []
//	gathering: [1, 2]                  (children done, gathering's callbacks not yet run)
//	cancel returns False g.done False
//	gathering failed child: ValueError('x')
//	gathering swallow raised TimeoutError
//
// and a done, cancelled future raises its CancelledError; after a pending one the
// caller's cancelling() is 0.
var nonPositive = []time.Duration{0, -time.Second}

// forEachNonPositive runs body as the main task, in a subtest for each timeout ≤ 0.
func forEachNonPositive(t *testing.T, body func(t *testing.T, ctx context.Context, d time.Duration)) {
	t.Helper()
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				body(t, ctx, d)
				return nil
			}))
		})
	}
}

// spawnSwallower spawns a task that sleeps 10s; cancelled, it sleeps 0.1s more and
// returns "swallowed". The caller lets it start.
func spawnSwallower(t *testing.T, ctx context.Context) *task.Task[string] {
	t.Helper()
	tk := task.Spawn(ctx, func(ctx context.Context) (string, error) {
		if err := task.Sleep(ctx, 10*time.Second); err != nil {
			if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
				return "", err
			}
			return "swallowed", nil
		}
		return "slept", nil
	})
	require.NoError(t, task.Sleep(ctx, 0))
	return tk
}

// gatheringOfJustCompletedChildren gathers two futures and completes them with 1 and
// 2: the children are done, the gathering's own callbacks have not run yet.
func gatheringOfJustCompletedChildren(t *testing.T, ctx context.Context) *gather.Gathering[int] {
	t.Helper()
	g, a, b := gatheringOfTwo(ctx)
	require.NoError(t, a.SetResult(1))
	require.NoError(t, b.SetResult(2))
	return g
}

// failedFuture returns a future that has already failed with err.
func failedFuture(t *testing.T, ctx context.Context, err error) *future.Future[int] {
	t.Helper()
	l, _ := loop.Get(ctx)
	f := future.New[int](l)
	require.NoError(t, f.SetException(err))
	return f
}

func TestWaitForNonPositiveOnDoneFutures(t *testing.T) {
	t.Parallel()
	bad := errors.New("v")
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		l, _ := loop.Get(ctx)
		f := future.New[int](l)
		require.NoError(t, f.SetResult(7))
		v, err := timeout.WaitFor(ctx, f, d)
		require.NoError(t, err)
		assert.Equal(t, 7, v)

		g := failedFuture(t, ctx, bad)
		_, err = timeout.WaitFor(ctx, g, d)
		assert.ErrorIs(t, err, bad)
		assert.NotErrorIs(t, err, timeout.ErrTimeout)

		c := future.New[int](l)
		c.Cancel("")
		_, err = timeout.WaitFor(ctx, c, d)
		assert.True(t, future.IsCancelled(err), "a done cancelled future raises its CancelledError: %v", err)
	})
}

func TestWaitForNonPositiveOnAPendingFuture(t *testing.T) {
	t.Parallel()
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		l, _ := loop.Get(ctx)
		f := future.New[int](l)
		_, err := timeout.WaitFor(ctx, f, d)
		require.ErrorIs(t, err, timeout.ErrTimeout)
		assert.True(t, f.Cancelled())
		assert.Zero(t, task.Current(ctx).Cancelling(), "the caller is not cancelled")
		// The caller can await again at once.
		require.NoError(t, task.Sleep(ctx, 0))
	})
}

func TestWaitForNonPositiveOnATaskThatSwallowsTheCancellation(t *testing.T) {
	t.Parallel()
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		tk := spawnSwallower(t, ctx)
		t0 := now(ctx)
		v, err := timeout.WaitFor(ctx, tk, d)
		require.NoError(t, err)
		assert.Equal(t, "swallowed", v)
		assert.Equal(t, 100*time.Millisecond, since(ctx, t0))
		assert.Equal(t, 1, tk.Cancelling(), "the task was not uncancelled")
	})
}

func TestWaitForNonPositiveOnAnUnstartedTask(t *testing.T) {
	t.Parallel()
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		ran := false
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) { ran = true; return 1, nil })
		_, err := timeout.WaitFor(ctx, tk, d)
		require.ErrorIs(t, err, timeout.ErrTimeout)
		assert.False(t, ran)
		assert.True(t, tk.Cancelled())
	})
}

// A gathering whose children are all done, its own callbacks not yet run: its Cancel
// returns false, _cancel_and_wait still waits for it, and wait_for returns its result.
func TestWaitForNonPositiveOnAGatheringThatRefusesTheCancel(t *testing.T) {
	t.Parallel()
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		g := gatheringOfJustCompletedChildren(t, ctx)
		require.False(t, g.Done())
		vs, err := timeout.WaitFor[[]int](ctx, g, d)
		require.NoError(t, err)
		assert.Equal(t, []int{1, 2}, vs)

		// Cancel itself returns false, and the gathering ends with the results.
		g = gatheringOfJustCompletedChildren(t, ctx)
		assert.False(t, g.Cancel(""))
		assert.False(t, g.Done())
		vs, err = g.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, []int{1, 2}, vs)
	})
}

func TestWaitForNonPositiveOnAGatheringWithAFailedChild(t *testing.T) {
	t.Parallel()
	bad := errors.New("x")
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		a := failedFuture(t, ctx, bad)
		g := gather.Start[int](ctx, a)
		_, err := timeout.WaitFor[[]int](ctx, g, d)
		assert.ErrorIs(t, err, bad)
		assert.NotErrorIs(t, err, timeout.ErrTimeout)
	})
}

// A gathering of a task that swallows the cancellation: the cancel was requested, so
// the gathering ends with a CancelledError, which wait_for turns into a TimeoutError.
func TestWaitForNonPositiveOnAGatheringOfASwallowingTask(t *testing.T) {
	t.Parallel()
	forEachNonPositive(t, func(t *testing.T, ctx context.Context, d time.Duration) {
		tk := spawnSwallower(t, ctx)
		g := gather.Start[string](ctx, tk)
		_, err := timeout.WaitFor[[]string](ctx, g, d)
		assert.ErrorIs(t, err, timeout.ErrTimeout)
		v, terr := tk.Result()
		require.NoError(t, terr)
		assert.Equal(t, "swallowed", v)
	})
}
