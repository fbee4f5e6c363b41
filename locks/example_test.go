package locks_test

import (
	"context"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// A Semaphore bounds how many tasks do something at once: here at most two "downloads"
// out of five run at the same time, and they start in the order the tasks asked
// (`async with sem:` in Python). The virtual clock makes the timings exact.
func ExampleSemaphore() {
	clock := loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))
	err := task.Run(func(ctx context.Context) error {
		sem := locks.NewSemaphore(2)
		start := task.Current(ctx).Loop().Time()
		download := func(name string) task.Coro[struct{}] {
			return func(ctx context.Context) (struct{}, error) {
				if err := sem.Acquire(ctx); err != nil {
					return struct{}{}, err
				}
				defer sem.Release()
				at := task.Current(ctx).Loop().Time().Sub(start)
				fmt.Printf("%s starts at %v\n", name, at)
				return struct{}{}, task.Sleep(ctx, time.Second)
			}
		}
		var tasks []*task.Task[struct{}]
		for _, name := range []string{"a", "b", "c", "d", "e"} {
			tasks = append(tasks, task.Spawn(ctx, download(name)))
		}
		for _, t := range tasks {
			if _, err := t.Await(ctx); err != nil {
				return err
			}
		}
		return nil
	}, clock)
	fmt.Println("error:", err)
	// Output:
	// a starts at 0s
	// b starts at 0s
	// c starts at 1s
	// d starts at 1s
	// e starts at 2s
	// error: <nil>
}

// An Event lets tasks wait for something to happen; Set wakes all of them, in the order
// they began waiting.
func ExampleEvent() {
	err := task.Run(func(ctx context.Context) error {
		var ready locks.Event
		var tasks []*task.Task[struct{}]
		for _, name := range []string{"w1", "w2"} {
			tasks = append(tasks, task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				if err := ready.Wait(ctx); err != nil {
					return struct{}{}, err
				}
				fmt.Println(name, "woke")
				return struct{}{}, nil
			}))
		}
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		fmt.Println("setting")
		ready.Set()
		for _, t := range tasks {
			if _, err := t.Await(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	fmt.Println("error:", err)
	// Output:
	// setting
	// w1 woke
	// w2 woke
	// error: <nil>
}

// A Lock serializes a critical section that awaits: without it, the two tasks'
// read-await-write sequences would interleave and lose an update.
func ExampleLock() {
	err := task.Run(func(ctx context.Context) error {
		var mu locks.Lock
		balance := 100
		withdraw := func(amount int) task.Coro[struct{}] {
			return func(ctx context.Context) (struct{}, error) {
				if err := mu.Acquire(ctx); err != nil {
					return struct{}{}, err
				}
				defer mu.Release()
				b := balance
				if err := task.Sleep(ctx, 0); err != nil { // an await inside the section
					return struct{}{}, err
				}
				balance = b - amount
				return struct{}{}, nil
			}
		}
		t1, t2 := task.Spawn(ctx, withdraw(30)), task.Spawn(ctx, withdraw(20))
		if _, err := t1.Await(ctx); err != nil {
			return err
		}
		if _, err := t2.Await(ctx); err != nil {
			return err
		}
		fmt.Println("balance:", balance)
		return nil
	})
	fmt.Println("error:", err)
	// Output:
	// balance: 50
	// error: <nil>
}
