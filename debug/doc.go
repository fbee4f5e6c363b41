// Package debug makes a loop's misbehaviour visible: asyncio's debug mode
// (PYTHONASYNCIODEBUG=1), and a watchdog asyncio does not have.
//
// The loop itself, in debug mode ([loop.Loop.SetDebug]), logs every callback or task step
// that took at least its SlowCallbackDuration once it has returned ("Executing <Task
// ...> took 0.400 seconds"), and panics when its state is touched from a foreign
// goroutine. Each task also records where it was created, for its "Task exception was
// never retrieved" and "Task was destroyed but it is pending!" reports. This package
// adds what needs a goroutine of its own or Go's own tools:
//
//   - the watchdog ([Enable], [Watchdog]) reports a callback that blocks the loop while it
//     still blocks, with the stacks of the loop's goroutines, so the blocking line is in
//     the report even if the callback never returns;
//   - with [runtime/trace] enabled, every callback and task step is a trace region named
//     after it, so `go tool trace` shows the loop's timeline.
//
// No runtime package imports debug: it plugs into the loop's [loop.Hooks].
package debug
