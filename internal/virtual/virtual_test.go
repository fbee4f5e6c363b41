package virtual

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRunJumpsTheClock(t *testing.T) {
	var elapsed time.Duration
	require.NoError(t, Run(func(ctx context.Context) error {
		t0 := Now(ctx)
		assert.Equal(t, Start, t0)
		if err := task.Sleep(ctx, time.Hour); err != nil {
			return err
		}
		elapsed = Since(ctx, t0)
		return nil
	}))
	assert.Equal(t, time.Hour, elapsed)
}

func TestNewLoopIsOnTheVirtualClockAndClosedAtTheEnd(t *testing.T) {
	var l interface{ IsClosed() bool }
	t.Run("", func(t *testing.T) {
		nl := NewLoop(t)
		l = nl
		assert.Equal(t, Start, nl.Time())
		assert.False(t, nl.IsClosed())
	})
	assert.True(t, l.IsClosed(), "closed when the test that made it ended")
}

func TestCancelMessage(t *testing.T) {
	msg := &future.CancelledError{Msg: "m"}
	assert.Equal(t, "m", CancelMessage(msg))
	assert.Equal(t, "m", CancelMessage(fmt.Errorf("wrapped: %w", msg)))
	assert.Equal(t, "", CancelMessage(&future.CancelledError{}))
	assert.Equal(t, "-", CancelMessage(nil))
	assert.Equal(t, "-", CancelMessage(errors.New("other")))
}
