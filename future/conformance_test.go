package future_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// run runs main as asyncio.run does, on a virtual clock.
func run(t *testing.T, main func(ctx context.Context) error) {
	t.Helper()
	require.NoError(t, task.Run(main, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
}

// pyName is the Python class name of the errors these scenarios raise.
func pyName(err error) string {
	switch {
	case errors.Is(err, future.ErrInvalidState):
		return "InvalidStateError"
	case future.IsCancelled(err):
		return "CancelledError"
	}
	return "Exception"
}

// TestConformanceDoneCallbacksViaCallSoon ports future_done_callbacks_via_call_soon.py:
// done callbacks run in the order they were added, each scheduled with call_soon (so
// set_result returns first), a callback added to a done future is scheduled too, and
// remove_done_callback removes every registration and returns the count.
func TestConformanceDoneCallbacksViaCallSoon(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	run(t, func(ctx context.Context) error {
		l, err := loop.Get(ctx)
		if err != nil {
			return err
		}
		fut := future.New[int](l)
		for _, name := range []string{"cb1", "cb2", "cb3"} {
			fut.AddDoneCallback(func(f *future.Future[int]) {
				v, err := f.Result()
				require.NoError(t, err)
				tr.Print(name, "got", v)
			})
		}
		removed := func(*future.Future[int]) { tr.Print("removed callback ran") }
		fut.AddDoneCallback(removed)
		fut.AddDoneCallback(removed)
		tr.Print("remove_done_callback ->", fut.RemoveDoneCallback(removed))
		if _, err := l.CallSoon(func() { tr.Print("call_soon queued before set_result") }); err != nil {
			return err
		}
		if err := fut.SetResult(7); err != nil {
			return err
		}
		tr.Print("set_result returned")
		fut.AddDoneCallback(func(f *future.Future[int]) {
			v, err := f.Result()
			require.NoError(t, err)
			tr.Print("late cb got", v)
		})
		tr.Print("late callback added")
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tr.Print("main after sleep(0)")
		return nil
	})
	tr.Check(t, "future_done_callbacks_via_call_soon")
}

// TestConformanceInvalidState ports future_invalid_state.py: a future completes once;
// every operation its state forbids is an InvalidStateError (or the CancelledError of a
// cancelled future), and cancel() of a done future reports False.
func TestConformanceInvalidState(t *testing.T) {
	t.Parallel()
	var tr conformance.Trace
	attempt := func(label string, fn func() (any, error)) {
		v, err := fn()
		if err != nil {
			tr.Print(label, "raises", pyName(err))
			return
		}
		tr.Print(label, "->", v)
	}
	run(t, func(ctx context.Context) error {
		l, err := loop.Get(ctx)
		if err != nil {
			return err
		}
		f := future.New[string](l)
		result := func(f *future.Future[string]) func() (any, error) {
			return func() (any, error) { return f.Result() }
		}
		exception := func(f *future.Future[string]) func() (any, error) {
			return func() (any, error) {
				exc, err := f.Exception()
				if exc == nil {
					return nil, err // Python's None
				}
				return exc, err
			}
		}
		cancel := func(f *future.Future[string]) func() (any, error) {
			return func() (any, error) { return f.Cancel(""), nil }
		}
		attempt("pending result()", result(f))
		attempt("pending exception()", exception(f))
		if err := f.SetResult("first"); err != nil {
			return err
		}
		attempt("set_result again", func() (any, error) { return nil, f.SetResult("second") })
		attempt("set_exception on done", func() (any, error) { return nil, f.SetException(errors.New("x")) })
		attempt("cancel done", cancel(f))
		attempt("result()", result(f))
		attempt("exception()", exception(f))
		c := future.New[string](l)
		attempt("cancel pending", cancel(c))
		attempt("cancel again", cancel(c))
		attempt("set_result on cancelled", func() (any, error) { return nil, c.SetResult("1") })
		attempt("cancelled result()", result(c))
		attempt("cancelled exception()", exception(c))
		tr.Print("done:", f.Done(), c.Done(), "cancelled:", f.Cancelled(), c.Cancelled())
		return nil
	})
	tr.Check(t, "future_invalid_state")
}
