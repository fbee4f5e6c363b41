package task

import (
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// countdown is a future that is done once every one of a set of futures is done,
// whatever their outcome: what Run waits on for the cancelled leftovers, and TaskGroup
// for its children.
type countdown struct {
	future.Future[struct{}]
	left int
}

func newCountdown[W future.Waitable](l *loop.Loop, ws []W) *countdown {
	c := &countdown{left: len(ws)}
	c.Init(l)
	if c.left == 0 {
		_ = c.SetResult(struct{}{})
		return c
	}
	for _, w := range ws {
		w.AddDoneRunner(c)
	}
	return c
}

// Run counts one future done.
func (c *countdown) Run() {
	if c.left--; c.left == 0 {
		_ = c.SetResult(struct{}{})
	}
}
