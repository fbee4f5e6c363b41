package task

import (
	"context"
	"errors"
	"iter"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

var errAsCompletedReturnWhen = errors.New("task: AsCompleted: ReturnWhen does not apply")

// AsCompleted yields the futures (tasks included) in the order they complete, each once
// (a future given twice is yielded once, as asyncio takes set(fs)): asyncio 3.13's
// `async for f in as_completed(fs, timeout=)`, which yields the original objects. The
// loop body reads each one's outcome with Result:
//
//	for f, err := range task.AsCompleted(ctx, tasks) {
//		if err != nil { return err }      // timeout or cancellation of the waiting task
//		v, ferr := f.Result()
//	}
//
// As in asyncio, the futures are watched, and the timeout counts, from the call of
// AsCompleted, not from the start of the iteration: futures that complete before the
// iteration starts come in the order they completed. The result is used up by one range
// over it, as asyncio's iterator is: a second range yields nothing.
//
// Iterating suspends the task ctx carries between completions. When the timeout passes
// (a *future.TimeoutError) or the waiting task is cancelled (a *future.CancelledError),
// the iterator yields that error once, with a zero F, and stops; what completed before
// the timeout and was not yet yielded comes first, what completes after it never. The
// futures that are not yielded are not cancelled.
func AsCompleted[F future.Waitable](ctx context.Context, fs []F, opts ...WaitOption) iter.Seq2[F, error] {
	fs = distinct(fs)
	c, err := watchCompletions(ctx, fs, opts)
	return func(yield func(F, error) bool) {
		var zero F
		if err != nil {
			yield(zero, err)
			return
		}
		if c.stopped {
			return
		}
		defer c.stop()
		for c.left > 0 {
			c.left--
			f, err := c.next(ctx)
			if !yield(f, err) || err != nil {
				return
			}
		}
	}
}

// watchCompletions starts watching fs, as the constructor of asyncio's
// _AsCompletedIterator does: the done callbacks and the timeout are set at the call.
func watchCompletions[F future.Waitable](ctx context.Context, fs []F, opts []WaitOption) (*completions[F], error) {
	cfg, err := waitOptions("AsCompleted", opts)
	if err != nil {
		return nil, err
	}
	if cfg.when != AllCompleted {
		return nil, errAsCompletedReturnWhen
	}
	l, err := loop.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkWaitables("AsCompleted", fs, l); err != nil {
		return nil, err
	}
	c := &completions[F]{loop: l, left: len(fs)}
	if cfg.limited && len(fs) > 0 {
		if c.timer, err = l.CallLater(cfg.timeout, c.expire); err != nil {
			return nil, err
		}
	}
	c.watchers = make([]completionWatcher[F], len(fs))
	for i, f := range fs {
		c.watchers[i] = completionWatcher[F]{c, f}
		f.AddDoneRunner(&c.watchers[i])
	}
	return c, nil
}

// completions queues futures as they complete and wakes the iterating task.
type completions[F future.Waitable] struct {
	loop     *loop.Loop
	done     []F
	left     int // futures not yet yielded: asyncio's _todo_left
	expired  bool
	stopped  bool // the iteration ended: nothing more is watched or yielded
	wake     *future.Future[struct{}]
	timer    *loop.TimerHandle
	watchers []completionWatcher[F]
}

// stop ends the watch when the iteration ends, however it ends.
func (c *completions[F]) stop() {
	c.stopped = true
	if c.timer != nil {
		c.timer.Cancel()
	}
	for i := range c.watchers {
		c.watchers[i].f.RemoveDoneRunner(&c.watchers[i])
	}
	c.watchers = nil
}

func (c *completions[F]) notify() {
	if c.wake != nil {
		_ = c.wake.SetResult(struct{}{})
	}
}

// expire ends the wait: what completes from now on is not yielded, as asyncio's
// _handle_timeout removes the completion callbacks of the futures still pending.
func (c *completions[F]) expire() {
	c.expired = true
	c.notify()
}

// next waits for the next completed future.
func (c *completions[F]) next(ctx context.Context) (F, error) {
	var zero F
	for len(c.done) == 0 {
		if c.expired {
			return zero, &future.TimeoutError{}
		}
		c.wake = future.New[struct{}](c.loop)
		_, err := c.wake.Await(ctx)
		c.wake = nil
		if err != nil {
			return zero, err
		}
	}
	f := c.done[0]
	c.done = c.done[1:]
	return f, nil
}

type completionWatcher[F future.Waitable] struct {
	c *completions[F]
	f F
}

func (w *completionWatcher[F]) Run() {
	if w.c.expired {
		return
	}
	w.c.done = append(w.c.done, w.f)
	w.c.notify()
}
