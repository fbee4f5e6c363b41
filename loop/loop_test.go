package loop_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// newVirtual returns a loop on a fresh virtual clock, closed when the test ends.
func newVirtual(t *testing.T, opts ...loop.Option) *loop.Loop {
	t.Helper()
	l := loop.New(append([]loop.Option{loop.WithClock(loop.NewVirtualClock(virtualStart))}, opts...)...)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// must schedules fn with CallSoon and fails the test if the loop refuses.
func must(t *testing.T, l *loop.Loop, fn func()) *loop.Handle {
	t.Helper()
	h, err := l.CallSoon(fn)
	require.NoError(t, err)
	return h
}

// bufferLogger returns a logger that writes text records into a buffer. The buffer is
// only read after the loop has stopped, so it needs no lock.
func bufferLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

func TestLoopErrors(t *testing.T) {
	t.Parallel()

	t.Run("running a closed loop is ErrClosed", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		require.NoError(t, l.Close())
		assert.ErrorIs(t, l.RunForever(), loop.ErrClosed)
		assert.ErrorIs(t, l.RunUntilComplete(future.New[int](l)), loop.ErrClosed)
		assert.True(t, l.IsClosed())
	})

	t.Run("scheduling on a closed loop is ErrClosed", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		require.NoError(t, l.Close())
		_, err := l.CallSoon(func() {})
		assert.ErrorIs(t, err, loop.ErrClosed)
		_, err = l.CallLater(time.Second, func() {})
		assert.ErrorIs(t, err, loop.ErrClosed)
		_, err = l.CallAt(l.Time(), func() {})
		assert.ErrorIs(t, err, loop.ErrClosed)
		_, err = l.CallSoonThreadsafe(func() {})
		assert.ErrorIs(t, err, loop.ErrClosed)
		assert.ErrorIs(t, l.Post(loop.Func(func() {})), loop.ErrClosed)
		assert.ErrorIs(t, l.ExternalDone(nil), loop.ErrClosed)
	})

	t.Run("closing a closed loop does nothing", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		require.NoError(t, l.Close())
		assert.NoError(t, l.Close())
	})

	t.Run("a nil callback is refused", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		_, err := l.CallSoon(nil)
		assert.Error(t, err)
		_, err = l.CallLater(0, nil)
		assert.Error(t, err)
		_, err = l.CallSoonThreadsafe(nil)
		assert.Error(t, err)
	})

	t.Run("running a running loop again is ErrRunning", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var forever, untilComplete, closeErr error
		must(t, l, func() {
			forever = l.RunForever()
			untilComplete = l.RunUntilComplete(future.New[int](l))
			closeErr = l.Close()
			l.Stop()
		})
		require.NoError(t, l.RunForever())
		assert.ErrorIs(t, forever, loop.ErrRunning)
		assert.ErrorIs(t, untilComplete, loop.ErrRunning)
		assert.ErrorIs(t, closeErr, loop.ErrRunning)
		assert.False(t, l.IsClosed(), "a refused Close must leave the loop open")
	})

	t.Run("running another loop from a callback is ErrNested", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		inner := newVirtual(t)
		var err error
		must(t, l, func() {
			err = inner.RunForever()
			l.Stop()
		})
		require.NoError(t, l.RunForever())
		assert.ErrorIs(t, err, loop.ErrNested)
		assert.False(t, inner.IsRunning())
	})

	t.Run("RunUntilComplete of a future that is not done when the loop stops is ErrNotDone", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		must(t, l, l.Stop)
		f := future.New[int](l)
		assert.ErrorIs(t, l.RunUntilComplete(f), loop.ErrNotDone)
		assert.False(t, l.IsRunning())
	})

	t.Run("RunUntilComplete of a future of another loop is ErrOtherLoop, not a hang", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		other := newVirtual(t)
		f := future.New[int](other)
		must(t, l, func() { t.Error("the loop must not run at all") })
		assert.ErrorIs(t, l.RunUntilComplete(f), loop.ErrOtherLoop)
		assert.False(t, l.IsRunning())
	})

	t.Run("a virtual clock with nothing scheduled is ErrIdle, not a hang", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		assert.ErrorIs(t, l.RunForever(), loop.ErrIdle)
		assert.False(t, l.IsRunning(), "the loop must be usable again after ErrIdle")
		f := future.New[int](l)
		assert.ErrorIs(t, l.RunUntilComplete(f), loop.ErrIdle)
	})

	t.Run("Get of a context without a loop is ErrNoLoop", func(t *testing.T) {
		t.Parallel()
		_, err := loop.Get(context.Background())
		assert.ErrorIs(t, err, loop.ErrNoLoop)
		l := newVirtual(t)
		got, err := loop.Get(loop.WithScope(context.Background(), l))
		require.NoError(t, err)
		assert.Same(t, l, got)
	})
}

