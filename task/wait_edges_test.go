package task_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
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
