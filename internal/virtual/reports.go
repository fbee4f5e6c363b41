package virtual

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Reports records what a loop passes to its exception handler, in order: the tests of
// the "exception was never retrieved" and "Task was destroyed but it is pending!"
// reports check what asyncio would have logged there.
//
// The handler runs on the loop's goroutine: read Got from a task of that loop, or once
// the loop has stopped or closed.
type Reports struct{ Got []loop.ExceptionContext }

// Record makes l's exception handler append to rs.
func (rs *Reports) Record(l *loop.Loop) {
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) { rs.Got = append(rs.Got, c) })
}

// Run runs main as Run does, on a virtual clock, with the loop's exception handler
// recording into rs from before main starts until the loop has closed: the reports of
// the close are included.
func (rs *Reports) Run(main func(ctx context.Context) error, opts ...loop.Option) error {
	return Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		rs.Record(l)
		return main(ctx)
	}, opts...)
}

// Messages returns the message of each report.
func (rs *Reports) Messages() []string {
	var ms []string
	for _, c := range rs.Got {
		ms = append(ms, c.Message)
	}
	return ms
}

// MessagesAndErrors returns "message: error" for each report, or the message alone for a
// report without an error.
func (rs *Reports) MessagesAndErrors() []string {
	var out []string
	for _, c := range rs.Got {
		s := c.Message
		if c.Err != nil {
			s += ": " + c.Err.Error()
		}
		out = append(out, s)
	}
	return out
}

// Reported runs main as Run does, requires it to succeed, and returns what reached the
// loop's exception handler, up to and including the loop's close.
func Reported(t testing.TB, main func(ctx context.Context) error, opts ...loop.Option) *Reports {
	t.Helper()
	rs := &Reports{}
	require.NoError(t, rs.Run(main, opts...))
	return rs
}

// NewReportingLoop returns a new loop on a virtual clock whose exception handler records
// into the returned Reports, for the tests that drive a loop by hand (RunUntilComplete,
// Close) rather than through Run.
func NewReportingLoop(opts ...loop.Option) (*loop.Loop, *Reports) {
	rs := &Reports{}
	l := loop.New(append([]loop.Option{Clock()}, opts...)...)
	rs.Record(l)
	return l, rs
}

// CollectUntil runs the garbage collector and gives the loop of ctx turns (a
// task.Sleep(ctx, 0)), at most rounds times, until done reports true, and returns
// whether it does at the end.
//
// A failure that nobody retrieved is reported when the GC collects its future: the
// runtime runs the cleanup on a goroutine of its own, some time after a collection, and
// the report reaches the loop through its inbox. Nothing tells a test when that happens,
// so it can only poll, a bounded number of times. done is read on the loop's goroutine,
// where the reports are recorded.
func CollectUntil(ctx context.Context, rounds int, done func() bool) (bool, error) {
	for range rounds {
		if done() {
			return true, nil
		}
		runtime.GC()
		runtime.Gosched()
		if err := task.Sleep(ctx, 0); err != nil {
			return false, err
		}
	}
	return done(), nil
}

// ErrFailedOnCancel is the error FailsOnCancel fails with.
var ErrFailedOnCancel = errors.New("failed on cancel")

// FailsOnCancel sleeps for an hour and, cancelled before then, fails with
// ErrFailedOnCancel instead of ending cancelled: the coroutine that catches its
// CancelledError and raises, whose exception the reports are about.
func FailsOnCancel(ctx context.Context) (int, error) {
	if err := task.Sleep(ctx, time.Hour); err != nil {
		return 0, ErrFailedOnCancel
	}
	return 0, nil
}
