package locks

import (
	"context"
	"errors"
	"fmt"
)

type barrierState uint8

const (
	filling barrierState = iota
	draining
	resetting
	broken
)

func (s barrierState) String() string {
	return [...]string{"filling", "draining", "resetting", "broken"}[s]
}

// Barrier is asyncio.Barrier: parties tasks wait until all of them have arrived, then
// all go on together, and the barrier is ready for the next round.
//
// Make one with [NewBarrier]. It belongs to the loop of the first task that waits on it
// and is used from that loop's tasks only. It must not be copied after first use.
type Barrier struct {
	cond    Condition
	parties int
	state   barrierState
	count   int // tasks in the barrier
}

var errZeroBarrier = errors.New("locks: Barrier.Wait: the zero Barrier has no parties (make one with NewBarrier)")

// NewBarrier returns a barrier for parties tasks: asyncio.Barrier(parties). It panics if
// parties is less than 1 (asyncio raises ValueError).
func NewBarrier(parties int) *Barrier {
	if parties < 1 {
		panic(fmt.Sprintf("locks: NewBarrier: parties must be > 0, got %d", parties))
	}
	return &Barrier{parties: parties}
}

// Wait waits until parties tasks are waiting, then returns for all of them: asyncio's
// Barrier.wait(). Each gets a distinct index, from 0 for the first to arrive to
// parties-1 for the last, which is the one that releases the others. A barrier reset or
// aborted while the task waits, or broken before, is [ErrBrokenBarrier]; a cancellation
// is returned as the *future.CancelledError. On a Barrier not made by NewBarrier (no
// parties), Wait is an error rather than a wait that never ends.
func (b *Barrier) Wait(ctx context.Context) (index int, err error) {
	if b.parties < 1 {
		return 0, errZeroBarrier
	}
	if err := b.cond.Acquire(ctx); err != nil {
		return 0, err
	}
	defer b.cond.Release()
	// Block while the barrier drains or resets.
	if err := b.cond.WaitFor(ctx, func() bool { return b.state != draining && b.state != resetting }); err != nil {
		return 0, err
	}
	if b.state == broken {
		return 0, fmt.Errorf("%w: barrier aborted", ErrBrokenBarrier)
	}
	index = b.count
	b.count++
	defer b.exit()
	if index+1 == b.parties {
		// The last one in releases the others.
		b.state = draining
		_ = b.cond.NotifyAll()
		return index, nil
	}
	if err := b.cond.WaitFor(ctx, func() bool { return b.state != filling }); err != nil {
		return 0, err
	}
	if b.state == broken || b.state == resetting {
		return 0, fmt.Errorf("%w: abort or reset of barrier", ErrBrokenBarrier)
	}
	return index, nil
}

// exit leaves the barrier: the last task out ends the draining or resetting and wakes
// those waiting to enter.
func (b *Barrier) exit() {
	b.count--
	if b.count == 0 {
		if b.state == resetting || b.state == draining {
			b.state = filling
		}
		_ = b.cond.NotifyAll()
	}
}

// Reset returns the barrier to its initial state: asyncio's Barrier.reset(). Tasks
// waiting in it get [ErrBrokenBarrier].
func (b *Barrier) Reset(ctx context.Context) error {
	if err := b.cond.Acquire(ctx); err != nil {
		return err
	}
	defer b.cond.Release()
	if b.count > 0 {
		if b.state != resetting {
			b.state = resetting
		}
	} else {
		b.state = filling
	}
	return b.cond.NotifyAll()
}

// Abort breaks the barrier: asyncio's Barrier.abort(). Tasks waiting in it, and every
// later Wait, get [ErrBrokenBarrier].
func (b *Barrier) Abort(ctx context.Context) error {
	if err := b.cond.Acquire(ctx); err != nil {
		return err
	}
	defer b.cond.Release()
	b.state = broken
	return b.cond.NotifyAll()
}

// Parties returns the number of tasks the barrier waits for: asyncio's Barrier.parties.
func (b *Barrier) Parties() int { return b.parties }

// NWaiting returns the number of tasks waiting in the barrier while it fills:
// asyncio's Barrier.n_waiting.
func (b *Barrier) NWaiting() int {
	if b.state == filling {
		return b.count
	}
	return 0
}

// Broken reports whether the barrier is broken: asyncio's Barrier.broken.
func (b *Barrier) Broken() bool { return b.state == broken }

// String describes the barrier as asyncio's repr does: <Barrier [filling, waiters:1/3]>.
func (b *Barrier) String() string {
	extra := b.state.String()
	if !b.Broken() {
		extra += fmt.Sprintf(", waiters:%d/%d", b.NWaiting(), b.parties)
	}
	return "<Barrier [" + extra + "]>"
}