func TestLoopRun(t *testing.T) {
	t.Parallel()

	t.Run("a stop requested before RunForever runs exactly one iteration", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var order []string
		must(t, l, func() {
			order = append(order, "first")
			must(t, l, func() { order = append(order, "second") })
		})
		l.Stop()
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{"first"}, order)
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{"first", "second"}, order)
	})

	t.Run("RunUntilComplete returns once the future is done and leaves later callbacks queued", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		f := future.New[int](l)
		var after bool
		_, err := l.CallLater(time.Minute, func() {
			require.NoError(t, f.SetResult(42))
			must(t, l, func() {
				must(t, l, func() { after = true })
			})
		})
		require.NoError(t, err)
		require.NoError(t, l.RunUntilComplete(f))
		v, err := f.Result()
		require.NoError(t, err)
		assert.Equal(t, 42, v)
		assert.Equal(t, time.Minute, l.Time().Sub(virtualStart), "the virtual clock jumps to the timer")
		assert.False(t, after, "the loop must stop in the iteration after the future is done")
		assert.False(t, l.IsRunning())
	})

	t.Run("callbacks run FIFO across many queue blocks, and what they schedule runs in the next iteration", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		const n = 1000 // several blocks of the ready queue
		var order []int
		iteration := 0
		for i := range n {
			must(t, l, func() {
				order = append(order, i)
				must(t, l, func() { order = append(order, n+i) })
			})
		}
		must(t, l, func() { iteration++ })
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		require.Len(t, order, n, "children wait for the next iteration")
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		require.Len(t, order, 2*n)
		for i, v := range order {
			require.Equal(t, i, v)
		}
		assert.Equal(t, 1, iteration)
	})

	t.Run("a cancelled handle never runs", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		ran := false
		h := must(t, l, func() { ran = true })
		h.Cancel()
		assert.True(t, h.Cancelled())
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.False(t, ran)
	})

	t.Run("a timer handle reports its deadline and can be cancelled", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		ran := false
		th, err := l.CallLater(3*time.Second, func() { ran = true })
		require.NoError(t, err)
		assert.Equal(t, virtualStart.Add(3*time.Second), th.When())
		th.Cancel()
		th.Cancel() // twice is harmless
		assert.True(t, th.Cancelled())
		_, err = l.CallLater(5*time.Second, l.Stop)
		require.NoError(t, err)
		require.NoError(t, l.RunForever())
		assert.False(t, ran)
		assert.Equal(t, 5*time.Second, l.Time().Sub(virtualStart))
	})

	t.Run("a timer with the longest delay never fires early, even once time has passed", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var order []string
		_, err := l.CallLater(time.Second, func() {
			// now + the longest delay overflows int64 nanoseconds unless it saturates
			_, err := l.CallLater(time.Duration(math.MaxInt64), func() { order = append(order, "forever") })
			require.NoError(t, err)
			_, err = l.CallLater(time.Hour, func() { order = append(order, "hour"); l.Stop() })
			require.NoError(t, err)
		})
		require.NoError(t, err)
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{"hour"}, order)
	})

	t.Run("a timer at a past time runs after the callbacks already ready", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var order []string
		_, err := l.CallAt(virtualStart.Add(-time.Hour), func() { order = append(order, "past timer") })
		require.NoError(t, err)
		must(t, l, func() { order = append(order, "soon") })
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{"soon", "past timer"}, order)
	})

	t.Run("the virtual clock never moves back", func(t *testing.T) {
		t.Parallel()
		c := loop.NewVirtualClock(virtualStart)
		c.Advance(time.Second)
		c.Advance(-time.Hour)
		assert.Equal(t, virtualStart.Add(time.Second), c.Now())
	})
}

