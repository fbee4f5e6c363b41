package future_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

var errLost = errors.New("lost")

func TestAFailureNobodyRetrievesIsReportedWhenTheLoopCloses(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	f := future.New[int](l)
	require.NoError(t, f.SetException(errLost))
	assert.Equal(t, "<Future finished exception=lost>", f.String(), "String does not retrieve it")
	assert.Empty(t, rs.Got, "nothing is reported while the future may still be asked")

	require.NoError(t, l.Close())
	require.Len(t, rs.Got, 1)
	assert.Equal(t, "Future exception was never retrieved", rs.Got[0].Message)
	assert.Same(t, errLost, rs.Got[0].Err)
	assert.Equal(t, "<Future finished exception=lost>", rs.Got[0].Origin)

	// Asked after the report, the future still answers with the error itself.
	assert.Same(t, errLost, f.Err())
}

func TestEveryWayOfRetrievingAFailureKeepsItFromBeingReported(t *testing.T) {
	t.Parallel()
	retrievals := map[string]func(ctx context.Context, f *future.Future[int]) error{
		"Result": func(_ context.Context, f *future.Future[int]) error { _, err := f.Result(); return err },
		"Exception": func(_ context.Context, f *future.Future[int]) error {
			exc, err := f.Exception()
			require.NoError(t, err)
			return exc
		},
		"Err":   func(_ context.Context, f *future.Future[int]) error { return f.Err() },
		"Await": func(ctx context.Context, f *future.Future[int]) error { _, err := f.Await(ctx); return err },
	}
	for name, retrieve := range retrievals {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l, rs := virtual.NewReportingLoop()
			f := future.New[int](l)
			require.NoError(t, f.SetException(errLost))
			main := task.Spawn(loop.WithScope(context.Background(), l), func(ctx context.Context) (struct{}, error) {
				assert.Same(t, errLost, retrieve(ctx, f), "the error comes back unwrapped")
				assert.Same(t, errLost, retrieve(ctx, f), "and again")
				return struct{}{}, nil
			})
			require.NoError(t, l.RunUntilComplete(main))
			require.NoError(t, l.Close())
			assert.Empty(t, rs.Messages())
		})
	}
}

func TestOnlyFailuresAreTracked(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	done := future.New[int](l)
	require.NoError(t, done.SetResult(1))
	cancelled := future.New[int](l)
	cancelled.Cancel("no")
	pending := future.New[int](l)
	_ = pending
	require.NoError(t, l.Close())
	assert.Empty(t, rs.Messages(), "a result, a cancellation and a pending future are never reported")
}

func TestFailuresAreReportedOldestFirstAndOnlyTheOnesLeft(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	var fs []*future.Future[int]
	for _, msg := range []string{"first", "second", "third", "fourth"} {
		f := future.New[int](l)
		require.NoError(t, f.SetException(errors.New(msg)))
		fs = append(fs, f)
	}
	// Retrieving from the middle of the list, then from its head.
	require.Error(t, fs[1].Err())
	require.Error(t, fs[0].Err())
	require.NoError(t, l.Close())
	require.Len(t, rs.Got, 2)
	assert.EqualError(t, rs.Got[0].Err, "third")
	assert.EqualError(t, rs.Got[1].Err, "fourth")
}

func TestAFailureOnAClosedLoopIsNotTracked(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	require.NoError(t, l.Close())
	f := future.New[int](l)
	require.NoError(t, f.SetException(errLost))
	assert.Same(t, errLost, f.Err())
	assert.Empty(t, rs.Got, "nothing could retrieve it once the loop is closed")
}

// failAndForget makes a future of l fail and drops it: nothing but the loop's own records
// can reach it afterwards.
//
//go:noinline
func failAndForget(l *loop.Loop) {
	f := future.New[[4]int](l)
	_ = f.SetException(errLost)
}

func TestAFailedFutureTheGCCollectsIsReportedWhileTheLoopRuns(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	defer l.Close()
	failAndForget(l)
	main := task.Spawn(loop.WithScope(context.Background(), l), func(ctx context.Context) (struct{}, error) {
		// The runtime runs the cleanup some time after a collection, and the report
		// reaches the loop through its inbox: see virtual.CollectUntil.
		_, err := virtual.CollectUntil(ctx, 1000, func() bool { return len(rs.Got) > 0 })
		return struct{}{}, err
	})
	require.NoError(t, l.RunUntilComplete(main))
	require.Len(t, rs.Got, 1, "the collected future is reported while the loop runs")
	assert.Equal(t, "Future exception was never retrieved", rs.Got[0].Message)
	assert.Same(t, errLost, rs.Got[0].Err)

	require.NoError(t, l.Close())
	assert.Len(t, rs.Got, 1, "and not a second time when the loop closes")
}
