package loop

import (
	"sync/atomic"
	"time"
)

// Clock is where a loop reads the time. The loop only ever compares times it read from
// its own clock.
type Clock interface {
	Now() time.Time
}

// realClock is the monotonic wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// VirtualClock is a clock that moves only when told to, for deterministic tests: a loop
// made [WithClock] a VirtualClock never sleeps. When it has nothing ready to run and no
// external work is in flight ([Loop.ExternalStarted]), it advances the clock straight to
// its next timer, so an hour of timeouts runs in microseconds and in the same order every
// time.
//
// A VirtualClock is safe for concurrent use; it is meant to be used by one loop.
type VirtualClock struct {
	start time.Time
	nanos atomic.Int64 // offset from start
}

// NewVirtualClock returns a virtual clock reading start.
func NewVirtualClock(start time.Time) *VirtualClock {
	return &VirtualClock{start: start}
}

// Now returns the clock's time.
func (c *VirtualClock) Now() time.Time { return c.start.Add(time.Duration(c.nanos.Load())) }

// Advance moves the clock forward by d; a negative d is ignored (time never goes back).
func (c *VirtualClock) Advance(d time.Duration) {
	if d > 0 {
		c.nanos.Add(int64(d))
	}
}

// advanceTo moves the clock's offset from start to target, never back.
func (c *VirtualClock) advanceTo(target int64) {
	for {
		cur := c.nanos.Load()
		if target <= cur || c.nanos.CompareAndSwap(cur, target) {
			return
		}
	}
}