func TestExceptionHandler(t *testing.T) {
	t.Parallel()

	t.Run("a panic in a callback reaches the handler as a PanicError and the loop goes on", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var got []loop.ExceptionContext
		l.SetExceptionHandler(func(hl *loop.Loop, c loop.ExceptionContext) {
			assert.Same(t, l, hl)
			got = append(got, c)
		})
		assert.NotNil(t, l.ExceptionHandler())
		h := must(t, l, panickyCallback)
		after := false
		must(t, l, func() { after = true })
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())

		assert.True(t, after, "the callback after the panicking one must run")
		require.Len(t, got, 1)
		var pe *loop.PanicError
		require.ErrorAs(t, got[0].Err, &pe)
		assert.Equal(t, "boom", pe.Value)
		assert.Equal(t, "panic: boom", pe.Error())
		assert.Contains(t, string(pe.Stack), "panickyCallback", "the stack must show where the panic happened")
		assert.Contains(t, got[0].Message, "Exception in callback")
		assert.Equal(t, any(h), got[0].Origin)
	})

	t.Run("a PanicError of an error value unwraps to it", func(t *testing.T) {
		t.Parallel()
		sentinel := errors.New("sentinel")
		pe := loop.NewPanicError(sentinel)
		assert.ErrorIs(t, pe, sentinel)
		assert.NoError(t, loop.NewPanicError("text").Unwrap())
	})

	t.Run("a panicking handler is logged and the loop goes on", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		l := newVirtual(t, loop.WithLogger(lg))
		l.SetExceptionHandler(func(*loop.Loop, loop.ExceptionContext) { panic("handler broke") })
		must(t, l, panickyCallback)
		after := false
		must(t, l, func() { after = true })
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.True(t, after)
		assert.Contains(t, buf.String(), "Unhandled error in exception handler")
		assert.Contains(t, buf.String(), "handler broke")
	})

	t.Run("the default handler logs the message, the error and the stack through slog", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		l := newVirtual(t, loop.WithLogger(lg))
		l.SetExceptionHandler(func(*loop.Loop, loop.ExceptionContext) { t.Error("replaced handler called") })
		l.SetExceptionHandler(nil) // back to the default
		assert.Nil(t, l.ExceptionHandler())
		must(t, l, panickyCallback)
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		out := buf.String()
		assert.Contains(t, out, "level=ERROR")
		assert.Contains(t, out, `msg="Exception in callback <Handle loop_test.panickyCallback>"`)
		assert.Contains(t, out, `error="panic: boom"`)
		assert.Contains(t, out, "stack=")
		assert.Contains(t, out, "origin=")
	})

	t.Run("the default handler logs a creation stack as a goroutine's stack prints", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		l := newVirtual(t, loop.WithLogger(lg))
		l.CallExceptionHandler(loop.ExceptionContext{
			Message: "Task was destroyed but it is pending!",
			Created: []runtime.Frame{
				{Function: "main.spawner", File: "/src/main.go", Line: 12},
				{Function: "main.main", File: "/src/main.go", Line: 30},
			},
		})
		assert.Contains(t, buf.String(), `created="main.spawner\n\t/src/main.go:12\nmain.main\n\t/src/main.go:30\n"`)
		buf.Reset()
		l.CallExceptionHandler(loop.ExceptionContext{Message: "no stack"})
		assert.NotContains(t, buf.String(), "created=")
	})

	t.Run("CallExceptionHandler without a handler logs through the default one", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		l := newVirtual(t, loop.WithLogger(lg))
		l.CallExceptionHandler(loop.ExceptionContext{Message: "something odd", Err: errors.New("odd")})
		assert.Contains(t, buf.String(), `msg="something odd" error=odd`)
	})
}

