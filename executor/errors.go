package executor

import "errors"

// Errors returned by the package. Each matches with [errors.Is].
var (
	// ErrShutdown is returned (or set on the future) when work is submitted to a pool
	// that was shut down: concurrent.futures' "cannot schedule new futures after
	// shutdown".
	ErrShutdown = errors.New("executor: cannot schedule new work after shutdown")
	// ErrZeroPool is returned (or set on the future) when work is submitted to a Pool
	// that was not made by [NewPool]: the zero Pool has no workers to run it.
	ErrZeroPool = errors.New("executor: the zero Pool is not usable (make one with NewPool)")
	// ErrNilFunc is returned when the function to run is nil.
	ErrNilFunc = errors.New("executor: nil function")
	// ErrWaitOnLoop is returned by [Handle.Wait] called on the goroutine of the loop
	// that runs the coroutine (or of one of its tasks): waiting there would block the
	// loop the result has to come from, forever.
	ErrWaitOnLoop = errors.New("executor: Handle.Wait on the goroutine of the loop that runs the coroutine would deadlock (await the task instead)")
	// ErrGoexit is the error of a call whose function ended its goroutine with
	// [runtime.Goexit] (a t.FailNow in a worker, for instance) instead of returning.
	ErrGoexit = errors.New("executor: the function called runtime.Goexit")
)
