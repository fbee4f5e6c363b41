package loop_test

import (
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// These tests attack the run's single deferred recover: after a panicking callback the
// run re-enters and goes on with the next callback of the same iteration (the batch and
// the position in it are kept in the Loop). The ready queue is blocks of 256 Runners, so
// the interesting positions are the block boundaries.

// A logRunner logs its name when it runs, and panics with its name when told to.
type logRunner struct {
	name  string
	panic bool
	log   *[]string
}

func (r *logRunner) Run() {
	*r.log = append(*r.log, r.name)
	if r.panic {
		panic(r.name)
	}
}

func (r *logRunner) String() string { return "<logRunner " + r.name + ">" }

// TestPanicsAtBlockBoundariesKeepTheIterationInOrder runs batches of several sizes with
// panicking callbacks at and around the 256-callback block boundaries (the last of a
// block, the first of the next, several in a row, the last of the batch, every one), in
// the plain path and in the instrumented one (hooks), and with a handler that panics
// too. Every callback must run exactly once and in order, each panic must be reported
// once with its own callback as the origin, in order, and what the callbacks schedule
// must wait for the next iteration.
func TestPanicsAtBlockBoundariesKeepTheIterationInOrder(t *testing.T) {
	t.Parallel()
	type tc struct {
		n      int
		panics []int // indices in the batch; -1 is the last
	}
	cases := []tc{
		{256, []int{255}},
		{257, []int{255}},
		{257, []int{256}},
		{300, []int{257}},
		{600, []int{254, 255, 256, 257}},
		{512, []int{511}},
		{513, []int{511, 512}},
		{513, []int{-1}},
		{770, []int{0, 255, 256, 511, 512, 767, 768, -1}},
		{1, []int{0}},
		{600, nil}, // every callback panics: filled below
	}
	for _, mode := range []string{"plain", "hooks", "debug", "panicking handler"} {
		for ci, c := range cases {
			t.Run(fmt.Sprintf("%s/%d/n=%d", mode, ci, c.n), func(t *testing.T) {
				t.Parallel()
				var opts []loop.Option
				if mode == "debug" {
					opts = append(opts, loop.WithDebug(), loop.WithLogger(discardLogger()))
				}
				if mode == "panicking handler" {
					opts = append(opts, loop.WithLogger(discardLogger()))
				}
				l := newVirtual(t, opts...)
				panics := map[int]bool{}
				if c.panics == nil {
					for i := range c.n {
						panics[i] = true
					}
				}
				for _, p := range c.panics {
					if p < 0 {
						p = c.n - 1
					}
					panics[p] = true
				}
				var log []string
				var reported []string
				afters := 0
				switch mode {
				case "hooks":
					l.SetHooks(loop.Hooks{
						Before: func(loop.Runner) {},
						After:  func(loop.Runner, time.Duration) { afters++ },
					})
				}
				l.SetExceptionHandler(func(_ *loop.Loop, ec loop.ExceptionContext) {
					var pe *loop.PanicError
					require.ErrorAs(t, ec.Err, &pe)
					r, ok := ec.Origin.(*logRunner)
					require.True(t, ok, "the origin is the panicking callback: %v", ec.Origin)
					assert.Equal(t, r.name, pe.Value, "the report names the callback that panicked")
					reported = append(reported, r.name)
					if mode == "panicking handler" {
						panic("the handler broke too")
					}
				})
				var want, wantReported []string
				for i := range c.n {
					name := fmt.Sprint(i)
					r := &logRunner{name: name, panic: panics[i], log: &log}
					require.NoError(t, l.Post(r))
					want = append(want, name)
					if panics[i] {
						wantReported = append(wantReported, name)
					}
				}
				// The first callback of the batch schedules one for the next iteration,
				// and the batch's last non-callback step is the Stop: both must keep to
				// the iteration boundaries whatever panicked in between.
				must(t, l, func() {
					log = append(log, "stop")
					must(t, l, func() { log = append(log, "next iteration") })
					l.Stop()
				})
				want = append(want, "stop")
				require.NoError(t, l.RunForever())
				assert.Equal(t, want, log)
				assert.Equal(t, wantReported, reported)
				if mode == "hooks" {
					assert.Equal(t, c.n+1, afters, "the After hook sees every callback, panicking or not")
				}

				must(t, l, l.Stop)
				require.NoError(t, l.RunForever())
				assert.Equal(t, append(want, "next iteration"), log)
			})
		}
	}
}

// A panicking callback that schedules callbacks and calls Stop before it panics: what it
// scheduled waits for the next iteration, the rest of this iteration still runs, and
// then the run ends.
func TestAPanickingCallbackThatSchedulesAndStops(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var log []string
	l.SetExceptionHandler(func(*loop.Loop, loop.ExceptionContext) { log = append(log, "reported") })
	for i := range 300 {
		must(t, l, func() {
			if i == 255 {
				log = append(log, "255 schedules and stops")
				for j := range 3 {
					must(t, l, func() { log = append(log, fmt.Sprint("scheduled ", j)) })
				}
				l.Stop()
				panic("after Stop")
			}
			if i == 299 {
				log = append(log, "last of the iteration")
			}
		})
	}
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"255 schedules and stops", "reported", "last of the iteration"}, log)
	must(t, l, l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{
		"255 schedules and stops", "reported", "last of the iteration",
		"scheduled 0", "scheduled 1", "scheduled 2",
	}, log)
}

