// Package examples holds the lessons of goasyncio: one runnable program per directory,
// each the Go port of a small asyncio program, with a test that checks its exact output.
//
//	go run ./examples/hello       tasks interleave at await points; Sleep
//	go run ./examples/quickstart  the README's example
//	go run ./examples/cancel      cancellation: delivered at the await, cleanup, Uncancel
//	go run ./examples/blocking    a blocking call stalls every task; ToThread
//	go run ./examples/timeouts    timeout scopes, Reschedule, WaitFor, outside cancellation
//	go run ./examples/gather      results in argument order, errors, return_exceptions, cancel
//	go run ./examples/producer_consumer  a bounded Queue: backpressure, Join, Shutdown
//	go run ./examples/semaphore   bounded concurrency: at most N tasks inside, FIFO
//
// Each program's logic is a function run(w io.Writer, ...) error in its
// main package, so the test beside it (main_test.go) runs it on a virtual clock and
// compares what it printed, byte for byte. This package itself checks that every lesson
// keeps that shape, runs the snippets of docs/ as Example functions (concepts_, porting_
// and debugging_example_test.go), and shows a property-based test on the virtual clock
// (virtualclock_test.go).
package examples
