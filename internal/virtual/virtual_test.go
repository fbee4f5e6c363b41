package virtual

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

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
