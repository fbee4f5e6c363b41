package timeout

import (
	"context"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// WaitFor awaits aw for at most d and returns its result: asyncio.wait_for(aw, d), with
// 3.12+'s semantics (it is built on a [Timeout] scope). On expiry the awaited future or
// task is cancelled, WaitFor waits until it has finished cancelling (a task's cleanup may
// still await), and returns a [*Error]. If the task swallows the cancellation and returns
// a value, that value is returned, as in asyncio. A cancellation of the calling task
// cancels aw too and is returned as a cancellation.
//
// aw is a future or a task (used as it is), or a coroutine ([task.Coro]) or other
// awaitable, which is awaited inline in the calling task, as wait_for awaits a coroutine
// since 3.12. When
// d ≤ 0, a future or task that is done already gives its result, and anything else is
// cancelled (an awaitable that is not a future is wrapped in a task first, which never
// starts) and WaitFor returns a [*Error].
func WaitFor[T any](ctx context.Context, aw future.Awaitable[T], d time.Duration) (T, error) {
	var zero T
	if aw == nil {
		return zero, errNilAwait
	}
	if task.Current(ctx) == nil {
		return zero, errNoTask
	}
	if d <= 0 {
		return expireNow(ctx, aw)
	}
	var v T
	err := Run(ctx, d, func(ctx context.Context, _ *Timeout) error {
		var err error
		v, err = await(ctx, aw)
		return err
	})
	if err != nil {
		return zero, err
	}
	return v, nil
}

// WaitForCoro is [WaitFor] of a coroutine: `await asyncio.wait_for(coro(), d)`. The
// coroutine runs inline in the calling task, inside a timeout scope. A [task.Coro] is an
// awaitable by itself, so WaitFor(ctx, c, d) does the same; WaitForCoro takes a plain
// func literal without a conversion.
func WaitForCoro[T any](ctx context.Context, c task.Coro[T], d time.Duration) (T, error) {
	if c == nil {
		var zero T
		return zero, errNilAwait
	}
	return WaitFor[T](ctx, coroutine[T](c), d)
}

// coroutine is a task.Coro with an Await method: the coroutine run inline.
type coroutine[T any] task.Coro[T]

func (c coroutine[T]) Await(ctx context.Context) (T, error) { return c(ctx) }

// await awaits aw in the calling task. A future or task is parked on as itself, so that
// cancelling the caller reaches it through its own Cancel (a task's Cancel requests the
// cancellation of its body, and the caller waits for the body to finish).
func await[T any](ctx context.Context, aw future.Awaitable[T]) (T, error) {
	f, ok := aw.(future.Like[T])
	if !ok {
		return aw.Await(ctx)
	}
	if !f.Done() {
		if err := future.Suspend(ctx, f); err != nil {
			var zero T
			return zero, err
		}
	}
	return f.Result()
}

// expireNow is wait_for with a timeout ≤ 0: a done future gives its result, anything
// else is cancelled and waited for.
func expireNow[T any](ctx context.Context, aw future.Awaitable[T]) (T, error) {
	var zero T
	f, ok := aw.(future.Like[T])
	if !ok {
		switch c := aw.(type) {
		case task.Coro[T]:
			f = task.Spawn(ctx, c)
		case coroutine[T]:
			f = task.Spawn(ctx, task.Coro[T](c))
		default:
			f = task.Spawn(ctx, aw.Await)
		}
	}
	if f.Done() {
		return f.Result()
	}
	if err := cancelAndWait(ctx, f); err != nil {
		return zero, err
	}
	v, err := f.Result()
	if future.IsCancelled(err) {
		return zero, &Error{}
	}
	return v, err
}

// cancelAndWait cancels w and waits until it is done: tasks._cancel_and_wait.
func cancelAndWait(ctx context.Context, w future.Waitable) error {
	l, err := loop.Get(ctx)
	if err != nil {
		return err
	}
	waiter := future.New[struct{}](l)
	rel := &release{waiter}
	w.AddDoneRunner(rel)
	defer w.RemoveDoneRunner(rel)
	w.Cancel("")
	_, err = waiter.Await(ctx)
	return err
}

// release ends the waiter of cancelAndWait: _release_waiter.
type release struct{ waiter *future.Future[struct{}] }

func (r *release) Run() { _ = r.waiter.SetResult(struct{}{}) }
