package executor_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

// ToThread is for the one blocking call in a task: here a file read, which would block
// the loop (and every other task) if the task made it directly. The task awaits the
// worker; the loop goes on running the others.
func ExampleToThread() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "config.txt")
	_ = os.WriteFile(path, []byte("retries=3"), 0o600)

	err := task.Run(func(ctx context.Context) error {
		data, err := executor.ToThread(ctx, func(context.Context) ([]byte, error) {
			return os.ReadFile(path) // blocking: runs on a worker goroutine
		})
		if err != nil {
			return err
		}
		fmt.Printf("read %q\n", data)
		return nil
	})
	fmt.Println("error:", err)
	// Output:
	// read "retries=3"
	// error: <nil>
}

// RunIn with a pool of your own bounds one kind of work separately from the rest: here
// at most two calls to a slow backend at once, however many tasks ask. RunIn returns the
// futures at once (run_in_executor); the task awaits them later, in any order.
func ExampleRunIn() {
	backend, _ := executor.NewPool(2, executor.WithName("backend"))
	defer backend.Shutdown(true, false)

	err := task.Run(func(ctx context.Context) error {
		var futs []*future.Future[string]
		for _, key := range []string{"a", "b", "c", "d"} {
			futs = append(futs, executor.RunIn(ctx, backend, func(ctx context.Context) (string, error) {
				return "value of " + key, nil // a blocking client call, given ctx
			}))
		}
		for _, f := range futs {
			v, err := f.Await(ctx)
			if err != nil {
				return err
			}
			fmt.Println(v)
		}
		return nil
	})
	fmt.Println("error:", err, "| never more than 2 workers:", backend.Workers() <= 2)
	// Output:
	// value of a
	// value of b
	// value of c
	// value of d
	// error: <nil> | never more than 2 workers: true
}

// CPU-bound work needs no process pool in Go: there is no GIL, and goroutines run in
// parallel on every core. Split the work into chunks and run them on a pool with one
// worker per core: the chunks run at the same time, and the result is the same as the
// serial one. (BenchmarkCPUBoundSpeedup measures the speed-up: about the number of
// cores, 1.99 on a 2-core machine.)
func Example_cpuBound() {
	const chunks, size = 8, 100_000
	serial := uint64(0)
	for range chunks {
		serial += spin(size)
	}

	err := task.Run(func(ctx context.Context) error {
		cores, _ := executor.NewPool(max(2, runtimeNumCPU()))
		defer cores.Shutdown(true, false)
		futs := make([]*future.Future[uint64], chunks)
		for i := range futs {
			futs[i] = executor.RunIn(ctx, cores, func(context.Context) (uint64, error) { return spin(size), nil })
		}
		parallel := uint64(0)
		for _, f := range futs {
			v, err := f.Await(ctx)
			if err != nil {
				return err
			}
			parallel += v
		}
		fmt.Println("same result as the serial loop:", parallel == serial)
		return nil
	})
	fmt.Println("error:", err)
	// Output:
	// same result as the serial loop: true
	// error: <nil>
}

// RunCoroutineThreadsafe lets code on another goroutine (an HTTP handler, a callback of
// a C library) run a coroutine on a running loop and wait for its result.
func ExampleRunCoroutineThreadsafe() {
	err := task.Run(func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		// The outside world: a goroutine that is not the loop's. Here it is started by
		// a worker, so that this example can await it.
		answer, err := executor.ToThread(ctx, func(context.Context) (int, error) {
			h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, 0); err != nil {
					return 0, err
				}
				return 42, nil
			})
			if err != nil {
				return 0, err
			}
			return h.Wait(context.Background())
		})
		fmt.Println("answer:", answer)
		return err
	})
	fmt.Println("error:", err)
	// Output:
	// answer: 42
	// error: <nil>
}