// RunUntilComplete whose future completes in the iteration where a callback panics: the
// rest of that iteration runs, the loop stops in the next one (the stopper is a done
// callback, posted), and what was queued after it stays queued.
func TestRunUntilCompleteWithAPanicInTheIterationThatCompletesTheFuture(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var log []string
	l.SetExceptionHandler(func(*loop.Loop, loop.ExceptionContext) { log = append(log, "reported") })
	f := future.New[int](l)
	must(t, l, func() { log = append(log, "complete"); require.NoError(t, f.SetResult(7)) })
	must(t, l, func() { log = append(log, "panic"); panic("boom") })
	must(t, l, func() {
		log = append(log, "after the panic")
		// The next iteration runs the stopper (posted when f completed) first; a panic
		// after it must not lose the stop.
		must(t, l, func() { log = append(log, "panic again"); panic("boom again") })
		must(t, l, func() {
			log = append(log, "next iteration")
			must(t, l, func() { log = append(log, "two iterations later") })
		})
	})
	require.NoError(t, l.RunUntilComplete(f))
	assert.Equal(t, []string{
		"complete", "panic", "reported", "after the panic",
		"panic again", "reported", "next iteration",
	}, log)
	v, err := f.Result()
	require.NoError(t, err)
	assert.Equal(t, 7, v)
	must(t, l, l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, "two iterations later", log[len(log)-1])
}

// A callback that tries to run another loop is refused (ErrNested) and then panics: the
// other loop is left as it was (not running, not bound to this goroutine), and both loops
// run normally afterwards.
func TestAPanickingCallbackThatRanAnotherLoop(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	other := newVirtual(t)
	var nested error
	var log []string
	l.SetExceptionHandler(func(*loop.Loop, loop.ExceptionContext) { log = append(log, "reported") })
	must(t, other, func() { log = append(log, "other ran"); other.Stop() })
	must(t, l, func() {
		nested = other.RunForever()
		panic("after the nested run")
	})
	must(t, l, func() { log = append(log, "rest"); l.Stop() })
	require.NoError(t, l.RunForever())
	require.ErrorIs(t, nested, loop.ErrNested)
	assert.False(t, other.IsRunning())
	assert.Equal(t, []string{"reported", "rest"}, log)
	require.NoError(t, other.RunForever())
	assert.Equal(t, []string{"reported", "rest", "other ran"}, log)
}

// badRunner panics when run, and its String panics too, so that reporting its panic
// panics: that second panic leaves RunForever (it is nobody's to recover), in the middle
// of an iteration.
type badRunner struct{ log *[]string }

func (r badRunner) Run()           { *r.log = append(*r.log, "bad"); panic("bad run") }
func (r badRunner) String() string { panic("bad String") }

