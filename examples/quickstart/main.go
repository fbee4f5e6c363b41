// Quickstart is the README's example: two coroutines spawned as tasks sleep at the same
// time, so the program takes 2 seconds, not 3.
//
// The Python program it ports:
//
//	async def say_after(delay, what):
//	    await asyncio.sleep(delay)
//	    return what
//
//	async def main():
//	    t1 = asyncio.create_task(say_after(1, "hello"))
//	    t2 = asyncio.create_task(say_after(2, "world"))
//	    print(await t1, await t2)  # after 2 s, not 3
//
//	asyncio.run(main())
//
// The test checks that README.md shows this file's code as it is.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// README:begin
func sayAfter(delay time.Duration, what string) task.Coro[string] {
	return func(ctx context.Context) (string, error) {
		err := task.Sleep(ctx, delay) // await asyncio.sleep(delay)
		return what, err
	}
}

func run(w io.Writer, opts ...loop.Option) error {
	return task.Run(func(ctx context.Context) error { // asyncio.run(main())
		t1 := task.Spawn(ctx, sayAfter(1*time.Second, "hello")) // asyncio.create_task(...)
		t2 := task.Spawn(ctx, sayAfter(2*time.Second, "world"))
		a, err := t1.Await(ctx) // await t1
		if err != nil {
			return err
		}
		b, err := t2.Await(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, a, b) // after 2 s, not 3
		return nil
	}, opts...)
}

// README:end

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}
