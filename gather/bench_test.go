package gather_test

import (
	"context"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/task"
)

// BenchmarkGatherWide gathers 100,000 coroutines that each sleep 1ms (on the virtual
// clock) and return their index: spawn, timer, wake-up and result collection per child.
// ns/op is per child.
func BenchmarkGatherWide(b *testing.B) {
	const n = 100_000
	child := func(i int) task.Coro[int] {
		return func(ctx context.Context) (int, error) {
			return i, task.Sleep(ctx, time.Millisecond)
		}
	}
	coros := make([]task.Coro[int], n)
	for i := range coros {
		coros[i] = child(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		err := run(func(ctx context.Context) error {
			vs, err := gather.Gather(ctx, gather.Coros(coros...)...)
			if err == nil && (len(vs) != n || vs[n-1] != n-1) {
				b.Fatal("wrong results")
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/child")
}
