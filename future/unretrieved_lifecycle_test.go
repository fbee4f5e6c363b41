package future_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// The lifecycle of the "exception was never retrieved" reports: several runs of one loop,
// closing twice, handlers that misbehave while the loop closes, and the runtime's
// cleanups racing the close.

// runBriefly runs l for one task that takes a few iterations.
func runBriefly(t *testing.T, l *loop.Loop, body func(ctx context.Context) error) {
	t.Helper()
	main := task.Spawn(loop.WithScope(context.Background(), l), func(ctx context.Context) (struct{}, error) {
		return struct{}{}, body(ctx)
	})
	require.NoError(t, l.RunUntilComplete(main))
	require.NoError(t, main.Err())
}

func TestFailuresAcrossSeveralRunsOfOneLoop(t *testing.T) {
	t.Parallel()
	l, rs := virtual.NewReportingLoop()
	early := future.New[int](l) // fails before the loop ever runs
	require.NoError(t, early.SetException(errors.New("early")))
	readLater := future.New[int](l)
	runBriefly(t, l, func(ctx context.Context) error {
		require.NoError(t, readLater.SetException(errors.New("read in the second run")))
		forgotten := future.New[int](l)
		require.NoError(t, forgotten.SetException(errors.New("forgotten")))
		return task.Sleep(ctx, 0)
	})
	assert.Empty(t, rs.Got, "nothing is reported between runs: the failures may still be read")
	runBriefly(t, l, func(ctx context.Context) error {
		_, err := readLater.Await(ctx)
		assert.EqualError(t, err, "read in the second run")
		return nil
	})
	assert.Empty(t, rs.Got)

	require.NoError(t, l.Close())
	require.NoError(t, l.Close(), "closing twice is harmless")
	var errs []string
	for _, c := range rs.Got {
		assert.Equal(t, "Future exception was never retrieved", c.Message)
		errs = append(errs, c.Err.Error())
	}
	assert.Equal(t, []string{"early", "forgotten"}, errs, "oldest first, each once, even when closed twice")

	// Read after the close, the future still answers, and nothing more is reported.
	assert.EqualError(t, early.Err(), "early")
	assert.Len(t, rs.Got, 2)
}

func TestAHandlerThatPanicsWhileTheLoopClosesLosesNoReport(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	l := loop.New(loop.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
	var got []string
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) {
		got = append(got, c.Err.Error())
		if len(got) == 1 {
			panic("handler broke")
		}
	})
	for _, msg := range []string{"a", "b", "c"} {
		f := future.New[int](l)
		require.NoError(t, f.SetException(errors.New(msg)))
	}
	require.NoError(t, l.Close())
	assert.Equal(t, []string{"a", "b", "c"}, got, "the panic of the first report stops none of the others")
	assert.True(t, l.IsClosed())
	assert.Contains(t, logged.String(), "handler broke", "the panic itself is logged")
}

func TestAHandlerThatActsOnTheClosingLoop(t *testing.T) {
	t.Parallel()
	l := loop.New()
	ctx := loop.WithScope(context.Background(), l)
	var fs []*future.Future[int]
	for i := range 4 {
		f := future.New[int](l)
		require.NoError(t, f.SetException(errors.New(strconv.Itoa(i))))
		fs = append(fs, f)
	}
	var got []loop.ExceptionContext
	var spawned *task.Task[int]
	var lateFuture *future.Future[int]
	l.SetExceptionHandler(func(l *loop.Loop, c loop.ExceptionContext) {
		got = append(got, c)
		if len(got) > 1 {
			return
		}
		// From inside the first report of the close: retrieve a failure still listed,
		// fail a new future and spawn a failing task on the closed loop, close again.
		assert.EqualError(t, fs[2].Err(), "2")
		lateFuture = future.New[int](l)
		assert.NoError(t, lateFuture.SetException(errors.New("late")))
		spawned = task.Spawn(ctx, func(context.Context) (int, error) { return 0, errors.New("never runs") })
		assert.NoError(t, l.Close())
	})
	require.NoError(t, l.Close())
	var errs []string
	for _, c := range got {
		errs = append(errs, c.Err.Error())
	}
	assert.Equal(t, []string{"0", "1", "3"}, errs,
		"the one retrieved by the handler is skipped; what fails on the closed loop is not tracked")
	assert.EqualError(t, lateFuture.Err(), "late")
	require.True(t, spawned.Done())
	assert.ErrorIs(t, spawned.Err(), loop.ErrClosed)
}

func TestACollectedFailureReachesALoopThatIsNotRunning(t *testing.T) {
	t.Parallel()
	for _, runAgain := range []bool{false, true} {
		t.Run("runAgain="+strconv.FormatBool(runAgain), func(t *testing.T) {
			t.Parallel()
			l, rs := virtual.NewReportingLoop()
			runBriefly(t, l, func(ctx context.Context) error {
				failAndForget(l)
				return nil
			})
			// The loop is idle: the collection's report waits in its inbox, whenever the
			// runtime gets to it.
			for range 20 {
				runtime.GC()
				runtime.Gosched()
			}
			assert.Empty(t, rs.Got, "nothing runs on an idle loop")
			if runAgain {
				runBriefly(t, l, func(ctx context.Context) error {
					_, err := virtual.CollectUntil(ctx, 1000, func() bool { return len(rs.Got) > 0 })
					return err
				})
				require.Len(t, rs.Got, 1, "reported by the next run")
			}
			require.NoError(t, l.Close())
			require.Len(t, rs.Got, 1, "exactly once, by the run or by the close")
			assert.Same(t, errLost, rs.Got[0].Err)
		})
	}
}

// failMany makes n futures of l fail, each with its own error, and drops them.
//
//go:noinline
func failMany(l *loop.Loop, n int) {
	for i := range n {
		f := future.New[[2]int](l)
		_ = f.SetException(errors.New(strconv.Itoa(i)))
	}
}

func TestCollectionsRacingTheCloseReportEachFailureOnce(t *testing.T) {
	t.Parallel()
	const n = 3000
	l, rs := virtual.NewReportingLoop()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // collections keep coming, before, during and after the close
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
				runtime.Gosched()
			}
		}
	}()
	runBriefly(t, l, func(ctx context.Context) error {
		failMany(l, n)
		for range 50 { // some of the reports arrive while the loop runs
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
			runtime.Gosched()
		}
		return nil
	})
	require.NoError(t, l.Close())
	close(stop)
	wg.Wait()
	// Cleanups that run after the close are refused by the closed loop: a last round.
	for range 10 {
		runtime.GC()
		runtime.Gosched()
	}
	require.Len(t, rs.Got, n, "each failure reported once, by the collection or by the close")
	seen := make(map[string]bool, n)
	for _, c := range rs.Got {
		require.Equal(t, "Future exception was never retrieved", c.Message)
		seen[c.Err.Error()] = true
	}
	assert.Len(t, seen, n)
}
