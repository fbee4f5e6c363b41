package lesson

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPrinterStampsLinesWithLoopTime(t *testing.T) {
	var out strings.Builder
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := Printer{W: &out, T0: l.Time()}
		p.Say(ctx, "start %d", 1)
		if err := task.Sleep(ctx, 1500*time.Millisecond); err != nil {
			return err
		}
		p.Say(ctx, "after %s", "1.5 s")
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	require.NoError(t, err)
	assert.Equal(t, "0.0 start 1\n1.5 after 1.5 s\n", out.String())
}
