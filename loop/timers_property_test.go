package loop_test

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/loop"
)

// TestPropertyTimersFireInDeadlineThenFIFOOrder schedules random timers on a virtual
// clock (many equal deadlines; some timers schedule more timers or cancel others when
// they fire; often most timers are cancelled, so the heap purge runs) and checks that
// the live timers fire exactly at their deadlines, in (deadline, registration) order,
// that every live timer fires and that no cancelled timer ever does.
func TestPropertyTimersFireInDeadlineThenFIFOOrder(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(rt *rapid.T) {
		type timer struct {
			deadline  time.Duration
			seq       int
			h         *loop.TimerHandle
			fired     bool
			cancelled bool // cancelled before it fired
		}
		l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
		defer l.Close()
		var timers []*timer
		var fired []*timer
		cancelPct := rapid.IntRange(0, 100).Draw(rt, "cancelPct")

		var schedule func(label string)
		cancelSome := func(label string) {
			for range rapid.IntRange(0, 5).Draw(rt, label+" cancels") {
				if len(timers) == 0 {
					return
				}
				tm := timers[rapid.IntRange(0, len(timers)-1).Draw(rt, label+" cancel which")]
				if !tm.fired {
					tm.cancelled = true
				}
				tm.h.Cancel()
			}
		}
		schedule = func(label string) {
			tm := &timer{seq: len(timers)}
			delay := time.Duration(rapid.IntRange(0, 20).Draw(rt, label+" delay")) * time.Millisecond
			tm.deadline = l.Time().Add(delay).Sub(virtualStart)
			nested := rapid.IntRange(0, 3).Draw(rt, label+" children")
			h, err := l.CallLater(delay, func() {
				if tm.cancelled {
					rt.Fatalf("cancelled timer %d fired", tm.seq)
				}
				if now := l.Time().Sub(virtualStart); now != tm.deadline {
					rt.Fatalf("timer %d fired at %v, deadline %v", tm.seq, now, tm.deadline)
				}
				tm.fired = true
				fired = append(fired, tm)
				if len(timers) < 600 {
					for range nested {
						schedule("nested")
					}
				}
				cancelSome("in callback")
			})
			if err != nil {
				rt.Fatal(err)
			}
			tm.h = h
			timers = append(timers, tm)
			if rapid.IntRange(0, 99).Draw(rt, label+" cancel roll") < cancelPct {
				tm.cancelled = true
				h.Cancel()
			}
		}
		for range rapid.IntRange(0, 400).Draw(rt, "initial") {
			schedule("initial")
		}

		// The loop runs until nothing is left: on a virtual clock that is ErrIdle.
		if err := l.RunForever(); !errors.Is(err, loop.ErrIdle) {
			rt.Fatalf("RunForever: %v, want ErrIdle", err)
		}
		for i := 1; i < len(fired); i++ {
			a, b := fired[i-1], fired[i]
			if a.deadline > b.deadline || (a.deadline == b.deadline && a.seq > b.seq) {
				rt.Fatalf("timer %d (deadline %v) fired before timer %d (deadline %v)",
					a.seq, a.deadline, b.seq, b.deadline)
			}
		}
		for _, tm := range timers {
			if !tm.cancelled && !tm.fired {
				rt.Fatalf("live timer %d (deadline %v) never fired", tm.seq, tm.deadline)
			}
		}
	})
}
