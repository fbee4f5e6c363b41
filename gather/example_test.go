package gather_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// fetch stands for an `async def fetch(name) -> str` that takes d.
func fetch(name string, d time.Duration) task.Coro[string] {
	return func(ctx context.Context) (string, error) {
		if err := task.Sleep(ctx, d); err != nil {
			return "", err
		}
		fmt.Println("fetched", name)
		return "<" + name + ">", nil
	}
}

// Gather runs its arguments concurrently and returns their results in argument order,
// whatever order they finish in: here the slowest, given first, finishes last, and the
// whole gather takes as long as the slowest child. Coroutines are spawned as tasks; a
// task spawned earlier is used as it is. The example runs on a virtual clock, so its
// times are exact.
func ExampleGather() {
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		t0 := l.Time()
		spawned := task.Spawn(ctx, fetch("c", 200*time.Millisecond))
		pages, err := gather.Gather(ctx,
			fetch("a", 300*time.Millisecond),
			fetch("b", 100*time.Millisecond),
			spawned,
		)
		if err != nil {
			return err
		}
		fmt.Println(pages, "after", l.Time().Sub(t0))
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// fetched b
	// fetched c
	// fetched a
	// [<a> <b> <c>] after 300ms
}

// Gather2 gathers two awaitables of different types and returns both results typed:
// `user, count = await asyncio.gather(get_user(), count_posts())` with no casts.
func ExampleGather2() {
	getUser := func(ctx context.Context) (string, error) {
		return "ada", task.Sleep(ctx, 20*time.Millisecond)
	}
	countPosts := func(ctx context.Context) (int, error) {
		return 42, task.Sleep(ctx, 10*time.Millisecond)
	}
	err := task.Run(func(ctx context.Context) error {
		user, count, err := gather.Gather2(ctx, gather.Coro(getUser), gather.Coro(countPosts))
		if err != nil {
			return err
		}
		fmt.Printf("%s has %d posts\n", user, count)
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// ada has 42 posts
}

// ReturnExceptions is `gather(..., return_exceptions=True)`: every slot holds its
// child's value or error, and one child's failure neither stops the gather nor cancels
// the others.
func ExampleReturnExceptions() {
	errNotFound := errors.New("not found")
	lookup := func(key string) task.Coro[int] {
		return func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, time.Millisecond); err != nil {
				return 0, err
			}
			if key == "missing" {
				return 0, errNotFound
			}
			return len(key), nil
		}
	}
	err := task.Run(func(ctx context.Context) error {
		rs, err := gather.ReturnExceptions(ctx, gather.Coros(lookup("one"), lookup("missing"), lookup("three"))...)
		if err != nil {
			return err
		}
		for _, r := range rs {
			fmt.Println(r.Value, r.Err)
		}
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 3 <nil>
	// 0 not found
	// 5 <nil>
}

// Start returns the gathering future without awaiting it, as asyncio.gather() does
// before its await. Cancelling it cancels every child that is not done; awaiting it then
// returns a CancelledError once the children have finished.
func ExampleStart() {
	err := task.Run(func(ctx context.Context) error {
		g := gather.Start(ctx,
			gather.Coro(fetch("quick", 0)),
			gather.Coro(fetch("slow", time.Hour)),
		)
		if err := task.Sleep(ctx, time.Second); err != nil {
			return err
		}
		fmt.Println("cancel:", g.Cancel("enough"))
		_, err := g.Await(ctx)
		fmt.Println("cancelled:", future.IsCancelled(err), err)
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// fetched quick
	// cancel: true
	// cancelled: true cancelled: enough
}
