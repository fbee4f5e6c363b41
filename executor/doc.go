// Package executor runs blocking and CPU-bound functions off the loop: asyncio's
// threads.py and loop.run_in_executor, and concurrent.futures' ThreadPoolExecutor.
//
// A task body that blocks (a file read, a cgo call, a library without a context, a long
// computation) blocks the loop goroutine and with it every other task, exactly as in
// Python. Send such work to a worker goroutine and await it:
//
//   - [ToThread] (asyncio.to_thread) runs a function on the loop's default pool and awaits
//     it: the everyday tool. The pool is made on first use with
//     min(32, runtime.NumCPU()+4) workers, as Python's, and shut down when the loop is
//     closed (task.Run does it), waiting for its workers. Calls whose outcome nobody can
//     receive any more (the loop is closing) have their context cancelled first, so
//     context-aware ones stop instead of holding up the close.
//   - [RunIn] (loop.run_in_executor) returns the future without awaiting it, on a [Pool]
//     of your own: bound the concurrency of one kind of work (16 connections to a
//     database, 2 jobs hitting the disk) separately from the rest, or keep long jobs from
//     filling the default pool.
//   - [RunCoroutineThreadsafe] (asyncio.run_coroutine_threadsafe) goes the other way: code
//     on another goroutine schedules a coroutine on a running loop and waits for it.
//
// Workers never touch loop state: a function's outcome reaches the loop only through its
// thread-safe inbox (loop.ExternalDone), and the loop counts the work in flight, so a
// loop on a virtual clock never moves time past a running worker. The flip side: on a
// virtual clock a worker takes no time at all, and a worker that blocks until some
// virtual time has passed (until a timeout fires) waits forever; such a test needs the
// real clock.
//
// Unlike Python, Go can stop a worker: the function gets a context with the values of
// the task's context (contextvars propagate), cancelled when the awaiting task is
// cancelled or its timeout fires. The awaiting task is freed at once either way; a
// function that ignores its context keeps its worker until it returns, as a Python thread
// does, and its result is dropped. Closing the loop waits for it (no goroutine outlives
// the loop); after 10 s of waiting, the loop's logger names the functions still running.
//
// Costs, measured on a 2-core machine (the benchmarks of this package): a lone ToThread
// round trip, loop to worker and back, takes about 1 µs, two goroutine wake-ups
// (BenchmarkToThreadRoundTrip); with calls overlapping, the bridge costs about 0.35 µs a
// call and one 230-byte allocation (BenchmarkRunInPipelined). In asyncio's to_thread
// workload (one task per call, under a Semaphore(32)) most of the time goes to the tasks
// themselves, each parked with a coroutine of its own (BenchmarkToThread against
// BenchmarkToThreadWorkloadWithoutThread).
//
// There is no process pool: goroutines run in parallel on every core, so CPU-bound work
// needs no ProcessPoolExecutor to escape a GIL. Split it across a Pool (or ToThread
// calls) and it scales with the cores; Example_cpuBound shows it, and
// BenchmarkCPUBoundSpeedup measures the speed-up.
package executor
