// Hello teaches the first lesson of asyncio: tasks interleave at their await points.
//
// It is the Go port of the say_after program of Python's asyncio tutorial:
//
//	async def say_after(delay, what):
//	    await asyncio.sleep(delay)
//	    print(what)
//
//	async def main():
//	    await say_after(1, "hello")             # inline: 1 s ...
//	    await say_after(2, "world")             # ... then 2 s more: 3 s
//	    t1 = asyncio.create_task(say_after(1, "hello"))
//	    t2 = asyncio.create_task(say_after(2, "world"))
//	    await t1                                # both sleep at once: 2 s
//	    await t2
//
//	asyncio.run(main())
//
// Awaiting a coroutine inline runs it inside the current task, so the two sleeps add up.
// Spawning each as a task lets the loop run them side by side: while one task is parked
// at its Sleep, the loop runs the other, and the whole takes as long as the longest.
//
// Run it with `go run ./examples/hello` (it takes 5 seconds of real time, as the Python
// program does) or with `-virtual` to run the same code on a virtual clock, which jumps
// from timer to timer and finishes at once with the same output. The test runs it on the
// virtual clock.
package main

import (
	"context"
	"io"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// printer prints each line after the loop time since its T0, in seconds, as Python's
// round(loop.time() - t0, 1) would; see internal/lesson.
type printer = lesson.Printer

// sayAfter is `async def say_after(delay, what)`: calling it makes the coroutine and
// runs nothing.
func sayAfter(p printer, delay time.Duration, what string) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		if err := task.Sleep(ctx, delay); err != nil { // await asyncio.sleep(delay)
			return struct{}{}, err
		}
		p.Say(ctx, "%s", what)
		return struct{}{}, nil
	}
}

// run is the program; opts choose the loop's clock.
func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}

		p.Say(ctx, "inline: started")
		if _, err := sayAfter(p, 1*time.Second, "hello")(ctx); err != nil { // await say_after(1, "hello")
			return err
		}
		if _, err := sayAfter(p, 2*time.Second, "world")(ctx); err != nil {
			return err
		}
		p.Say(ctx, "inline: finished, the sleeps added up")

		p.T0 = l.Time()
		p.Say(ctx, "tasks: started")
		t1 := task.Spawn(ctx, sayAfter(p, 1*time.Second, "hello")) // asyncio.create_task(...)
		t2 := task.Spawn(ctx, sayAfter(p, 2*time.Second, "world"))
		if _, err := t1.Await(ctx); err != nil { // await t1
			return err
		}
		if _, err := t2.Await(ctx); err != nil {
			return err
		}
		p.Say(ctx, "tasks: finished, the sleeps overlapped")
		return nil
	}, opts...)
}

func main() { lesson.Main("hello", "run on a virtual clock: same output, no waiting", run) }
