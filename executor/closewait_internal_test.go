package executor

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// warnings is a slog handler that keeps the messages of warnings and calls onWarn with
// each; it is used from the timer's goroutine, hence the lock.
type warnings struct {
	mu     sync.Mutex
	msgs   []string
	onWarn func()
}

func (w *warnings) Enabled(context.Context, slog.Level) bool { return true }
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *warnings) WithGroup(string) slog.Handler            { return w }
func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	if r.Level != slog.LevelWarn {
		return nil
	}
	w.mu.Lock()
	w.msgs = append(w.msgs, r.Message)
	w.mu.Unlock()
	w.onWarn()
	return nil
}

func (w *warnings) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.msgs...)
}

// ignoresItsContext is a blocking call that does not look at its ctx: it returns only
// when released.
func ignoresItsContext(started chan<- struct{}, release <-chan struct{}) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		close(started)
		<-release
		return 1, nil
	}
}

// Not parallel: it shortens the package's closeWaitWarning.
func TestClosingTheLoopSaysWhichCallsItWaitsFor(t *testing.T) {
	defer func(d time.Duration) { closeWaitWarning = d }(closeWaitWarning)
	closeWaitWarning = time.Millisecond

	started, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	w := &warnings{onWarn: func() { releaseOnce.Do(func() { close(release) }) }}
	// Without the warning Close would wait for ever: release the call anyway, late, so
	// that the test fails on its assertions instead of hanging.
	safety := time.AfterFunc(10*time.Second, func() { releaseOnce.Do(func() { close(release) }) })
	defer safety.Stop()
	err := task.Run(func(ctx context.Context) error {
		task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return ToThread(ctx, ignoresItsContext(started, release))
		})
		if err := task.Sleep(ctx, 0); err != nil { // the task submits its call
			return err
		}
		<-started  // a worker runs it: blocking the loop a moment is harmless here
		return nil // Run cancels the task, whose call goes on: it ignores its ctx
	}, loop.WithLogger(slog.New(w)))
	require.NoError(t, err)

	got := w.all()
	require.Len(t, got, 1, "one warning, after which the test released the call")
	assert.True(t, strings.HasPrefix(got[0], `executor: closing the loop has waited 1ms for 1 call(s) still running on pool "asyncio" although their context is cancelled: executor.`), "got %q", got[0])
	assert.Contains(t, got[0], "ignoresItsContext", "the function is named")
}

func TestClosingTheLoopDoesNotWarnWhenNothingRuns(t *testing.T) {
	defer func(d time.Duration) { closeWaitWarning = d }(closeWaitWarning)
	closeWaitWarning = time.Nanosecond

	w := &warnings{onWarn: func() {}}
	parked := false
	err := task.Run(func(ctx context.Context) error {
		v, err := ToThread(ctx, func(context.Context) (int, error) { return 2, nil })
		assert.Equal(t, 2, v)
		// The outcome reaches the loop before its worker has parked idle; until it has,
		// the worker is busy, and a 1 ns warning would rightly count it. Wait for it to
		// park (a bounded wait): then nothing runs, and the warning, which may fire
		// before Shutdown has let the idle worker go, must not count it either.
		p, perr := Default(task.Current(ctx).Loop())
		require.NoError(t, perr)
		for i := 0; i < 10000 && !parked; i++ {
			p.mu.Lock()
			parked = len(p.idle) == 1
			p.mu.Unlock()
			if !parked {
				time.Sleep(100 * time.Microsecond)
			}
		}
		return err
	}, loop.WithLogger(slog.New(w)))
	require.NoError(t, err)
	require.True(t, parked, "the worker never parked")
	assert.Empty(t, w.all())
}
