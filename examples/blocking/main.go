// Blocking teaches the lesson every asyncio programmer learns once: a blocking call
// inside a task stalls the whole loop, every other task with it; and its fix,
// executor.ToThread, which runs the call on a worker goroutine while the task awaits it.
//
// One goroutine runs the loop and every task body on it, one step at a time, exactly as
// one thread runs asyncio. A task gives the loop back only at an await point. A call that
// blocks (time.Sleep, a channel receive, a file or network read, a mutex) is not an
// await point: the loop waits with it, and nothing else runs until it returns.
//
// The program runs three tasks twice: a ticker that ticks every 100 ms, a reader that
// reads a message from a channel with a blocking receive (giving up after 200 ms), and a
// sender that puts the message in the channel.
//
// The first time the reader makes the call right in its body. It blocks the loop, so the
// sender never gets a turn before the reader gives up, and the ticker's second tick comes
// late:
//
//	async def reader():
//	    msg = blocking_read(timeout=0.2)    # no await: the loop is stuck here
//
// The second time the reader hands the call to a worker goroutine and awaits it:
//
//	async def reader():
//	    msg = await asyncio.to_thread(blocking_read, 0.2)
//
// The loop goes on meanwhile: the sender runs, the worker's read returns its message, and
// the reader's await returns it. The worker's function also gets a context, cancelled
// if the reader is cancelled, so a context-aware blocking call can really stop (Python's
// worker threads cannot be stopped).
//
// Run it with `go run ./examples/blocking`: on the real clock tick 2 of the first run
// comes at 0.2 s, not 0.1 s. The test runs it on a virtual clock, which counts only the
// time the loop waits for timers and not the time it was blocked, so there tick 2 is at
// 0.1 s: what the virtual clock shows is the order of events, and the order tells the same
// story.
//
// To find such calls in a real program, turn on debug mode (loop.WithDebug): every
// callback or task step that runs longer than 100 ms is logged as
// "Executing <Task ...> took 0.200 seconds"; the debug package's watchdog reports it while
// it still blocks. See docs/debugging.md.
package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/goasyncio/asyncio/examples/internal/lesson"
	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// blockingRead waits for a message on ch for at most patience, or until ctx is done: an
// ordinary blocking Go call, like a read from a socket. It knows nothing of the loop.
func blockingRead(ctx context.Context, ch <-chan string, patience time.Duration) (string, error) {
	select {
	case msg := <-ch:
		return msg, nil
	case <-time.After(patience):
		return "", fmt.Errorf("nothing arrived in %v", patience)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// printer stamps each line with the loop time; see internal/lesson.
type printer = lesson.Printer

func ticker(p printer) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		for i := 1; i <= 3; i++ {
			p.Say(ctx, "ticker: tick %d", i)
			if err := task.Sleep(ctx, 100*time.Millisecond); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	}
}

func sender(p printer, ch chan<- string) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		p.Say(ctx, "sender: sending \"hello\"")
		ch <- "hello" // ch has room for one: this does not block
		return struct{}{}, nil
	}
}

// blockingReader reads with a blocking call right in the task body: the mistake.
func blockingReader(p printer, ch <-chan string, patience time.Duration) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		p.Say(ctx, "reader: blocking read, the loop stops here")
		msg, err := blockingRead(ctx, ch, patience) // not an await point
		if err != nil {
			p.Say(ctx, "reader: gave up: %v; the sender never got a turn", err)
			return struct{}{}, nil
		}
		p.Say(ctx, "reader: got %q", msg)
		return struct{}{}, nil
	}
}

// threadReader runs the same call on a worker goroutine and awaits it: the fix.
func threadReader(p printer, ch <-chan string, patience time.Duration) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		p.Say(ctx, "reader: read in a worker goroutine, the loop goes on")
		msg, err := executor.ToThread(ctx, func(ctx context.Context) (string, error) {
			return blockingRead(ctx, ch, patience) // ctx: cancelled if the reader is
		})
		if err != nil {
			p.Say(ctx, "reader: %v", err)
			return struct{}{}, err
		}
		p.Say(ctx, "reader: got %q", msg)
		return struct{}{}, nil
	}
}

// scenario runs the ticker, the given reader and the sender as three tasks and waits for
// all of them.
func scenario(w io.Writer, title string, reader func(printer, <-chan string) task.Coro[struct{}], opts ...loop.Option) error {
	fmt.Fprintln(w, title)
	return task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		p := printer{W: w, T0: l.Time()}
		ch := make(chan string, 1)
		tasks := []*task.Task[struct{}]{
			task.Spawn(ctx, ticker(p)),
			task.Spawn(ctx, reader(p, ch)),
			task.Spawn(ctx, sender(p, ch)),
		}
		for _, t := range tasks {
			if _, err := t.Await(ctx); err != nil {
				return err
			}
		}
		return nil
	}, opts...)
}

// run is the program. patience is how long the blocking read waits.
func run(w io.Writer, patience time.Duration, opts ...loop.Option) error {
	err := scenario(w, "== a blocking call in a task ==", func(p printer, ch <-chan string) task.Coro[struct{}] {
		return blockingReader(p, ch, patience)
	}, opts...)
	if err != nil {
		return err
	}
	return scenario(w, "== the same call in executor.ToThread ==", func(p printer, ch <-chan string) task.Coro[struct{}] {
		return threadReader(p, ch, patience)
	}, opts...)
}

func main() {
	lesson.Main("blocking", "run on a virtual clock: it shows the order of events, not the time the loop was blocked", func(w io.Writer, opts ...loop.Option) error {
		return run(w, 200*time.Millisecond, opts...)
	})
}
