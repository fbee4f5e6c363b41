package timeout

import (
	"context"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

type state uint8

// The states of timeouts.py's _State.
const (
	created state = iota
	entered
	expiring
	expired
	exited
)

func (s state) String() string {
	return [...]string{"created", "active", "expiring", "expired", "finished"}[s]
}

// Timeout is asyncio.Timeout: the scope of `async with asyncio.timeout(d)`. It exists
// only while [Run] or [At] runs its body, which receives it to read or move the
// deadline. It belongs to the body's task and is used from it (or from callbacks of the
// same loop) only.
type Timeout struct {
	state      state
	loop       *loop.Loop
	task       task.Any
	when       time.Time // zero: no deadline
	cancelling int       // the task's Cancelling() when the scope was entered
	timer      *loop.TimerHandle
	soon       *loop.Handle
	first      loop.TimerHandle // the first deadline's timer, armed without allocating
	firstUsed  bool
}

// Run runs body inside a timeout scope that expires d from now: `async with
// asyncio.timeout(d)`. If the deadline passes while body runs, the task is cancelled at
// the await body is parked on; when body returns that cancellation (as it should), Run
// returns a [*Error] instead. Otherwise Run returns body's error unchanged, including a
// cancellation that came from somewhere else. A d of zero or less expires at body's first
// await.
//
// The body's ctx is the caller's: it is not a context.WithDeadline and is not cancelled
// at the deadline. The deadline reaches the body the asyncio way, as a cancellation of
// the task delivered at its await (which is what lets the scope take it back).
//
// ctx must be the context of the running task; Run returns an error otherwise, without
// running body.
func Run(ctx context.Context, d time.Duration, body func(ctx context.Context, tm *Timeout) error) error {
	t := task.Current(ctx)
	if t == nil {
		return errNoTask
	}
	now := t.Loop().Time()
	return run(ctx, t, now.Add(d), now, body)
}

// At is [Run] with an absolute deadline on the loop's clock (see [loop.Loop.Time]):
// `async with asyncio.timeout_at(when)`. The zero time means no deadline, as
// timeout_at(None) does; [Timeout.Reschedule] can set one later.
func At(ctx context.Context, when time.Time, body func(ctx context.Context, tm *Timeout) error) error {
	t := task.Current(ctx)
	if t == nil {
		return errNoTask
	}
	return run(ctx, t, when, t.Loop().Time(), body)
}

func run(ctx context.Context, t task.Any, when, now time.Time, body func(ctx context.Context, tm *Timeout) error) error {
	if body == nil {
		return errNilBody
	}
	tm := &Timeout{loop: t.Loop()}
	if err := tm.enter(t, when, now); err != nil {
		return err
	}
	// A body that panics leaves the scope too: its timer must not fire later and cancel
	// the task in some unrelated await.
	defer tm.cancelTimer()
	return tm.exit(body(ctx, tm))
}

// enter is __aenter__.
func (tm *Timeout) enter(t task.Any, when, now time.Time) error {
	tm.state = entered
	tm.task = t
	tm.cancelling = t.Cancelling()
	return tm.schedule(when, now)
}

// exit is __aexit__: it decides whether the body's cancellation was the scope's own.
func (tm *Timeout) exit(err error) error {
	tm.cancelTimer()
	// A cancelled timer stays in the loop's heap until it is purged, and the first one
	// is part of tm: tm must not keep the task from being collected meanwhile.
	t := tm.task
	tm.task = nil
	switch tm.state {
	case expiring:
		tm.state = expired
		// The scope cancelled the task once; take that back. If no one else asked for a
		// cancellation meanwhile, the CancelledError the body returns is ours.
		if t.Uncancel() <= tm.cancelling && err != nil && isCancelled(err) {
			return &Error{}
		}
	case entered:
		tm.state = exited
	}
	return err
}

// expiry is the Timeout seen as the loop.Runner of its own timer, which saves allocating
// a callback; it is a distinct type so that Timeout has no public Run method.
type expiry Timeout

func (e *expiry) Run() { (*Timeout)(e).onTimeout() }

// onTimeout is _on_timeout: the deadline passed while the scope was active.
func (tm *Timeout) onTimeout() {
	tm.timer, tm.soon = nil, nil
	if tm.state != entered {
		return
	}
	tm.task.Cancel("")
	tm.state = expiring
}

// isCancelled is future.IsCancelled with a fast path for the unwrapped error a body
// usually returns.
func isCancelled(err error) bool {
	if _, ok := err.(*future.CancelledError); ok {
		return true
	}
	return future.IsCancelled(err)
}

func (tm *Timeout) cancelTimer() {
	if tm.timer != nil {
		tm.timer.Cancel()
		tm.timer = nil
	}
	if tm.soon != nil {
		tm.soon.Cancel()
		tm.soon = nil
	}
}

// When returns the deadline, a time of the loop's clock, and false when there is none:
// Timeout.when() (None is ok == false).
func (tm *Timeout) When() (when time.Time, ok bool) { return tm.when, !tm.when.IsZero() }

// Reschedule moves the deadline to when, a time of the loop's clock; the zero time
// removes it: Timeout.reschedule(when). A deadline that is not after the loop's current
// time expires at the body's next await. It is an error once the scope has expired or
// finished, as in asyncio.
func (tm *Timeout) Reschedule(when time.Time) error {
	if tm.state != entered {
		if tm.state == created {
			return errNotActive
		}
		return fmt.Errorf("timeout: Reschedule: cannot change the deadline of a Timeout that is %s", tm.state)
	}
	return tm.schedule(when, tm.loop.Time())
}

// schedule sets the deadline; now is the loop's time.
func (tm *Timeout) schedule(when, now time.Time) error {
	tm.when = when
	tm.cancelTimer()
	if when.IsZero() {
		return nil
	}
	var err error
	if !when.After(now) {
		tm.soon, err = tm.loop.CallSoon(tm.onTimeout)
	} else {
		tm.timer = &tm.first
		if tm.firstUsed { // a rescheduled deadline: the first timer may still be in the heap
			tm.timer = new(loop.TimerHandle)
		}
		tm.firstUsed = true
		err = tm.loop.ArmTimerAt(tm.timer, when, (*expiry)(tm))
	}
	if err != nil {
		return fmt.Errorf("timeout: Reschedule: %w", err)
	}
	return nil
}

// Expired reports whether the deadline passed while the scope was active:
// Timeout.expired(). It stays true after the scope has returned.
func (tm *Timeout) Expired() bool { return tm.state == expiring || tm.state == expired }

// String describes the scope, as asyncio's repr does: "<Timeout [active]
// when=2026-11-23T18:00:02.5Z>", "<Timeout [expired]>". asyncio's when is the loop's
// clock in seconds; here it is [Timeout.When], a time.Time, in RFC 3339.
func (tm *Timeout) String() string {
	if tm.state != entered {
		return "<Timeout [" + tm.state.String() + "]>"
	}
	if tm.when.IsZero() {
		return "<Timeout [active] when=None>"
	}
	return fmt.Sprintf("<Timeout [active] when=%s>", tm.when.Format(time.RFC3339Nano))
}
