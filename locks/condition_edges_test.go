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

func cw(c *locks.Condition, n string, log *[]string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := c.Acquire(ctx); err != nil {
			return err
		}
		defer c.Release()
		if err := c.Wait(ctx); err != nil {
			if ce := future.AsCancelled(err); ce != nil {
				*log = append(*log, fmt.Sprintf("%s cancelled %q locked=%v", n, ce.Msg, c.Locked()))
			}
			return err
		}
		*log = append(*log, fmt.Sprintf("%s woke locked=%v", n, c.Locked()))
		return nil
	}
}

func cws(ctx context.Context, c *locks.Condition, k int, log *[]string) []*task.Task[struct{}] {
	var ts []*task.Task[struct{}]
	for i := 1; i <= k; i++ {
		ts = append(ts, spawn(ctx, cw(c, fmt.Sprintf("w%d", i), log)))
	}
	return ts
}

func dones(ts []*task.Task[struct{}]) string {
	var d []bool
	for _, tk := range ts {
		d = append(d, tk.Done())
	}
	return fmt.Sprint(d)
}

// notifyAllAndAwait wakes every task still waiting on c and awaits ts, so that none is
// left parked when the test ends.
func notifyAllAndAwait(ctx context.Context, c *locks.Condition, ts []*task.Task[struct{}]) {
	_ = c.Acquire(ctx)
	_ = c.NotifyAll()
	_ = c.Release()
	awaitAll(ctx, ts)
}

// Four waiters; w1 cancelled; Notify(2) wakes w2 and w3, and w1, leaving, notifies w4.
func TestConditionNotifySkipsACancelledWaiterThatThenPassesOn(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		ts := cws(ctx, &c, 4, &log)
		_ = ticks(ctx, 1)
		ts[0].Cancel("")
		_ = c.Acquire(ctx)
		_ = c.Notify(2)
		log = append(log, "notified "+c.String())
		_ = c.Release()
		_ = ticks(ctx, 6)
		log = append(log, "after "+c.String()+" done="+dones(ts))
		notifyAllAndAwait(ctx, &c, ts)
		return nil
	})
	assert.Equal(t, []string{"notified <Condition [locked, waiters:4]>", `w1 cancelled "" locked=true`, "w2 woke locked=true", "w3 woke locked=true", "w4 woke locked=true", "after <Condition [unlocked]> done=[true true true true]"}, log)
}

// w1 is notified, then cancelled twice ("m1", "m2") while it waits for the lock back: it returns "m2" holding the lock and notifies w2.
func TestConditionCancelledTwiceWhileReacquiringReturnsTheLast(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		ts := cws(ctx, &c, 3, &log)
		_ = ticks(ctx, 1)
		_ = c.Acquire(ctx)
		_ = c.Notify(1)
		_ = ticks(ctx, 2)
		log = append(log, "w1 reacquiring "+c.String()+" lock "+c.L().String())
		ts[0].Cancel("m1")
		_ = ticks(ctx, 2)
		ts[0].Cancel("m2")
		_ = ticks(ctx, 2)
		log = append(log, "before release "+c.String())
		_ = c.Release()
		_ = ticks(ctx, 6)
		log = append(log, "after "+c.String()+" done="+dones(ts))
		notifyAllAndAwait(ctx, &c, ts)
		return nil
	})
	assert.Equal(t, []string{"w1 reacquiring <Condition [locked, waiters:2]> lock <Lock [locked, waiters:1]>", "before release <Condition [locked, waiters:2]>", `w1 cancelled "m2" locked=true`, "w2 woke locked=true", "after <Condition [unlocked, waiters:1]> done=[true true false]", "w3 woke locked=true"}, log)
}

// WaitFor calls its predicate before waiting and after each Notify.
func TestConditionWaitForChecksThePredicateAtEachWakeUp(t *testing.T) {
	var log []string
	var calls []int
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		x := 0
		pred := func() bool { calls = append(calls, x); return x >= 2 }
		tk := spawn(ctx, func(ctx context.Context) error {
			_ = c.Acquire(ctx)
			defer c.Release()
			if err := c.WaitFor(ctx, pred); err != nil {
				return err
			}
			log = append(log, "wait_for returned")
			return nil
		})
		_ = ticks(ctx, 1)
		for i := 1; i <= 2; i++ {
			_ = c.Acquire(ctx)
			x = i
			_ = c.Notify(1)
			_ = c.Release()
			_ = ticks(ctx, 2)
		}
		_, _ = tk.Await(ctx)
		return nil
	})
	assert.Equal(t, []string{"wait_for returned"}, log)
	assert.Equal(t, []int{0, 1, 2}, calls)
}

// Notify(0) and Notify(-1) wake nobody; Notify(10) wakes the three waiting.
func TestConditionNotifyZeroNegativeAndMoreThanWaiting(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		ts := cws(ctx, &c, 3, &log)
		_ = ticks(ctx, 1)
		_ = c.Acquire(ctx)
		_ = c.Notify(0)
		_ = c.Notify(-1)
		_ = c.Release()
		_ = ticks(ctx, 3)
		log = append(log, "after 0/-1 done="+dones(ts))
		_ = c.Acquire(ctx)
		_ = c.Notify(10)
		_ = c.Release()
		awaitAll(ctx, ts)
		return nil
	})
	assert.Equal(t, []string{"after 0/-1 done=[false false false]", "w1 woke locked=true", "w2 woke locked=true", "w3 woke locked=true"}, log)
}

// Notify(2) wakes w1 and w2, w1 is cancelled before it runs and passes its notification to w3.
func TestConditionNotifyTwoWithTheFirstCancelledBeforeItRuns(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		ts := cws(ctx, &c, 4, &log)
		_ = ticks(ctx, 1)
		_ = c.Acquire(ctx)
		_ = c.Notify(2)
		_ = c.Release()
		ts[0].Cancel("")
		_ = ticks(ctx, 10)
		log = append(log, "done="+dones(ts))
		notifyAllAndAwait(ctx, &c, ts)
		return nil
	})
	assert.Equal(t, []string{`w1 cancelled "" locked=true`, "w2 woke locked=true", "w3 woke locked=true", "done=[true true true false]", "w4 woke locked=true"}, log)
}

// w1 is cancelled while it waits, never notified: it still notifies one other waiter (w2), a spurious wake-up asyncio allows.
func TestConditionCancelledUnnotifiedWaiterWakesAnother(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		ts := cws(ctx, &c, 3, &log)
		_ = ticks(ctx, 1)
		ts[0].Cancel("")
		_ = ticks(ctx, 5)
		log = append(log, "done="+dones(ts))
		ts[2].Cancel("")
		awaitAll(ctx, ts)
		return nil
	})
	assert.Equal(t, []string{`w1 cancelled "" locked=true`, "w2 woke locked=true", "done=[true true false]", `w3 cancelled "" locked=true`}, log)
}
