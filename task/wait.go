package task

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// ReturnWhen says when [Wait] returns: asyncio's FIRST_COMPLETED, FIRST_EXCEPTION and
// ALL_COMPLETED. It is a [WaitOption].
type ReturnWhen int

const (
	// AllCompleted returns when every future is done (the default).
	AllCompleted ReturnWhen = iota
	// FirstCompleted returns when any future is done.
	FirstCompleted
	// FirstException returns when any future ends with an error (not a cancellation),
	// or when all are done.
	FirstException
)

func (r ReturnWhen) applyWait(c *waitConfig) { c.when = r }

// waitOptions applies the options of Wait or AsCompleted (op), refusing a nil one and a
// ReturnWhen that is none of the constants (asyncio's "Invalid return_when value").
func waitOptions(op string, opts []WaitOption) (waitConfig, error) {
	var cfg waitConfig
	for _, o := range opts {
		if o == nil {
			return cfg, fmt.Errorf("task: %s: nil option", op)
		}
		o.applyWait(&cfg)
	}
	if cfg.when < AllCompleted || cfg.when > FirstException {
		return cfg, fmt.Errorf("task: %s: invalid ReturnWhen %d", op, cfg.when)
	}
	return cfg, nil
}

// checkWaitables refuses, for Wait or AsCompleted (op), a nil future and one of another
// loop than l, checking them all before either watches any.
func checkWaitables[F future.Waitable](op string, fs []F, l *loop.Loop) error {
	for _, f := range fs {
		if future.Waitable(f) == nil {
			return fmt.Errorf("task: %s: nil future", op)
		}
		if f.Loop() != l {
			return future.ErrOtherLoop
		}
	}
	return nil
}

// WaitOption configures [Wait] and [AsCompleted].
type WaitOption interface{ applyWait(*waitConfig) }

type waitConfig struct {
	when    ReturnWhen
	timeout time.Duration
	limited bool
}

type timeoutOption time.Duration

func (d timeoutOption) applyWait(c *waitConfig) { c.timeout, c.limited = time.Duration(d), true }

// WithTimeout bounds how long Wait or AsCompleted waits: their timeout argument. Without
// it they wait as long as it takes; with d ≤ 0 they look once and do not wait for more.
func WithTimeout(d time.Duration) WaitOption { return timeoutOption(d) }

var errWaitEmpty = errors.New("task: Wait: the set of futures is empty")

// Wait waits for the futures (tasks included) until the ReturnWhen condition holds or
// the timeout passes, and returns them split into done and pending, each in argument
// order: asyncio.wait(fs, timeout=, return_when=). As asyncio takes set(fs), a future
// given twice counts once, at its first place. It cancels nothing: the pending ones go
// on. The error is non-nil only when the waiting task itself was cancelled (a
// *future.CancelledError), or for bad input (no futures, a nil one, a future of another loop).
func Wait[F future.Waitable](ctx context.Context, fs []F, opts ...WaitOption) (done, pending []F, err error) {
	cfg, err := waitOptions("Wait", opts)
	if err != nil {
		return nil, nil, err
	}
	if len(fs) == 0 {
		return nil, nil, errWaitEmpty
	}
	l, err := loop.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	fs = distinct(fs)
	if err := checkWaitables("Wait", fs, l); err != nil {
		return nil, nil, err
	}
	w := &waiter[F]{cfg: cfg, counter: len(fs)}
	w.Init(l)
	if cfg.limited {
		timer, err := l.CallLater(cfg.timeout, w.release)
		if err != nil {
			return nil, nil, err
		}
		defer timer.Cancel()
	}
	watchers := make([]waitWatcher[F], len(fs))
	for i, f := range fs {
		watchers[i] = waitWatcher[F]{w, f}
		f.AddDoneRunner(&watchers[i])
	}
	_, err = w.Await(ctx)
	for i, f := range fs {
		f.RemoveDoneRunner(&watchers[i])
	}
	if err != nil {
		return nil, nil, err
	}
	for _, f := range fs {
		if f.Done() {
			done = append(done, f)
		} else {
			pending = append(pending, f)
		}
	}
	return done, pending, nil
}

// waiter is the future Wait parks on: asyncio._wait's waiter.
type waiter[F future.Waitable] struct {
	future.Future[struct{}]
	cfg     waitConfig
	counter int
}

func (w *waiter[F]) release() { _ = w.SetResult(struct{}{}) }

// waitWatcher is one future's done callback: _wait's _on_completion.
type waitWatcher[F future.Waitable] struct {
	w *waiter[F]
	f F
}

func (c *waitWatcher[F]) Run() {
	w := c.w
	w.counter--
	// In asyncio's order: Err retrieves the exception, and _on_completion calls
	// exception() only when the two tests before it fail.
	if w.counter <= 0 || w.cfg.when == FirstCompleted ||
		(w.cfg.when == FirstException && !c.f.Cancelled() && c.f.Err() != nil) {
		w.release()
	}
}

// distinct returns fs without repeats, each future at its first place: asyncio's wait and
// as_completed work on set(fs). It returns fs itself when nothing repeats, which for the
// few futures of most calls it finds out without allocating.
func distinct[F future.Waitable](fs []F) []F {
	const scanned = 16 // up to this many, compare every pair rather than build a set
	if len(fs) <= scanned {
		for i := 1; i < len(fs); i++ {
			for j := range i {
				if future.Waitable(fs[i]) == future.Waitable(fs[j]) {
					return withoutRepeats(fs)
				}
			}
		}
		return fs
	}
	return withoutRepeats(fs)
}

func withoutRepeats[F future.Waitable](fs []F) []F {
	seen := make(map[future.Waitable]struct{}, len(fs))
	out := make([]F, 0, len(fs))
	for _, f := range fs {
		if _, ok := seen[f]; !ok {
			seen[f] = struct{}{}
			out = append(out, f)
		}
	}
	return out
}
