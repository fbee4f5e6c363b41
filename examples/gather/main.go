// Gather teaches asyncio.gather: run several awaitables at once and collect their results
// in argument order, with asyncio's rules for errors and cancellation.
//
//	async def job(name, delay, fail=False):
//	    await asyncio.sleep(delay)
//	    if fail:
//	        raise ValueError(f"{name} failed")
//	    return name.upper()
//
//	print(await asyncio.gather(job("a", 0.3), job("b", 0.1), job("c", 0.2)))
//	await asyncio.gather(job("x", 0.1, fail=True), job("y", 0.2))   # raises at 0.1; y goes on
//	await asyncio.gather(job("p", 0.1), job("q", 0.1, fail=True), return_exceptions=True)
//	n, s = await asyncio.gather(count(), name())                     # different types
//	g = asyncio.gather(job("slow1", 10), job("slow2", 10)); g.cancel()  # cancels both
//
// Four lessons: results come in argument order whatever order the children finish in; the
// first error is returned at once while the other children keep running (gather cancels
// nothing on error); gather.ReturnExceptions collects every slot's value or error; and
// cancelling the gathering cancels every child. gather.Gather2 takes two awaitables of
// different types and returns typed results, no casts.
//
// A task.Coro is a plain function type, so gather.Coro marks one as an argument that
// Gather spawns as a task, as asyncio.gather wraps a coroutine in a task.
//
// Run it with `go run ./examples/gather` (about a second of real time) or `-virtual`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// printer stamps each line with the loop time; see internal/lesson.
type printer = lesson.Printer

// job sleeps for delay, then fails or returns its name in capitals.
func job(p printer, name string, delay time.Duration, fail bool) task.Coro[string] {
	return func(ctx context.Context) (string, error) {
		if err := task.Sleep(ctx, delay); err != nil {
			p.Say(ctx, "%s: cancelled", name)
			return "", err
		}
		if fail {
			p.Say(ctx, "%s: failing", name)
			return "", fmt.Errorf("%s failed", name)
		}
		p.Say(ctx, "%s: done", name)
		return strings.ToUpper(name), nil
	}
}

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}

		// 1. Results in argument order.
		vs, err := gather.Gather(ctx,
			gather.Coro(job(p, "a", 300*time.Millisecond, false)),
			gather.Coro(job(p, "b", 100*time.Millisecond, false)),
			gather.Coro(job(p, "c", 200*time.Millisecond, false)))
		p.Say(ctx, "gather: %q %v", vs, err)

		// 2. The first error returns at once; the other child goes on.
		_, err = gather.Gather(ctx,
			gather.Coro(job(p, "x", 100*time.Millisecond, true)),
			gather.Coro(job(p, "y", 200*time.Millisecond, false)))
		p.Say(ctx, "gather: error %v (y is still running)", err)
		if err := task.Sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}

		// 3. return_exceptions=True: every slot's value or error.
		rs, err := gather.ReturnExceptions(ctx,
			gather.Coro(job(p, "p", 100*time.Millisecond, false)),
			gather.Coro(job(p, "q", 100*time.Millisecond, true)))
		if err != nil {
			return err
		}
		for i, r := range rs {
			p.Say(ctx, "slot %d: value %q, error %v", i, r.Value, r.Err)
		}

		// Results of different types, typed.
		count := func(ctx context.Context) (int, error) { return 42, task.Sleep(ctx, 100*time.Millisecond) }
		name := job(p, "n", 50*time.Millisecond, false)
		n, s, err := gather.Gather2(ctx, gather.Coro(count), gather.Coro(name))
		p.Say(ctx, "gather2: %d %q %v", n, s, err)

		// 4. Cancelling the gathering cancels every child.
		g := gather.Start(ctx,
			gather.Coro(job(p, "slow1", 10*time.Second, false)),
			gather.Coro(job(p, "slow2", 10*time.Second, false)))
		if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
		g.Cancel("enough")
		_, err = g.Await(ctx)
		p.Say(ctx, "gathering: %v, errors.Is(err, context.Canceled) = %t", err, errors.Is(err, context.Canceled))
		return nil
	}, opts...)
}

func main() { lesson.Main("gather", "run on a virtual clock: same output, no waiting", run) }
