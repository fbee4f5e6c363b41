package executor_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// BenchmarkToThread is the to_thread workload of the side-by-side benchmark kit: one task
// per call, each `async with Semaphore(32): await to_thread(f, i)` with f(i) = 2i, on
// the default pool, all awaited. One op is one call, task included.
func BenchmarkToThread(b *testing.B) {
	b.ReportAllocs()
	sum := 0
	err := task.Run(func(ctx context.Context) error {
		sem := locks.NewSemaphore(32)
		if _, err := executor.ToThread(ctx, func(context.Context) (int, error) { return 0, nil }); err != nil {
			return err // start the pool outside the timer
		}
		b.ResetTimer()
		tasks := make([]*task.Task[int], b.N)
		for i := range tasks {
			tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := sem.Acquire(ctx); err != nil {
					return 0, err
				}
				defer sem.Release()
				return executor.ToThread(ctx, func(context.Context) (int, error) { return 2 * i, nil })
			})
		}
		for _, t := range tasks {
			v, err := t.Await(ctx)
			if err != nil {
				return err
			}
			sum += v
		}
		b.StopTimer()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if want := b.N * (b.N - 1); sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// BenchmarkToThreadRoundTrip is one task calling ToThread in a row: the latency of one
// round trip loop → worker → loop, with nothing to overlap it.
func BenchmarkToThreadRoundTrip(b *testing.B) {
	b.ReportAllocs()
	err := task.Run(func(ctx context.Context) error {
		f := func(context.Context) (int, error) { return 1, nil }
		if _, err := executor.ToThread(ctx, f); err != nil {
			return err
		}
		b.ResetTimer()
		for range b.N {
			if _, err := executor.ToThread(ctx, f); err != nil {
				return err
			}
		}
		b.StopTimer()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRunInPipelined is RunIn without tasks: 32 calls kept in flight by one task,
// the cost of the bridge itself (future, submission, completion through the inbox).
func BenchmarkRunInPipelined(b *testing.B) {
	b.ReportAllocs()
	err := task.Run(func(ctx context.Context) error {
		f := func(context.Context) (int, error) { return 1, nil }
		if _, err := executor.ToThread(ctx, f); err != nil {
			return err
		}
		b.ResetTimer()
		const window = 32
		var ring [window]*future.Future[int]
		for i := range b.N {
			if old := ring[i%window]; old != nil {
				if _, err := old.Await(ctx); err != nil {
					return err
				}
			}
			ring[i%window] = executor.RunIn(ctx, nil, f)
		}
		for _, f := range ring {
			if f != nil {
				if _, err := f.Await(ctx); err != nil {
					return err
				}
			}
		}
		b.StopTimer()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// spin is CPU-bound work: n rounds of an xorshift generator.
func spin(n int) uint64 {
	x := uint64(88172645463325252)
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// BenchmarkCPUBoundSpeedup runs the same CPU-bound job (8 chunks of spin) twice: in one
// goroutine, then as 8 ToThread calls on a pool of runtime.NumCPU() workers. The
// speedup metric is serial time / parallel time: about the number of cores, because
// goroutines run in parallel (no GIL, so no process pool is needed).
func BenchmarkCPUBoundSpeedup(b *testing.B) {
	const chunks, size = 8, 2_000_000
	var serial, parallel int64
	for b.Loop() {
		start := nanotime()
		var want uint64
		for range chunks {
			want += spin(size)
		}
		serial += nanotime() - start

		err := task.Run(func(ctx context.Context) error {
			pool, err := executor.NewPool(runtime.NumCPU())
			if err != nil {
				return err
			}
			defer pool.Shutdown(true, false)
			start := nanotime()
			futs := make([]*future.Future[uint64], chunks)
			for i := range futs {
				futs[i] = executor.RunIn(ctx, pool, func(context.Context) (uint64, error) { return spin(size), nil })
			}
			var got uint64
			for _, f := range futs {
				v, err := f.Await(ctx)
				if err != nil {
					return err
				}
				got += v
			}
			parallel += nanotime() - start
			if got != want {
				b.Fatalf("got %d, want %d", got, want)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(serial)/float64(parallel), "speedup")
	b.ReportMetric(float64(runtime.NumCPU()), "cpus")
}

// BenchmarkToThreadWorkloadWithoutThread is BenchmarkToThread with the ToThread call
// replaced by a Sleep(0): one task per op, parked on the Semaphore(32). What is left is
// the core's cost of a task that has to park (its coroutine is made, switched to and
// back, and scanned by the GC while it waits); the difference with BenchmarkToThread is
// the executor's share.
func BenchmarkToThreadWorkloadWithoutThread(b *testing.B) {
	b.ReportAllocs()
	err := task.Run(func(ctx context.Context) error {
		sem := locks.NewSemaphore(32)
		b.ResetTimer()
		tasks := make([]*task.Task[int], b.N)
		for i := range tasks {
			tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := sem.Acquire(ctx); err != nil {
					return 0, err
				}
				defer sem.Release()
				return 2 * i, task.Sleep(ctx, 0)
			})
		}
		for _, t := range tasks {
			if _, err := t.Await(ctx); err != nil {
				return err
			}
		}
		b.StopTimer()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
