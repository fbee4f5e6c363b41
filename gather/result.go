package gather

// Result is one slot of [ReturnExceptions]: the child's value, or the error it ended with
// (a *future.CancelledError for a child that was cancelled). It is the Go shape of one
// element of the list that asyncio.gather(..., return_exceptions=True) returns.
type Result[T any] struct {
	Value T
	Err   error
}
