package loop_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// virtualStart is where every virtual clock of these tests starts.
var virtualStart = time.Unix(0, 0)

// TestConformanceCallSoonFIFO ports loop_call_soon_fifo.py: call_soon runs FIFO, a
// callback queued during a batch runs in the next iteration, and stop() ends
// run_forever after the current batch, leaving what that batch queued for the next run.
func TestConformanceCallSoonFIFO(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))

	var cb func(name, child string)
	cb = func(name, child string) {
		tr.Print("run", name)
		if child != "" {
			_, err := l.CallSoon(func() { cb(child, "") })
			require.NoError(t, err)
			tr.Print("  queued", child)
		}
	}
	callSoon := func(fn func()) {
		_, err := l.CallSoon(fn)
		require.NoError(t, err)
	}

	callSoon(func() { cb("a", "a-child") })
	callSoon(func() { cb("b", "b-child") })
	callSoon(func() { cb("c", "") })
	callSoon(l.Stop)
	tr.Print("first run_forever")
	require.NoError(t, l.RunForever())
	tr.Print("loop stopped")
	callSoon(func() { cb("d", "") })
	callSoon(l.Stop)
	tr.Print("second run_forever")
	require.NoError(t, l.RunForever())
	tr.Print("loop stopped")
	require.NoError(t, l.Close())

	tr.Check(t, "loop_call_soon_fifo")
}

// TestConformanceCallLaterDeadlineOrder ports loop_call_later_deadline_order.py: timers
// run in deadline order, equal deadlines in registration order, and a due timer runs
// after the call_soon callbacks queued before it.
func TestConformanceCallLaterDeadlineOrder(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	main := func(ctx context.Context) error {
		l, err := loop.Get(ctx)
		if err != nil {
			return err
		}
		t0 := l.Time()
		rec := func(name string) { tr.Print(name, "at", conformance.Seconds(l.Time().Sub(t0))) }
		later := func(d time.Duration, name string) {
			_, err := l.CallLater(d, func() { rec(name) })
			require.NoError(t, err)
		}

		later(300*time.Millisecond, "c delay=0.3")
		later(100*time.Millisecond, "a delay=0.1")
		later(200*time.Millisecond, "b1 delay=0.2")
		later(200*time.Millisecond, "b2 delay=0.2")
		later(0, "zero delay timer")
		_, err = l.CallSoon(func() { rec("call_soon") })
		require.NoError(t, err)
		tr.Print("registered")
		if err := task.Sleep(ctx, 400*time.Millisecond); err != nil {
			return err
		}
		done := future.New[any](l)
		var seen []string
		tie := func(name string) {
			rec(name)
			seen = append(seen, name)
			if len(seen) == 3 {
				require.NoError(t, done.SetResult(nil))
			}
		}
		when := l.Time().Add(100 * time.Millisecond)
		for _, name := range []string{"tie 1", "tie 2", "tie 3"} {
			_, err := l.CallAt(when, func() { tie(name) })
			require.NoError(t, err)
		}
		if _, err := done.Await(ctx); err != nil {
			return err
		}
		tr.Print("main done")
		return nil
	}
	require.NoError(t, task.Run(main, loop.WithClock(loop.NewVirtualClock(virtualStart))))
	tr.Check(t, "loop_call_later_deadline_order")
}
