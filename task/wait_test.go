package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func valueAfter(d time.Duration, v int, err error) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		if serr := task.Sleep(ctx, d); serr != nil {
			return 0, serr
		}
		return v, err
	}
}

func TestWait(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")

	cases := []struct {
		name        string
		opts        []task.WaitOption
		wantDone    []int // indexes into the tasks
		wantPending []int
		elapsed     time.Duration
	}{
		{"all completed waits for every task", nil, []int{0, 1, 2}, nil, 300 * time.Millisecond},
		{"first completed returns with the earliest", []task.WaitOption{task.FirstCompleted}, []int{0}, []int{1, 2}, 100 * time.Millisecond},
		{"first exception returns with the first failure", []task.WaitOption{task.FirstException}, []int{0, 1}, []int{2}, 200 * time.Millisecond},
		{"a timeout returns what is done by then", []task.WaitOption{task.WithTimeout(150 * time.Millisecond)}, []int{0}, []int{1, 2}, 150 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := task.Run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				t0 := l.Time()
				ts := []*task.Task[int]{
					task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil)),
					task.Spawn(ctx, valueAfter(200*time.Millisecond, 2, boom)),
					task.Spawn(ctx, valueAfter(300*time.Millisecond, 3, nil)),
				}
				done, pending, err := task.Wait(ctx, ts, c.opts...)
				require.NoError(t, err)
				assert.Equal(t, pick(ts, c.wantDone), done)
				assert.Equal(t, pick(ts, c.wantPending), pending)
				assert.Equal(t, c.elapsed, l.Time().Sub(t0))
				for _, p := range pending {
					assert.False(t, p.Done(), "Wait cancels nothing")
				}
				return nil
			}, virtualClock())
			require.NoError(t, err)
		})
	}

	t.Run("an empty set is an error", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			_, _, err := task.Wait[*task.Task[int]](ctx, nil)
			return err
		}, virtualClock())
		assert.ErrorContains(t, err, "empty")
	})

	t.Run("cancelling the waiting task returns CancelledError and leaves the futures alone", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			child := task.Spawn(ctx, valueAfter(time.Hour, 1, nil))
			waiting := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				_, _, err := task.Wait(ctx, []*task.Task[int]{child})
				return 0, err
			})
			require.NoError(t, task.Sleep(ctx, time.Millisecond))
			waiting.Cancel("")
			_, err := waiting.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			assert.False(t, child.Done())
			child.Cancel("")
			return nil
		}, virtualClock())
		require.NoError(t, err)
	})
}

func pick[T any](all []T, idx []int) []T {
	var out []T
	for _, i := range idx {
		out = append(out, all[i])
	}
	return out
}

func TestAsCompleted(t *testing.T) {
	t.Parallel()

	t.Run("futures come in completion order with their results", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			ts := []*task.Task[int]{
				task.Spawn(ctx, valueAfter(300*time.Millisecond, 3, nil)),
				task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil)),
				task.Spawn(ctx, valueAfter(200*time.Millisecond, 2, nil)),
			}
			var got []int
			for f, err := range task.AsCompleted(ctx, ts) {
				require.NoError(t, err)
				v, err := f.Result()
				require.NoError(t, err)
				got = append(got, v)
			}
			assert.Equal(t, []int{1, 2, 3}, got)
			return nil
		}, virtualClock())
		require.NoError(t, err)
	})

	t.Run("a timeout ends the iteration with TimeoutError", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			ts := []*task.Task[int]{
				task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil)),
				task.Spawn(ctx, valueAfter(time.Hour, 2, nil)),
			}
			var got []int
			var last error
			for f, err := range task.AsCompleted(ctx, ts, task.WithTimeout(time.Second)) {
				if err != nil {
					last = err
					continue
				}
				v, _ := f.Result()
				got = append(got, v)
			}
			assert.Equal(t, []int{1}, got)
			assert.ErrorIs(t, last, future.ErrTimeout)
			assert.ErrorIs(t, last, context.DeadlineExceeded)
			assert.False(t, ts[1].Done(), "AsCompleted cancels nothing")
			ts[1].Cancel("")
			return nil
		}, virtualClock())
		require.NoError(t, err)
	})

	t.Run("breaking out early forgets the rest", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			ts := []*task.Task[int]{
				task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil)),
				task.Spawn(ctx, valueAfter(200*time.Millisecond, 2, nil)),
			}
			for range task.AsCompleted(ctx, ts) {
				break
			}
			_, err := ts[1].Await(ctx)
			return err
		}, virtualClock())
		require.NoError(t, err)
	})
}

func TestShield(t *testing.T) {
	t.Parallel()

	t.Run("cancelling the awaiter does not cancel the shielded task", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			inner := task.Spawn(ctx, valueAfter(200*time.Millisecond, 42, nil))
			outer := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				return task.Shield[int](inner).Await(ctx)
			})
			require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
			outer.Cancel("")
			_, err := outer.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			assert.False(t, inner.Done(), "the shielded task runs on")
			v, err := inner.Await(ctx)
			assert.Equal(t, 42, v)
			return err
		}, virtualClock())
		require.NoError(t, err)
	})

	t.Run("the shield follows the inner outcome", func(t *testing.T) {
		boom := errors.New("boom")
		err := task.Run(func(ctx context.Context) error {
			inner := task.Spawn(ctx, valueAfter(10*time.Millisecond, 0, boom))
			_, err := task.Shield[int](inner).Await(ctx)
			assert.ErrorIs(t, err, boom)
			done := task.Spawn(ctx, valueAfter(0, 7, nil))
			_, _ = done.Await(ctx)
			assert.Same(t, future.Like[int](done), task.Shield[int](done), "a done future is returned as it is")
			return nil
		}, virtualClock())
		require.NoError(t, err)
	})

	t.Run("a cancelled inner cancels the shield", func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			inner := task.Spawn(ctx, valueAfter(time.Hour, 0, nil))
			sh := task.Shield[int](inner)
			inner.Cancel("")
			_, err := sh.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			return nil
		}, virtualClock())
		require.NoError(t, err)
	})
}

func TestWaitRefusesAFutureOfAnotherLoop(t *testing.T) {
	t.Parallel()
	other := loop.New()
	defer other.Close()
	foreign := future.New[int](other)
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		local := future.New[int](l)
		_, _, err := task.Wait(ctx, []future.Waitable{local, foreign})
		assert.ErrorIs(t, err, future.ErrOtherLoop)
		return nil
	}, virtualClock())
	require.NoError(t, err)
}
