package executor

import (
	"context"
	"fmt"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// RunIn runs fn on pool and returns a future of its outcome, without awaiting it:
// asyncio's loop.run_in_executor(pool, fn). A nil pool is the loop's default pool
// ([Default]). ctx must belong to a loop (a task's context); RunIn panics otherwise,
// as task.Spawn does, because there is no loop for the future to live on.
//
// fn runs on a worker goroutine, never on the loop. It gets a context that carries the
// values of ctx but not its loop (a worker is not on the loop); that context is
// cancelled when the future is cancelled, so a context-aware blocking call really stops
// (Python cannot stop a worker thread), and once fn has returned. fn's result or error
// completes the future on the loop; a panic in fn is a *loop.PanicError. A function that
// ignores its context keeps its worker until it returns; its outcome is dropped if the
// future was cancelled meanwhile. When the loop is closed with the call still in flight,
// its context is cancelled too (no one can receive the outcome any more).
//
// A nil fn, a shut-down pool ([ErrShutdown]) or a closed loop give a future that is
// already done with the error.
func RunIn[V any](ctx context.Context, pool *Pool, fn func(ctx context.Context) (V, error)) *future.Future[V] {
	l, err := loop.Get(ctx)
	if err != nil {
		panic("executor: RunIn: the context carries no event loop (use a task's context)")
	}
	c := newCall(ctx, l, fn)
	st := stateOf(l)
	if pool == nil {
		if pool, err = st.defaultPool(l); err != nil {
			c.fail(err)
			return &c.fut
		}
	}
	if err := c.start(pool, st); err != nil {
		c.fail(fmt.Errorf("executor: RunIn: %w", err))
		return &c.fut
	}
	c.fut.AddDoneRunner(&c.watch)
	return &c.fut
}

// ToThread runs fn on the loop's default pool and awaits it: asyncio.to_thread(fn).
// The task that ctx carries waits, other tasks run, and ToThread returns fn's result or
// error (a panic in fn as a *loop.PanicError).
//
// fn gets a context with the values of ctx (contextvars propagate, as in Python), not
// its loop. When the awaiting task is cancelled (its timeout fires, it is cancelled by
// hand), ToThread returns the *future.CancelledError at once and fn's context is
// cancelled: a context-aware call stops, one that ignores its context keeps its worker
// until it returns, and its result is dropped, as in Python.
//
// ToThread needs a task's context: outside a task it returns an error and runs nothing.
func ToThread[V any](ctx context.Context, fn func(ctx context.Context) (V, error)) (V, error) {
	var zero V
	s, ok := loop.ScopeFrom(ctx).(future.Suspender)
	if !ok {
		if loop.ScopeFrom(ctx) == nil {
			return zero, fmt.Errorf("executor: ToThread: %w", loop.ErrNoLoop)
		}
		return zero, fmt.Errorf("executor: ToThread: %w", future.ErrNoTask)
	}
	if fn == nil {
		return zero, fmt.Errorf("executor: ToThread: %w", ErrNilFunc)
	}
	l := s.Loop()
	st := stateOf(l)
	pool, err := st.defaultPool(l)
	if err != nil {
		return zero, err
	}
	c := newCall(ctx, l, fn)
	if err := c.start(pool, st); err != nil {
		c.ctx.cancel(nil)
		return zero, fmt.Errorf("executor: ToThread: %w", err)
	}
	v, err := c.fut.Await(ctx)
	if err != nil && (c.fut.Cancelled() || !c.fut.Done()) {
		c.abandon() // the task was cancelled, or the loop is closing under it
	}
	return v, err
}
