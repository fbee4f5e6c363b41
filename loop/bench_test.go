package loop_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/loop"
)

// BenchmarkCallSoon measures one CallSoon and the run of its callback (a counter), in
// batches of 1024 callbacks per loop iteration, as the peers' call_soon workload does.
func BenchmarkCallSoon(b *testing.B) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
	defer l.Close()
	count := 0
	cb := func() { count++ }
	const batch = 1024
	b.ReportAllocs()
	for done := 0; done < b.N; {
		n := min(batch, b.N-done)
		for range n {
			if _, err := l.CallSoon(cb); err != nil {
				b.Fatal(err)
			}
		}
		_, _ = l.CallSoon(l.Stop)
		if err := l.RunForever(); err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.StopTimer()
	if count != b.N {
		b.Fatalf("ran %d callbacks, want %d", count, b.N)
	}
}

// BenchmarkCallLater measures one timer: CallLater (heap push) with a random delay in
// [0, 50ms), then its firing (heap pop and run), on a virtual clock so no time is spent
// waiting, in batches of 1024 pending timers.
func BenchmarkCallLater(b *testing.B) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
	defer l.Close()
	rng := rand.New(rand.NewPCG(12345, 0))
	delays := make([]time.Duration, 4096)
	for i := range delays {
		delays[i] = time.Duration(rng.Int64N(int64(50 * time.Millisecond)))
	}
	const batch = 1024
	count, want := 0, 0
	cb := func() {
		if count++; count == want {
			l.Stop()
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(batch, b.N-done)
		want += n
		for i := range n {
			if _, err := l.CallLater(delays[(done+i)%len(delays)], cb); err != nil {
				b.Fatal(err)
			}
		}
		if err := l.RunForever(); err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.StopTimer()
	if count != b.N {
		b.Fatalf("fired %d timers, want %d", count, b.N)
	}
}
