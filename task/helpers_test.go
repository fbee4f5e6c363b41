package task_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/task"
)

// The helpers the CPython-checked edge tests of several files here share.

// show names an error as the CPython scripts of these tests print exceptions:
// ('EG', [...]) for a group, the type for a cancellation or a timeout with its message,
// the text otherwise.
func show(err error) any {
	var eg *task.ExceptionGroup
	var te *future.TimeoutError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &eg):
		var subs []any
		for _, e := range eg.Errors {
			subs = append(subs, show(e))
		}
		return fmt.Sprint("EG", subs)
	case future.IsCancelled(err):
		return "CancelledError " + future.AsCancelled(err).Msg
	case errors.As(err, &te):
		return "TimeoutError"
	}
	return err.Error()
}

// failWith is failAfter with a new error of text msg.
func failWith(d time.Duration, msg string) task.Coro[struct{}] { return failAfter(d, errors.New(msg)) }

// elapsed returns the loop time since t0 in tenths of a second, as the CPython scripts
// print it (round(loop.time() - t0, 1)).
func elapsed(ctx context.Context, t0 time.Time) float64 {
	return float64(virtual.Since(ctx, t0)/(100*time.Millisecond)) / 10
}
