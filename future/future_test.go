package future_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestAwait(t *testing.T) {
	t.Parallel()

	t.Run("awaiting a done future returns at once without letting other callbacks run", func(t *testing.T) {
		t.Parallel()
		var order []string
		run(t, func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			f := future.New[int](l)
			require.NoError(t, f.SetResult(5))
			_, err := l.CallSoon(func() { order = append(order, "callback") })
			require.NoError(t, err)
			v, err := f.Await(ctx)
			order = append(order, fmt.Sprint("await returned ", v, " ", err))
			require.NoError(t, task.Sleep(ctx, 0))
			order = append(order, "after sleep(0)")
			return nil
		})
		assert.Equal(t, []string{"await returned 5 <nil>", "callback", "after sleep(0)"}, order)
	})

	t.Run("awaiting a done future does not deliver a pending cancellation; the next suspension does", func(t *testing.T) {
		t.Parallel()
		run(t, func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			f := future.New[string](l)
			require.NoError(t, f.SetResult("ready"))
			child := task.Spawn(ctx, func(ctx context.Context) (string, error) {
				require.True(t, task.Current(ctx).Cancel("later"))
				v, err := f.Await(ctx)
				require.NoError(t, err, "a done future must not raise the pending cancellation")
				assert.Equal(t, "ready", v)
				err = task.Sleep(ctx, 0)
				var ce *future.CancelledError
				require.ErrorAs(t, err, &ce, "the next real suspension delivers it")
				assert.Equal(t, "later", ce.Msg)
				return v, err
			})
			_, err := child.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			assert.True(t, child.Cancelled())
			return nil
		})
	})

	t.Run("awaiting a failed future returns its exception", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("boom")
		run(t, func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			f := future.New[int](l)
			_, err := l.CallLater(time.Second, func() { require.NoError(t, f.SetException(boom)) })
			require.NoError(t, err)
			_, err = f.Await(ctx)
			assert.Same(t, boom, err)
			return nil
		})
	})

	t.Run("awaiting outside a task is ErrNoTask, never a hang", func(t *testing.T) {
		t.Parallel()
		l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
		defer l.Close()
		f := future.New[int](l)

		_, err := f.Await(context.Background())
		assert.ErrorIs(t, err, future.ErrNoTask, "a context without any loop")

		var inCallback error
		_, err = l.CallSoon(func() {
			_, inCallback = f.Await(loop.WithScope(context.Background(), l))
			l.Stop()
		})
		require.NoError(t, err)
		require.NoError(t, l.RunForever())
		assert.ErrorIs(t, inCallback, future.ErrNoTask, "a loop callback's context has a loop but no task")
		assert.ErrorIs(t, future.Suspend(context.Background(), nil), future.ErrNoTask)
	})

	t.Run("awaiting with the context of a task that is not the one running is an error, not a hang", func(t *testing.T) {
		t.Parallel()
		run(t, func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			f := future.New[int](l)
			var fromCallback, fromOtherTask error
			_, err := l.CallSoon(func() { _, fromCallback = f.Await(ctx) }) // main's ctx, in a callback
			require.NoError(t, err)
			other := task.Spawn(ctx, func(context.Context) (int, error) {
				_, fromOtherTask = f.Await(ctx) // main's ctx, in another task's body
				return 0, nil
			})
			_, err = other.Await(ctx)
			require.NoError(t, err)
			assert.ErrorContains(t, fromCallback, "not running")
			assert.ErrorContains(t, fromOtherTask, "not running")
			assert.False(t, f.Done())
			return nil
		})
	})

	t.Run("awaiting a future of another loop is ErrOtherLoop", func(t *testing.T) {
		t.Parallel()
		other := loop.New()
		defer other.Close()
		run(t, func(ctx context.Context) error {
			f := future.New[int](other)
			_, err := f.Await(ctx)
			assert.ErrorIs(t, err, future.ErrOtherLoop)
			assert.False(t, f.Done())
			return nil
		})
	})

	t.Run("awaiting a future of no loop (a zero Future) is ErrOtherLoop, not a park", func(t *testing.T) {
		t.Parallel()
		run(t, func(ctx context.Context) error {
			var zero future.Future[int]
			_, err := zero.Await(ctx)
			assert.ErrorIs(t, err, future.ErrOtherLoop)
			assert.ErrorIs(t, future.Suspend(ctx, &zero), future.ErrOtherLoop)
			return nil
		})
	})
}

