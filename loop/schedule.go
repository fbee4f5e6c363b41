package loop

import (
	"errors"
	"fmt"
	"time"
)

var errNilCallback = errors.New("loop: nil callback")

// handleSlab is how many handles CallSoon allocates at once. A slab stays in memory until
// all its handles are unreachable; handles are small and short-lived, so that is cheap.
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
	l.ready.push(h)
	return h, nil
}

// Post schedules r as CallSoon does, without a handle: the allocation-free path that
// futures and tasks use for done callbacks and task steps. Posting on a closed loop is
// [ErrClosed], and r is dropped.
func (l *Loop) Post(r Runner) error {
	if l.closed {
		return ErrClosed
	}
	if l.debug {
		l.checkGoroutine("Post")
	}
	l.ready.push(r)
	return nil
}

// CallLater schedules fn to run once delay has passed: asyncio's loop.call_later.
// A delay of zero or less makes fn due at once; it still runs after the callbacks
// already in the ready queue.
func (l *Loop) CallLater(delay time.Duration, fn func()) (*TimerHandle, error) {
	return l.callAt(l.now()+int64(max(delay, 0)), fn, "CallLater")
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
