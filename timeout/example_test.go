package timeout_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// Run is `async with asyncio.timeout(d):`. When the deadline passes, the body's await
// returns a CancelledError; the body returns it, and the scope turns it into a
// TimeoutError, which matches timeout.ErrTimeout and context.DeadlineExceeded.
func ExampleRun() {
	err := task.Run(func(ctx context.Context) error {
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			err := task.Sleep(ctx, time.Hour)
			fmt.Println("the body saw:", err)
			return err
		})
		fmt.Println("the scope returned:", err)
		fmt.Println(errors.Is(err, timeout.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// the body saw: cancelled
	// the scope returned: timed out
	// true true
}

// A scope's deadline can move while the body runs: Reschedule takes a time of the
// loop's clock (the zero time removes the deadline), When reads it back, and Expired
// tells afterwards whether the deadline passed.
func ExampleTimeout_Reschedule() {
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := l.Time()
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 100*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			if err := task.Sleep(ctx, 80*time.Millisecond); err != nil {
				return err
			}
			// More work turned up: allow 100ms from now.
			if err := tm.Reschedule(l.Time().Add(100 * time.Millisecond)); err != nil {
				return err
			}
			when, _ := tm.When()
			fmt.Println("deadline moved to", when.Sub(t0))
			return task.Sleep(ctx, 80*time.Millisecond)
		})
		fmt.Println("err:", err, "expired:", scope.Expired(), "at", l.Time().Sub(t0))
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// deadline moved to 180ms
	// err: <nil> expired: false at 160ms
}

// WaitFor is asyncio.wait_for: on timeout it cancels the task, waits until the task has
// finished cancelling (its cleanup may await), and only then returns the TimeoutError.
func ExampleWaitFor() {
	err := task.Run(func(ctx context.Context) error {
		download := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			err := task.Sleep(ctx, time.Hour)
			if future.IsCancelled(err) {
				_ = task.Sleep(ctx, 10*time.Millisecond) // remove the partial file
				fmt.Println("download cleaned up")
			}
			return 0, err
		})
		_, err := timeout.WaitFor(ctx, download, time.Second)
		fmt.Println("wait_for:", err, "- download cancelled:", download.Cancelled())
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// download cleaned up
	// wait_for: timed out - download cancelled: true
}
