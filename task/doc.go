// Package task runs coroutines as tasks: asyncio's tasks.py, taskgroups.py and
// runners.py.
//
// A coroutine is a [Coro]: a function of a context that returns a result and an error.
// Calling a Go function that returns a Coro creates the coroutine and runs nothing, as
// calling an `async def` does; [Spawn] wraps it in a [Task] that the loop steps, and
// [Run] is asyncio.run.
//
// A task's body runs on a coroutine of its own (iter.Pull: a runtime coroutine switch,
// not a scheduler hop), but only while the loop waits for it: exactly one piece of user
// code runs on a loop at a time. When the body awaits a pending future, the coroutine
// yields that future back to the loop and the task is parked until the future is done,
// which is asyncio's Task.__step protocol one to one:
//
//	loop goroutine                   task body
//	task step   ── resume ─────────▶ v, err := fut.Await(ctx)   // fut pending
//	            ◀── yields fut ────  (parked)
//	fut.AddDoneRunner(task's step)
//	fut done → CallSoon(step) → task step ── resume ──▶ Await returns v, err
//
// Cancellation is asyncio's: [Task.Cancel] on a task that awaits a future cancels that
// future, so the body sees a *future.CancelledError at its await; a body that returns it
// ends the task cancelled, a body that swallows it goes on ([Task.Uncancel] and
// [Task.Cancelling] count requests as in 3.11+). A task's context is not cancelled with
// the task: asyncio cancellation can be withdrawn, a context's cannot.
//
// Coroutines are pooled per loop: a task that finishes hands its coroutine to the next
// task that starts, so spawning a short task costs two coroutine switches, not a
// goroutine.
package task
