package task_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// elapsed returns the loop time since t0 in tenths of a second, as the CPython scripts
// print it (round(loop.time() - t0, 1)).
func elapsed(ctx context.Context, t0 time.Time) float64 {
	l, _ := loop.Get(ctx)
	return float64(l.Time().Sub(t0)/(100*time.Millisecond)) / 10
}

func loopNow(ctx context.Context) time.Time {
	l, _ := loop.Get(ctx)
	return l.Time()
}

// as_completed's timeout counts from the call: an iteration that starts after the
// deadline yields what completed before it, then the TimeoutError, at once.
//
// CPython 3.13 (tasks of 0.5s and 2.5s; it = as_completed(ts, timeout=1); sleep(2);
// async for):
//
//	A1 [('a', 2.0), ('timeout', 2.0)]
func TestAsCompletedTimeoutCountsFromTheCall(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		t0 := loopNow(ctx)
		var log []any
		ts := []*task.Task[int]{
			task.Spawn(ctx, valueAfter(500*time.Millisecond, 1, nil)),
			task.Spawn(ctx, valueAfter(2500*time.Millisecond, 2, nil)),
		}
		it := task.AsCompleted(ctx, ts, task.WithTimeout(time.Second))
		require.NoError(t, task.Sleep(ctx, 2*time.Second))
		for f, err := range it {
			if err != nil {
				log = append(log, show(err), elapsed(ctx, t0))
				break
			}
			v, _ := f.Result()
			log = append(log, v, elapsed(ctx, t0))
		}
		assert.Equal(t, []any{1, 2.0, "TimeoutError", 2.0}, log)
	})
}

// as_completed watches the futures from the call: those that completed before the
// iteration starts come in the order they completed, not in argument order. The
// iterator is used up after one pass, as asyncio's is.
//
// CPython 3.13 (tasks of 0.5s, 0.3s, 1.5s; it = as_completed(ts); sleep(1); async for,
// twice):
//
//	A9 [('b', 1.0), ('a', 1.0), ('c', 1.5), 'second loop empty']
func TestAsCompletedWatchesFromTheCall(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		t0 := loopNow(ctx)
		var log []any
		ts := []*task.Task[int]{
			task.Spawn(ctx, valueAfter(500*time.Millisecond, 1, nil)),
			task.Spawn(ctx, valueAfter(300*time.Millisecond, 2, nil)),
			task.Spawn(ctx, valueAfter(1500*time.Millisecond, 3, nil)),
		}
		it := task.AsCompleted(ctx, ts)
		require.NoError(t, task.Sleep(ctx, time.Second))
		for f, err := range it {
			if err != nil {
				log = append(log, show(err))
				break
			}
			v, _ := f.Result()
			log = append(log, v, elapsed(ctx, t0))
		}
		for range it {
			log = append(log, "again")
		}
		log = append(log, "second loop empty")
		assert.Equal(t, []any{2, 1.0, 1, 1.0, 3, 1.5, "second loop empty"}, log)
	})
}

// FIRST_EXCEPTION does not count a cancelled child as an exception: Wait returns when
// the other child is done.
//
// CPython 3.13:
//
//	A2 [(True, 0, 0.5)]
func TestWaitFirstExceptionIgnoresACancelledChild(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		l, _ := loop.Get(ctx)
		t0 := loopNow(ctx)
		a := task.Spawn(ctx, valueAfter(time.Second, 1, nil))
		b := task.Spawn(ctx, valueAfter(500*time.Millisecond, 2, nil))
		_, err := l.CallLater(100*time.Millisecond, func() { a.Cancel("") })
		require.NoError(t, err)
		done, pending, err := task.Wait(ctx, []*task.Task[int]{a, b}, task.FirstException)
		require.NoError(t, err)
		assert.Equal(t, []any{2, 0, 0.5}, []any{len(done), len(pending), elapsed(ctx, t0)})
	})
}

// Wait's timeout passes in the iteration the child completes, the child's timer first:
// the child's done callback comes after the release, but the split is made when Wait
// resumes, so the child is done.
//
// CPython 3.13:
//
//	A3 [(1, 0)]
func TestWaitTimeoutInTheIterationTheChildCompletes(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		a := task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil))
		require.NoError(t, task.Sleep(ctx, 0))
		done, pending, err := task.Wait(ctx, []*task.Task[int]{a}, task.WithTimeout(100*time.Millisecond))
		require.NoError(t, err)
		assert.Equal(t, []int{1, 0}, []int{len(done), len(pending)})
	})
}

// The awaiter of a shield is cancelled, then the shielded task fails: the shield no
// longer watches it, so its exception is not retrieved and is reported once the task is
// collected.
//
// CPython 3.13:
//
//	A4 ['o cancelled', (True,), ['Task exception was never retrieved']]
func TestShieldInnerFailsAfterTheAwaiterWasCancelled(t *testing.T) {
	t.Parallel()
	var reports []string
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) { reports = append(reports, c.Message) })
		var log []any
		inner := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
				return 0, err
			}
			return 0, errors.New("late")
		})
		o := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
		if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
		o.Cancel("")
		if _, err := o.Await(ctx); future.IsCancelled(err) {
			log = append(log, "o cancelled")
		}
		if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}
		log = append(log, inner.Done())
		inner = nil
		runtime.GC()
		runtime.GC()
		assert.Equal(t, []any{"o cancelled", true}, log)
		return nil
	}, virtualClock())
	require.NoError(t, err)
	assert.Equal(t, []string{"Task exception was never retrieved"}, reports)
}

// The task iterating as_completed is cancelled: the iteration ends with its
// cancellation, message kept; the futures go on.
//
// CPython 3.13:
//
//	A8 [('c', 'cc', False)]
func TestAsCompletedIteratingTaskCancelled(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		var log []any
		ts := []*task.Task[int]{task.Spawn(ctx, valueAfter(time.Second, 1, nil))}
		c := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			for f, err := range task.AsCompleted(ctx, ts) {
				if err != nil {
					return struct{}{}, err
				}
				v, _ := f.Result()
				log = append(log, v)
			}
			return struct{}{}, nil
		})
		require.NoError(t, task.Sleep(ctx, 100*time.Millisecond))
		c.Cancel("cc")
		_, err := c.Await(ctx)
		log = append(log, "c", show(err), ts[0].Done())
		_, err = ts[0].Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, []any{"c", "CancelledError cc", false}, log)
	})
}
