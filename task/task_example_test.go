package task_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// greet is the Go shape of `async def greet(name, delay) -> str`.
func greet(name string, delay time.Duration) task.Coro[string] {
	return func(ctx context.Context) (string, error) {
		if err := task.Sleep(ctx, delay); err != nil {
			return "", err
		}
		return "hello, " + name, nil
	}
}

// This example is asyncio.run(main()): Run makes a loop, runs main as its first task
// and closes the loop when main returns. main spawns two tasks (create_task) that run
// concurrently and awaits both; on a virtual clock the whole run takes no real time, and
// the loop's time shows the two sleeps overlapped.
func ExampleRun() {
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		start := l.Time()
		slow := task.Spawn(ctx, greet("slow", 2*time.Second))
		fast := task.Spawn(ctx, greet("fast", time.Second))
		for _, t := range []*task.Task[string]{slow, fast} {
			msg, err := t.Await(ctx)
			if err != nil {
				return err
			}
			fmt.Println(msg, "at", l.Time().Sub(start))
		}
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	fmt.Println("Run returned", err)
	// Output:
	// hello, slow at 2s
	// hello, fast at 2s
	// Run returned <nil>
}

// This example shows spawn, await and cancel: cancelling a task that awaits (here,
// sleeps) delivers a *future.CancelledError at its await point; the body may clean up,
// even awaiting, and returns the error, which ends the task cancelled. Its awaiter gets
// the same error, which also matches context.Canceled.
func ExampleTask_Cancel() {
	err := task.Run(func(ctx context.Context) error {
		worker := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			fmt.Println("worker: sleeping for an hour")
			if err := task.Sleep(ctx, time.Hour); err != nil {
				fmt.Println("worker: interrupted:", err)
				_ = task.Sleep(ctx, time.Second) // cleanup may await
				fmt.Println("worker: cleaned up")
				return 0, err
			}
			return 1, nil
		}, task.WithName("worker"))

		_ = task.Sleep(ctx, time.Minute)
		fmt.Println("main: cancel ->", worker.Cancel("enough"))
		_, err := worker.Await(ctx)
		fmt.Println("main: await ->", err, "| cancelled:", worker.Cancelled(),
			"| context.Canceled:", errors.Is(err, context.Canceled))
		fmt.Println(worker)
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	fmt.Println("Run returned", err, future.IsCancelled(err))
	// Output:
	// worker: sleeping for an hour
	// main: cancel -> true
	// worker: interrupted: cancelled: enough
	// worker: cleaned up
	// main: await -> cancelled: enough | cancelled: true | context.Canceled: true
	// <Task cancelled name='worker' coro=task_test.ExampleTask_Cancel>
	// Run returned <nil> false
}

// fetch fails, and the task that runs it is never awaited.
func fetch(ctx context.Context) (string, error) { return "", errors.New("connection refused") }

// A task that fails while nobody awaits it is reported as asyncio reports it, to the
// loop's exception handler (the default one logs): when the garbage collector collects
// the task, or at the latest when the loop closes, as here. A loop that closes with a task
// still pending reports that task too.
func Example_exceptionNeverRetrieved() {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) {
		fmt.Printf("%s\n  error:  %v\n  origin: %v\n", c.Message, c.Err, c.Origin)
	})
	ctx := loop.WithScope(context.Background(), l)
	task.Spawn(ctx, fetch) // create_task(fetch()), never awaited
	task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, task.Sleep(ctx, time.Hour)
	}, task.WithName("sleeper"))
	_ = l.RunUntilComplete(task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, task.Sleep(ctx, time.Second)
	}))
	_ = l.Close()
	// Output:
	// Task was destroyed but it is pending!
	//   error:  <nil>
	//   origin: <Task pending name='sleeper' coro=task_test.Example_exceptionNeverRetrieved>
	// Task exception was never retrieved
	//   error:  connection refused
	//   origin: <Task finished name='Task-1' coro=task_test.fetch exception=connection refused>
}
