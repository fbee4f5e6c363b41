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
//
// # Exceptions nobody retrieves
//
// A failure that no one looks at is a bug that hides. As asyncio does, a future that
// failed (SetException) and whose exception was never retrieved is reported to its
// loop's exception handler: "Future exception was never retrieved", or "Task exception
// was never retrieved" for a task. Result, Exception, Err and Await retrieve it; so do
// the package's users where asyncio's code calls exception() (a gather, a TaskGroup, a
// shield). asyncio reports when the future is destroyed; Go has no destructor, so the
// report is made when the garbage collector collects the future, or when the loop
// closes, whichever comes first. The report's Origin is the future's description as a
// string: the future itself is gone, or about to be. Only the failure path pays for
// this: a record and a runtime cleanup per exception set.
package future
