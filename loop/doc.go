// Package loop is the event loop: asyncio's events.py and base_events.py.
//
// One goroutine runs a [Loop] and owns everything scheduled on it: the ready queue,
// the timer heap and, through the packages built on it, every future and task. Nothing
// a loop owns is locked; the only entry points safe from other goroutines are
// [Loop.CallSoonThreadsafe], [Loop.ExternalStarted] and [Loop.ExternalDone] (to stop a
// loop from another goroutine, post its Stop: CallSoonThreadsafe(l.Stop)).
//
// The loop runs in iterations, as asyncio's _run_once does: threadsafe callbacks are taken
// in, the loop waits until the first timer is due (or not at all when callbacks are ready),
// due timers join the back of the ready queue in deadline order, and then exactly the
// callbacks that were ready when the iteration began run, first in first out. A callback
// scheduled while they run waits for the next iteration. A threadsafe callback keeps its
// place among the loop's own: one posted before a CallSoon runs before it, as asyncio's
// call_soon_threadsafe, which appends to the ready queue at once.
//
// Timers with equal deadlines run in the order they were scheduled. CPython keeps timers in
// a heap and leaves the order of ties undefined; this package promises FIFO, which makes
// runs on the [VirtualClock] predictable.
//
// The loop knows nothing of futures or tasks: the future and task packages schedule work
// through the [Runner] interface, find their loop in a context through [Scope], and hook
// the loop's shutdown through [Loop.OnClose].
package loop
