// Cancel teaches asyncio cancellation: it is a request, delivered as an error at the
// task's await point, that the task may clean up after, pass on, or refuse.
//
// Three stories, each the Go port of a few lines of Python:
//
//  1. Delivered at the await. Task.Cancel(msg) on a task parked in Sleep cancels what it
//     awaits; the body's Sleep returns a *future.CancelledError carrying msg, deferred
//     cleanup runs, and returning the error ends the task cancelled (`raise`).
//  2. Cancelled before it starts. A task cancelled before its first step never runs its
//     body at all.
//  3. Swallowed. A body that catches the CancelledError and calls Uncancel goes on and
//     returns a value: cancellation in asyncio can be refused, which a Go
//     context's cannot. Cancelling counts the requests still pending.
//
// Run it with `go run ./examples/cancel`; it takes 3 seconds of real time, or none with
// `-virtual`. The test runs it on the virtual clock.
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
)

// worker is:
//
//	async def worker():
//	    try:
//	        await asyncio.sleep(10)
//	    except asyncio.CancelledError as e:
//	        print("worker: cancelled at its await:", e.args)
//	        raise
//	    finally:
//	        print("worker: cleanup")
func worker(p printer) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		defer p.Say(ctx, "worker: cleanup (deferred, like finally)")
		p.Say(ctx, "worker: sleeping 10 s")
		if err := task.Sleep(ctx, 10*time.Second); err != nil {
			var ce *future.CancelledError
			if errors.As(err, &ce) { // except asyncio.CancelledError as e
				p.Say(ctx, "worker: cancelled at its await, message %q", ce.Msg)
			}
			return struct{}{}, err // raise: the task ends cancelled
		}
		p.Say(ctx, "worker: woke up (never printed)")
		return struct{}{}, nil
	}
}

// stubborn catches the cancellation, takes it back with Uncancel and finishes its work:
//
//	async def stubborn():
//	    try:
//	        await asyncio.sleep(10)
//	    except asyncio.CancelledError:
//	        asyncio.current_task().uncancel()
//	    await asyncio.sleep(1)
//	    return 42
func stubborn(p printer) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		if err := task.Sleep(ctx, 10*time.Second); future.IsCancelled(err) {
			me := task.Current(ctx)
			p.Say(ctx, "stubborn: cancelled (cancelling=%d), refusing", me.Cancelling())
			me.Uncancel()
			p.Say(ctx, "stubborn: uncancelled (cancelling=%d), finishing my work", me.Cancelling())
		}
		if err := task.Sleep(ctx, time.Second); err != nil {
			return 0, err
		}
		return 42, nil
	}
}

// printer stamps each line with the loop time; see internal/lesson.
type printer = lesson.Printer

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}

		// 1. Cancellation is delivered at the await.
		t := task.Spawn(ctx, worker(p), task.WithName("worker"))
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		p.Say(ctx, "main: Cancel returns %t; the worker has not seen it yet", t.Cancel("stop now"))
		_, err := t.Await(ctx)
		p.Say(ctx, "main: await worker: %v; Cancelled() = %t; errors.Is(err, context.Canceled) = %t",
			err, t.Cancelled(), errors.Is(err, context.Canceled))

		// 2. A task cancelled before its first step never runs its body.
		early := task.Spawn(ctx, worker(p), task.WithName("early"))
		early.Cancel("too early")
		_, err = early.Await(ctx)
		p.Say(ctx, "main: await early: %v (its body never ran)", err)

		// 3. A body may swallow the cancellation and go on.
		s := task.Spawn(ctx, stubborn(p), task.WithName("stubborn"))
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		s.Cancel("please stop")
		v, err := s.Await(ctx)
		p.Say(ctx, "main: await stubborn: %d, %v; Cancelled() = %t", v, err, s.Cancelled())
		return nil
	}, opts...)
}

func main() { lesson.Main("cancel", "run on a virtual clock: same output, no waiting", run) }
