// Package virtual holds the helpers the module's tests share to run code on a loop with
// a virtual clock: deterministic time, no sleeping.
package virtual

import (
	"context"
	"time"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Start is where every virtual clock of the tests starts: the Unix epoch.
var Start = time.Unix(0, 0)

// Clock is the loop option for a virtual clock starting at Start.
func Clock() loop.Option { return loop.WithClock(loop.NewVirtualClock(Start)) }

// Run runs main as asyncio.run does, on a virtual clock.
func Run(main func(ctx context.Context) error, opts ...loop.Option) error {
	return task.Run(main, append([]loop.Option{Clock()}, opts...)...)
}

// Now returns the time of ctx's loop.
func Now(ctx context.Context) time.Time {
	l, _ := loop.Get(ctx)
	return l.Time()
}

// Since returns the loop time elapsed since t0.
func Since(ctx context.Context, t0 time.Time) time.Duration { return Now(ctx).Sub(t0) }
