package virtual

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

var errUnread = errors.New("unread")

func TestReportedRecordsUntilTheLoopHasClosed(t *testing.T) {
	rs := Reported(t, func(ctx context.Context) error {
		task.Spawn(ctx, func(context.Context) (int, error) { return 0, errUnread })
		return task.Sleep(ctx, 0)
	})
	assert.Equal(t, []string{"Task exception was never retrieved"}, rs.Messages())
	assert.Equal(t, []string{"Task exception was never retrieved: unread"}, rs.MessagesAndErrors())
}

func TestMessagesAndErrorsOfAReportWithoutAnError(t *testing.T) {
	rs := &Reports{Got: []loop.ExceptionContext{{Message: "Task was destroyed but it is pending!"}}}
	assert.Equal(t, []string{"Task was destroyed but it is pending!"}, rs.MessagesAndErrors())
	assert.Empty(t, (&Reports{}).Messages())
}

func TestNewReportingLoopRecordsTheReportsOfItsClose(t *testing.T) {
	l, rs := NewReportingLoop()
	assert.Equal(t, Start, l.Time())
	task.Spawn(loop.WithScope(context.Background(), l), func(context.Context) (int, error) { return 0, nil })
	require.NoError(t, l.Close())
	assert.Equal(t, []string{"Task was destroyed but it is pending!"}, rs.Messages())
}

func TestCollectUntilStopsWhenDoneHoldsOrAfterItsRounds(t *testing.T) {
	require.NoError(t, Run(func(ctx context.Context) error {
		asked := 0
		ok, err := CollectUntil(ctx, 5, func() bool { asked++; return asked == 3 })
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, 3, asked, "it stops as soon as done holds")

		asked = 0
		t0 := Now(ctx)
		ok, err = CollectUntil(ctx, 5, func() bool { asked++; return false })
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Equal(t, 6, asked, "five rounds, and once more at the end")
		assert.Equal(t, t0, Now(ctx), "the loop's turns take no time")
		return nil
	}))
}

func TestCollectUntilReturnsTheCancellationOfItsTask(t *testing.T) {
	require.NoError(t, Run(func(ctx context.Context) error {
		var err error
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			_, err = CollectUntil(ctx, 1000, func() bool { return false })
			return 0, err
		})
		require.NoError(t, task.Sleep(ctx, 0))
		tk.Cancel("")
		_, _ = tk.Await(ctx)
		assert.Error(t, err, "the cancellation of its sleep")
		return nil
	}))
}

func TestFailsOnCancelFailsInsteadOfEndingCancelled(t *testing.T) {
	require.NoError(t, Run(func(ctx context.Context) error {
		tk := task.Spawn(ctx, FailsOnCancel)
		require.NoError(t, task.Sleep(ctx, 0))
		tk.Cancel("")
		_, err := tk.Await(ctx)
		assert.Same(t, ErrFailedOnCancel, err)
		return nil
	}))
}
