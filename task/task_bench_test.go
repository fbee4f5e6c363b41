package task_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// benchRun runs main on a fresh loop with a virtual clock, failing the benchmark on error.
func benchRun(b *testing.B, main func(ctx context.Context) error) {
	b.Helper()
	if err := task.Run(main, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSpawnAndFinish measures one task from Spawn to done and awaited: the peers'
// task_spawn workload (create tasks of `async def f(i): return i`, then await them all),
// in batches of 1024 tasks.
func BenchmarkSpawnAndFinish(b *testing.B) {
	b.ReportAllocs()
	benchRun(b, func(ctx context.Context) error {
		const batch = 1024
		tasks := make([]*task.Task[int], 0, batch)
		sum, want := 0, 0
		b.ResetTimer()
		for done := 0; done < b.N; {
			n := min(batch, b.N-done)
			tasks = tasks[:0]
			for i := range n {
				tasks = append(tasks, task.Spawn(ctx, func(context.Context) (int, error) { return i, nil }))
				want += i
			}
			for _, t := range tasks {
				v, err := t.Await(ctx)
				if err != nil {
					return err
				}
				sum += v
			}
			done += n
		}
		b.StopTimer()
		if sum != want {
			b.Fatalf("sum %d, want %d", sum, want)
		}
		return nil
	})
}

// BenchmarkSpawnAndFail is BenchmarkSpawnAndFinish for tasks that fail: what a failure
// adds to a task, chiefly the record that reports its exception if nobody retrieves it
// (here the await does).
func BenchmarkSpawnAndFail(b *testing.B) {
	b.ReportAllocs()
	errFailed := errors.New("failed")
	benchRun(b, func(ctx context.Context) error {
		const batch = 1024
		tasks := make([]*task.Task[int], 0, batch)
		b.ResetTimer()
		for done := 0; done < b.N; {
			n := min(batch, b.N-done)
			tasks = tasks[:0]
			for range n {
				tasks = append(tasks, task.Spawn(ctx, func(context.Context) (int, error) { return 0, errFailed }))
			}
			for _, t := range tasks {
				if _, err := t.Await(ctx); err != errFailed {
					return fmt.Errorf("awaited %v, want %v", err, errFailed)
				}
			}
			done += n
		}
		b.StopTimer()
		return nil
	})
}

// BenchmarkSleep0Switch measures one Sleep(ctx, 0): a task yields for one loop iteration
// and is stepped again. As in the peers' sleep0_switch workload, up to 1000 tasks yield
// in turn; b.N yields in all.
func BenchmarkSleep0Switch(b *testing.B) {
	b.ReportAllocs()
	benchRun(b, func(ctx context.Context) error {
		workers := min(1000, b.N)
		tasks := make([]*task.Task[int], workers)
		b.ResetTimer()
		for w := range tasks {
			rounds := b.N / workers
			if w < b.N%workers {
				rounds++
			}
			tasks[w] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				for range rounds {
					if err := task.Sleep(ctx, 0); err != nil {
						return 0, err
					}
				}
				return rounds, nil
			})
		}
		total := 0
		for _, t := range tasks {
			v, err := t.Await(ctx)
			if err != nil {
				return err
			}
			total += v
		}
		b.StopTimer()
		if total != b.N {
			b.Fatalf("%d yields, want %d", total, b.N)
		}
		return nil
	})
}
