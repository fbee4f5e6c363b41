package locks_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// Edge cases checked against CPython 3.13: each expected log is what CPython printed
// for the same program (same tasks, same awaits, sleep(0) for each tick), with Go's
// spelling of values (true, [1 2]).

func evWaiter(ev *locks.Event, n string, log *[]string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := ev.Wait(ctx); err != nil {
			if future.IsCancelled(err) {
				*log = append(*log, n+" cancelled")
			}
			return err
		}
		*log = append(*log, fmt.Sprintf("%s woke true is_set=%v", n, ev.IsSet()))
		return nil
	}
}

// Three waiters; Set, Clear and cancel B in one step; D starts waiting after: A and C return, B is cancelled, D waits for the next Set.
func TestEventSetThenClearedStillWakesItsWaiters(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var ev locks.Event
		var ts []*task.Task[struct{}]
		for _, n := range []string{"A", "B", "C"} {
			ts = append(ts, spawn(ctx, evWaiter(&ev, n, &log)))
		}
		_ = ticks(ctx, 1)
		ev.Set()
		ev.Clear()
		ts[1].Cancel("")
		log = append(log, ev.String())
		late := spawn(ctx, evWaiter(&ev, "D", &log))
		_ = ticks(ctx, 3)
		log = append(log, fmt.Sprintf("D done=%v", late.Done()))
		ev.Set()
		_ = ticks(ctx, 2)
		awaitAll(ctx, append(ts, late))
		return nil
	})
	assert.Equal(t, []string{"<Event [unset, waiters:3]>", "A woke true is_set=false", "B cancelled", "C woke true is_set=false", "D done=false", "D woke true is_set=true"}, log)
}

// A task cancels itself and waits on a set event: Wait returns, the next await raises.
func TestEventWaitOnASetEventKeepsAPendingCancel(t *testing.T) {
	var log []string
	var res error
	run(t, func(ctx context.Context) error {
		var ev locks.Event
		ev.Set()
		var self *task.Task[struct{}]
		self = spawn(ctx, func(ctx context.Context) error {
			self.Cancel("")
			if err := ev.Wait(ctx); err != nil {
				log = append(log, "wait err")
				return err
			}
			log = append(log, "wait returned")
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
			log = append(log, "not reached")
			return nil
		})
		_, res = self.Await(ctx)
		return nil
	})
	assert.Equal(t, []string{"wait returned"}, log)
	assert.True(t, future.IsCancelled(res))
}

// A waiter cancelled stays in the waiters count until it runs; Set wakes the other.
func TestEventCancelledWaiterCountedUntilItRuns(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var ev locks.Event
		ts := []*task.Task[struct{}]{spawn(ctx, evWaiter(&ev, "A", &log)), spawn(ctx, evWaiter(&ev, "B", &log))}
		_ = ticks(ctx, 1)
		ts[0].Cancel("")
		log = append(log, "before set "+ev.String())
		ev.Set()
		log = append(log, "after set "+ev.String())
		awaitAll(ctx, ts)
		log = append(log, "end "+ev.String())
		return nil
	})
	assert.Equal(t, []string{"before set <Event [unset, waiters:2]>", "after set <Event [set, waiters:2]>", "A cancelled", "B woke true is_set=true", "end <Event [set]>"}, log)
}
