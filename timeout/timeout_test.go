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
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// cancelAfter cancels the task ctx carries once d has passed, from a timer callback.
func cancelAfter(t *testing.T, ctx context.Context, d time.Duration) {
	l, err := loop.Get(ctx)
	require.NoError(t, err)
	me := task.Current(ctx)
	_, err = l.CallLater(d, func() { me.Cancel("from outside") })
	require.NoError(t, err)
}

func TestTimeoutErrorMatchesSentinels(t *testing.T) {
	var err error = &timeout.Error{}
	assert.ErrorIs(t, err, timeout.ErrTimeout)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, future.IsCancelled(err))
}

func TestBodyInTimeReturnsItsOwnResult(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	require.NoError(t, run(func(ctx context.Context) error {
		err := timeout.Run(ctx, time.Second, func(ctx context.Context, tm *timeout.Timeout) error {
			return task.Sleep(ctx, 10*time.Millisecond)
		})
		require.NoError(t, err)
		err = timeout.Run(ctx, time.Second, func(ctx context.Context, tm *timeout.Timeout) error { return boom })
		assert.Same(t, boom, err)
		return nil
	}))
}

func TestCancellationFromOutsideStaysACancellation(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		cancelAfter(t, ctx, 50*time.Millisecond)
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			return task.Sleep(ctx, time.Second)
		})
		require.True(t, future.IsCancelled(err), "got %v", err)
		assert.NotErrorIs(t, err, timeout.ErrTimeout)
		assert.False(t, scope.Expired())
		assert.Equal(t, 1, task.Current(ctx).Cancelling(), "the outside request is still counted")
		task.Current(ctx).Uncancel()
		// The scope's timer was cancelled on exit: sleeping past its deadline is fine.
		return task.Sleep(ctx, 200*time.Millisecond)
	}))
}

func TestCancellationFromOutsideInTheSameIterationAsExpiryWins(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			// Due at the same time as the deadline, and scheduled after it.
			cancelAfter(t, ctx, 100*time.Millisecond)
			return task.Sleep(ctx, time.Second)
		})
		require.True(t, future.IsCancelled(err), "got %v", err)
		assert.True(t, scope.Expired(), "the deadline did pass")
		assert.Equal(t, 1, task.Current(ctx).Cancelling())
		task.Current(ctx).Uncancel()
		return nil
	}))
}

func TestNestedScopesAttributeExpiry(t *testing.T) {
	t.Parallel()
	t.Run("the inner deadline passes first", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			var outer, inner *timeout.Timeout
			var innerErr error
			err := timeout.Run(ctx, 200*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				outer = tm
				innerErr = timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
					inner = tm
					return task.Sleep(ctx, time.Second)
				})
				return innerErr
			})
			assert.ErrorIs(t, innerErr, timeout.ErrTimeout)
			assert.ErrorIs(t, err, timeout.ErrTimeout, "the inner TimeoutError passes through")
			assert.True(t, inner.Expired())
			assert.False(t, outer.Expired())
			assert.Zero(t, task.Current(ctx).Cancelling())
			return nil
		}))
	})
	t.Run("the outer deadline passes first", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			var outer, inner *timeout.Timeout
			var innerErr error
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				outer = tm
				innerErr = timeout.Run(ctx, 200*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
					inner = tm
					return task.Sleep(ctx, time.Second)
				})
				return innerErr
			})
			assert.True(t, future.IsCancelled(innerErr), "the inner scope passes the cancellation up: %v", innerErr)
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			assert.False(t, inner.Expired())
			assert.True(t, outer.Expired())
			assert.Zero(t, task.Current(ctx).Cancelling())
			return nil
		}))
	})
}

func TestZeroOrPastDeadlineExpiresAtTheFirstAwait(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Duration{0, -time.Second} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				ran := false
				err := timeout.Run(ctx, d, func(ctx context.Context, tm *timeout.Timeout) error {
					ran = true // runs: the body starts before the first await
					if err := task.Sleep(ctx, 0); err != nil {
						return err
					}
					t.Error("the first await must be cancelled")
					return nil
				})
				assert.True(t, ran)
				assert.ErrorIs(t, err, timeout.ErrTimeout)
				return nil
			}))
		})
	}
	t.Run("At in the past", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			err := timeout.At(ctx, now(ctx).Add(-time.Hour), func(ctx context.Context, tm *timeout.Timeout) error {
				return task.Sleep(ctx, time.Second)
			})
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			assert.Zero(t, since(ctx, time.Unix(0, 0)), "no time passed")
			return nil
		}))
	})
	t.Run("a body that never awaits is not expired", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			var scope *timeout.Timeout
			err := timeout.Run(ctx, 0, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				return nil
			})
			require.NoError(t, err)
			assert.False(t, scope.Expired())
			return task.Sleep(ctx, 0) // the cancelled handle never fires
		}))
	})
}

