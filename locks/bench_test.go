package locks_test

import (
	"context"
	"testing"

	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// BenchmarkSemaphoreContention is the semaphore_contention workload of the side-by-side
// benchmark kit: 10,000 tasks × rounds of `async with sem (Semaphore(8)): counter += 1;
// await sleep(0)`. One op is one acquire/release round of one task.
func BenchmarkSemaphoreContention(b *testing.B) {
	benchSemaphore(b, 10_000, 8)
}

// BenchmarkSemaphoreUncontended is a single task acquiring and releasing a free permit:
// the fast path, no waiting, no switch.
func BenchmarkSemaphoreUncontended(b *testing.B) {
	b.ReportAllocs()
	sem := locks.NewSemaphore(1)
	ctx := context.Background() // a free permit needs no task
	for b.Loop() {
		if err := sem.Acquire(ctx); err != nil {
			b.Fatal(err)
		}
		sem.Release()
	}
}

func benchSemaphore(b *testing.B, tasks, permits int) {
	b.ReportAllocs()
	tasks = min(tasks, b.N)
	rounds := (b.N + tasks - 1) / tasks
	counter := 0
	err := task.Run(func(ctx context.Context) error {
		sem := locks.NewSemaphore(permits)
		b.ResetTimer()
		ts := make([]*task.Task[struct{}], tasks)
		for i := range ts {
			ts[i] = task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				for range rounds {
					if err := sem.Acquire(ctx); err != nil {
						return struct{}{}, err
					}
					counter++
					err := task.Sleep(ctx, 0)
					sem.Release()
					if err != nil {
						return struct{}{}, err
					}
				}
				return struct{}{}, nil
			})
		}
		for _, t := range ts {
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
	if counter != tasks*rounds {
		b.Fatalf("counter %d, want %d", counter, tasks*rounds)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(tasks*rounds), "ns/round")
}

// BenchmarkSleep0Baseline is BenchmarkSemaphoreContention without the semaphore: the
// same 10,000 tasks, each round one Sleep(0). It is the core's floor for one task
// switch with that many live tasks; a contended round costs two switches (the task parks
// in Acquire, and in Sleep(0)).
func BenchmarkSleep0Baseline(b *testing.B) {
	b.ReportAllocs()
	tasks := min(10_000, b.N)
	rounds := (b.N + tasks - 1) / tasks
	err := task.Run(func(ctx context.Context) error {
		b.ResetTimer()
		ts := make([]*task.Task[struct{}], tasks)
		for i := range ts {
			ts[i] = task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				for range rounds {
					if err := task.Sleep(ctx, 0); err != nil {
						return struct{}{}, err
					}
				}
				return struct{}{}, nil
			})
		}
		for _, t := range ts {
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