// A run left in the middle of an iteration (here: the report of a panic panicked) goes
// on with the rest of that iteration when the loop is run again, in order, before the
// next iteration: nothing of the batch is lost or run twice.
func TestARunLeftMidIterationFinishesItOnTheNextRun(t *testing.T) {
	t.Parallel()
	for _, hooks := range []bool{false, true} {
		t.Run(fmt.Sprint("hooks=", hooks), func(t *testing.T) {
			t.Parallel()
			l := newVirtual(t)
			if hooks {
				l.SetHooks(loop.Hooks{After: func(loop.Runner, time.Duration) {}})
			}
			var log []string
			for i := range 300 {
				if i == 256 {
					require.NoError(t, l.Post(badRunner{&log}))
					continue
				}
				must(t, l, func() {
					log = append(log, fmt.Sprint(i))
					if i == 0 {
						must(t, l, func() { log = append(log, "next iteration") })
					}
				})
			}
			require.PanicsWithValue(t, "bad String", func() { _ = l.RunForever() })
			assert.False(t, l.IsRunning())
			require.Len(t, log, 257)
			assert.Equal(t, "bad", log[256])

			must(t, l, l.Stop)
			require.NoError(t, l.RunForever())
			require.Len(t, log, 301)
			for i := 257; i < 300; i++ {
				assert.Equal(t, fmt.Sprint(i), log[i], "the rest of the iteration, in order")
			}
			assert.Equal(t, "next iteration", log[300])
		})
	}
}

// A callback that calls runtime.Goexit (t.FailNow on the loop goroutine) ends the
// goroutine running the loop in the middle of an iteration. Run again from another
// goroutine, the loop goes on with the rest of that iteration, then the next.
func TestAnIterationLeftByGoexitIsFinishedByTheNextRun(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var log []string
	for i := range 260 {
		must(t, l, func() {
			log = append(log, fmt.Sprint(i))
			switch i {
			case 0:
				must(t, l, func() { log = append(log, "next iteration"); l.Stop() })
			case 256:
				runtime.Goexit()
			}
		})
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = l.RunForever()
		t.Error("RunForever returned: the goroutine should have exited")
	}()
	wg.Wait()
	assert.False(t, l.IsRunning())
	require.Len(t, log, 257)

	require.NoError(t, l.RunForever())
	require.Len(t, log, 261)
	for i := range 260 {
		assert.Equal(t, fmt.Sprint(i), log[i])
	}
	assert.Equal(t, "next iteration", log[260])
}

// panicClock is a Clock that panics once told to: user code the loop calls between
// callbacks (to queue the due timers), not inside one.
type panicClock struct {
	*loop.VirtualClock
	broken bool
}

func (c *panicClock) Now() time.Time {
	if c.broken {
		panic("clock broke")
	}
	return c.VirtualClock.Now()
}

// A panic between callbacks (here the loop's Clock, read to queue due timers at the
// start of an iteration) is not a callback's: the run's recover must not treat it as
// one. Either the panic leaves RunForever as it was raised, or it is reported to the
// exception handler with that value; it must not turn into a nil-pointer panic of the
// loop's own making.
func TestAPanicOutsideACallbackIsNotMistakenForOne(t *testing.T) {
	t.Parallel()
	clk := &panicClock{VirtualClock: loop.NewVirtualClock(virtualStart)}
	l := loop.New(loop.WithClock(clk))
	t.Cleanup(func() { _ = l.Close() })
	var reported []any
	l.SetExceptionHandler(func(_ *loop.Loop, ec loop.ExceptionContext) {
		var pe *loop.PanicError
		if assert.ErrorAs(t, ec.Err, &pe) {
			reported = append(reported, pe.Value)
		}
	})
	fired := false
	_, err := l.CallLater(time.Second, func() { fired = true })
	require.NoError(t, err)
	must(t, l, func() {
		clk.broken = true // the next iteration reads the clock for the timer
		must(t, l, l.Stop)
	})
	var got any
	func() {
		defer func() { got = recover() }()
		_ = l.RunForever()
	}()
	clk.broken = false
	if got != nil {
		_, isRuntime := got.(runtime.Error)
		assert.False(t, isRuntime, "RunForever panicked with the loop's own runtime error: %v", got)
		assert.Equal(t, "clock broke", got)
	} else {
		assert.Equal(t, []any{"clock broke"}, reported)
	}
	assert.False(t, l.IsRunning())
	// Nothing was lost: the loop runs again, the Stop still queued ends the run, and the
	// timer still fires.
	require.NoError(t, l.RunForever())
	assert.False(t, fired)
	// panicClock is not a *VirtualClock to the loop: it never moves time itself.
	clk.Advance(time.Second)
	must(t, l, l.Stop)
	require.NoError(t, l.RunForever())
	assert.True(t, fired)
}

// discardLogger is a logger that drops everything: debug mode's slow-callback warnings
// and the logs of a panicking exception handler are not what these tests look at.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
