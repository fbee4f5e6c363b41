package loop_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/goasyncio/asyncio/loop"
)

// BenchmarkCallSoon measures one CallSoon and the run of its callback (a counter), as the
// peers' call_soon workload does: inside a running loop, a driver callback schedules
// batches of 1024 callbacks, then itself again behind them, so the loop is entered once.
func BenchmarkCallSoon(b *testing.B) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
	defer l.Close()
	count, scheduled := 0, 0
	cb := func() { count++ }
	const batch = 1024
	var driver func()
	driver = func() {
		n := min(batch, b.N-scheduled)
		for range n {
			if _, err := l.CallSoon(cb); err != nil {
				b.Fatal(err)
			}
		}
		if scheduled += n; scheduled < b.N {
			_, _ = l.CallSoon(driver)
		} else {
			_, _ = l.CallSoon(l.Stop)
		}
	}
	runTimed(b, l, driver, &count, "callbacks run")
}

// BenchmarkCallLater measures one timer: CallLater (heap push) with a random delay in
// [0, 50ms), then its firing (heap pop and run), on a virtual clock so no time is spent
// waiting. Batches of 1024 timers are pending at once; the last timer of a batch
// schedules the next batch, so the loop is entered once.
func BenchmarkCallLater(b *testing.B) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
	defer l.Close()
	rng := rand.New(rand.NewPCG(12345, 0))
	delays := make([]time.Duration, 4096)
	for i := range delays {
		delays[i] = time.Duration(rng.Int64N(int64(50 * time.Millisecond)))
	}
	const batch = 1024
	count, scheduled, want := 0, 0, 0
	var driver func()
	cb := func() {
		if count++; count == want {
			driver()
		}
	}
	driver = func() {
		if scheduled == b.N {
			l.Stop()
			return
		}
		n := min(batch, b.N-scheduled)
		for i := range n {
			if _, err := l.CallLater(delays[(scheduled+i)%len(delays)], cb); err != nil {
				b.Fatal(err)
			}
		}
		scheduled += n
		want = scheduled
	}
	runTimed(b, l, driver, &count, "timers fired")
}

// runTimed schedules start, runs l until it stops with the timer on, and checks that
// *count reached b.N.
func runTimed(b *testing.B, l *loop.Loop, start func(), count *int, what string) {
	b.Helper()
	_, _ = l.CallSoon(start)
	b.ReportAllocs()
	b.ResetTimer()
	if err := l.RunForever(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if *count != b.N {
		b.Fatalf("%s: %d, want %d", what, *count, b.N)
	}
}

// BenchmarkRunForeverEnterExit measures the fixed cost of running a loop for one
// iteration: RunForever's checks (which goroutine is this, is it inside a task) and
// bookkeeping, plus one CallSoon(l.Stop). RunUntilComplete and task.Run pay it once.
func BenchmarkRunForeverEnterExit(b *testing.B) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
	defer l.Close()
	b.ReportAllocs()
	for range b.N {
		_, _ = l.CallSoon(l.Stop)
		if err := l.RunForever(); err != nil {
			b.Fatal(err)
		}
	}
}
