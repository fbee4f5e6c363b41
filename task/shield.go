package task

import (
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// Shield protects aw from cancellation: asyncio.shield(aw). It returns a future that
// follows aw; cancelling that future (or the task awaiting it) does not cancel aw, which
// runs on. A done aw is returned as it is.
//
//	v, err := task.Shield(t).Await(ctx) // ctx's task may be cancelled; t is not
//
// As in asyncio, when the awaiting task is cancelled the await returns the
// CancelledError at once while aw goes on; keep a reference to aw to learn its outcome.
func Shield[T any](aw future.Like[T]) future.Like[T] {
	if aw == nil {
		panic("task: Shield: nil awaitable")
	}
	if aw.Done() {
		return aw
	}
	s := &shield[T]{inner: aw}
	s.outer.Init(aw.Loop())
	aw.AddDoneRunner(innerDone[T]{s})
	s.outer.AddDoneRunner(outerDone[T]{s})
	return &s.outer
}

type shield[T any] struct {
	inner future.Like[T]
	outer future.Future[T]
}

// innerDone copies the inner outcome to the outer future unless that was cancelled.
type innerDone[T any] struct{ s *shield[T] }

func (d innerDone[T]) Run() {
	inner, outer := d.s.inner, &d.s.outer
	switch {
	case outer.Cancelled():
		if !inner.Cancelled() {
			_ = inner.Err() // retrieved, as asyncio marks it: not reported as never retrieved
		}
	case inner.Cancelled():
		outer.Cancel("")
	default:
		v, err := inner.Result()
		if err != nil {
			_ = outer.SetException(err)
		} else {
			_ = outer.SetResult(v)
		}
	}
}

// outerDone forgets the inner callback when the outer future is done first (cancelled).
type outerDone[T any] struct{ s *shield[T] }

func (d outerDone[T]) Run() {
	if !d.s.inner.Done() {
		d.s.inner.RemoveDoneRunner(innerDone[T]{d.s})
	}
}

var _ loop.Runner = innerDone[int]{}
