package examples_test

// The snippets of docs/concepts.md, compiled and run, so the docs cannot drift from the
// API. Each Example's body holds the snippet as the page shows it.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// A loop driven by hand: CallSoon is FIFO, a timer runs when due.
func Example_conceptsLoop() {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	l.CallSoon(func() { fmt.Println("first") })
	l.CallLater(100*time.Millisecond, func() { fmt.Println("third"); l.Stop() })
	l.CallSoon(func() { fmt.Println("second") })
	_ = l.RunForever()
	_ = l.Close()
	// Output:
	// first
	// second
	// third
}

// fetch is the shape of `async def fetch(url) -> bytes`.
func fetch(url string) task.Coro[[]byte] {
	return func(ctx context.Context) ([]byte, error) {
		if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
			return nil, err
		}
		return []byte("<" + url + ">"), nil
	}
}

// Inline await and Spawn.
func Example_conceptsCoroutines() {
	err := task.Run(func(ctx context.Context) error {
		body, err := fetch("a")(ctx) // await fetch("a")
		if err != nil {
			return err
		}
		t := task.Spawn(ctx, fetch("b")) // asyncio.create_task(fetch("b"))
		other, err := t.Await(ctx)
		fmt.Println(string(body), string(other), err)
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	fmt.Println(err)
	// Output:
	// <a> <b> <nil>
	// <nil>
}

func worker() task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		return struct{}{}, task.Sleep(ctx, time.Hour)
	}
}

// Cancel is a request delivered at the worker's await.
func Example_conceptsCancel() {
	_ = task.Run(func(ctx context.Context) error {
		t := task.Spawn(ctx, worker())
		if err := task.Sleep(ctx, 0); err != nil { // let the worker start and park
			return err
		}
		t.Cancel("stop now")   // returns true; the worker has not seen anything yet
		_, err := t.Await(ctx) // err is a *future.CancelledError{Msg: "stop now"}
		var ce *future.CancelledError
		fmt.Println(errors.As(err, &ce), ce.Msg, errors.Is(err, context.Canceled), t.Cancelled())
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	// Output:
	// true stop now true true
}

// A body that refuses its cancellation.
func Example_conceptsUncancel() {
	_ = task.Run(func(ctx context.Context) error {
		t := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			if err := task.Sleep(ctx, 10*time.Second); future.IsCancelled(err) {
				task.Current(ctx).Uncancel() // refuse the cancellation, go on
			}
			return "done anyway", nil
		})
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		t.Cancel("")
		v, err := t.Await(ctx)
		fmt.Println(v, err, t.Cancelled(), t.Cancelling())
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	// Output:
	// done anyway <nil> false 0
}

// A TaskGroup waits for its children.
func Example_conceptsTaskGroup() {
	_ = task.Run(func(ctx context.Context) error {
		var a, b *task.Task[[]byte]
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
			a = task.Spawn(ctx, fetch("a"), task.InGroup(tg))
			b = task.Spawn(ctx, fetch("b"), task.InGroup(tg))
			return nil
		})
		fmt.Println(err, a.Done(), b.Done())
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	// Output:
	// <nil> true true
}

// An hour of loop time in no time.
func Example_conceptsVirtualClock() {
	clock := loop.NewVirtualClock(time.Unix(0, 0))
	main := func(ctx context.Context) error {
		for range 60 {
			if err := task.Sleep(ctx, time.Minute); err != nil {
				return err
			}
		}
		return nil
	}
	err := task.Run(main, loop.WithClock(clock))
	fmt.Println(err, clock.Now().Sub(time.Unix(0, 0)))
	// Output:
	// <nil> 1h0m0s
}

// A blocking call moved off the loop.
func Example_conceptsToThread() {
	f, err := os.CreateTemp("", "concepts")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	_, _ = f.WriteString("hello from a file")
	_ = f.Close()
	path := f.Name()

	_ = task.Run(func(ctx context.Context) error {
		data, err := executor.ToThread(ctx, func(ctx context.Context) ([]byte, error) {
			return os.ReadFile(path) // blocks a worker, not the loop
		})
		fmt.Println(string(data), err)
		return nil
	})
	// Output:
	// hello from a file <nil>
}

// Cancelling a task that awaits another task cancels that one too; Shield prevents it.
func Example_conceptsCancelAwaited() {
	_ = task.Run(func(ctx context.Context) error {
		inner := task.Spawn(ctx, worker())
		shielded := task.Spawn(ctx, worker())
		outer := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			return inner.Await(ctx)
		})
		guard := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			return task.Shield(shielded).Await(ctx)
		})
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		outer.Cancel("")
		guard.Cancel("")
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		fmt.Println(outer.Cancelled(), inner.Cancelled(), guard.Cancelled(), shielded.Done())
		shielded.Cancel("")
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	// Output:
	// true true true false
}
