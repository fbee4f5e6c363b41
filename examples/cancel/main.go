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
	"flag"
	"fmt"
	"io"
	"os"
	"time"

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
		defer p.say(ctx, "worker: cleanup (deferred, like finally)")
		p.say(ctx, "worker: sleeping 10 s")
		if err := task.Sleep(ctx, 10*time.Second); err != nil {
			var ce *future.CancelledError
			if errors.As(err, &ce) { // except asyncio.CancelledError as e
				p.say(ctx, fmt.Sprintf("worker: cancelled at its await, message %q", ce.Msg))
			}
			return struct{}{}, err // raise: the task ends cancelled
		}
		p.say(ctx, "worker: woke up (never printed)")
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
			p.say(ctx, fmt.Sprintf("stubborn: cancelled (cancelling=%d), refusing", me.Cancelling()))
			me.Uncancel()
			p.say(ctx, fmt.Sprintf("stubborn: uncancelled (cancelling=%d), finishing my work", me.Cancelling()))
		}
		if err := task.Sleep(ctx, time.Second); err != nil {
			return 0, err
		}
		return 42, nil
	}
}

// printer prints lines stamped with the loop time since t0.
type printer struct {
	w  io.Writer
	t0 time.Time
}

func (p printer) say(ctx context.Context, msg string) {
	l, _ := loop.Get(ctx)
	fmt.Fprintf(p.w, "%.1f %s\n", l.Time().Sub(p.t0).Seconds(), msg)
}

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{w: w, t0: l.Time()}

		// 1. Cancellation is delivered at the await.
		t := task.Spawn(ctx, worker(p), task.WithName("worker"))
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		p.say(ctx, fmt.Sprintf("main: Cancel returns %t; the worker has not seen it yet", t.Cancel("stop now")))
		_, err := t.Await(ctx)
		p.say(ctx, fmt.Sprintf("main: await worker: %v; Cancelled() = %t; errors.Is(err, context.Canceled) = %t",
			err, t.Cancelled(), errors.Is(err, context.Canceled)))

		// 2. A task cancelled before its first step never runs its body.
		early := task.Spawn(ctx, worker(p), task.WithName("early"))
		early.Cancel("too early")
		_, err = early.Await(ctx)
		p.say(ctx, fmt.Sprintf("main: await early: %v (its body never ran)", err))

		// 3. A body may swallow the cancellation and go on.
		s := task.Spawn(ctx, stubborn(p), task.WithName("stubborn"))
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		s.Cancel("please stop")
		v, err := s.Await(ctx)
		p.say(ctx, fmt.Sprintf("main: await stubborn: %d, %v; Cancelled() = %t", v, err, s.Cancelled()))
		return nil
	}, opts...)
}

func main() {
	virtual := flag.Bool("virtual", false, "run on a virtual clock: same output, no waiting")
	flag.Parse()
	var opts []loop.Option
	if *virtual {
		opts = append(opts, loop.WithClock(loop.NewVirtualClock(time.Now())))
	}
	if err := run(os.Stdout, opts...); err != nil {
		fmt.Fprintln(os.Stderr, "cancel:", err)
		os.Exit(1)
	}
}
