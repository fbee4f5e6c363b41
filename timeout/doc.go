// Package timeout bounds how long code may await: asyncio's timeouts.py
// (asyncio.timeout, asyncio.timeout_at, Timeout) and tasks.wait_for.
//
// A [Timeout] is the scope of `async with asyncio.timeout(d) as tm:`. [Run] and [At] run
// a body inside one:
//
//	err := timeout.Run(ctx, 2*time.Second, func(ctx context.Context, tm *timeout.Timeout) error {
//		_, err := fetch(url)(ctx)
//		return err
//	})
//	if errors.Is(err, timeout.ErrTimeout) { … }
//
// The rules are 3.13's. When the deadline passes, the task running the body is
// cancelled: the body sees a *future.CancelledError at the await it is parked on, and
// when it returns that error the scope returns a [*Error] (asyncio's TimeoutError) in its
// place. The scope tells its own cancellation from anyone else's with the task's
// Cancelling and Uncancel counts, so a cancellation from outside is returned as the
// cancellation it is, and of nested scopes the outermost one that expired reports the
// timeout while the inner ones pass the cancellation up. A deadline that is zero or
// already past expires at the body's first await.
//
// [WaitFor] is asyncio.wait_for as rebuilt on timeouts in 3.12: on expiry it cancels the
// awaited task, waits for it to finish cancelling (its cleanup may still await), and
// returns the timeout error.
//
// Cost: a scope whose body finishes in time costs three allocations (the scope, its
// timer, the timer's callback); the expiry path adds the timeout error, and about 0.1 to
// 0.2µs over what the loop spends cancelling the sleeping task (BenchmarkTimeoutExpiry).
//
// Errors: [*Error] is an alias of [future.TimeoutError] (asyncio keeps TimeoutError in
// exceptions.py, next to CancelledError). It matches [ErrTimeout] and
// [context.DeadlineExceeded] with errors.Is.
package timeout
