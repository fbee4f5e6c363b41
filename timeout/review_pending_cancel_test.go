package timeout_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// A cancellation requested before the scope is entered and not yet delivered, then a
// zero deadline: the scope counted the request on entry, so when its own expiry is
// taken back the count is back to what it was, and the scope reports a timeout; the
// outside request stays counted but is not raised again.
//
// CPython 3.13 (me.cancel('outside'); async with timeout(0): await sleep(1)):
//
//	T9 [('TimeoutError', '', True, 1), 'next ok']
func TestPendingOutsideCancelThenZeroDeadline(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		tk := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			me := task.Current(ctx).(*task.Task[struct{}])
			me.Cancel("outside")
			var scope *timeout.Timeout
			err := timeout.Run(ctx, 0, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, describe(err), scope.Expired(), me.Cancelling())
			if task.Sleep(ctx, 0) == nil {
				log = append(log, "next ok")
			}
			return struct{}{}, nil
		})
		_, err := tk.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, []any{"TimeoutError", true, 1, "next ok"}, log)
		return nil
	}))
}

// A task that caught an earlier cancellation without Uncancel enters a scope with
// Cancelling 1: the scope still reports its own expiry. Reschedule of a finished or
// expired scope is an error naming the state, as repr does.
//
// CPython 3.13:
//
//	T10 [('TimeoutError', True, 1), 'Cannot change state of finished Timeout',
//	     'Cannot change state of expired Timeout', ('<Timeout [finished]>', '<Timeout [expired]>')]
func TestScopeEnteredWithACaughtCancellationAndRescheduleAfterTheEnd(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []any
		tk := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			me := task.Current(ctx).(*task.Task[struct{}])
			me.Cancel("")
			_ = task.Sleep(ctx, 0) // caught, not uncancelled
			var scope *timeout.Timeout
			err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
				scope = tm
				return task.Sleep(ctx, time.Second)
			})
			log = append(log, describe(err), scope.Expired(), me.Cancelling())
			return struct{}{}, nil
		})
		_, err := tk.Await(ctx)
		require.NoError(t, err)
		var finished, expired *timeout.Timeout
		require.NoError(t, timeout.Run(ctx, time.Second, func(_ context.Context, tm *timeout.Timeout) error {
			finished = tm
			return nil
		}))
		_ = timeout.Run(ctx, 0, func(ctx context.Context, tm *timeout.Timeout) error {
			expired = tm
			return task.Sleep(ctx, time.Second)
		})
		for _, tm := range []*timeout.Timeout{finished, expired} {
			if err := tm.Reschedule(time.Time{}); err != nil {
				log = append(log, err.Error())
			}
		}
		log = append(log, finished.String(), expired.String())
		assert.Equal(t, []any{"TimeoutError", true, 1,
			"timeout: Reschedule: cannot change the deadline of a Timeout that is finished",
			"timeout: Reschedule: cannot change the deadline of a Timeout that is expired",
			"<Timeout [finished]>", "<Timeout [expired]>"}, log)
		return nil
	}))
}
