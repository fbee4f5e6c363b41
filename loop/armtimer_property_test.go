package loop_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/loop"
)

// armedTimer is a caller-owned timer re-armed over and over, as task.Sleep's and the
// timeout scope's are, with what the test knows of its current arming.
type armedTimer struct {
	id       int
	h        loop.TimerHandle
	arming   int           // how many times it was armed successfully
	deadline time.Duration // of the current arming, from the clock's start
	seq      int           // global arming order: FIFO among equal deadlines
	live     bool          // armed, neither run nor cancelled
	cancel   bool          // the current arming was cancelled before it ran
	fired    map[int]bool  // armings that ran
}

// timerRunner is what an armed timer runs: it reports which arming fired.
type timerRunner struct {
	tm     *armedTimer
	arming int
	onFire func(tm *armedTimer, arming int)
}

func (r *timerRunner) Run() { r.onFire(r.tm, r.arming) }

// TestPropertyArmTimerReArmsAfterRunOrCancel drives a handful of caller-owned timers
// through random arm, re-arm, cancel and cancel-then-re-arm sequences (some from inside
// timer callbacks, so some timers are due and queued in the ready queue when they are
// cancelled or re-armed), next to bursts of cancelled CallLater timers that make the
// heap purge run, with a few distinct deadlines so that many are equal. It checks that:
// ArmTimer refuses exactly the timers that are still live, and accepts every timer that
// has run or was never armed; a timer that was cancelled and then re-armed fires once,
// for its new arming only; no cancelled arming ever fires; every live arming fires, at
// its deadline, in (deadline, arming order) order.
func TestPropertyArmTimerReArmsAfterRunOrCancel(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(rt *rapid.T) {
		l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
		defer l.Close()
		timers := make([]*armedTimer, rapid.IntRange(1, 8).Draw(rt, "timers"))
		for i := range timers {
			timers[i] = &armedTimer{id: i, fired: map[int]bool{}}
		}
		seq := 0
		type firing struct {
			deadline time.Duration
			seq      int
		}
		var fired []firing
		now := func() time.Duration { return l.Time().Sub(virtualStart) }

		// Much of what follows runs inside timer callbacks, whose panics the loop
		// recovers and passes to its exception handler, which would log them and go on:
		// an rt.Fatalf there would be lost. So the checks, the handler and the Draws
		// keep the first thing that went wrong, and runLoop raises it once the loop has
		// returned, each kind from a place of its own (rapid tells failures apart by
		// where they were raised).
		var failure func()
		failOnce := func(raise func()) {
			if failure == nil {
				failure = raise
			}
		}
		check := func(format string, args ...any) {
			failOnce(func() { rt.Fatalf(format, args...) })
		}
		l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) {
			failOnce(func() { rt.Fatalf("a timer callback failed: %s: %v", c.Message, c.Err) })
		})
		draw := func(lo, hi int, label string) (v int) {
			defer func() {
				if p := recover(); p != nil { // rapid ended the Draw: raised again as it is
					failOnce(func() { panic(p) })
					panic(p)
				}
			}()
			return rapid.IntRange(lo, hi).Draw(rt, label)
		}
		runLoop := func() error {
			err := l.RunForever()
			if failure != nil {
				failure()
			}
			return err
		}

		var act func(label string)
		onFire := func(tm *armedTimer, arming int) {
			switch {
			case arming != tm.arming:
				check("timer %d fired for arming %d, its current arming is %d", tm.id, arming, tm.arming)
				return
			case tm.cancel || !tm.live:
				check("timer %d fired for arming %d, which was cancelled", tm.id, arming)
				return
			case tm.fired[arming]:
				check("timer %d fired twice for arming %d", tm.id, arming)
				return
			case now() != tm.deadline:
				check("timer %d fired at %v, deadline %v", tm.id, now(), tm.deadline)
				return
			}
			tm.fired[arming] = true
			tm.live = false
			fired = append(fired, firing{tm.deadline, tm.seq})
			act("in callback")
		}
		arm := func(tm *armedTimer, label string) {
			delay := time.Duration(draw(0, 3, label+" delay")) * time.Millisecond
			r := &timerRunner{tm: tm, arming: tm.arming + 1, onFire: onFire}
			err := l.ArmTimer(&tm.h, delay, r)
			switch {
			case tm.live && err == nil:
				check("timer %d re-armed while still scheduled", tm.id)
				return
			case tm.live:
				return // refused, as it must be
			case !tm.cancel && err != nil:
				// Never armed, or its last arming has run: it must be accepted.
				check("timer %d (arming %d ran or never armed) refused: %v", tm.id, tm.arming, err)
				return
			case err != nil:
				return // cancelled and maybe still in the heap: either answer is allowed
			}
			tm.arming++
			tm.live, tm.cancel = true, false
			tm.deadline = now() + delay
			seq++
			tm.seq = seq
		}
		act = func(label string) {
			for range draw(0, 3, label+" actions") {
				tm := timers[draw(0, len(timers)-1, label+" which")]
				switch draw(0, 3, label+" action") {
				case 0, 1:
					arm(tm, label)
				case 2:
					tm.h.Cancel()
					if tm.live {
						tm.live, tm.cancel = false, true
					}
				case 3: // cancel and re-arm at once
					tm.h.Cancel()
					if tm.live {
						tm.live, tm.cancel = false, true
					}
					arm(tm, label)
				}
			}
			// Bursts of cancelled timers: past 100 timers with most cancelled, the next
			// iteration purges the heap.
			if draw(0, 4, label+" burst") == 0 {
				for range 150 {
					h, err := l.CallLater(time.Duration(draw(0, 3, label+" burst delay"))*time.Millisecond, func() {
						check("a cancelled burst timer fired")
					})
					if err != nil {
						check("CallLater: %v", err)
						return
					}
					h.Cancel()
				}
			}
		}
		steps := rapid.IntRange(1, 30).Draw(rt, "steps")
		for range steps {
			act("outside")
			// One more step of the loop: run until idle or for a millisecond.
			_, err := l.CallLater(time.Millisecond, l.Stop)
			if err != nil {
				rt.Fatal(err)
			}
			if err := runLoop(); err != nil && !errors.Is(err, loop.ErrIdle) {
				rt.Fatal(err)
			}
		}
		// Let everything left fire, without new actions.
		act = func(string) {}
		if err := runLoop(); !errors.Is(err, loop.ErrIdle) {
			rt.Fatalf("RunForever: %v, want ErrIdle", err)
		}
		for _, tm := range timers {
			if tm.live {
				rt.Fatalf("timer %d arming %d (deadline %v) never fired", tm.id, tm.arming, tm.deadline)
			}
		}
		for i := 1; i < len(fired); i++ {
			a, b := fired[i-1], fired[i]
			if a.deadline > b.deadline || (a.deadline == b.deadline && a.seq > b.seq) {
				rt.Fatalf("firing %d (deadline %v, arming order %d) ran before one with deadline %v, order %d",
					i-1, a.deadline, a.seq, b.deadline, b.seq)
			}
		}
	})
}

