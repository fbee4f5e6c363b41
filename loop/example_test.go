package loop_test

import (
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/loop"
)

// This example runs plain callbacks and timers on a virtual clock: CallSoon callbacks
// run first in first out, a callback scheduled while a batch runs waits for the next
// iteration, and timers run in deadline order (equal deadlines in the order they were
// scheduled). The virtual clock jumps straight to each timer, so the two "seconds" cost
// nothing.
func Example() {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer l.Close()
	start := l.Time()
	say := func(what string) func() {
		return func() { fmt.Printf("%-12s at %v\n", what, l.Time().Sub(start)) }
	}

	l.CallLater(2*time.Second, say("timer 2s"))
	l.CallLater(time.Second, say("timer 1s (a)"))
	l.CallLater(time.Second, say("timer 1s (b)"))
	l.CallSoon(func() {
		say("soon 1")()
		l.CallSoon(say("soon 3")) // queued during the batch: next iteration
	})
	l.CallSoon(say("soon 2"))
	l.CallLater(3*time.Second, l.Stop)

	if err := l.RunForever(); err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// soon 1       at 0s
	// soon 2       at 0s
	// soon 3       at 0s
	// timer 1s (a) at 1s
	// timer 1s (b) at 1s
	// timer 2s     at 2s
}
