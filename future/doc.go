// Package future holds asyncio's Future and the await protocol: futures.py and
// exceptions.py.
//
// A [Future] is a result that is not there yet. It belongs to one [loop.Loop] and is used
// on that loop only. When it completes, each done callback is scheduled with the loop's
// CallSoon, in registration order: the code that completed it always finishes first.
//
// Awaiting is the protocol between a future and the task that waits for it. A task's
// context carries the task as a [Suspender]; [Future.Await] on a pending future asks it to
// park until the future is done, and returns at once, without suspending, when the future
// is done already. Awaiting with a context that carries no task is an error, never a hang.
package future