// The default handler logs a context without a message under asyncio's words for it.
//
//	logging.basicConfig(format='%(levelname)s:%(message)s')
//	loop.call_exception_handler({'message': ''})  → ERROR:Unhandled exception in event loop
//	loop.call_exception_handler({})               → ERROR:Unhandled exception in event loop
func TestDefaultHandlerWithoutAMessage(t *testing.T) {
	t.Parallel()
	lg, buf := bufferLogger()
	l := newVirtual(t, loop.WithLogger(lg))
	l.CallExceptionHandler(loop.ExceptionContext{})
	assert.Contains(t, buf.String(), `level=ERROR msg="Unhandled exception in event loop"`)
}

func panickyCallback() { panic("boom") }

// slowLogLine is asyncio's slow-callback warning: "Executing <...> took 0.123 seconds".
var slowLogLine = regexp.MustCompile(`msg="Executing (<[^"]*>) took \d+\.\d{3} seconds"`)

func TestDebug(t *testing.T) {
	t.Parallel()

	t.Run("debug mode logs a slow callback in asyncio's words", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		l := newVirtual(t, loop.WithLogger(lg), loop.WithDebug())
		l.SetSlowCallbackDuration(10 * time.Millisecond)
		assert.True(t, l.Debug())
		assert.Equal(t, 10*time.Millisecond, l.SlowCallbackDuration())
		must(t, l, slowCallback)
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		m := slowLogLine.FindStringSubmatch(buf.String())
		require.NotNil(t, m, "no slow-callback line in %q", buf.String())
		assert.Equal(t, "<Handle loop_test.slowCallback>", m[1])
		assert.Contains(t, buf.String(), "level=WARN")
	})

	t.Run("debug mode logs a slow task step with the task's repr", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		err := task.Run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			l.SetSlowCallbackDuration(10 * time.Millisecond)
			slow := task.Spawn(ctx, slowStep, task.WithName("slowpoke"))
			_, err := slow.Await(ctx)
			return err
		}, loop.WithClock(loop.NewVirtualClock(virtualStart)), loop.WithLogger(lg), loop.WithDebug())
		require.NoError(t, err)
		m := slowLogLine.FindStringSubmatch(buf.String())
		require.NotNil(t, m, "no slow-step line in %q", buf.String())
		assert.Regexp(t, `^<Task pending name='slowpoke' coro=loop_test\.slowStep>$`, m[1])
	})

	t.Run("without debug mode a slow callback is not logged", func(t *testing.T) {
		t.Parallel()
		lg, buf := bufferLogger()
		l := newVirtual(t, loop.WithLogger(lg))
		l.SetSlowCallbackDuration(time.Nanosecond)
		must(t, l, slowCallback)
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.Empty(t, buf.String())
	})

	t.Run("hooks see every callback before and after it runs", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var events []string
		var order []string
		l.SetHooks(loop.Hooks{
			Before: func(r loop.Runner) { events = append(events, "before "+describe(r)) },
			After: func(r loop.Runner, took time.Duration) {
				assert.GreaterOrEqual(t, took, time.Duration(0))
				events = append(events, "after "+describe(r))
			},
		})
		h1 := must(t, l, func() { order = append(order, "one") })
		h2 := must(t, l, func() { order = append(order, "two") })
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{"one", "two"}, order)
		require.Len(t, events, 6)
		assert.Equal(t, "before "+describe(h1), events[0])
		assert.Equal(t, "after "+describe(h1), events[1])
		assert.Equal(t, "before "+describe(h2), events[2])
		assert.Equal(t, "after "+describe(h2), events[3])

		l.SetHooks(loop.Hooks{}) // removing them stops the calls
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.Len(t, events, 6)
	})
}

