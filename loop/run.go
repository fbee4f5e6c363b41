package loop

import (
	"errors"
	"fmt"
	"time"
)

// Completable is what [Loop.RunUntilComplete] waits for: a future or a task. Its done
// callbacks must be scheduled on this loop.
type Completable interface {
	Done() bool
	AddDoneRunner(r Runner)
	RemoveDoneRunner(r Runner) int
}

// RunForever runs the loop until [Loop.Stop] is called: asyncio's loop.run_forever.
// A stop requested before RunForever makes it run one iteration and return.
// It is [ErrClosed] on a closed loop, [ErrRunning] on a running one, [ErrNested] on a
// goroutine already running a loop, and [ErrIdle] when a loop on a virtual clock has
// nothing left that could wake it.
func (l *Loop) RunForever() (err error) {
	if err := l.enter(); err != nil {
		return err
	}
	defer l.exit()
	for {
		// runIterations returns early only after a callback panicked (and was reported):
		// calling it again goes on with the next callback of the same iteration.
		if done, err := l.runIterations(); done {
			return err
		}
	}
}

// Stop asks the loop to stop once the callbacks of the current iteration have run:
// asyncio's loop.stop(). Callbacks they schedule stay queued for the next run. From
// another goroutine, use CallSoonThreadsafe(l.Stop).
func (l *Loop) Stop() { l.stopping = true }

// RunUntilComplete runs the loop until c is done: asyncio's loop.run_until_complete.
// The caller reads the outcome from c. If the loop stops first, it is [ErrNotDone]; a c
// that belongs to another loop (it has a Loop method that says so) is [ErrOtherLoop].
func (l *Loop) RunUntilComplete(c Completable) error {
	if c == nil {
		return fmt.Errorf("loop: RunUntilComplete: nil future")
	}
	if l.closed {
		return fmt.Errorf("loop: RunUntilComplete: %w", ErrClosed)
	}
	if l.running {
		return fmt.Errorf("loop: RunUntilComplete: %w", ErrRunning)
	}
	if o, ok := c.(interface{ Loop() *Loop }); ok && o.Loop() != l {
		// Its done callbacks would go to the other loop: this one would never stop.
		return fmt.Errorf("loop: RunUntilComplete: %w", ErrOtherLoop)
	}
	stopper := &stopOnDone{l}
	c.AddDoneRunner(stopper)
	err := l.RunForever()
	c.RemoveDoneRunner(stopper)
	if err != nil {
		return err
	}
	if !c.Done() {
		return ErrNotDone
	}
	return nil
}

var errZeroLoop = errors.New("loop: the zero Loop is not usable (make one with New)")

type stopOnDone struct{ l *Loop }

func (s *stopOnDone) Run() { s.l.Stop() }

func (l *Loop) enter() error {
	switch {
	case l.clock == nil: // not made by New: its inbox would never wake it
		return errZeroLoop
	case l.closed:
		return ErrClosed
	case l.running:
		return ErrRunning
	}
	g := currentGoroutine()
	if goroutineLoop(g) != nil || insideCoroutine() {
		return ErrNested
	}
	bindGoroutine(g, l)
	l.goid = g
	l.running = true
	return nil
}

func (l *Loop) exit() {
	unbindGoroutine(l.goid)
	l.running = false
	l.stopping = false
	l.goid = 0
}

// runIterations runs iterations until the loop stops, or fails to wait (ErrIdle), and
// then reports done. A callback that panics is reported to the exception handler, and
// runIterations returns with done false; the iteration in progress (the batch and the
// position in it) is kept in the loop, so the next call goes on after that callback.
//
// One deferred recover guards all iterations rather than one per iteration or per
// callback: most iterations of a real program run a few callbacks, often a single task
// step, and the calls and returns of a per-iteration guard were a tenth of such an
// iteration's cost.
func (l *Loop) runIterations() (done bool, err error) {
	defer func() {
		// Only a callback's panic is the loop's to report. One raised by the loop's own
		// code (a Clock that panics, say), or by a hook around a callback, goes on up.
		if l.inCallbacks {
			l.inCallbacks = false // also when a callback called runtime.Goexit
			if p := recover(); p != nil {
				l.reportPanic(l.batch.items[l.batchPos-1], p)
			}
		}
	}()
	for {
		if l.batch == nil {
			if err := l.beginIteration(); err != nil {
				return true, err
			}
		}
		for b := l.batch; b != nil; b = b.next {
			l.batch = b
			items := b.items[:b.n]
			if l.instrumented {
				for i := l.batchPos; i < len(items); i++ {
					l.batchPos = i + 1
					l.runInstrumented(items[i])
				}
			} else {
				l.inCallbacks = true
				for i := l.batchPos; i < len(items); i++ {
					l.batchPos = i + 1 // first: a panic leaves the position past the callback
					items[i].Run()
				}
				l.inCallbacks = false
			}
			l.batchPos = 0
		}
		l.batch = nil
		if !l.closed {
			l.ready.recycle(l.batchHead)
		}
		l.batchHead = nil
		if l.stopping {
			return true, nil
		}
	}
}

// beginIteration starts an iteration, asyncio's _run_once up to its callbacks: take in
// threadsafe callbacks, wait for the first timer unless something is ready, queue the
// due timers, then take exactly the callbacks that are ready now as the iteration's
// batch. Callbacks they schedule wait for the next iteration.
func (l *Loop) beginIteration() error {
	l.purgeCancelled()
	l.inbox.drain(&l.ready)
	if l.ready.len() == 0 && !l.stopping {
		if err := l.wait(); err != nil {
			return err
		}
		l.inbox.drain(&l.ready)
	}
	if len(l.timers) > 0 {
		now := l.now()
		for t := l.firstTimer(); t != nil && t.when <= now; t = l.firstTimer() {
			l.timers.pop()
			t.queued = true
			l.ready.push(t)
		}
	}
	l.batchHead = l.ready.take()
	l.batch, l.batchPos = l.batchHead, 0
	return nil
}

// wait blocks until the first timer is due or a callback is posted. On a virtual clock
// it does not block when no external work is in flight: it moves the clock instead.
func (l *Loop) wait() error {
	first := l.firstTimer()
	ok, external := l.inbox.prepareSleep()
	if !ok {
		return nil // a callback arrived meanwhile
	}
	defer l.inbox.awake()
	if l.virtual != nil {
		if first != nil && first.when <= l.now() {
			return nil // a timer is due already: run it, external work or not
		}
		if external == 0 {
			if first == nil {
				return ErrIdle
			}
			target := l.virtualEpoch + first.when
			if target < first.when {
				// Past the last instant the clock can show (a deadline that saturated,
				// on a clock that had moved before the loop was made): it can never be
				// due, and moving the clock would not change that, so the loop would spin.
				return fmt.Errorf("%w: the next timer is due after the last time the clock can show", ErrIdle)
			}
			l.virtual.advanceTo(target)
			return nil
		}
		<-l.inbox.wake // time stands still while external work runs
		return nil
	}
	if first == nil {
		<-l.inbox.wake
		return nil
	}
	d := time.Duration(first.when - l.now())
	if d <= 0 {
		return nil
	}
	if l.sleeper == nil {
		l.sleeper = time.NewTimer(d)
	} else {
		l.sleeper.Reset(d)
	}
	select {
	case <-l.inbox.wake:
		l.sleeper.Stop()
	case <-l.sleeper.C:
	}
	return nil
}
