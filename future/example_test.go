package future_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// This example shows a future's done callbacks: they run in the order they were added,
// each scheduled with the loop's CallSoon, so SetResult returns before any of them runs;
// a callback added to a future that is done already is scheduled too, never called on
// the spot. A task awaiting the future gets the same result.
func ExampleFuture_AddDoneCallback() {
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		f := future.New[string](l)
		for _, name := range []string{"first", "second"} {
			f.AddDoneCallback(func(f *future.Future[string]) {
				v, _ := f.Result()
				fmt.Println(name, "callback got", v)
			})
		}
		l.CallLater(time.Second, func() {
			f.SetResult("hello")
			fmt.Println("SetResult returned")
			f.AddDoneCallback(func(*future.Future[string]) { fmt.Println("late callback") })
		})
		v, err := f.Await(ctx)
		fmt.Println("await got", v, err)
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	fmt.Println("run:", err)
	// Output:
	// SetResult returned
	// first callback got hello
	// second callback got hello
	// await got hello <nil>
	// late callback
	// run: <nil>
}

// This example shows a future's states and the errors of asyncio's futures.py: a pending
// future has no result yet, a future completes only once, and a cancelled one reports a
// CancelledError that also matches context.Canceled.
func ExampleFuture_Cancel() {
	l := loop.New()
	defer l.Close()
	f := future.New[int](l)
	_, err := f.Result()
	fmt.Println("pending:", err)
	fmt.Println("cancel:", f.Cancel("no longer needed"))
	fmt.Println("cancel again:", f.Cancel(""))
	fmt.Println("set result:", f.SetResult(1))
	_, err = f.Result()
	fmt.Println("result:", err, "| is context.Canceled:", errors.Is(err, context.Canceled))
	// Output:
	// pending: future: invalid state: Result on a pending future
	// cancel: true
	// cancel again: false
	// set result: future: invalid state: SetResult on a cancelled future
	// result: cancelled: no longer needed | is context.Canceled: true
}
