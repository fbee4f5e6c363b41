package locks

import (
	"context"
	"fmt"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// waiter is one task waiting on a primitive: the future it parks on, linked into the
// primitive's queue so that leaving the queue from anywhere in it costs O(1) (asyncio
// keeps a deque and removes in O(n)).
type waiter struct {
	future.Future[struct{}]
	prev, next *waiter
	queued     bool
}

// wake completes the waiter's future unless it is done: what asyncio's locks do with
// fut.set_result(True).
func (w *waiter) wake() bool {
	return w.SetResult(struct{}{}) == nil
}

// waitList is a FIFO queue of waiters, with a few spare ones for reuse. The zero
// waitList is empty.
type waitList struct {
	head, tail *waiter
	n          int
	spare      []*waiter
}

// maxSpare bounds the waiters a primitive keeps for reuse.
const maxSpare = 64

// push queues a waiter of l at the back.
func (q *waitList) push(l *loop.Loop) *waiter {
	var w *waiter
	if n := len(q.spare); n > 0 {
		w = q.spare[n-1]
		q.spare[n-1] = nil
		q.spare = q.spare[:n-1]
	} else {
		w = &waiter{}
	}
	w.prev, w.queued = q.tail, true
	w.Init(l)
	if q.tail != nil {
		q.tail.next = w
	} else {
		q.head = w
	}
	q.tail = w
	q.n++
	return w
}

// remove takes w out of the queue; removing it twice does nothing.
func (q *waitList) remove(w *waiter) {
	if !w.queued {
		return
	}
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		q.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		q.tail = w.prev
	}
	w.prev, w.next, w.queued = nil, nil, false
	q.n--
}

// recycle keeps w for a later push, saving an allocation per wait under contention. Only
// a waiter nothing refers to any more may be recycled: out of the queue, and woken
// normally, so that the task that parked on it has been stepped since (a task forgets the
// future it parked on when it is stepped). A wait that failed is never recycled: its task
// may still point at the waiter.
func (q *waitList) recycle(w *waiter) {
	if w.queued || len(q.spare) >= maxSpare {
		return
	}
	w.Future = future.Future[struct{}]{}
	q.spare = append(q.spare, w)
}

// firstPending returns the first waiter whose future is not done, or nil.
func (q *waitList) firstPending() *waiter {
	for w := q.head; w != nil; w = w.next {
		if !w.Done() {
			return w
		}
	}
	return nil
}

// anyLive reports whether a waiter that was not cancelled is queued.
func (q *waitList) anyLive() bool {
	for w := q.head; w != nil; w = w.next {
		if !w.Cancelled() {
			return true
		}
	}
	return false
}

// binding is asyncio's _LoopBoundMixin: a primitive belongs to the loop of the first task
// that had to wait on it.
type binding struct {
	loop *loop.Loop
}

// loopFor returns the loop a waiter of ctx must be made for, binding the primitive to it
// on first use.
func (b *binding) loopFor(ctx context.Context, what string) (*loop.Loop, error) {
	l, err := loop.Get(ctx)
	if err != nil {
		return nil, fmt.Errorf("locks: %s: %w", what, err)
	}
	if b.loop == nil {
		b.loop = l
	} else if b.loop != l {
		return nil, fmt.Errorf("%w: %s", ErrOtherLoop, what)
	}
	return l, nil
}

// await parks the task of ctx on w. It returns nil when w was woken, and the error to
// raise otherwise (the task's cancellation, a closed loop, a context without a task).
func await(ctx context.Context, w *waiter) error {
	_, err := w.Await(ctx)
	return err
}