func describe(r loop.Runner) string {
	if s, ok := r.(interface{ String() string }); ok {
		return s.String()
	}
	return "?"
}

func slowCallback() { time.Sleep(150 * time.Millisecond) }

func slowStep(ctx context.Context) (int, error) {
	time.Sleep(150 * time.Millisecond) // blocks the loop: the lesson debug mode teaches
	return 0, task.Sleep(ctx, 0)
}

func TestThreadsafe(t *testing.T) {
	t.Parallel()

	t.Run("CallSoonThreadsafe from other goroutines wakes a real-clock loop waiting for nothing", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		t.Cleanup(func() { _ = l.Close() })
		const posters = 8
		count := 0
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range posters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := l.CallSoonThreadsafe(func() {
					if count++; count == posters {
						l.Stop()
					}
				})
				assert.NoError(t, err)
			}()
		}
		must(t, l, func() { close(start) }) // the posters start once the loop runs
		require.NoError(t, l.RunForever())
		wg.Wait()
		assert.Equal(t, posters, count)
	})

	t.Run("CallSoonThreadsafe wakes a real-clock loop sleeping until a far timer", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		t.Cleanup(func() { _ = l.Close() })
		far, err := l.CallLater(time.Hour, func() { t.Error("the far timer fired") })
		require.NoError(t, err)
		done := make(chan struct{})
		must(t, l, func() {
			go func() {
				defer close(done)
				_, err := l.CallSoonThreadsafe(func() { far.Cancel(); l.Stop() })
				assert.NoError(t, err)
			}()
		})
		require.NoError(t, l.RunForever())
		<-done
	})

	t.Run("external work in flight keeps the virtual clock from jumping", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var order []string
		var atDone time.Duration
		_, err := l.CallLater(time.Hour, func() {
			order = append(order, "timer")
			l.Stop()
		})
		require.NoError(t, err)
		l.ExternalStarted()
		release := make(chan struct{})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			<-release
			assert.NoError(t, l.ExternalDone(loop.Func(func() {
				order = append(order, "external done")
				atDone = l.Time().Sub(virtualStart)
			})))
		}()
		must(t, l, func() { close(release) }) // the worker finishes only once the loop is idle-waiting
		require.NoError(t, l.RunForever())
		<-finished
		assert.Equal(t, []string{"external done", "timer"}, order)
		assert.Equal(t, time.Duration(0), atDone, "time must stand still while external work runs")
		assert.Equal(t, time.Hour, l.Time().Sub(virtualStart))
	})

	t.Run("a due timer runs while external work is in flight on a virtual clock", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		l.ExternalStarted()
		signal := make(chan struct{})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			<-signal // sent by the zero-delay timer: the worker needs it to finish
			assert.NoError(t, l.ExternalDone(loop.Func(l.Stop)))
		}()
		_, err := l.CallLater(0, func() { close(signal) })
		require.NoError(t, err)
		ran := make(chan error, 1)
		go func() { ran <- l.RunForever() }()
		select {
		case err := <-ran:
			require.NoError(t, err)
		case <-time.After(10 * time.Second): // a hang detector, not a timing assertion
			t.Fatal("the loop blocked on the external work instead of running a due timer")
		}
		<-finished
		assert.Equal(t, time.Duration(0), l.Time().Sub(virtualStart))
	})
}

