package timeout_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// BenchmarkTimeoutExpiry measures the expiry path: a scope whose deadline passes while
// its body sleeps, from entering the scope to getting the TimeoutError back (timer,
// cancellation of the task, wake-up at the await, uncancel, conversion).
func BenchmarkTimeoutExpiry(b *testing.B) {
	body := func(ctx context.Context, _ *timeout.Timeout) error {
		return task.Sleep(ctx, time.Second)
	}
	b.ReportAllocs()
	err := run(func(ctx context.Context) error {
		for b.Loop() {
			if err := timeout.Run(ctx, time.Millisecond, body); !errors.Is(err, timeout.ErrTimeout) {
				b.Fatal(err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTimeoutNoExpiry measures a scope whose body finishes in time: the cost a
// timeout adds to a call that does not time out.
func BenchmarkTimeoutNoExpiry(b *testing.B) {
	body := func(ctx context.Context, _ *timeout.Timeout) error { return task.Sleep(ctx, 0) }
	b.ReportAllocs()
	err := run(func(ctx context.Context) error {
		for b.Loop() {
			if err := timeout.Run(ctx, time.Second, body); err != nil {
				b.Fatal(err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
