package queue

import (
	"context"

	"github.com/goasyncio/asyncio/future"
)

// TaskDone tells the queue that the work on an item taken from it is finished:
// Queue.task_done(). When every item put has been marked done, the tasks waiting in
// [Queue.Join] wake. Calling it more times than items were put is [ErrTaskDone].
func (q *Queue[T]) TaskDone() error {
	if q.unfinished <= 0 {
		return ErrTaskDone
	}
	if q.unfinished--; q.unfinished == 0 {
		q.joiners.wakeAll()
	}
	return nil
}

// Join waits until every item put into the queue has been taken and marked done with
// [Queue.TaskDone]: `await queue.join()`. It returns at once when nothing is
// unfinished, and a *future.CancelledError if the calling task is cancelled meanwhile.
func (q *Queue[T]) Join(ctx context.Context) error {
	if q.unfinished == 0 {
		return nil
	}
	l, err := q.bind(ctx)
	if err != nil {
		return err
	}
	w := future.New[struct{}](l)
	q.joiners.push(w)
	if _, err := w.Await(ctx); err != nil {
		q.joiners.remove(w)
		return err
	}
	return nil
}

// Shutdown shuts the queue down: Queue.shutdown(immediate) from 3.13. Puts return
// [ErrShutDown] from now on; gets do once the queue is empty. With immediate, the items
// left are dropped at once (each counted done for [Queue.Join]) so gets fail at once too.
// Every task waiting in Put or Get is woken, to find the queue shut down.
func (q *Queue[T]) Shutdown(immediate bool) {
	q.shutdown = true
	if immediate {
		for q.items.len() > 0 {
			q.items.pop()
			if q.unfinished > 0 {
				q.unfinished--
			}
		}
		if q.unfinished == 0 {
			q.joiners.wakeAll()
		}
	}
	q.getters.wakeAll()
	q.putters.wakeAll()
}
