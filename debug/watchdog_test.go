package debug_test

import (
	"bytes"
	"context"
	"log/slog"
	"runtime/trace"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/debug"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// The watchdog must report a blocking task step while it blocks: the step below only
// returns once the report has arrived, so the test cannot pass if reporting waits for
// the step to end. The safety timeout only turns a broken watchdog into a failure
// instead of a hang.
func TestWatchdogReportsABlockingStepWhileItBlocks(t *testing.T) {
	reports := make(chan debug.Report, 1)
	err := task.Run(func(ctx context.Context) error {
		blocker := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			select {
			case r := <-reports:
				reports <- r // hand it back to the test
			case <-time.After(10 * time.Second):
			}
			return 0, nil
		}, task.WithName("blocker"))
		_, err := blocker.Await(ctx)
		return err
	}, debug.Watchdog(debug.Threshold(5*time.Millisecond), debug.OnBlocked(func(r debug.Report) {
		select {
		case reports <- r:
		default:
		}
	})))
	require.NoError(t, err)
	var r debug.Report
	select {
	case r = <-reports:
	default:
		t.Fatal("no report while the task blocked the loop")
	}
	assert.Contains(t, r.Callback, "<Task pending name='blocker' coro=debug_test.TestWatchdogReportsABlockingStepWhileItBlocks")
	assert.GreaterOrEqual(t, r.Blocked, 5*time.Millisecond)
	assert.Contains(t, r.Stacks, "debug_test.TestWatchdogReportsABlockingStepWhileItBlocks.func1", "the blocking line is in the stacks")
	assert.True(t, strings.HasPrefix(r.Message(), "Executing <Task pending name='blocker'"))
	assert.Contains(t, r.Message(), "has been blocking the loop for")
}

func TestWatchdogStaysQuietForQuickCallbacks(t *testing.T) {
	var mu sync.Mutex
	var got []debug.Report
	err := task.Run(func(ctx context.Context) error {
		for range 100 {
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
		}
		return nil
	}, debug.Watchdog(debug.Threshold(time.Hour), debug.OnBlocked(func(r debug.Report) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	})))
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestTaskStepsAreTraceRegions(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, trace.Start(&buf))
	err := task.Run(func(ctx context.Context) error {
		t := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 1, task.Sleep(ctx, 0) }, task.WithName("traced-step"))
		_, err := t.Await(ctx)
		return err
	}, debug.Watchdog())
	trace.Stop()
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "name='traced-step'", "the step's region name is in the trace")
}

func TestEnableReturnsAStopThatEndsTheWatchdogAndItsHooks(t *testing.T) {
	var mu sync.Mutex
	var got []debug.Report
	l := loop.New()
	stop := debug.Enable(l, debug.Threshold(time.Millisecond), debug.OnBlocked(func(r debug.Report) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	}))
	stop()
	stop() // idempotent
	// With the hooks gone nothing is watched: a blocking callback goes unreported.
	_, _ = l.CallSoon(func() { time.Sleep(20 * time.Millisecond) })
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, got)
}

// A watchdog enabled on a closed loop would never be stopped by the close that already
// happened: Enable must not leave a goroutine behind for it.
func TestEnableOnAClosedLoopStartsNoGoroutine(t *testing.T) {
	l := loop.New()
	require.NoError(t, l.Close())
	stop := debug.Enable(l)
	defer stop() // without the fix, this is what ends the goroutine, after the check
	goleak.VerifyNone(t)
}

// A nil loop or option panics at the call, with what is wrong, instead of a nil-pointer
// panic inside Enable (for Watchdog's options, inside loop.New's init).
func TestEnableWithANilLoopOrOptionPanicsAtTheCall(t *testing.T) {
	assert.PanicsWithValue(t, "debug: Enable: nil loop", func() { debug.Enable(nil) })
	l := loop.New()
	defer l.Close()
	assert.PanicsWithValue(t, "debug: Enable: nil option", func() { debug.Enable(l, nil) })
	assert.False(t, l.Debug(), "nothing was enabled")
	assert.PanicsWithValue(t, "debug: Watchdog: nil option", func() { debug.Watchdog(debug.Threshold(time.Second), nil) })
}

// A report handler may stop the watchdog that called it (report once, then stop): the
// stop must not wait for the very goroutine it runs on.
func TestStopFromTheReportHandler(t *testing.T) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer l.Close()
	stopped := make(chan struct{})
	var stop func()
	stop = debug.Enable(l, debug.Threshold(time.Millisecond), debug.OnBlocked(func(debug.Report) {
		stop()
		close(stopped)
	}))
	var returned bool
	_, err := l.CallSoon(func() {
		// Block the loop until the handler has stopped the watchdog, or give up.
		select {
		case <-stopped:
			returned = true
		case <-time.After(10 * time.Second):
		}
	})
	require.NoError(t, err)
	_, err = l.CallSoon(l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	require.True(t, returned, "stop, called from the report handler, never returned")
}

func TestReportsGoToTheLoopsLogger(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	released := make(chan struct{})
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		_, err := l.CallSoon(func() {
			// Block until the watchdog has logged, so the test does not depend on timing.
			for !strings.Contains(buf.String(), "has been blocking the loop") {
				select {
				case <-released:
					return
				case <-time.After(time.Millisecond):
				}
			}
		})
		if err != nil {
			return err
		}
		return task.Sleep(ctx, 0)
	}, loop.WithLogger(logger), debug.Watchdog(debug.Threshold(5*time.Millisecond)))
	close(released)
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "level=WARN")
	assert.Contains(t, buf.String(), "has been blocking the loop")
}

// syncBuffer is a bytes.Buffer safe for the watchdog's goroutine and the test's.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
