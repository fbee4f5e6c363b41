package examples_test

// Property-based testing on the virtual clock: the snippet of docs/concepts.md's "Testing
// with the virtual clock". Each rapid case runs an asyncio program whose timers span
// minutes of loop time, in microseconds, and checks the exact times at which things
// happened.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

var errFlaky = errors.New("flaky")

// retry calls op until it succeeds, sleeping backoff, 2*backoff, 4*backoff, ... between
// attempts: the kind of code one wants to test without waiting for it.
func retry(ctx context.Context, backoff time.Duration, op func() error) (attempts int, err error) {
	for {
		attempts++
		if err := op(); err == nil {
			return attempts, nil
		}
		if err := task.Sleep(ctx, backoff); err != nil {
			return attempts, err
		}
		backoff *= 2
	}
}

func TestRetryUnderATimeoutOnTheVirtualClock(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		failures := rapid.IntRange(0, 10).Draw(t, "failures")
		backoff := time.Duration(rapid.IntRange(1, 1000).Draw(t, "backoff_ms")) * time.Millisecond
		limit := time.Duration(rapid.IntRange(1, 600_000).Draw(t, "timeout_ms")) * time.Millisecond

		// The loop time the retries need: backoff * (2^failures - 1).
		need := backoff * time.Duration(1<<failures-1)

		start := time.Unix(0, 0)
		clock := loop.NewVirtualClock(start)
		var attempts int
		err := task.Run(func(ctx context.Context) error {
			calls := 0
			return timeout.Run(ctx, limit, func(ctx context.Context, tm *timeout.Timeout) error {
				var err error
				attempts, err = retry(ctx, backoff, func() error {
					if calls++; calls <= failures {
						return errFlaky
					}
					return nil
				})
				return err
			})
		}, loop.WithClock(clock))
		elapsed := clock.Now().Sub(start)

		if need < limit {
			require.NoError(t, err)
			require.Equal(t, failures+1, attempts)
			require.Equal(t, need, elapsed, "exactly the backoffs, not a nanosecond more")
		} else {
			// A deadline equal to a retry's wake-up fires first: the timeout's timer was
			// scheduled first, and equal deadlines run FIFO.
			require.ErrorIs(t, err, timeout.ErrTimeout)
			require.Equal(t, limit, elapsed, "the timeout fires at its deadline exactly")
		}
	})
}
