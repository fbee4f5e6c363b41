package timeout_test

// Go ports of the CPython conformance scenarios of timeouts.py and wait_for
// (internal/conformance/testdata/timeout_*.py, wait_for_*.py). Each port keeps the
// scenario's structure (same tasks, same awaits, same delays) and prints what the Go
// runtime does.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// pyName is the Python class name of an error, as type(e).__name__ prints it.
func pyName(err error) string {
	var te *timeout.Error
	switch {
	case errors.As(err, &te):
		return "TimeoutError"
	case future.IsCancelled(err):
		return "CancelledError"
	}
	return "Exception"
}

func TestConformanceTimeoutExpiryRaisesTimeoutError(t *testing.T) {
	var tr conformance.Trace
	err := run(func(ctx context.Context) error {
		t0 := now(ctx)
		var cm *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			cm = tm
			if err := task.Sleep(ctx, time.Second); err != nil {
				if future.IsCancelled(err) {
					tr.Print("body saw CancelledError")
				}
				return err
			}
			tr.Print("never printed")
			return nil
		})
		if errors.Is(err, timeout.ErrTimeout) {
			tr.Print("scope raised", pyName(err), "at", conformance.Seconds(since(ctx, t0)))
		} else if err != nil {
			return err
		}
		tr.Print("expired:", cm.Expired())
		tr.Print("cancelling:", task.Current(ctx).Cancelling())
		var cm2 *timeout.Timeout
		err = timeout.Run(ctx, 200*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			cm2 = tm
			return task.Sleep(ctx, 50*time.Millisecond)
		})
		if err != nil {
			return err
		}
		tr.Print("fast body expired:", cm2.Expired())
		if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}
		tr.Print("still fine after the deadline passed")
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "timeout_expiry_raises_timeout_error")
}

func TestConformanceTimeoutRescheduleExtends(t *testing.T) {
	var tr conformance.Trace
	err := run(func(ctx context.Context) error {
		t0 := now(ctx)
		err := timeout.Run(ctx, 200*time.Millisecond, func(ctx context.Context, cm *timeout.Timeout) error {
			when, _ := cm.When()
			tr.Print("initial deadline", conformance.Seconds(when.Sub(t0)))
			if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
				return err
			}
			if err := cm.Reschedule(now(ctx).Add(300 * time.Millisecond)); err != nil {
				return err
			}
			when, _ = cm.When()
			tr.Print("rescheduled deadline", conformance.Seconds(when.Sub(t0)))
			if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
				return err
			}
			tr.Print("still inside at", conformance.Seconds(since(ctx, t0)))
			return task.Sleep(ctx, time.Second)
		})
		if errors.Is(err, timeout.ErrTimeout) {
			tr.Print("TimeoutError at", conformance.Seconds(since(ctx, t0)))
		} else if err != nil {
			return err
		}
		var scope *timeout.Timeout
		err = timeout.Run(ctx, 50*time.Millisecond, func(ctx context.Context, cm *timeout.Timeout) error {
			scope = cm
			if err := cm.Reschedule(time.Time{}); err != nil {
				return err
			}
			var deadline any = conformance.None
			if when, ok := cm.When(); ok {
				deadline = conformance.Seconds(when.Sub(t0))
			}
			tr.Print("deadline now", deadline)
			return task.Sleep(ctx, 100*time.Millisecond)
		})
		if err != nil {
			return err
		}
		tr.Print("no-deadline scope finished, expired:", scope.Expired())
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "timeout_reschedule_extends")
}

func TestConformanceWaitForTimeoutCancelsAndWaits(t *testing.T) {
	var tr conformance.Trace
	inner := func(delay time.Duration) task.Coro[string] {
		return func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, delay); err != nil {
				if !future.IsCancelled(err) {
					return "", err
				}
				tr.Print("inner cancelled, cleaning up")
				if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
					return "", err
				}
				tr.Print("inner cleanup done")
				return "", err
			}
			return "inner value", nil
		}
	}
	err := run(func(ctx context.Context) error {
		t0 := now(ctx)
		tk := task.Spawn(ctx, inner(time.Second))
		_, err := timeout.WaitFor(ctx, tk, 100*time.Millisecond)
		if errors.Is(err, timeout.ErrTimeout) {
			tr.Print("wait_for raised", pyName(err), "at", conformance.Seconds(since(ctx, t0)))
		} else if err != nil {
			return err
		}
		tr.Print("inner task done:", tk.Done(), "cancelled:", tk.Cancelled())
		v, err := timeout.WaitFor(ctx, inner(50*time.Millisecond), 500*time.Millisecond)
		if err != nil {
			return err
		}
		tr.Print("fast ->", v)
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "wait_for_timeout_cancels_and_waits")
}