func TestDebugChecks(t *testing.T) {
	t.Parallel()

	t.Run("debug mode refuses CallSoon from a goroutine that does not run the loop", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t, loop.WithDebug())
		var msg any
		must(t, l, func() {
			done := make(chan struct{})
			go func() { // the loop goroutine waits for it, so reading loop state is no race
				defer close(done)
				defer func() { msg = recover() }()
				_, _ = l.CallSoon(func() {})
			}()
			<-done
			l.Stop()
		})
		require.NoError(t, l.RunForever())
		assert.Equal(t, "loop: CallSoon called from a goroutine that is not running the loop; "+
			"use CallSoonThreadsafe from other goroutines", msg)
	})

	t.Run("debug mode accepts CallSoon from a task's coroutine", func(t *testing.T) {
		t.Parallel()
		ran := false
		err := task.Run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			_, err := l.CallSoon(func() { ran = true })
			if err != nil {
				return err
			}
			return task.Sleep(ctx, 0)
		}, loop.WithClock(loop.NewVirtualClock(virtualStart)), loop.WithDebug())
		require.NoError(t, err)
		assert.True(t, ran)
	})

	t.Run("with hooks installed a panicking callback still reaches the handler and the After hook", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var got []error
		l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) { got = append(got, c.Err) })
		afters := 0
		l.SetHooks(loop.Hooks{After: func(loop.Runner, time.Duration) { afters++ }})
		must(t, l, panickyCallback)
		next := false
		must(t, l, func() { next = true })
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		require.Len(t, got, 1)
		var pe *loop.PanicError
		assert.ErrorAs(t, got[0], &pe)
		assert.True(t, next)
		assert.Equal(t, 3, afters)
	})

	t.Run("several panicking callbacks in one batch are each reported and the rest run in order", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		var log []string
		l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) {
			var pe *loop.PanicError
			require.ErrorAs(t, c.Err, &pe)
			log = append(log, fmt.Sprint("handler ", pe.Value))
		})
		for i := range 600 { // more than one block of the ready queue
			must(t, l, func() {
				if i%200 == 0 {
					panic(i)
				}
				if i%100 == 50 {
					log = append(log, fmt.Sprint("ran ", i))
				}
			})
		}
		must(t, l, l.Stop)
		require.NoError(t, l.RunForever())
		assert.Equal(t, []string{
			"handler 0", "ran 50", "ran 150", "handler 200", "ran 250", "ran 350",
			"handler 400", "ran 450", "ran 550",
		}, log)
	})
}

// The loop resumes an iteration after a panicking callback: what the iteration's
// callbacks schedule still waits for the next iteration, and a Stop requested before the
// panic still ends the run after this iteration.
func TestPanicKeepsTheIterationBoundaries(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var log []string
	l.SetExceptionHandler(func(*loop.Loop, loop.ExceptionContext) { log = append(log, "reported") })
	must(t, l, func() {
		log = append(log, "a")
		must(t, l, func() { log = append(log, "scheduled by a") })
	})
	must(t, l, l.Stop)
	must(t, l, panickyCallback) // the iteration's last callback
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"a", "reported"}, log, "stopped after the iteration, before what a scheduled")

	must(t, l, l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"a", "reported", "scheduled by a"}, log)
}

func TestOnLoopGoroutine(t *testing.T) {
	t.Parallel()

	t.Run("the goroutine running the loop is on the loop, another one is not", func(t *testing.T) {
		t.Parallel()
		l := newVirtual(t)
		assert.False(t, l.OnLoopGoroutine(), "not while the loop is not running")
		var inCallback, elsewhere bool
		must(t, l, func() {
			inCallback = l.OnLoopGoroutine()
			done := make(chan struct{})
			go func() { defer close(done); elsewhere = l.OnLoopGoroutine() }()
			<-done
			l.Stop()
		})
		require.NoError(t, l.RunForever())
		assert.True(t, inCallback)
		assert.False(t, elsewhere)
	})

	t.Run("in debug mode a task's coroutine is on the loop too", func(t *testing.T) {
		t.Parallel()
		var inTask bool
		require.NoError(t, task.Run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			inTask = l.OnLoopGoroutine()
			return nil
		}, loop.WithClock(loop.NewVirtualClock(virtualStart)), loop.WithDebug()))
		assert.True(t, inTask)
	})
}
