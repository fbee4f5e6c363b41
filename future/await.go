package future

import (
	"context"
	"fmt"

	"github.com/goasyncio/asyncio/loop"
)

// Awaitable is anything that can be awaited for a T: a *Future[T], a *task.Task[T].
type Awaitable[T any] interface {
	Await(ctx context.Context) (T, error)
}

// Waitable is the face every future shows whatever its result type: what a task parks
// on, and what Wait, Gather and Shield watch.
type Waitable interface {
	loop.Completable
	// Loop returns the loop the future belongs to.
	Loop() *loop.Loop
	// Cancel cancels the future; see [Future.Cancel].
	Cancel(msg string) bool
	// Cancelled reports whether the future was cancelled.
	Cancelled() bool
	// Err returns the error the future ended with: nil while pending or after a result,
	// the exception, or the *CancelledError of a cancelled future.
	Err() error
}

// Suspender is the await protocol, implemented by tasks: a task's context carries it
// (as its [loop.Scope]) and [Suspend] calls it.
type Suspender interface {
	loop.Scope
	// Suspend parks the running task until w is done, or for one loop iteration when w
	// is nil. It returns nil when the task is resumed normally, or the error to raise at
	// the await point: the task's pending cancellation, or a closed loop.
	Suspend(w Waitable) error
}

// Suspend is the await point for anything that is not a Future: it parks the task that
// ctx carries until w is done (for one iteration when w is nil, as asyncio.sleep(0)
// does). It returns ErrNoTask when ctx carries no task and ErrOtherLoop when w belongs to
// another loop.
func Suspend(ctx context.Context, w Waitable) error {
	var l *loop.Loop
	if w != nil {
		l = w.Loop()
	}
	s, err := suspender(ctx, w != nil, l)
	if err != nil {
		return err
	}
	return s.Suspend(w)
}

// suspender returns the task ctx carries, once what is awaited (if anything: a bare yield
// awaits nothing) is known to be of its loop l: what an await checks before it parks. A
// future of no loop (a zero Future) is of another loop. Awaits call it and then the
// task's Suspend themselves, rather than through Suspend, so that a parked body's stack
// holds one frame fewer for the GC to scan at every collection.
func suspender(ctx context.Context, awaits bool, l *loop.Loop) (Suspender, error) {
	s, ok := loop.ScopeFrom(ctx).(Suspender)
	if !ok {
		return nil, ErrNoTask
	}
	if awaits && l != s.Loop() {
		return nil, ErrOtherLoop
	}
	return s, nil
}

// Await waits for the future and returns its result: `await fut`. A done future returns
// at once, without suspending (so a pending cancellation of the task is not delivered
// here). A pending one parks the task ctx carries until it is done. The error is the
// future's exception, a *CancelledError if the future or the awaiting task was
// cancelled, or ErrNoTask when ctx carries no task.
func (f *Future[T]) Await(ctx context.Context) (T, error) {
	if f.state == pending {
		s, err := suspender(ctx, true, f.loop)
		if err == nil {
			err = s.Suspend(f)
		}
		if err != nil {
			var zero T
			return zero, err
		}
		if f.state == pending { // only a broken Suspender resumes early
			var zero T
			return zero, fmt.Errorf("future: task resumed before the awaited future was done")
		}
	}
	return f.Result()
}

// Like is anything that behaves as a Future[T]: a *Future[T] or a *task.Task[T]. Gather,
// Shield and WaitFor take it.
type Like[T any] interface {
	Waitable
	Awaitable[T]
	// Result returns the result of a done future; see [Future.Result].
	Result() (T, error)
}
