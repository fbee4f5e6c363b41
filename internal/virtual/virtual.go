// Package virtual holds the helpers the module's tests share to run code on a loop with
// a virtual clock: deterministic time, no sleeping.
package virtual

import (
	"context"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/future"
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

// NewLoop returns a new loop on a virtual clock starting at Start, closed when the test
// ends, for the tests that drive a loop by hand (CallSoon, RunForever) rather than
// through Run.
func NewLoop(t testing.TB, opts ...loop.Option) *loop.Loop {
	l := loop.New(append([]loop.Option{Clock()}, opts...)...)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// Now returns the time of ctx's loop.
func Now(ctx context.Context) time.Time {
	l, _ := loop.Get(ctx)
	return l.Time()
}

// Since returns the loop time elapsed since t0.
func Since(ctx context.Context, t0 time.Time) time.Duration { return Now(ctx).Sub(t0) }

// CancelMessage returns the message of the cancellation err is or wraps, as the CPython
// scripts of the tests print a CancelledError's args, and "-" for nil or any other
// error, so that a log tells "not cancelled" from "cancelled without a message".
func CancelMessage(err error) string {
	if c := future.AsCancelled(err); c != nil {
		return c.Msg
	}
	return "-"
}
