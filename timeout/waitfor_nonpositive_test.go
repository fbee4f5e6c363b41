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

func TestWaitForNonPositiveOnDoneFutures(t *testing.T) {
	t.Parallel()
	bad := errors.New("v")
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				f := future.New[int](l)
				require.NoError(t, f.SetResult(7))
				v, err := timeout.WaitFor(ctx, f, d)
				require.NoError(t, err)
				assert.Equal(t, 7, v)

				g := future.New[int](l)
				require.NoError(t, g.SetException(bad))
				_, err = timeout.WaitFor(ctx, g, d)
				assert.ErrorIs(t, err, bad)
				assert.NotErrorIs(t, err, timeout.ErrTimeout)

				c := future.New[int](l)
				c.Cancel("")
				_, err = timeout.WaitFor(ctx, c, d)
				assert.True(t, future.IsCancelled(err), "a done cancelled future raises its CancelledError: %v", err)
				return nil
			}))
		})
	}
}

func TestWaitForNonPositiveOnAPendingFuture(t *testing.T) {
	t.Parallel()
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				f := future.New[int](l)
				_, err := timeout.WaitFor(ctx, f, d)
				require.ErrorIs(t, err, timeout.ErrTimeout)
				assert.True(t, f.Cancelled())
				assert.Zero(t, task.Current(ctx).Cancelling(), "the caller is not cancelled")
				// The caller can await again at once.
				require.NoError(t, task.Sleep(ctx, 0))
				return nil
			}))
		})
	}
}

func TestWaitForNonPositiveOnATaskThatSwallowsTheCancellation(t *testing.T) {
	t.Parallel()
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
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
				t0 := now(ctx)
				v, err := timeout.WaitFor(ctx, tk, d)
				require.NoError(t, err)
				assert.Equal(t, "swallowed", v)
				assert.Equal(t, 100*time.Millisecond, since(ctx, t0))
				assert.Equal(t, 1, tk.Cancelling(), "the task was not uncancelled")
				return nil
			}))
		})
	}
}

func TestWaitForNonPositiveOnAnUnstartedTask(t *testing.T) {
	t.Parallel()
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				ran := false
				tk := task.Spawn(ctx, func(ctx context.Context) (int, error) { ran = true; return 1, nil })
				_, err := timeout.WaitFor(ctx, tk, d)
				require.ErrorIs(t, err, timeout.ErrTimeout)
				assert.False(t, ran)
				assert.True(t, tk.Cancelled())
				return nil
			}))
		})
	}
}

// A gathering whose children are all done, its own callbacks not yet run: its Cancel
// returns false, _cancel_and_wait still waits for it, and wait_for returns its result.
func TestWaitForNonPositiveOnAGatheringThatRefusesTheCancel(t *testing.T) {
	t.Parallel()
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				a, b := future.New[int](l), future.New[int](l)
				g := gather.Start[int](ctx, a, b)
				require.NoError(t, a.SetResult(1))
				require.NoError(t, b.SetResult(2))
				require.False(t, g.Done())
				vs, err := timeout.WaitFor[[]int](ctx, g, d)
				require.NoError(t, err)
				assert.Equal(t, []int{1, 2}, vs)

				// Cancel itself returns false, and the gathering ends with the results.
				a, b = future.New[int](l), future.New[int](l)
				g = gather.Start[int](ctx, a, b)
				require.NoError(t, a.SetResult(1))
				require.NoError(t, b.SetResult(2))
				assert.False(t, g.Cancel(""))
				assert.False(t, g.Done())
				vs, err = g.Await(ctx)
				require.NoError(t, err)
				assert.Equal(t, []int{1, 2}, vs)
				return nil
			}))
		})
	}
}

func TestWaitForNonPositiveOnAGatheringWithAFailedChild(t *testing.T) {
	t.Parallel()
	bad := errors.New("x")
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				a := future.New[int](l)
				require.NoError(t, a.SetException(bad))
				g := gather.Start[int](ctx, a)
				_, err := timeout.WaitFor[[]int](ctx, g, d)
				assert.ErrorIs(t, err, bad)
				assert.NotErrorIs(t, err, timeout.ErrTimeout)
				return nil
			}))
		})
	}
}

// A gathering of a task that swallows the cancellation: the cancel was requested, so
// the gathering ends with a CancelledError, which wait_for turns into a TimeoutError.
func TestWaitForNonPositiveOnAGatheringOfASwallowingTask(t *testing.T) {
	t.Parallel()
	for _, d := range nonPositive {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
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
				g := gather.Start[string](ctx, tk)
				_, err := timeout.WaitFor[[]string](ctx, g, d)
				assert.ErrorIs(t, err, timeout.ErrTimeout)
				v, terr := tk.Result()
				require.NoError(t, terr)
				assert.Equal(t, "swallowed", v)
				return nil
			}))
		})
	}
}
