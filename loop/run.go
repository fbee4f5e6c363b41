package loop

import (
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
		if err := l.runOnce(); err != nil {
			return err
		}
		if l.stopping {
			return nil
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

type stopOnDone struct{ l *Loop }

func (s *stopOnDone) Run() { s.l.Stop() }

func (l *Loop) enter() error {
	switch {
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

// runOnce is one iteration, asyncio's _run_once: take in threadsafe callbacks, wait for
// the first timer unless something is ready, queue the due timers, then run exactly the
// callbacks that are ready now. Callbacks they schedule wait for the next iteration.
func (l *Loop) runOnce() error {
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
	batch := l.ready.take()
	for b := batch; b != nil; b = b.next {
		items := b.items[:b.n]
		if l.instrumented {
			for _, r := range items {
				l.runInstrumented(r)
			}
			continue
		}
		for i := 0; i < len(items); {
			i = l.runBatch(items, i)
		}
	}
	if !l.closed {
		l.ready.recycle(batch)
	}
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
			l.virtual.advanceTo(l.virtualEpoch + first.when)
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