// A timer cancelled while it waits in the ready queue (due, out of the heap, not run)
// does not run; it cannot be re-armed until its turn in the queue has passed, and then it
// can, and fires once for that arming only.
func TestArmTimerCancelledWhileQueuedIsReArmedAfterItsTurn(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var first, second countRunner
	var a, b loop.TimerHandle
	require.NoError(t, l.ArmTimer(&a, time.Second, loopFunc(func() {
		first.Run()
		b.Cancel() // b is due at the same time: queued right behind a
		assert.ErrorContains(t, l.ArmTimer(&b, 0, &second), "already scheduled",
			"b still waits in the ready queue")
	})))
	require.NoError(t, l.ArmTimer(&b, time.Second, loopFunc(func() { t.Error("the cancelled arming of b ran") })))
	_, err := l.CallLater(time.Second, func() {
		// The iteration after: b has had its (cancelled) turn.
		require.NoError(t, l.ArmTimer(&b, time.Second, &second))
	})
	require.NoError(t, err)
	require.ErrorIs(t, l.RunForever(), loop.ErrIdle)
	assert.Equal(t, 1, first.n)
	assert.Equal(t, 1, second.n, "the new arming of b ran once")
	assert.Equal(t, virtualStart.Add(2*time.Second), b.When())
}

// A timer re-armed from its own callback is scheduled again (it has left the heap and
// the queue once it runs), as a periodic timer would be.
func TestArmTimerReArmedFromItsOwnCallback(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var tm loop.TimerHandle
	var at []time.Duration
	var tick loop.Runner
	tick = loopFunc(func() {
		at = append(at, l.Time().Sub(virtualStart))
		if len(at) < 5 {
			require.NoError(t, l.ArmTimer(&tm, time.Second, tick))
		}
	})
	require.NoError(t, l.ArmTimer(&tm, time.Second, tick))
	require.ErrorIs(t, l.RunForever(), loop.ErrIdle)
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second, 5 * time.Second}, at)
}

// When every timer of a large heap is cancelled, the purge empties it: the loop then
// has nothing to wait for (ErrIdle at once, the clock not moved), and the timers, having
// left the heap, can be armed again.
func TestPurgeOfAnAllCancelledHeapFreesItsTimers(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	hs := make([]loop.TimerHandle, 200)
	for i := range hs {
		require.NoError(t, l.ArmTimer(&hs[i], time.Hour, loopFunc(func() { t.Error("a cancelled timer ran") })))
	}
	for i := range hs {
		hs[i].Cancel()
	}
	require.ErrorIs(t, l.RunForever(), loop.ErrIdle)
	assert.Equal(t, virtualStart, l.Time(), "nothing was left to wait for")
	var fired []int
	for i := range hs {
		require.NoError(t, l.ArmTimer(&hs[i], time.Minute, loopFunc(func() { fired = append(fired, i) })),
			"timer %d left the heap with the purge", i)
	}
	require.ErrorIs(t, l.RunForever(), loop.ErrIdle)
	require.Len(t, fired, len(hs))
	assert.IsIncreasing(t, fired, "equal deadlines run in arming order")
}

type loopFunc func()

func (f loopFunc) Run() { f() }
