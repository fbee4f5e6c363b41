package queue_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// drain takes every item with GetNowait.
func drain[T any](t *testing.T, q *queue.Queue[T]) []T {
	var out []T
	for !q.Empty() {
		v, err := q.GetNowait()
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestKindsHandItemsOutInTheirOrder(t *testing.T) {
	t.Parallel()
	in := []int{5, 1, 4, 1, 3, 9, 2, 6}
	for name, tc := range map[string]struct {
		q    *queue.Queue[int]
		want []int
	}{
		"FIFO":     {queue.New[int](0), []int{5, 1, 4, 1, 3, 9, 2, 6}},
		"LIFO":     {queue.NewLifo[int](0), []int{6, 2, 9, 3, 1, 4, 1, 5}},
		"priority": {queue.NewPriority[int](0), []int{1, 1, 2, 3, 4, 5, 6, 9}},
		"less func": {queue.NewPriorityFunc(0, func(a, b int) bool { return a > b }),
			[]int{9, 6, 5, 4, 3, 2, 1, 1}},
	} {
		t.Run(name, func(t *testing.T) {
			for _, v := range in {
				require.NoError(t, tc.q.PutNowait(v))
			}
			assert.Equal(t, len(in), tc.q.Qsize())
			assert.Equal(t, tc.want, drain(t, tc.q))
		})
	}
}

func TestFIFORingBufferWrapsAndGrows(t *testing.T) {
	t.Parallel()
	q := queue.New[int](0)
	next, want := 0, 0
	for round := range 50 {
		for range round%7 + 1 {
			require.NoError(t, q.PutNowait(next))
			next++
		}
		for range round%5 + 1 {
			if q.Empty() {
				break
			}
			v, err := q.GetNowait()
			require.NoError(t, err)
			require.Equal(t, want, v)
			want++
		}
	}
	for _, v := range drain(t, q) {
		require.Equal(t, want, v)
		want++
	}
	assert.Equal(t, next, want)
}

func TestNowaitErrorsAndSizes(t *testing.T) {
	t.Parallel()
	q := queue.New[string](1)
	assert.Equal(t, 1, q.Maxsize())
	_, err := q.GetNowait()
	assert.ErrorIs(t, err, queue.ErrEmpty)
	require.NoError(t, q.PutNowait("a"))
	assert.True(t, q.Full())
	assert.ErrorIs(t, q.PutNowait("b"), queue.ErrFull)
	assert.Equal(t, "<Queue maxsize=1 _queue=[a] tasks=1>", q.String())
	assert.False(t, queue.New[int](0).Full(), "an unbounded queue is never full")
	assert.ErrorIs(t, q.TaskDone(), nil)
	assert.ErrorIs(t, q.TaskDone(), queue.ErrTaskDone)
	assert.PanicsWithValue(t, "queue: New: negative maxsize -1", func() { queue.New[int](-1) })
	assert.PanicsWithValue(t, "queue: NewPriorityFunc: nil less function", func() { queue.NewPriorityFunc[int](0, nil) })
}

func TestWaitersAreServedFirstInFirstOut(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		var got []string
		getter := func(name string) task.Coro[int] {
			return func(ctx context.Context) (int, error) {
				v, err := q.Get(ctx)
				got = append(got, name)
				return v, err
			}
		}
		a := task.Spawn(ctx, getter("a"))
		b := task.Spawn(ctx, getter("b"))
		c := task.Spawn(ctx, getter("c"))
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Contains(t, q.String(), "_getters[3]")
		for i := range 3 {
			require.NoError(t, q.PutNowait(i))
		}
		for i, tk := range []*task.Task[int]{a, b, c} {
			require.NoError(t, future.Suspend(ctx, tk))
			v, err := tk.Result()
			require.NoError(t, err)
			assert.Equal(t, i, v)
		}
		assert.Equal(t, []string{"a", "b", "c"}, got)

		// Putters too: the first to block is the first to put.
		full := queue.New[string](1)
		require.NoError(t, full.PutNowait("first"))
		p1 := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, full.Put(ctx, "p1") })
		p2 := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, full.Put(ctx, "p2") })
		require.NoError(t, task.Sleep(ctx, 0))
		var out []string
		for range 3 {
			v, err := full.Get(ctx)
			require.NoError(t, err)
			out = append(out, v)
		}
		assert.Equal(t, []string{"first", "p1", "p2"}, out)
		require.NoError(t, future.Suspend(ctx, p2))
		assert.True(t, p1.Done())
		return nil
	}))
}

func TestCancelledGetterTakesNothingAndPassesItsWakeUpOn(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		first := task.Spawn(ctx, func(ctx context.Context) (int, error) { return q.Get(ctx) })
		second := task.Spawn(ctx, func(ctx context.Context) (int, error) { return q.Get(ctx) })
		require.NoError(t, task.Sleep(ctx, 0))
		// The put wakes first; first is cancelled before it runs: it must not lose the
		// item, and second must be woken in its place.
		require.NoError(t, q.PutNowait(1))
		first.Cancel("")
		require.NoError(t, future.Suspend(ctx, second))
		v, err := second.Result()
		require.NoError(t, err)
		assert.Equal(t, 1, v)
		assert.True(t, first.Cancelled())
		assert.True(t, q.Empty())
		assert.NotContains(t, q.String(), "_getters", "the cancelled getter left the line")
		return nil
	}))
}

