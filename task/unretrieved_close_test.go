package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// A failure that a parked task reads while it unwinds at the close is retrieved, and not
// reported, whichever the loop met first: the failure or the task.
func TestAFailureReadByATaskUnwindingAtCloseIsNotReported(t *testing.T) {
	t.Parallel()
	for _, failFirst := range []bool{true, false} {
		l, rs := virtual.NewReportingLoop()
		ctx := loop.WithScope(context.Background(), l)
		f := future.New[int](l)
		fail := func() { require.NoError(t, f.SetException(errors.New("read at close"))) }
		if failFirst {
			fail() // the failure's close hook is registered before the task registry's
		}
		var read error
		parked := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			defer func() { read = f.Err() }() // the unwinding body reads it
			return 0, task.Sleep(ctx, time.Hour)
		})
		if !failFirst {
			fail()
		}
		require.NoError(t, l.RunUntilComplete(task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return 0, task.Sleep(ctx, 0)
		})))
		require.NoError(t, l.Close())
		assert.EqualError(t, read, "read at close", "fail first: %t", failFirst)
		assert.Equal(t, []string{"Task was destroyed but it is pending!"}, rs.Messages(), "fail first: %t", failFirst)
		assert.Same(t, parked, rs.Got[0].Origin)
	}
}
