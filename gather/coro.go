package gather

import (
	"context"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

// Coro marks a coroutine as an argument of [Gather]: Gather spawns it as a task, as
// asyncio.gather wraps a coroutine in a task (ensure_future). A [task.Coro] is an
// awaitable by itself, so Coro is optional: it only says so at the call site. Awaiting
// the returned value directly runs the coroutine inline, as `await coro` does.
//
// It costs nothing: the returned value is the coroutine itself under a type with an
// Await method.
func Coro[T any](c task.Coro[T]) future.Awaitable[T] { return coroutine[T](c) }

// Coros makes every coroutine of cs an argument of [Gather]:
// gather.Gather(ctx, gather.Coros(cs...)...) is asyncio.gather(*coros).
func Coros[T any](cs ...task.Coro[T]) []future.Awaitable[T] {
	out := make([]future.Awaitable[T], len(cs))
	for i, c := range cs {
		out[i] = coroutine[T](c)
	}
	return out
}

// coroutine is a task.Coro with an Await method.
type coroutine[T any] task.Coro[T]

// Await runs the coroutine inline, in the caller's task.
func (c coroutine[T]) Await(ctx context.Context) (T, error) {
	if c == nil {
		var zero T
		return zero, errNilAwaitable
	}
	return c(ctx)
}