func TestCancelledPutterPutsNothingAndPassesItsWakeUpOn(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[string](1)
		require.NoError(t, q.PutNowait("x"))
		first := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, q.Put(ctx, "first") })
		second := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, q.Put(ctx, "second") })
		require.NoError(t, task.Sleep(ctx, 0))
		v, err := q.GetNowait() // wakes first
		require.NoError(t, err)
		assert.Equal(t, "x", v)
		first.Cancel("")
		require.NoError(t, future.Suspend(ctx, second))
		assert.True(t, first.Cancelled())
		assert.Equal(t, []string{"second"}, drain(t, q))
		return nil
	}))
}

func TestJoinWaitsForEveryTaskDone(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		require.NoError(t, q.Join(ctx), "nothing unfinished: at once")
		for i := range 3 {
			require.NoError(t, q.PutNowait(i))
		}
		worker := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			for range 3 {
				if _, err := q.Get(ctx); err != nil {
					return 0, err
				}
				if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
					return 0, err
				}
				if err := q.TaskDone(); err != nil {
					return 0, err
				}
			}
			return 0, nil
		})
		require.NoError(t, q.Join(ctx))
		assert.Equal(t, 30*time.Millisecond, since(ctx, time.Unix(0, 0)))
		require.NoError(t, future.Suspend(ctx, worker))
		require.NoError(t, worker.Err())

		// A cancelled Join leaves the line.
		require.NoError(t, q.PutNowait(9))
		joiner := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, q.Join(ctx) })
		require.NoError(t, task.Sleep(ctx, 0))
		joiner.Cancel("")
		require.NoError(t, future.Suspend(ctx, joiner))
		assert.True(t, joiner.Cancelled())
		return nil
	}))
}

func TestShutdown(t *testing.T) {
	t.Parallel()
	t.Run("gets drain the queue, then fail; puts fail at once", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			q := queue.New[int](1)
			require.NoError(t, q.PutNowait(1))
			putter := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, q.Put(ctx, 2) })
			require.NoError(t, task.Sleep(ctx, 0))
			q.Shutdown(false)
			require.NoError(t, future.Suspend(ctx, putter))
			assert.ErrorIs(t, putter.Err(), queue.ErrShutDown, "a waiting putter is woken to fail")
			assert.ErrorIs(t, q.PutNowait(3), queue.ErrShutDown)
			v, err := q.Get(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, v)
			_, err = q.Get(ctx)
			assert.ErrorIs(t, err, queue.ErrShutDown)
			_, err = q.GetNowait()
			assert.ErrorIs(t, err, queue.ErrShutDown)
			assert.Contains(t, q.String(), "shutdown")
			return nil
		}))
	})
	t.Run("immediate drops the items and releases Join and getters", func(t *testing.T) {
		require.NoError(t, run(func(ctx context.Context) error {
			empty := queue.New[int](0)
			getter := task.Spawn(ctx, func(ctx context.Context) (int, error) { return empty.Get(ctx) })
			require.NoError(t, task.Sleep(ctx, 0))
			empty.Shutdown(true)
			require.NoError(t, future.Suspend(ctx, getter))
			assert.ErrorIs(t, getter.Err(), queue.ErrShutDown, "a waiting getter is woken to fail")

			q := queue.New[int](0)
			require.NoError(t, q.PutNowait(1))
			require.NoError(t, q.PutNowait(2))
			joiner := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, q.Join(ctx) })
			require.NoError(t, task.Sleep(ctx, 0))
			assert.False(t, joiner.Done())
			q.Shutdown(true)
			require.NoError(t, future.Suspend(ctx, joiner))
			assert.NoError(t, joiner.Err(), "each dropped item counts as done")
			assert.True(t, q.Empty())
			_, err := q.GetNowait()
			assert.ErrorIs(t, err, queue.ErrShutDown)
			return nil
		}))
	})
}

func TestMisuseIsAnErrorNotAHang(t *testing.T) {
	t.Parallel()
	q := queue.New[int](0)
	_, err := q.Get(context.Background())
	assert.ErrorIs(t, err, future.ErrNoTask)
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		_, err := q.Get(loop.WithScope(context.Background(), l)) // a loop's context, no task
		assert.ErrorIs(t, err, future.ErrNoTask)
		assert.NotContains(t, q.String(), "_getters", "the failed getter left the line")
		return nil
	}))
	require.NoError(t, run(func(ctx context.Context) error {
		_, err := q.Get(ctx)
		assert.ErrorIs(t, err, queue.ErrOtherLoop, "the queue is bound to the first loop")
		return nil
	}))
}
