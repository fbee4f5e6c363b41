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
// Iterating suspends the task ctx carries between completions. When the timeout passes
// (a *future.TimeoutError) or the waiting task is cancelled (a *future.CancelledError),
// the iterator yields that error once, with a zero F, and stops; what completed before
// the timeout and was not yet yielded comes first, what completes after it never. The
// futures that are not yielded are not cancelled.
func AsCompleted[F future.Waitable](ctx context.Context, fs []F, opts ...WaitOption) iter.Seq2[F, error] {
	fs = distinct(fs)
	return func(yield func(F, error) bool) {
		var zero F
		var cfg waitConfig
		for _, o := range opts {
			o.applyWait(&cfg)
		}
		if cfg.when != AllCompleted {
			yield(zero, errAsCompletedReturnWhen)
			return
		}
		l, err := loop.Get(ctx)
		if err != nil {
			yield(zero, err)
			return
		}
		c := &completions[F]{loop: l}
		if cfg.limited {
			timer, err := l.CallLater(cfg.timeout, c.expire)
			if err != nil {
				yield(zero, err)
				return
			}
			defer timer.Cancel()
		}
		watchers := make([]completionWatcher[F], len(fs))
		for i, f := range fs {
			watchers[i] = completionWatcher[F]{c, f}
			f.AddDoneRunner(&watchers[i])
		}
		defer func() {
			for i, f := range fs {
				f.RemoveDoneRunner(&watchers[i])
			}
		}()
		for range fs {
			f, err := c.next(ctx)
			if !yield(f, err) || err != nil {
				return
			}
		}
	}
}

// completions queues futures as they complete and wakes the iterating task.
type completions[F future.Waitable] struct {
	loop    *loop.Loop
	done    []F
	expired bool
	wake    *future.Future[struct{}]
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
