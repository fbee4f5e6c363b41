package future

import (
	"context"
	"errors"
)

// ErrCancelled matches every [*CancelledError] with [errors.Is].
var ErrCancelled = errors.New("future: cancelled")

// CancelledError is asyncio.CancelledError: a future or task was cancelled. Msg is the
// message given to Cancel, "" for none.
//
// It matches [ErrCancelled] and [context.Canceled] with errors.Is, so code that checks
// for a cancelled context also sees asyncio cancellation.
type CancelledError struct {
	Msg string
}

// Error returns "cancelled", with the message when there is one.
func (e *CancelledError) Error() string {
	if e.Msg == "" {
		return "cancelled"
	}
	return "cancelled: " + e.Msg
}

// Is reports whether target is ErrCancelled or context.Canceled.
func (e *CancelledError) Is(target error) bool {
	return target == ErrCancelled || target == context.Canceled
}

// IsCancelled reports whether err is or wraps a *CancelledError: the Go spelling of
// `except asyncio.CancelledError`. A plain context.Canceled is not one.
func IsCancelled(err error) bool { return AsCancelled(err) != nil }

// AsCancelled returns the *CancelledError err is or wraps, or nil: `except
// asyncio.CancelledError as e`.
func AsCancelled(err error) *CancelledError {
	c, _ := errors.AsType[*CancelledError](err) // unlike errors.As, allocates nothing
	return c
}

// ErrInvalidState matches every [*InvalidStateError] with errors.Is.
var ErrInvalidState = errors.New("future: invalid state")

// InvalidStateError is asyncio.InvalidStateError: an operation the future's state does
// not allow, such as a second SetResult or Result on a pending future.
type InvalidStateError struct {
	Op    string // the refused operation, e.g. "SetResult"
	State string // the future's state: "pending", "finished" or "cancelled"
}

// Error describes the refused operation.
func (e *InvalidStateError) Error() string {
	return "future: invalid state: " + e.Op + " on a " + e.State + " future"
}

// Is reports whether target is ErrInvalidState.
func (e *InvalidStateError) Is(target error) bool { return target == ErrInvalidState }

// ErrNoTask is returned by an await whose context carries no task: awaiting outside a
// task (a plain goroutine, a loop callback) cannot suspend anything.
var ErrNoTask = errors.New("future: await outside a task: the context carries no task")

// ErrOtherLoop is returned when a task awaits a future that belongs to another loop.
var ErrOtherLoop = errors.New("future: await of a future that belongs to another loop")

// ErrTimeout matches every [*TimeoutError] with errors.Is.
var ErrTimeout = errors.New("future: timed out")

// TimeoutError is asyncio's TimeoutError (the builtin, since 3.11): a deadline passed.
// It lives here, with CancelledError, because asyncio keeps both in exceptions.py; the
// timeout package calls it timeout.Error. It matches [ErrTimeout] and
// [context.DeadlineExceeded] with errors.Is.
type TimeoutError struct {
	Msg string // what timed out; "" for the plain TimeoutError()
}

// Error returns "timed out", with the message when there is one.
func (e *TimeoutError) Error() string {
	if e.Msg == "" {
		return "timed out"
	}
	return "timed out: " + e.Msg
}

// Is reports whether target is ErrTimeout or context.DeadlineExceeded.
func (e *TimeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// Timeout reports true, as context.DeadlineExceeded does, for net-style checks.
func (e *TimeoutError) Timeout() bool { return true }
