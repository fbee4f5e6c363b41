package task_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// A future that completes after AsCompleted's timeout has fired, but before the consumer
// asks for the next one, is not yielded: asyncio's _handle_timeout removes the done
// callbacks of every pending future and queues a TimeoutError sentinel for each.
//
// CPython 3.13: async for f in as_completed([a, b], timeout=0.2): got.append(await f);
// await asyncio.sleep(0.5) — with a done at 0.1 and b at 0.3 — gives [1, 'timeout'].
func TestAsCompletedFutureDoneAfterTheTimeoutIsNotYielded(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		ts := []*task.Task[int]{
			task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil)),
			task.Spawn(ctx, valueAfter(300*time.Millisecond, 2, nil)),
		}
		var got []any
		for f, err := range task.AsCompleted(ctx, ts, task.WithTimeout(200*time.Millisecond)) {
			if err != nil {
				require.ErrorIs(t, err, future.ErrTimeout)
				got = append(got, "timeout")
				break
			}
			v, err := f.Result()
			require.NoError(t, err)
			got = append(got, v)
			// A slow consumer: the timeout fires at 0.2 and ts[1] finishes at 0.3 while
			// it sleeps.
			require.NoError(t, task.Sleep(ctx, 500*time.Millisecond))
		}
		assert.True(t, ts[1].Done())
		assert.Equal(t, []any{1, "timeout"}, got)
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// asyncio.wait and as_completed take a set of futures: a future given twice is one
// future, reported once.
//
// CPython 3.13:
//
//	a, b = sleep-then-return tasks at 0.1 and 0.3
//	done, pending = await asyncio.wait([a, a, b], return_when=FIRST_COMPLETED) # 1 1
//	done, pending = await asyncio.wait([a, a, b])                              # 2 0
//	c at 0.1; [await f for f in asyncio.as_completed([c, c, b])]               # [2, 3]
//
// (b is already done when as_completed starts, so it comes first.)
func TestWaitAndAsCompletedCountADuplicateOnce(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		a := task.Spawn(ctx, valueAfter(100*time.Millisecond, 1, nil))
		b := task.Spawn(ctx, valueAfter(300*time.Millisecond, 2, nil))
		done, pending, err := task.Wait(ctx, []*task.Task[int]{a, a, b}, task.FirstCompleted)
		require.NoError(t, err)
		assert.Len(t, done, 1, "done: %v", done)
		assert.Len(t, pending, 1, "pending: %v", pending)
		done, pending, err = task.Wait(ctx, []*task.Task[int]{a, a, b})
		require.NoError(t, err)
		assert.Len(t, done, 2, "done: %v", done)
		assert.Len(t, pending, 0, "pending: %v", pending)

		c := task.Spawn(ctx, valueAfter(100*time.Millisecond, 3, nil))
		var got []int
		for f, err := range task.AsCompleted(ctx, []*task.Task[int]{c, c, b}) {
			require.NoError(t, err)
			v, _ := f.Result()
			got = append(got, v)
		}
		assert.Equal(t, []int{2, 3}, got)
		return nil
	}, virtualClock())
	require.NoError(t, err)
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
		t0 := virtual.Now(ctx)
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
		t0 := virtual.Now(ctx)
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
		t0 := virtual.Now(ctx)
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

// Bad input to Wait and AsCompleted is an error at the call, never a hang or a
// nil-pointer panic: a future of another loop (CPython 3.13's as_completed raises
// "ValueError: The future belongs to a different loop than the one specified as the
// loop argument"; before, AsCompleted watched it from a loop that never runs its
// callbacks and hung), or a nil future (as_completed([None]) raises TypeError).
func TestWaitAndAsCompletedBadFutures(t *testing.T) {
	other := loop.New()
	defer other.Close()
	require.NoError(t, task.Run(func(ctx context.Context) error {
		foreign := []*future.Future[int]{future.New[int](other)}
		var errs []error
		for _, err := range task.AsCompleted(ctx, foreign) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], future.ErrOtherLoop)

		errs = nil
		for _, err := range task.AsCompleted(ctx, []future.Waitable{nil}) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		assert.ErrorContains(t, errs[0], "task: AsCompleted: nil future")
		_, _, err := task.Wait(ctx, []future.Waitable{nil})
		assert.ErrorContains(t, err, "task: Wait: nil future")
		return nil
	}))
}

// A ReturnWhen that is none of the three constants is an error (CPython 3.13:
// "ValueError: Invalid return_when value: x"), not a wait that silently behaves as
// one of them; a nil option is an error, not a nil-pointer panic; Shield(nil) panics at
// the call with what is wrong.
func TestWaitInvalidReturnWhenNilOptionAndShieldOfNil(t *testing.T) {
	require.NoError(t, task.Run(func(ctx context.Context) error {
		f := future.New[int](task.Current(ctx).Loop())
		require.NoError(t, f.SetResult(1))
		fs := []*future.Future[int]{f}
		_, _, err := task.Wait(ctx, fs, task.ReturnWhen(42))
		assert.EqualError(t, err, "task: Wait: invalid ReturnWhen 42")
		_, _, err = task.Wait(ctx, fs, nil)
		assert.EqualError(t, err, "task: Wait: nil option")
		var errs []error
		for _, err := range task.AsCompleted(ctx, fs, nil) {
			errs = append(errs, err)
		}
		assert.Equal(t, []string{"task: AsCompleted: nil option"}, errorStrings(errs))
		assert.PanicsWithValue(t, "task: Shield: nil awaitable", func() { task.Shield[int](nil) })
		return nil
	}))
}

func errorStrings(errs []error) []string {
	var out []string
	for _, err := range errs {
		if err != nil {
			out = append(out, err.Error())
		}
	}
	return out
}