func TestBodyThatSwallowsTheCancellationReturnsNormally(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 10*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			if err := task.Sleep(ctx, time.Second); !future.IsCancelled(err) {
				return fmt.Errorf("want a cancellation, got %v", err)
			}
			return nil
		})
		require.NoError(t, err)
		assert.True(t, scope.Expired())
		assert.Zero(t, task.Current(ctx).Cancelling())
		return nil
	}))
}

func TestOtherErrorsAfterExpiryPassThrough(t *testing.T) {
	t.Parallel()
	boom := errors.New("cleanup failed")
	require.NoError(t, run(func(ctx context.Context) error {
		err := timeout.Run(ctx, 10*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			_ = task.Sleep(ctx, time.Second)
			return boom
		})
		assert.Same(t, boom, err)
		return nil
	}))
}

func TestRescheduleRules(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var scope *timeout.Timeout
		err := timeout.At(ctx, time.Time{}, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			_, ok := tm.When()
			assert.False(t, ok, "timeout_at(None) has no deadline")
			assert.Contains(t, tm.String(), "when=None")
			require.NoError(t, tm.Reschedule(now(ctx).Add(10*time.Millisecond)))
			when, ok := tm.When()
			assert.True(t, ok)
			assert.Equal(t, 10*time.Millisecond, when.Sub(time.Unix(0, 0)))
			assert.Equal(t, "<Timeout [active] when="+when.Format(time.RFC3339Nano)+">", tm.String())
			err := task.Sleep(ctx, time.Second)
			assert.True(t, future.IsCancelled(err))
			rerr := tm.Reschedule(now(ctx).Add(time.Hour))
			assert.ErrorContains(t, rerr, "expiring")
			return err
		})
		assert.ErrorIs(t, err, timeout.ErrTimeout)
		assert.ErrorContains(t, scope.Reschedule(time.Time{}), "expired")
		assert.Equal(t, "<Timeout [expired]>", scope.String())

		err = timeout.Run(ctx, time.Second, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			// Moving the deadline into the past expires at the next await.
			require.NoError(t, tm.Reschedule(now(ctx)))
			return task.Sleep(ctx, time.Second)
		})
		assert.ErrorIs(t, err, timeout.ErrTimeout)
		return nil
	}))
	require.NoError(t, run(func(ctx context.Context) error {
		var scope *timeout.Timeout
		require.NoError(t, timeout.Run(ctx, time.Second, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			return nil
		}))
		assert.ErrorContains(t, scope.Reschedule(time.Time{}), "finished")
		return nil
	}))
}

func TestMisuseIsAnErrorNotAHang(t *testing.T) {
	t.Parallel()
	body := func(ctx context.Context, tm *timeout.Timeout) error { return nil }
	assert.ErrorContains(t, timeout.Run(context.Background(), time.Second, body), "timeout:")
	assert.ErrorContains(t, timeout.At(context.Background(), time.Time{}, body), "timeout:")
	require.NoError(t, run(func(ctx context.Context) error {
		assert.ErrorContains(t, timeout.Run(ctx, time.Second, nil), "nil body")
		_, err := timeout.WaitFor[int](ctx, nil, time.Second)
		assert.ErrorContains(t, err, "nil awaitable")
		_, err = timeout.WaitForCoro[int](ctx, nil, time.Second)
		assert.ErrorContains(t, err, "nil awaitable")
		return nil
	}))
	_, err := timeout.WaitForCoro(context.Background(), func(ctx context.Context) (int, error) { return 1, nil }, time.Second)
	assert.ErrorContains(t, err, "timeout:")
}

