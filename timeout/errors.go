package timeout

import (
	"errors"

	"github.com/goasyncio/asyncio/future"
)

// Error is asyncio's TimeoutError: what a scope whose deadline passed returns. It is
// [future.TimeoutError] under the name this package's users look for. It matches
// [ErrTimeout] and [context.DeadlineExceeded] with errors.Is.
//
// Python chains the CancelledError the body raised as the TimeoutError's __cause__; a
// Go error has no such chain, so Error carries no cause.
type Error = future.TimeoutError

// ErrTimeout matches every [*Error] with errors.Is.
var ErrTimeout = future.ErrTimeout

var (
	errNoTask    = errors.New("timeout: the context carries no task (a Timeout must be used inside a task)")
	errNilBody   = errors.New("timeout: nil body")
	errNilAwait  = errors.New("timeout: WaitFor: nil awaitable")
	errNotActive = errors.New("timeout: Reschedule: the Timeout has not been entered")
)
