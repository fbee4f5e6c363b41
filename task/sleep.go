package task

import (
	"context"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// Sleep suspends the task ctx carries for d: asyncio.sleep(d). Sleep(ctx, 0) (or any
// d ≤ 0) yields for exactly one loop iteration, letting every other ready callback run,
// and allocates nothing. A cancellation of the task is returned as a
// *future.CancelledError, and the timer is cancelled with it.
func Sleep(ctx context.Context, d time.Duration) error {
	c := coreFrom(ctx)
	if d <= 0 {
		if c != nil {
			return c.Suspend(nil)
		}
		return future.Suspend(ctx, nil) // the error: no task in ctx
	}
	l, err := loop.Get(ctx)
	if err != nil {
		return err
	}
	s := &sleeper{}
	s.Init(l)
	if err := l.ArmTimer(&s.timer, d, s); err != nil {
		return err
	}
	if c != nil { // ctx is c's: l is c's loop
		err = c.Suspend(s)
		if err == nil {
			_, err = s.Result() // the sleeper's CancelledError, if it was cancelled
		}
	} else {
		_, err = s.Await(ctx) // the error: no task in ctx
	}
	if err != nil {
		s.timer.Cancel()
		return err
	}
	return nil
}

// sleeper is the future a sleeping task parks on, with the timer that ends the sleep:
// one allocation per Sleep.
type sleeper struct {
	future.Future[struct{}]
	timer loop.TimerHandle
}

// Run ends the sleep unless it was cancelled: futures._set_result_unless_cancelled.
func (s *sleeper) Run() { _ = s.SetResult(struct{}{}) }
