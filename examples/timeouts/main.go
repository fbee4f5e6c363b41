// Timeouts teaches asyncio.timeout and asyncio.wait_for: a deadline is a cancellation
// that the scope turns into a TimeoutError.
//
//	async with asyncio.timeout(0.5) as tm:     # timeout.Run(ctx, 500*time.Millisecond, ...)
//	    await slow_call()                       # cancelled at this await when 0.5 s pass
//	# -> TimeoutError; tm.expired() is True
//
//	async with asyncio.timeout(0.5) as tm:
//	    tm.reschedule(loop.time() + 2)          # tm.Reschedule(l.Time().Add(2 * time.Second))
//	    await slow_call()
//
//	await asyncio.wait_for(task, 0.5)          # timeout.WaitFor(ctx, t, 500*time.Millisecond)
//
// Five stories: a body that takes too long is cancelled at its await, its cleanup runs,
// and the scope returns a *timeout.Error (which matches timeout.ErrTimeout and
// context.DeadlineExceeded); a body that finishes in time returns as usual; Reschedule
// moves the deadline; WaitFor cancels the task it waits for and waits until the task's
// cleanup is done before it returns; and a cancellation from outside a scope stays a
// cancellation, never turned into a timeout.
//
// Run it with `go run ./examples/timeouts` (about 3 seconds of real time) or `-virtual`.
package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// printer stamps each line with the loop time; see internal/lesson.
type printer = lesson.Printer

// slowCall sleeps for d and says so; when it is cancelled it cleans up, which takes
// another 0.1 s of awaiting.
func slowCall(p printer, name string, d time.Duration) task.Coro[string] {
	return func(ctx context.Context) (string, error) {
		if err := task.Sleep(ctx, d); err != nil {
			p.Say(ctx, "%s: cancelled at its await, cleaning up", name)
			_ = task.Sleep(ctx, 100*time.Millisecond) // cleanup may await too
			p.Say(ctx, "%s: cleanup done", name)
			return "", err
		}
		p.Say(ctx, "%s: done", name)
		return name + " result", nil
	}
}

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}

		// 1. Too slow: cancelled at the await, the scope returns a TimeoutError.
		var scope *timeout.Timeout
		err := timeout.Run(ctx, 500*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			scope = tm
			_, err := slowCall(p, "slow", 2*time.Second)(ctx)
			return err // the CancelledError: the scope turns it into a TimeoutError
		})
		var te *timeout.Error
		p.Say(ctx, "scope 1: %v; errors.As(err, &te) = %t; errors.Is(err, context.DeadlineExceeded) = %t; Expired() = %t",
			err, errors.As(err, &te), errors.Is(err, context.DeadlineExceeded), scope.Expired())

		// 2. In time: the body's result.
		var v string
		err = timeout.Run(ctx, 500*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			var err error
			v, err = slowCall(p, "quick", 200*time.Millisecond)(ctx)
			return err
		})
		p.Say(ctx, "scope 2: %q %v", v, err)

		// 3. Reschedule moves the deadline.
		err = timeout.Run(ctx, 500*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			if err := tm.Reschedule(l.Time().Add(2 * time.Second)); err != nil {
				return err
			}
			when, _ := tm.When()
			p.Say(ctx, "scope 3: deadline moved to %.1f", when.Sub(p.T0).Seconds())
			_, err := slowCall(p, "rescheduled", time.Second)(ctx)
			return err
		})
		p.Say(ctx, "scope 3: %v", err)

		// 4. WaitFor cancels the task and waits for its cleanup.
		t := task.Spawn(ctx, slowCall(p, "waited-for", 2*time.Second))
		v, err = timeout.WaitFor(ctx, t, 500*time.Millisecond)
		p.Say(ctx, "wait_for: %q %v; the task is done: %t, cancelled: %t", v, err, t.Done(), t.Cancelled())

		// 5. A cancellation from outside is not a timeout.
		outer := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			err := timeout.Run(ctx, 10*time.Second, func(ctx context.Context, tm *timeout.Timeout) error {
				_, err := slowCall(p, "inner", 5*time.Second)(ctx)
				return err
			})
			return "", err
		})
		if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}
		outer.Cancel("from outside")
		_, err = outer.Await(ctx)
		p.Say(ctx, "outer: %v; timeout? %t; cancelled? %t", err, errors.Is(err, timeout.ErrTimeout), future.IsCancelled(err))
		return nil
	}, opts...)
}

func main() { lesson.Main("timeouts", "run on a virtual clock: same output, no waiting", run) }
