// Semaphore teaches bounded concurrency with asyncio.Semaphore: many tasks, at most N of
// them inside the guarded block at once, let in first come, first served.
//
//	sem = asyncio.Semaphore(2)
//
//	async def download(i, seconds):
//	    async with sem:                 # at most 2 downloads at a time
//	        await asyncio.sleep(seconds)
//
//	await asyncio.gather(*(download(i, s) for i, s in enumerate([0.3, 0.1, 0.2, 0.1, 0.2])))
//
// The Go shape of `async with sem:` is Acquire, then a deferred Release:
//
//	if err := sem.Acquire(ctx); err != nil {
//		return err // cancelled while waiting: no permit was taken
//	}
//	defer sem.Release()
//
// The program prints who enters and leaves, and how many are inside: never more than 2,
// and the waiters enter in the order they asked. Then it cancels a task while it waits for
// a permit: it neither takes nor loses one, and all permits are back at the end. Last, a
// BoundedSemaphore refuses a Release without an Acquire, which catches the bug a plain
// Semaphore silently absorbs.
//
// Run it with `go run ./examples/semaphore` (under a second of real time) or `-virtual`.
package main

import (
	"context"
	"io"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// printer stamps each line with the loop time; see internal/lesson.
type printer = lesson.Printer

// downloads guards its downloads with one semaphore and counts who is inside.
type downloads struct {
	p      printer
	sem    *locks.Semaphore
	inside int
}

func (d *downloads) download(i int, seconds time.Duration) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		if err := d.sem.Acquire(ctx); err != nil { // async with sem:
			d.p.Say(ctx, "download %d: cancelled while waiting for a permit", i)
			return 0, err
		}
		defer d.sem.Release()
		d.inside++
		d.p.Say(ctx, "download %d: in  (inside: %d)", i, d.inside)
		defer func() { d.inside-- }()
		if err := task.Sleep(ctx, seconds); err != nil {
			return 0, err
		}
		d.p.Say(ctx, "download %d: out", i)
		return i, nil
	}
}

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}
		d := &downloads{p: p, sem: locks.NewSemaphore(2)}

		// At most two at a time, in the order they asked.
		var coros []task.Coro[int]
		for i, s := range []time.Duration{300, 100, 200, 100, 200} {
			coros = append(coros, d.download(i, s*time.Millisecond))
		}
		done, err := gather.Gather(ctx, gather.Coros(coros...)...)
		if err != nil {
			return err
		}
		p.Say(ctx, "all done: %v; %v", done, d.sem)

		// A task cancelled while it waits neither takes nor loses a permit.
		first := task.Spawn(ctx, d.download(10, 200*time.Millisecond))
		second := task.Spawn(ctx, d.download(11, 200*time.Millisecond))
		third := task.Spawn(ctx, d.download(12, 200*time.Millisecond))
		if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
		third.Cancel("")
		for _, t := range []*task.Task[int]{first, second, third} {
			_, _ = t.Await(ctx)
		}
		p.Say(ctx, "after the cancellation: %v", d.sem)

		// A BoundedSemaphore catches a Release without an Acquire.
		b := locks.NewBoundedSemaphore(1)
		p.Say(ctx, "bounded: Release without Acquire: %v", b.Release())
		return nil
	}, opts...)
}

func main() { lesson.Main("semaphore", "run on a virtual clock: same output, no waiting", run) }
