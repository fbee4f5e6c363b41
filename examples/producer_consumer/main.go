// Producer_consumer teaches asyncio.Queue: tasks hand work over through a bounded queue,
// the producer waits while it is full (backpressure), Join waits until every item was
// processed, and Shutdown (3.13) ends the consumers.
//
//	async def producer(q):
//	    for i in range(6):
//	        await q.put(i)                  # waits while the queue holds 2 items
//
//	async def consumer(name, q):
//	    while True:
//	        try:
//	            item = await q.get()
//	        except asyncio.QueueShutDown:
//	            return
//	        await asyncio.sleep(0.3)        # the work
//	        q.task_done()
//
//	q = asyncio.Queue(maxsize=2)
//	consumers = [asyncio.create_task(consumer(n, q)) for n in ("c1", "c2")]
//	await producer(q)
//	await q.join()                          # every item processed
//	q.shutdown()                            # consumers' get() raise QueueShutDown
//	await asyncio.gather(*consumers)
//
// The trace shows the backpressure: the producer puts two items, then each further put
// waits until a consumer has taken one. Items are handed out first in, first out, and
// waiting consumers are served in the order they asked.
//
// Run it with `go run ./examples/producer_consumer` (about a second of real time) or
// `-virtual`.
package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// printer stamps each line with the loop time; see internal/lesson.
type printer = lesson.Printer

func producer(p printer, q *queue.Queue[int]) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		for i := range 6 {
			if err := q.Put(ctx, i); err != nil { // await q.put(i)
				return struct{}{}, err
			}
			p.Say(ctx, "producer: put %d (queue size %d)", i, q.Qsize())
		}
		return struct{}{}, nil
	}
}

func consumer(p printer, name string, q *queue.Queue[int]) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		processed := 0
		for {
			item, err := q.Get(ctx) // await q.get()
			if errors.Is(err, queue.ErrShutDown) {
				p.Say(ctx, "%s: queue shut down, %d items processed", name, processed)
				return processed, nil
			}
			if err != nil {
				return processed, err
			}
			p.Say(ctx, "%s: got %d", name, item)
			if err := task.Sleep(ctx, 300*time.Millisecond); err != nil { // the work
				return processed, err
			}
			processed++
			if err := q.TaskDone(); err != nil {
				return processed, err
			}
		}
	}
}

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}
		q := queue.New[int](2)

		consumers := gather.Start(ctx,
			gather.Coro(consumer(p, "c1", q)),
			gather.Coro(consumer(p, "c2", q)))
		if _, err := producer(p, q)(ctx); err != nil {
			return err
		}
		if err := q.Join(ctx); err != nil { // await q.join()
			return err
		}
		p.Say(ctx, "main: every item processed; shutting the queue down")
		q.Shutdown(false)
		counts, err := consumers.Await(ctx)
		p.Say(ctx, "main: consumers processed %v", counts)
		return err
	}, opts...)
}

func main() { lesson.Main("producer_consumer", "run on a virtual clock: same output, no waiting", run) }
