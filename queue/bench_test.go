package queue_test

import (
	"context"
	"testing"

	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// BenchmarkQueueThroughput moves 1,000,000 items from one producer task to one consumer
// task through a queue of maxsize 1024; ns/op is per item.
func BenchmarkQueueThroughput(b *testing.B) {
	const items = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		err := run(func(ctx context.Context) error {
			q := queue.New[int](1024)
			p := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				for i := range items {
					if err := q.Put(ctx, i); err != nil {
						return struct{}{}, err
					}
				}
				return struct{}{}, nil
			})
			sum := 0
			for range items {
				v, err := q.Get(ctx)
				if err != nil {
					return err
				}
				sum += v
			}
			if sum != items*(items-1)/2 {
				b.Fatal("lost items")
			}
			_, err := p.Await(ctx)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*items), "ns/item")
}
