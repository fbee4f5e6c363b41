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
	"fmt"
	"io"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// sayAfter is `async def say_after(delay, what)`: calling it makes the coroutine and
// runs nothing.
func sayAfter(w io.Writer, t0 time.Time, delay time.Duration, what string) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		if err := task.Sleep(ctx, delay); err != nil { // await asyncio.sleep(delay)
			return struct{}{}, err
		}
		stamp(ctx, w, t0, what)
		return struct{}{}, nil
	}
}

// stamp prints msg after the loop time since t0, in seconds, as Python's
// round(loop.time() - t0, 1) would.
func stamp(ctx context.Context, w io.Writer, t0 time.Time, msg string) {
	l, _ := loop.Get(ctx)
	fmt.Fprintf(w, "%.1f %s\n", l.Time().Sub(t0).Seconds(), msg)
}

// run is the program; opts choose the loop's clock.
func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := l.Time()

		stamp(ctx, w, t0, "inline: started")
		if _, err := sayAfter(w, t0, 1*time.Second, "hello")(ctx); err != nil { // await say_after(1, "hello")
			return err
		}
		if _, err := sayAfter(w, t0, 2*time.Second, "world")(ctx); err != nil {
			return err
		}
		stamp(ctx, w, t0, "inline: finished, the sleeps added up")

		t0 = l.Time()
		stamp(ctx, w, t0, "tasks: started")
		t1 := task.Spawn(ctx, sayAfter(w, t0, 1*time.Second, "hello")) // asyncio.create_task(...)
		t2 := task.Spawn(ctx, sayAfter(w, t0, 2*time.Second, "world"))
		if _, err := t1.Await(ctx); err != nil { // await t1
			return err
		}
		if _, err := t2.Await(ctx); err != nil {
			return err
		}
		stamp(ctx, w, t0, "tasks: finished, the sleeps overlapped")
		return nil
	}, opts...)
}

func main() { lesson.Main("hello", "run on a virtual clock: same output, no waiting", run) }
