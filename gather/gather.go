package gather

import (
	"context"
	"fmt"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Gather runs aws concurrently and returns their results in argument order:
// `await asyncio.gather(*aws)`. Futures and tasks are used as they are, other awaitables
// (a [Coro]) are spawned as tasks, in argument order, before Gather suspends.
//
// The first child to fail makes Gather return its error at once; the other children keep
// running (cancel them yourself if they should not). A child that was cancelled makes
// Gather return its *future.CancelledError. A cancellation of the calling task cancels
// every child and is returned once they have all finished. Gather of nothing returns an
// empty slice.
//
// ctx must be the context of the running task; otherwise Gather returns an error and
// starts nothing.
func Gather[T any](ctx context.Context, aws ...future.Awaitable[T]) ([]T, error) {
	if task.Current(ctx) == nil {
		return nil, errNoTask
	}
	return Start(ctx, aws...).Await(ctx)
}

// ReturnExceptions runs aws concurrently and returns every slot's outcome in argument
// order: `await asyncio.gather(*aws, return_exceptions=True)`. A failing or cancelled
// child does not end the gathering: its slot holds its error. The error result is only
// ever a cancellation of the gathering itself (the calling task was cancelled), which
// cancels the children as [Gather] does, or a context without a task.
func ReturnExceptions[T any](ctx context.Context, aws ...future.Awaitable[T]) ([]Result[T], error) {
	if task.Current(ctx) == nil {
		return nil, errNoTask
	}
	return StartReturnExceptions(ctx, aws...).Await(ctx)
}

// Start starts gathering aws and returns the gathering future without awaiting it:
// asyncio.gather(*aws) without the await. Coroutines are spawned as tasks at once, in
// argument order. Like [task.Spawn], Start panics when ctx carries no loop.
func Start[T any](ctx context.Context, aws ...future.Awaitable[T]) *Gathering[T] {
	return start[T, T](ctx, aws, false, func(f future.Like[T]) T {
		v, _ := f.Result()
		return v
	})
}

// StartReturnExceptions is [Start] in return_exceptions mode: the gathering's results
// are every child's [Result].
func StartReturnExceptions[T any](ctx context.Context, aws ...future.Awaitable[T]) *Gathering[Result[T]] {
	return start[T, Result[T]](ctx, aws, true, func(f future.Like[T]) Result[T] {
		v, err := f.Result()
		return Result[T]{Value: v, Err: err}
	})
}

func start[T, R any](ctx context.Context, aws []future.Awaitable[T], returnExceptions bool, slot func(future.Like[T]) R) *Gathering[R] {
	l := mustLoop(ctx, "Start")
	g := newGathering[R](l, len(aws), returnExceptions)
	likes := make([]future.Like[T], len(aws))
	for i, aw := range aws {
		likes[i] = ensure(ctx, l, aw)
		g.add(likes[i])
	}
	g.collect = func() []R {
		out := make([]R, len(likes))
		for i, f := range likes {
			out[i] = slot(f)
		}
		return out
	}
	g.seal()
	return g
}

// ensure is asyncio's ensure_future: a future or a task is used as it is, anything else
// is spawned as a task. A bad argument becomes a child that failed with an error saying
// why, so the gathering reports it in its place.
func ensure[T any](ctx context.Context, l *loop.Loop, aw future.Awaitable[T]) future.Like[T] {
	switch a := aw.(type) {
	case nil:
		return failed[T](l, errNilAwaitable)
	case future.Like[T]:
		if a.Loop() != l {
			return failed[T](l, fmt.Errorf("gather: %w", future.ErrOtherLoop))
		}
		return a
	case task.Coro[T]:
		if a == nil {
			return failed[T](l, errNilAwaitable)
		}
		return task.Spawn(ctx, a)
	case coroutine[T]:
		if a == nil {
			return failed[T](l, errNilAwaitable)
		}
		return task.Spawn(ctx, task.Coro[T](a))
	default:
		return task.Spawn(ctx, a.Await)
	}
}

func failed[T any](l *loop.Loop, err error) future.Like[T] {
	f := future.New[T](l)
	_ = f.SetException(err)
	return f
}

// mustLoop returns ctx's loop; without one there is nowhere for the children to run,
// and Start panics as task.Spawn does.
func mustLoop(ctx context.Context, op string) *loop.Loop {
	l, err := loop.Get(ctx)
	if err != nil {
		panic("gather: " + op + ": the context carries no event loop (use a task's context, or task.Run)")
	}
	return l
}
