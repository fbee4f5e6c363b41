package executor_test

// Go ports of the CPython conformance scenarios of threads.py
// (internal/conformance/testdata/to_thread_*.py). Each keeps the scenario's structure
// (same tasks, same awaits, same delays, the same threading.Event handshakes, as
// channels) and prints what the Go runtime does.
//
// Both run on the real clock. In each, a worker blocks until the loop has let some time
// pass (sleep(0.05), wait_for(0.1)); a virtual clock does not move while a worker runs
// (that is its promise: virtual time never jumps past running work), so on it these
// programs would wait forever. Their traces do not depend on timing: every order they
// print is fixed by handshakes.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// valueError stands for Python's ValueError in the ports.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

// waitEvent is threading.Event.wait(timeout): it reports whether ev was set in time.
func waitEvent(ev <-chan struct{}, d time.Duration) bool {
	select {
	case <-ev:
		return true
	case <-time.After(d):
		return false
	}
}

func TestConformanceToThreadResultAndException(t *testing.T) {
	var tr conformance.Trace
	compute := func(a, b, scale int) int { return (a + b) * scale }
	fails := func(what string) error { return &valueError{"bad input: " + what} }
	var loopGoroutine bool
	err := task.Run(func(ctx context.Context) error {
		l := task.Current(ctx).Loop()
		r, err := executor.ToThread(ctx, func(context.Context) (int, error) { return compute(2, 3, 10), nil })
		if err != nil {
			return err
		}
		tr.Print("result:", r)
		_, err = executor.ToThread(ctx, func(context.Context) (struct{}, error) { return struct{}{}, fails("xyz") })
		var ve *valueError
		if errors.As(err, &ve) {
			tr.Print("caught", "ValueError", "-", ve)
		} else {
			return err
		}
		onWorker, err := executor.ToThread(ctx, func(context.Context) (bool, error) {
			return !l.OnLoopGoroutine(), nil
		})
		if err != nil {
			return err
		}
		tr.Print("ran on a worker thread:", onWorker)
		loopGoroutine = l.OnLoopGoroutine()
		ev := make(chan struct{})
		tk := task.Spawn(ctx, func(ctx context.Context) (bool, error) {
			return executor.ToThread(ctx, func(context.Context) (bool, error) { return waitEvent(ev, 5*time.Second), nil })
		})
		if err := task.Sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
		tr.Print("loop still running while worker blocks; done:", tk.Done())
		close(ev)
		v, err := tk.Await(ctx)
		if err != nil {
			return err
		}
		tr.Print("blocked worker returned:", v)
		return nil
	}, loop.WithDebug()) // debug mode: OnLoopGoroutine knows the task's coroutine
	require.NoError(t, err)
	require.True(t, loopGoroutine, "the check of the worker's goroutine must be able to fail")
	tr.Check(t, "to_thread_result_and_exception")
}

func TestConformanceToThreadTimeoutFreesCaller(t *testing.T) {
	var tr conformance.Trace
	started, release, finished := make(chan struct{}), make(chan struct{}), make(chan struct{})
	worker := func(context.Context) (string, error) { // ignores its ctx, as a Python thread must
		close(started)
		waitEvent(release, 5*time.Second)
		close(finished)
		return "late result", nil
	}
	isSet := func(ev <-chan struct{}) bool {
		select {
		case <-ev:
			return true
		default:
			return false
		}
	}
	err := task.Run(func(ctx context.Context) error {
		tk := task.Spawn(ctx, func(ctx context.Context) (string, error) { return executor.ToThread(ctx, worker) })
		ok, err := executor.ToThread(ctx, func(context.Context) (bool, error) { return waitEvent(started, 5*time.Second), nil })
		if err != nil {
			return err
		}
		tr.Print("worker started:", ok)
		_, err = timeout.WaitFor[string](ctx, tk, 100*time.Millisecond)
		var te *timeout.Error
		if errors.As(err, &te) {
			tr.Print("caller freed with TimeoutError")
		} else if err != nil {
			return err
		}
		tr.Print("to_thread task cancelled:", tk.Cancelled())
		tr.Print("worker finished yet:", isSet(finished))
		close(release)
		ok, err = executor.ToThread(ctx, func(context.Context) (bool, error) { return waitEvent(finished, 5*time.Second), nil })
		if err != nil {
			return err
		}
		tr.Print("worker finished later:", ok)
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "to_thread_timeout_frees_caller")
}
