package locks

import (
	"context"
	"fmt"
)

// BoundedSemaphore is asyncio.BoundedSemaphore: a [Semaphore] whose Release refuses to
// raise the count above its initial value, which catches a release without an acquire.
// Make one with [NewBoundedSemaphore]; it must not be copied after first use.
type BoundedSemaphore struct {
	sem   Semaphore
	bound int
}

// NewBoundedSemaphore returns a bounded semaphore with value permits:
// asyncio.BoundedSemaphore(value). It panics if value is negative.
func NewBoundedSemaphore(value int) *BoundedSemaphore {
	if value < 0 {
		panic(fmt.Sprintf("locks: NewBoundedSemaphore: initial value must be >= 0, got %d", value))
	}
	return &BoundedSemaphore{sem: Semaphore{value: value}, bound: value}
}

// Locked reports whether Acquire would wait; see [Semaphore.Locked].
func (b *BoundedSemaphore) Locked() bool { return b.sem.Locked() }

// Acquire takes a permit, waiting in FIFO order while none is free; see
// [Semaphore.Acquire].
func (b *BoundedSemaphore) Acquire(ctx context.Context) error { return b.sem.Acquire(ctx) }

// Release gives a permit back, as [Semaphore.Release] does. If every permit is free
// already, it changes nothing and returns [ErrReleasedTooManyTimes], as asyncio raises
// ValueError("BoundedSemaphore released too many times").
func (b *BoundedSemaphore) Release() error {
	if b.sem.value >= b.bound {
		return ErrReleasedTooManyTimes
	}
	b.sem.Release()
	return nil
}

// String describes the semaphore as asyncio's repr does.
func (b *BoundedSemaphore) String() string { return b.sem.describe("BoundedSemaphore") }
