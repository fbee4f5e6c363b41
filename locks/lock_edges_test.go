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

// locker takes lk, holds it for one tick and releases it, logging each step.
func locker(lk *locks.Lock, n string, log *[]string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := lk.Acquire(ctx); err != nil {
			if future.IsCancelled(err) {
				*log = append(*log, fmt.Sprintf("%s cancelled locked=%v", n, lk.Locked()))
			}
			return err
		}
		*log = append(*log, n+" acquired")
		_ = ticks(ctx, 1)
		_ = lk.Release()
		*log = append(*log, n+" released")
		return nil
	}
}

// A holds; B, C, D wait; release wakes B and B is cancelled before it runs; E arrives: C, D, E get the lock in turn.
func TestLockWokenWaiterCancelledNewcomerQueuesBehind(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var lk locks.Lock
		_ = lk.Acquire(ctx)
		var ts []*task.Task[struct{}]
		for _, n := range []string{"B", "C", "D"} {
			ts = append(ts, spawn(ctx, locker(&lk, n, &log)))
		}
		_ = ticks(ctx, 1)
		_ = lk.Release()
		ts[0].Cancel("")
		ts = append(ts, spawn(ctx, locker(&lk, "E", &log)))
		log = append(log, "main "+lk.String())
		awaitAll(ctx, ts)
		return nil
	})
	assert.Equal(t, []string{"main <Lock [unlocked, waiters:3]>", "B cancelled locked=false", "C acquired", "C released", "D acquired", "D released", "E acquired", "E released"}, log)
}

// B waits and is cancelled, the lock is released in the same step: C goes straight in.
func TestLockReleasedWithOnlyACancelledWaiterLetsANewcomerIn(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var lk locks.Lock
		_ = lk.Acquire(ctx)
		b := spawn(ctx, locker(&lk, "B", &log))
		_ = ticks(ctx, 1)
		b.Cancel("")
		_ = lk.Release()
		c := spawn(ctx, locker(&lk, "C", &log))
		log = append(log, fmt.Sprintf("locked=%v", lk.Locked()))
		awaitAll(ctx, []*task.Task[struct{}]{b, c})
		return nil
	})
	assert.Equal(t, []string{"locked=false", "B cancelled locked=false", "C acquired", "C released"}, log)
}

// B and C wait; B is cancelled and the lock released in the same step: B, on its way out, wakes C; D queues behind C.
func TestLockCancelledHeadWaiterHandsTheReleaseOn(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var lk locks.Lock
		_ = lk.Acquire(ctx)
		b := spawn(ctx, locker(&lk, "B", &log))
		c := spawn(ctx, locker(&lk, "C", &log))
		_ = ticks(ctx, 1)
		b.Cancel("")
		_ = lk.Release()
		log = append(log, fmt.Sprintf("after: locked=%v", lk.Locked()))
		d := spawn(ctx, locker(&lk, "D", &log))
		awaitAll(ctx, []*task.Task[struct{}]{b, c, d})
		return nil
	})
	assert.Equal(t, []string{"after: locked=false", "B cancelled locked=false", "C acquired", "C released", "D acquired", "D released"}, log)
}

// A task cancels itself, then acquires a free lock: no suspension, so the cancellation comes at its next await.
func TestLockFreeAcquireDoesNotDeliverAPendingCancel(t *testing.T) {
	var log []string
	var res error
	var locked bool
	run(t, func(ctx context.Context) error {
		var lk locks.Lock
		var self *task.Task[struct{}]
		self = spawn(ctx, func(ctx context.Context) error {
			self.Cancel("")
			if err := lk.Acquire(ctx); err != nil {
				log = append(log, "acquire err "+err.Error())
				return err
			}
			log = append(log, fmt.Sprintf("got it locked=%v", lk.Locked()))
			if err := task.Sleep(ctx, 0); err != nil {
				log = append(log, "cancelled at sleep")
				_ = lk.Release()
				return err
			}
			return nil
		})
		_, res = self.Await(ctx)
		locked = lk.Locked()
		return nil
	})
	assert.Equal(t, []string{"got it locked=true", "cancelled at sleep"}, log)
	assert.True(t, future.IsCancelled(res))
	assert.False(t, locked)
}

// Tasks that cancelled themselves park on a Lock and a Semaphore: their waiters are cancelled at once, so another task sees a free lock and a free permit before they run.
func TestSelfCancelledAcquireAndSemaphoreParkOnCancelledWaiters(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		var lk locks.Lock
		_ = lk.Acquire(ctx)
		s := locks.NewSemaphore(0)
		var tf, tg *task.Task[struct{}]
		tf = spawn(ctx, func(ctx context.Context) error {
			tf.Cancel("")
			if err := lk.Acquire(ctx); err != nil {
				log = append(log, "f cancelled "+lk.String())
				return err
			}
			return nil
		})
		tg = spawn(ctx, func(ctx context.Context) error {
			tg.Cancel("")
			if err := s.Acquire(ctx); err != nil {
				log = append(log, "g cancelled "+s.String())
				return err
			}
			return nil
		})
		th := spawn(ctx, func(ctx context.Context) error {
			log = append(log, "h sees "+lk.String()+" "+s.String())
			_ = lk.Release()
			log = append(log, "h released "+lk.String())
			_ = lk.Acquire(ctx)
			log = append(log, "h reacquired "+lk.String())
			s.Release()
			log = append(log, "h sem released "+s.String())
			return nil
		})
		awaitAll(ctx, []*task.Task[struct{}]{tf, tg, th})
		log = append(log, "end "+lk.String()+" "+s.String())
		return nil
	})
	assert.Equal(t, []string{"h sees <Lock [locked, waiters:1]> <Semaphore [locked, waiters:1]>", "h released <Lock [unlocked, waiters:1]>", "h reacquired <Lock [locked, waiters:1]>", "h sem released <Semaphore [unlocked, value:1, waiters:1]>", "f cancelled <Lock [locked]>", "g cancelled <Semaphore [unlocked, value:1]>", "end <Lock [locked]> <Semaphore [unlocked, value:1]>"}, log)
}
