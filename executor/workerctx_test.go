package executor_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestWorkerContextFollowsTheSubmittingContextsCancellationAndDeadline(t *testing.T) {
	l := loop.New(virtual())
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	type seen struct {
		err      error
		deadline time.Time
		ok       bool
	}
	tk := task.Spawn(loop.WithScope(parent, l), func(ctx context.Context) (seen, error) {
		return executor.ToThread(ctx, func(wctx context.Context) (seen, error) {
			d, ok := wctx.Deadline()
			assert.NoError(t, wctx.Err(), "not cancelled yet")
			cancel() // the submitting context is cancelled: the worker's follows
			<-wctx.Done()
			return seen{wctx.Err(), d, ok}, nil
		})
	})
	require.NoError(t, l.RunUntilComplete(tk))
	require.NoError(t, l.Close())
	s, err := tk.Result()
	require.NoError(t, err)
	assert.ErrorIs(t, s.err, context.Canceled)
	assert.True(t, s.ok)
	assert.True(t, deadline.Equal(s.deadline))
}

func TestWorkerContextIsCancelledOnceTheFunctionReturns(t *testing.T) {
	var kept context.Context
	run(t, func(ctx context.Context) error {
		_, err := executor.ToThread(ctx, func(wctx context.Context) (int, error) {
			kept = wctx
			return 0, nil
		})
		return err
	})
	require.NotNil(t, kept)
	<-kept.Done() // would block forever if it were not cancelled
	assert.ErrorIs(t, kept.Err(), context.Canceled)
}

func TestRunInOnAClosedLoopGivesAFailedFuture(t *testing.T) {
	l := loop.New(virtual())
	require.NoError(t, l.Close())
	f := executor.RunIn(loop.WithScope(context.Background(), l), nil, func(context.Context) (int, error) { return 1, nil })
	require.True(t, f.Done())
	assert.ErrorIs(t, f.Err(), loop.ErrClosed)
}
