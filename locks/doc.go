// Package locks holds asyncio's synchronization primitives: locks.py.
//
// [Semaphore], [BoundedSemaphore], [Lock], [Event], [Condition] and [Barrier] coordinate
// tasks of one loop, with the semantics of CPython 3.13:
//
//   - Waiters are served first in, first out. A task that asks while others wait queues
//     behind them even if a permit is free for a moment (no barging), which is why
//     [Semaphore.Locked] reports true right after a Release that handed the permit to a
//     waiter.
//   - Cancellation is safe: a task cancelled while it waits neither takes nor loses a
//     permit. If the permit had already been handed to it, it is passed on to the next
//     waiter.
//
// None of them needs a loop to be created. Like asyncio's since 3.10, a primitive binds
// itself to the loop of the first task that has to wait on it, and using it later from a
// task of another loop is an error ([ErrOtherLoop]). The zero Lock, Event and Condition
// are ready to use; a Semaphore needs its count ([NewSemaphore]).
//
// Costs: an Acquire that does not wait and its Release take a few nanoseconds and
// allocate nothing; a task that has to wait parks on a waiter that is recycled after a
// successful wait, so a contended round allocates nothing either and costs about two task
// switches, the park and the wake-up (BenchmarkSemaphoreContention against
// BenchmarkSleep0Baseline).
//
// They belong to the loop and are used from its tasks only: they are not locked, and
// they are not for goroutines (use package sync there). The Go shape of
// `async with sem:` is
//
//	if err := sem.Acquire(ctx); err != nil {
//		return err // cancelled while waiting: no permit was taken
//	}
//	defer sem.Release()
package locks