func TestDoneCallbacks(t *testing.T) {
	t.Parallel()

	t.Run("RemoveDoneCallback matches a top-level function and the very closure value registered", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		defer l.Close()
		f := future.New[int](l)
		closure := func(*future.Future[int]) {}
		twin := func(*future.Future[int]) {} // same shape, a different function
		f.AddDoneCallback(topLevel)
		f.AddDoneCallback(closure)
		f.AddDoneCallback(topLevel)
		f.AddDoneCallback(twin)

		assert.Equal(t, 0, f.RemoveDoneCallback(func(*future.Future[int]) {}), "a new closure matches nothing")
		assert.Equal(t, 2, f.RemoveDoneCallback(topLevel))
		assert.Equal(t, 0, f.RemoveDoneCallback(topLevel))
		assert.Equal(t, 1, f.RemoveDoneCallback(closure))
		assert.Equal(t, 1, f.RemoveDoneCallback(twin))
	})

	t.Run("callbacks captured over a loop variable are distinct closures", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		defer l.Close()
		f := future.New[int](l)
		var cbs []func(*future.Future[int])
		for i := range 3 {
			cb := func(*future.Future[int]) { _ = i }
			cbs = append(cbs, cb)
			f.AddDoneCallback(cb)
		}
		assert.Equal(t, 1, f.RemoveDoneCallback(cbs[1]))
		assert.Equal(t, 0, f.RemoveDoneCallback(cbs[1]))
	})

	t.Run("removed callbacks do not run and the rest keep their order", func(t *testing.T) {
		t.Parallel()
		l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
		defer l.Close()
		f := future.New[int](l)
		var order []string
		a := func(*future.Future[int]) { order = append(order, "a") }
		b := func(*future.Future[int]) { order = append(order, "b") }
		c := func(*future.Future[int]) { order = append(order, "c") }
		f.AddDoneCallback(a)
		f.AddDoneCallback(b)
		f.AddDoneCallback(c)
		f.AddDoneCallback(b)
		assert.Equal(t, 2, f.RemoveDoneCallback(b))
		require.NoError(t, f.SetResult(1))
		assert.Empty(t, order, "SetResult schedules the callbacks, never calls them")
		require.NoError(t, l.RunUntilComplete(f))
		_, _ = l.CallSoon(l.Stop)
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{"a", "c"}, order)
	})

	t.Run("RemoveDoneRunner matches the runner pointer", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		defer l.Close()
		f := future.New[int](l)
		r1, r2 := &counter{}, &counter{}
		f.AddDoneRunner(r1)
		f.AddDoneRunner(r2)
		f.AddDoneRunner(r1)
		f.AddDoneRunner(loop.Func(func() {})) // a func Runner is not comparable: never matched
		assert.Equal(t, 2, f.RemoveDoneRunner(r1))
		assert.Equal(t, 0, f.RemoveDoneRunner(loop.Func(func() {})))
		assert.Equal(t, 1, f.RemoveDoneRunner(r2))
	})
}

func topLevel(*future.Future[int]) {}

type counter struct{ n int }

func (c *counter) Run() { c.n++ }

func TestErrors(t *testing.T) {
	t.Parallel()

	t.Run("CancelledError matches ErrCancelled and context.Canceled and carries its message", func(t *testing.T) {
		t.Parallel()
		err := error(&future.CancelledError{Msg: "stop now"})
		assert.ErrorIs(t, err, future.ErrCancelled)
		assert.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "cancelled: stop now", err.Error())
		assert.Equal(t, "cancelled", (&future.CancelledError{}).Error())
		wrapped := fmt.Errorf("fetch: %w", err)
		assert.True(t, future.IsCancelled(wrapped))
		assert.ErrorIs(t, wrapped, context.Canceled)
		assert.False(t, future.IsCancelled(context.Canceled), "a plain context.Canceled is no asyncio cancellation")
		assert.False(t, future.IsCancelled(nil))
	})

	t.Run("TimeoutError matches ErrTimeout and context.DeadlineExceeded", func(t *testing.T) {
		t.Parallel()
		err := error(&future.TimeoutError{})
		assert.ErrorIs(t, err, future.ErrTimeout)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NotErrorIs(t, err, context.Canceled)
		assert.Equal(t, "timed out", err.Error())
		assert.Equal(t, "timed out: fetch", (&future.TimeoutError{Msg: "fetch"}).Error())
		var te interface{ Timeout() bool }
		require.ErrorAs(t, err, &te)
		assert.True(t, te.Timeout())
	})

	t.Run("InvalidStateError names the operation and the state", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		defer l.Close()
		f := future.New[int](l)
		_, err := f.Result()
		var ise *future.InvalidStateError
		require.ErrorAs(t, err, &ise)
		assert.Equal(t, "Result", ise.Op)
		assert.Equal(t, "pending", ise.State)
		assert.True(t, f.Cancel("x"))
		err = f.SetException(errors.New("late"))
		require.ErrorAs(t, err, &ise)
		assert.Equal(t, "cancelled", ise.State)
		assert.ErrorIs(t, err, future.ErrInvalidState)
	})

	t.Run("SetException with a nil error is refused and leaves the future pending", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		defer l.Close()
		f := future.New[int](l)
		assert.Error(t, f.SetException(nil))
		assert.False(t, f.Done())
	})

	t.Run("a cancelled future reports its CancelledError with the message", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		defer l.Close()
		f := future.New[int](l)
		assert.True(t, f.Cancel("bye"))
		_, err := f.Result()
		var ce *future.CancelledError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "bye", ce.Msg)
		assert.Same(t, ce, f.Err())
		exc, err := f.Exception()
		assert.NoError(t, exc)
		assert.Same(t, ce, err)
	})
}
