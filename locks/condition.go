package locks

import (
	"context"
	"errors"
	"fmt"

	"github.com/goasyncio/asyncio/future"
)

// Condition is asyncio.Condition: tasks wait, holding its lock, until another task
// notifies them. Wait releases the lock while it waits and takes it back before it
// returns, even when the task is cancelled meanwhile.
//
// The zero Condition is ready to use with a lock of its own; [NewCondition] shares an
// existing [Lock]. It belongs to the loop of the first task that waits on it and is used
// from that loop's tasks only. It must not be copied after first use.
type Condition struct {
	binding
	lock    *Lock
	waiters waitList
}

// NewCondition returns a condition variable using lock, or a new Lock when lock is nil:
// asyncio.Condition(lock).
func NewCondition(lock *Lock) *Condition {
	if lock == nil {
		lock = &Lock{}
	}
	return &Condition{lock: lock}
}

// L returns the condition's lock.
func (c *Condition) L() *Lock {
	if c.lock == nil {
		c.lock = &Lock{}
	}
	return c.lock
}

// Locked reports whether the condition's lock is held: asyncio's Condition.locked().
func (c *Condition) Locked() bool { return c.L().Locked() }

// Acquire takes the condition's lock: asyncio's Condition.acquire(); see [Lock.Acquire].
func (c *Condition) Acquire(ctx context.Context) error { return c.L().Acquire(ctx) }

// Release releases the condition's lock: asyncio's Condition.release(); see
// [Lock.Release].
func (c *Condition) Release() error { return c.L().Release() }

// Wait releases the lock, waits until a Notify wakes the task, and takes the lock back:
// asyncio's Condition.wait(). The caller must hold the lock ([ErrNotAcquired] otherwise).
//
// Whatever happens, Wait returns holding the lock again: if the task is cancelled while
// it waits, the lock is still re-acquired before the *future.CancelledError is returned
// (cancellations that come while it re-acquires are kept and the last one returned). A
// wait that fails after it was notified passes the notification on to another waiter,
// which may then wake spuriously: callers re-check their condition, as with any
// condition variable ([Condition.WaitFor] does it for them).
func (c *Condition) Wait(ctx context.Context) error {
	if !c.Locked() {
		return fmt.Errorf("%w: Wait", ErrNotAcquired)
	}
	l, err := c.loopFor(ctx, "Condition.Wait")
	if err != nil {
		return err
	}
	w := c.waiters.push(l)
	_ = c.L().Release()
	err = await(ctx, w)
	c.waiters.remove(w)

	// Take the lock back even if the wait was cancelled.
	for {
		aerr := c.L().Acquire(ctx)
		if aerr == nil {
			break
		}
		if !future.IsCancelled(aerr) {
			// The lock cannot be had (the loop is closing): give up, as asyncio lets
			// anything but CancelledError through.
			err = aerr
			break
		}
		err = aerr // asyncio re-raises the most recent cancellation
	}
	if err != nil {
		c.notify(1)
		return err
	}
	return nil
}

// WaitFor waits until pred reports true: asyncio's Condition.wait_for(). pred is called
// with the lock held, first before any wait and then after each wake-up. The caller must
// hold the lock. A nil pred is an error.
func (c *Condition) WaitFor(ctx context.Context, pred func() bool) error {
	if pred == nil {
		return errors.New("locks: Condition.WaitFor: nil predicate")
	}
	for !pred() {
		if err := c.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Notify wakes up to n of the tasks waiting on the condition, in the order they began
// waiting: asyncio's Condition.notify(n). The caller must hold the lock; the woken tasks
// return from Wait only once they get it back, after the caller releases it.
func (c *Condition) Notify(n int) error {
	if !c.Locked() {
		return fmt.Errorf("%w: Notify", ErrNotAcquired)
	}
	c.notify(n)
	return nil
}

// NotifyAll wakes every task waiting on the condition: asyncio's Condition.notify_all().
// The caller must hold the lock.
func (c *Condition) NotifyAll() error {
	if !c.Locked() {
		return fmt.Errorf("%w: NotifyAll", ErrNotAcquired)
	}
	c.notify(c.waiters.n)
	return nil
}

func (c *Condition) notify(n int) {
	woken := 0
	for w := c.waiters.head; w != nil && woken < n; w = w.next {
		if !w.Done() {
			w.wake()
			woken++
		}
	}
}

// String describes the condition as asyncio's repr does: <Condition [locked, waiters:1]>.
func (c *Condition) String() string {
	extra := "unlocked"
	if c.Locked() {
		extra = "locked"
	}
	if c.waiters.n > 0 {
		extra += fmt.Sprintf(", waiters:%d", c.waiters.n)
	}
	return "<Condition [" + extra + "]>"
}