func TestPanickingBodyLeavesNoTimerBehind(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		func() {
			defer func() { assert.Equal(t, "boom", recover()) }()
			_ = timeout.Run(ctx, 10*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				panic("boom")
			})
		}()
		// Past the deadline of the scope that panicked: no cancellation arrives.
		return task.Sleep(ctx, time.Second)
	}))
}

func TestWaitFor(t *testing.T) {
	t.Parallel()
	value := func(d time.Duration, v int) task.Coro[int] {
		return func(ctx context.Context) (int, error) { return v, task.Sleep(ctx, d) }
	}
	t.Run("a task in time gives its value", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			v, err := timeout.WaitFor(ctx, task.Spawn(ctx, value(10*time.Millisecond, 7)), time.Second)
			require.NoError(t, err)
			assert.Equal(t, 7, v)
			return nil
		}))
	})
	t.Run("a future that expires is cancelled", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			f := future.New[int](l)
			_, err := timeout.WaitFor(ctx, f, 10*time.Millisecond)
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			assert.True(t, f.Cancelled())
			return nil
		}))
	})
	t.Run("a timeout of zero takes a done future's result", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			f := future.New[int](l)
			require.NoError(t, f.SetResult(3))
			v, err := timeout.WaitFor(ctx, f, 0)
			require.NoError(t, err)
			assert.Equal(t, 3, v)
			return nil
		}))
	})
	t.Run("a timeout of zero never starts a coroutine", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			started := false
			coro := func(ctx context.Context) (int, error) {
				started = true
				return 1, nil
			}
			_, err := timeout.WaitForCoro(ctx, coro, 0)
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			_, err = timeout.WaitFor(ctx, task.Coro[int](coro), 0)
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			assert.False(t, started)
			return nil
		}))
	})
	t.Run("a timeout of zero cancels a pending task and waits for it", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			cleaned := false
			tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				err := task.Sleep(ctx, time.Second)
				cleaned = task.Sleep(ctx, 10*time.Millisecond) == nil
				return 0, err
			})
			require.NoError(t, task.Sleep(ctx, 0)) // let it start
			_, err := timeout.WaitFor(ctx, tk, -time.Second)
			assert.ErrorIs(t, err, timeout.ErrTimeout)
			assert.True(t, tk.Cancelled())
			assert.True(t, cleaned, "WaitFor returned only after the cleanup")
			return nil
		}))
	})
	t.Run("a task that swallows the cancellation gives its value", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, time.Second); err != nil {
					task.Current(ctx).Uncancel()
					return 42, nil
				}
				return 0, nil
			})
			v, err := timeout.WaitFor(ctx, tk, 10*time.Millisecond)
			require.NoError(t, err)
			assert.Equal(t, 42, v)
			return nil
		}))
	})
	t.Run("cancelling the caller cancels the task and stays a cancellation", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			tk := task.Spawn(ctx, value(time.Second, 1))
			cancelAfter(t, ctx, 10*time.Millisecond)
			_, err := timeout.WaitFor(ctx, tk, 100*time.Millisecond)
			assert.True(t, future.IsCancelled(err), "got %v", err)
			assert.True(t, tk.Cancelled())
			task.Current(ctx).Uncancel()
			return nil
		}))
	})
	t.Run("a coroutine runs inline in the caller's task", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			me := task.Current(ctx)
			v, err := timeout.WaitForCoro(ctx, func(ctx context.Context) (bool, error) {
				return task.Current(ctx) == me, nil
			}, time.Second)
			require.NoError(t, err)
			assert.True(t, v)
			return nil
		}))
	})
}

// A body that returns its cancellation wrapped still returns it: the scope's timeout error
// replaces the wrapper. (Python converts only a bare CancelledError; in Go a wrapped one
// is a cancellation everywhere.)
func TestExpiryReturnedWrappedIsTheTimeout(t *testing.T) {
	t.Parallel()
	var err error
	require.NoError(t, run(func(ctx context.Context) error {
		err = timeout.Run(ctx, 10*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			if err := task.Sleep(ctx, time.Second); err != nil {
				return fmt.Errorf("fetch: %w", err)
			}
			return nil
		})
		return nil
	}))
	assert.ErrorIs(t, err, timeout.ErrTimeout)
	assert.False(t, future.IsCancelled(err), "the cancellation was the scope's own")
	assert.NotContains(t, err.Error(), "fetch")
}
