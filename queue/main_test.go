package queue_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// run runs main as asyncio.run does, on a virtual clock starting at the Unix epoch.
func run(main func(ctx context.Context) error) error {
	return task.Run(main, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
}

// since returns the loop time elapsed since t0.
func since(ctx context.Context, t0 time.Time) time.Duration {
	l, _ := loop.Get(ctx)
	return l.Time().Sub(t0)
}

// now returns the loop's time.
func now(ctx context.Context) time.Time {
	l, _ := loop.Get(ctx)
	return l.Time()
}
