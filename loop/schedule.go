package loop

import (
	"errors"
	"fmt"
	"math"
	"time"
)

var errNilCallback = errors.New("loop: nil callback")

// handleSlab is how many handles CallSoon allocates at once. A slab stays in memory until
// all its handles are unreachable, and a handle keeps its callback (so that it can still
// be named in logs after it ran): the loop's current slab holds on to at most 127
// closures that have run. Handles are small and short-lived, so that is the whole cost.
const handleSlab = 128

// CallSoon schedules fn to run in the next iteration of the loop, after every callback
// already scheduled: asyncio's loop.call_soon. Callbacks run first in first out.
// Scheduling on a closed loop is [ErrClosed].
func (l *Loop) CallSoon(fn func()) (*Handle, error) {
	if fn == nil {
		return nil, fmt.Errorf("loop: CallSoon: %w", errNilCallback)
	}
	if l.closed {
		return nil, fmt.Errorf("loop: CallSoon: %w", ErrClosed)
	}
	if l.debug {
		l.checkGoroutine("CallSoon")
	}
	if len(l.handles) == 0 {
		l.handles = make([]Handle, handleSlab)
	}
	h := &l.handles[0]
	l.handles = l.handles[1:]
	h.fn = fn
	l.takeInbox()
	l.ready.push(h)
	return h, nil
}

// Post schedules r as CallSoon does, without a handle: the allocation-free path that
// futures and tasks use for done callbacks and task steps. Posting on a closed loop is
// [ErrClosed], and r is dropped. A nil r is an error.
func (l *Loop) Post(r Runner) error {
	if l.closed {
		return ErrClosed
	}
	if r == nil {
		return fmt.Errorf("loop: Post: %w", errNilCallback)
	}
	if l.debug {
		l.checkGoroutine("Post")
	}
	l.takeInbox()
	l.ready.push(r)
	return nil
}

// takeInbox moves the callbacks other goroutines have posted since the iteration began
// into the ready queue, ahead of the one the loop is about to schedule. asyncio's
// call_soon_threadsafe appends to the ready queue at once, so a callback posted with it
// runs before any call_soon made after it, even on the loop itself. The check is one
// atomic load; the inbox's lock is taken only when something is there.
func (l *Loop) takeInbox() {
	if l.inbox.nonEmpty.Load() {
		l.inbox.drain(&l.ready)
	}
}

// CallLater schedules fn to run once delay has passed: asyncio's loop.call_later.
// A delay of zero or less makes fn due at once; it still runs after the callbacks
// already in the ready queue. As in asyncio, a negative delay is a deadline in the past:
// the timer runs before those due at a later instant, and When reports it.
func (l *Loop) CallLater(delay time.Duration, fn func()) (*TimerHandle, error) {
	return l.callAt(l.after(delay), fn, "CallLater")
}

// after returns the loop time delay from now. A negative delay is not clamped to now:
// asyncio's call_later is call_at(time() + delay), so a timer 5s overdue runs before one
// due now. It saturates: a delay so long that the sum overflows means never, not at
// once, and one so negative that it overflows means the earliest time there is.
func (l *Loop) after(delay time.Duration) int64 {
	now := l.now()
	when := now + int64(delay)
	switch {
	case delay > 0 && when < now:
		return math.MaxInt64
	case delay < 0 && when > now:
		return math.MinInt64
	}
	return when
}

// CallAt schedules fn to run at when, a time of the loop's clock (see [Loop.Time]):
// asyncio's loop.call_at. Timers with equal deadlines run in the order they were
// scheduled.
func (l *Loop) CallAt(when time.Time, fn func()) (*TimerHandle, error) {
	return l.callAt(int64(when.Sub(l.epoch)), fn, "CallAt")
}

func (l *Loop) callAt(when int64, fn func(), op string) (*TimerHandle, error) {
	if fn == nil {
		return nil, fmt.Errorf("loop: %s: %w", op, errNilCallback)
	}
	if l.closed {
		return nil, fmt.Errorf("loop: %s: %w", op, ErrClosed)
	}
	if l.debug {
		l.checkGoroutine(op)
	}
	l.timerSeq++
	t := &TimerHandle{Handle: Handle{fn: fn}, loop: l, when: when, seq: l.timerSeq}
	l.timers.push(t)
	return t, nil
}

var errTimerArmed = errors.New("loop: ArmTimer: the timer is already scheduled")

// ArmTimer schedules r to run once delay has passed, in t, a timer the caller owns
// (typically a field of its own struct): CallLater without an allocation, for packages
// built on the loop (task.Sleep, the timeout scope). Cancel it with t.Cancel. t must be a
// zero TimerHandle, or one that has run or was cancelled and has left the heap; arming a
// timer that is still scheduled (in the heap, or due and waiting in the ready queue) is
// an error.
func (l *Loop) ArmTimer(t *TimerHandle, delay time.Duration, r Runner) error {
	return l.armTimer(t, l.after(delay), r)
}

// ArmTimerAt is ArmTimer with a deadline on the loop's clock, as CallAt.
func (l *Loop) ArmTimerAt(t *TimerHandle, when time.Time, r Runner) error {
	return l.armTimer(t, int64(when.Sub(l.epoch)), r)
}

func (l *Loop) armTimer(t *TimerHandle, when int64, r Runner) error {
	if r == nil {
		return fmt.Errorf("loop: ArmTimer: %w", errNilCallback)
	}
	if l.closed {
		return fmt.Errorf("loop: ArmTimer: %w", ErrClosed)
	}
	if t.inHeap || t.queued {
		return errTimerArmed
	}
	if l.debug {
		l.checkGoroutine("ArmTimer")
	}
	l.timerSeq++
	*t = TimerHandle{r: r, loop: l, when: when, seq: l.timerSeq}
	l.timers.push(t)
	return nil
}
