package locks

import "errors"

// Errors returned by the primitives. Each matches with [errors.Is].
var (
	// ErrOtherLoop is returned when a primitive bound to one loop is waited on from a task
	// of another (asyncio's "... is bound to a different event loop").
	ErrOtherLoop = errors.New("locks: bound to a different event loop")
	// ErrReleasedTooManyTimes is returned by [BoundedSemaphore.Release] when the release
	// would raise the count above its initial value (asyncio's ValueError
	// "BoundedSemaphore released too many times").
	ErrReleasedTooManyTimes = errors.New("locks: BoundedSemaphore released too many times")
	// ErrNotLocked is returned by [Lock.Release] on a lock that is not held (asyncio's
	// RuntimeError "Lock is not acquired.").
	ErrNotLocked = errors.New("locks: Lock is not acquired")
	// ErrNotAcquired is returned by the [Condition] methods that need its lock held
	// (asyncio's RuntimeError "cannot wait on un-acquired lock").
	ErrNotAcquired = errors.New("locks: Condition used without holding its lock")
	// ErrBrokenBarrier is returned by [Barrier.Wait] when the barrier is broken, reset or
	// aborted while the task waits, or was broken before (asyncio's BrokenBarrierError).
	ErrBrokenBarrier = errors.New("locks: broken barrier")
)
