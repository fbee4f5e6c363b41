package queue

import (
	"cmp"
	"context"
	"fmt"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// Queue is asyncio.Queue, and with [NewLifo] and [NewPriority] LifoQueue and
// PriorityQueue: a queue of T that coroutines put into and get from, waiting while it is
// full or empty. Make one with [New], [NewLifo], [NewPriority] or [NewPriorityFunc]; the
// zero Queue is not usable. A Queue must not be copied after first use.
//
// Unlike the standard library's queues, its size can be trusted: nothing else runs on
// the loop between a call to Qsize and the next operation.
type Queue[T any] struct {
	items   store[T]
	maxsize int
	loop    *loop.Loop // bound on first wait

	getters, putters waiters
	joiners          waiters // Join's waiters: the finished Event's

	unfinished int
	shutdown   bool
}

// New returns a FIFO queue that holds at most maxsize items, or any number when maxsize
// is 0: asyncio.Queue(maxsize). A negative maxsize panics (asyncio treats it as
// unbounded; here it is taken for the mistake it usually is).
func New[T any](maxsize int) *Queue[T] { return newQueue[T](fifo, maxsize, nil, "New") }

// NewLifo returns a last in, first out queue: asyncio.LifoQueue(maxsize).
func NewLifo[T any](maxsize int) *Queue[T] { return newQueue[T](lifo, maxsize, nil, "NewLifo") }

// NewPriority returns a queue that hands out its smallest item first:
// asyncio.PriorityQueue(maxsize), for ordered types (compared with [cmp.Less], so NaN
// sorts first). For entries such as (priority, data) pairs, use [NewPriorityFunc].
func NewPriority[T cmp.Ordered](maxsize int) *Queue[T] {
	return newQueue[T](priority, maxsize, cmp.Less[T], "NewPriority")
}

// NewPriorityFunc returns a queue that hands out first the item that less orders
// first: asyncio.PriorityQueue(maxsize), where Python compares entries with <. Items that
// are equal under less come out in the order heapq gives them, so in the order CPython's
// PriorityQueue would hand them out (say, entries whose priority alone is compared). A nil
// less panics.
func NewPriorityFunc[T any](maxsize int, less func(a, b T) bool) *Queue[T] {
	if less == nil {
		panic("queue: NewPriorityFunc: nil less function")
	}
	return newQueue[T](priority, maxsize, less, "NewPriorityFunc")
}

func newQueue[T any](k kind, maxsize int, less func(a, b T) bool, op string) *Queue[T] {
	if maxsize < 0 {
		panic(fmt.Sprintf("queue: %s: negative maxsize %d", op, maxsize))
	}
	return &Queue[T]{items: store[T]{kind: k, less: less}, maxsize: maxsize}
}

// Qsize returns the number of items in the queue: Queue.qsize().
func (q *Queue[T]) Qsize() int { return q.items.len() }

// Maxsize returns the number of items the queue holds at most, 0 for no bound:
// Queue.maxsize.
func (q *Queue[T]) Maxsize() int { return q.maxsize }

// Empty reports whether the queue holds no item: Queue.empty().
func (q *Queue[T]) Empty() bool { return q.items.len() == 0 }

// Full reports whether the queue holds maxsize items; never for an unbounded queue:
// Queue.full().
func (q *Queue[T]) Full() bool { return q.maxsize > 0 && q.items.len() >= q.maxsize }

// PutNowait puts v without waiting: Queue.put_nowait(v). It returns [ErrShutDown] once
// the queue is shut down and [ErrFull] when it is full. It wakes the first getter waiting.
func (q *Queue[T]) PutNowait(v T) error {
	if q.shutdown {
		return ErrShutDown
	}
	if q.Full() {
		return ErrFull
	}
	q.items.push(v)
	q.unfinished++
	q.getters.wakeNext()
	return nil
}

// GetNowait takes an item without waiting: Queue.get_nowait(). It returns [ErrEmpty]
// when the queue is empty, or [ErrShutDown] if it is empty and shut down. It wakes the
// first putter waiting.
func (q *Queue[T]) GetNowait() (T, error) {
	if q.items.len() == 0 {
		var zero T
		if q.shutdown {
			return zero, ErrShutDown
		}
		return zero, ErrEmpty
	}
	v := q.items.pop()
	q.putters.wakeNext()
	return v, nil
}

// Put puts v, waiting while the queue is full: `await queue.put(v)`. It returns
// [ErrShutDown] if the queue is, or gets, shut down while it waits, and a
// *future.CancelledError if the calling task is cancelled while it waits, in which case
// nothing was put. ctx must be the context of the running task when Put has to wait.
func (q *Queue[T]) Put(ctx context.Context, v T) error {
	for q.Full() {
		if q.shutdown {
			return ErrShutDown
		}
		if err := q.wait(ctx, &q.putters, q.Full); err != nil {
			return err
		}
	}
	return q.PutNowait(v)
}

// Get takes an item, waiting while the queue is empty: `await queue.get()`. It returns
// [ErrShutDown] if the queue is shut down and empty, and a *future.CancelledError if the
// calling task is cancelled while it waits, in which case no item was taken. ctx must be
// the context of the running task when Get has to wait.
func (q *Queue[T]) Get(ctx context.Context) (T, error) {
	for q.items.len() == 0 {
		if q.shutdown {
			var zero T
			return zero, ErrShutDown
		}
		if err := q.wait(ctx, &q.getters, q.Empty); err != nil {
			var zero T
			return zero, err
		}
	}
	return q.GetNowait()
}

// wait parks the calling task on a new waiter in line ws until it is woken: the body of
// put's and get's loops. blocked reports whether the caller still cannot proceed; a
// waiter that was woken but fails (cancelled) hands its wake-up to the next in line.
func (q *Queue[T]) wait(ctx context.Context, ws *waiters, blocked func() bool) error {
	l, err := q.bind(ctx)
	if err != nil {
		return err
	}
	w := future.New[struct{}](l)
	ws.push(w)
	if _, err := w.Await(ctx); err != nil {
		w.Cancel("") // in case it is not done yet
		ws.remove(w) // it may be gone already: woken, or by Shutdown
		if !blocked() && !w.Cancelled() {
			// We were woken to take an item or a slot, and cannot: pass it on.
			ws.wakeNext()
		}
		return err
	}
	return nil
}

// bind ties the queue to ctx's loop on first wait: mixins._LoopBoundMixin.
func (q *Queue[T]) bind(ctx context.Context) (*loop.Loop, error) {
	l, err := loop.Get(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", future.ErrNoTask)
	}
	if q.loop == nil {
		q.loop = l
	} else if q.loop != l {
		return nil, ErrOtherLoop
	}
	return l, nil
}

// String describes the queue as asyncio's str() does, the items formatted by Go's %v:
// <Queue maxsize=2 _queue=[1 2] _getters[1] tasks=2>.
func (q *Queue[T]) String() string {
	name := [...]string{"Queue", "LifoQueue", "PriorityQueue"}[q.items.kind]
	s := fmt.Sprintf("<%s maxsize=%d", name, q.maxsize)
	if q.items.len() > 0 {
		s += fmt.Sprintf(" _queue=%v", q.items.all())
	}
	if q.getters.n > 0 {
		s += fmt.Sprintf(" _getters[%d]", q.getters.n)
	}
	if q.putters.n > 0 {
		s += fmt.Sprintf(" _putters[%d]", q.putters.n)
	}
	if q.unfinished > 0 {
		s += fmt.Sprintf(" tasks=%d", q.unfinished)
	}
	if q.shutdown {
		s += " shutdown"
	}
	return s + ">"
}
