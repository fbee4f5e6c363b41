package executor

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// errorLog keeps the messages of records at level Error and above.
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (e *errorLog) Enabled(context.Context, slog.Level) bool { return true }
func (e *errorLog) WithAttrs([]slog.Attr) slog.Handler       { return e }
func (e *errorLog) WithGroup(string) slog.Handler            { return e }
func (e *errorLog) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		e.mu.Lock()
		e.msgs = append(e.msgs, r.Message)
		e.mu.Unlock()
	}
	return nil
}

func (e *errorLog) all() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.msgs...)
}

// stormFn is one of the functions the storm runs: it returns, fails, honours or ignores
// its context, panics or calls runtime.Goexit, and counts itself in and out.
func stormFn(kind int, in, out *atomic.Int64) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		in.Add(1)
		defer out.Add(1)
		switch kind {
		case 0:
			return 1, nil
		case 1:
			return 0, errors.New("failed")
		case 2:
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(200 * time.Microsecond):
				return 2, nil
			}
		case 3:
			time.Sleep(100 * time.Microsecond) // ignores its context
			return 3, nil
		case 4:
			panic("storm")
		default:
			runtime.Goexit()
			return 0, nil
		}
	}
}

// Several loops on virtual clocks, each with hundreds of tasks awaiting ToThread or
// RunIn, on their default pool and on a pool they share, cancelled at random points
// (queued, running, returned with the outcome not run yet), while the shared pool is
// shut down with cancelPending, a loop swaps its default pool, and functions panic or
// call runtime.Goexit. When every task is done and virtual time has moved (which it does
// only with no call in flight), every function that started has returned, no call is
// left in the loop's list, time moved by exactly what was slept, and nothing was logged
// as an error. Then the loops close with calls still running, given up twice (by their
// task, then by the close).
func TestAbandonStormOnLoopsSharingAPool(t *testing.T) {
	t.Parallel()
	const loops, tasks = 4, 300
	shared, err := NewPool(4, WithName("shared"))
	require.NoError(t, err)
	defer shared.Shutdown(true, false)
	var sharedDown sync.Once
	var wg sync.WaitGroup
	for i := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			var in, out atomic.Int64
			logs := &errorLog{}
			epoch := time.Unix(0, 0)
			clock := loop.NewVirtualClock(epoch)
			err := task.Run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				var all []*task.Task[int]
				var futs []*future.Future[int]
				for j := range tasks {
					kind := rng.IntN(6)
					switch rng.IntN(3) {
					case 0:
						all = append(all, task.Spawn(ctx, func(ctx context.Context) (int, error) {
							return ToThread(ctx, stormFn(kind, &in, &out))
						}))
					case 1:
						all = append(all, task.Spawn(ctx, func(ctx context.Context) (int, error) {
							return RunIn(ctx, shared, stormFn(kind, &in, &out)).Await(ctx)
						}))
					default:
						futs = append(futs, RunIn(ctx, nil, stormFn(kind, &in, &out)))
					}
					if j == tasks/2 && i == 0 {
						mine, err := NewPool(2)
						require.NoError(t, err)
						require.NoError(t, SetDefault(l, mine))
					}
					if rng.IntN(8) == 0 {
						require.NoError(t, task.Sleep(ctx, 0))
					}
				}
				for range 20 {
					for range rng.IntN(tasks / 10) {
						if rng.IntN(2) == 0 {
							all[rng.IntN(len(all))].Cancel("")
						} else {
							futs[rng.IntN(len(futs))].Cancel("")
						}
					}
					if i == 1 {
						sharedDown.Do(func() { shared.Shutdown(false, true) })
					}
					require.NoError(t, task.Sleep(ctx, 0))
				}
				for _, tk := range all {
					_, err := tk.Await(ctx) // every task ends, whatever becomes of its call
					if err != nil && !tk.Cancelled() {
						var pe *loop.PanicError
						ok := errors.As(err, &pe) || errors.Is(err, ErrGoexit) || errors.Is(err, ErrShutdown) ||
							err.Error() == "failed" || future.AsCancelled(err) != nil || errors.Is(err, context.Canceled)
						assert.True(t, ok, "unexpected error %v", err)
					}
				}
				for _, f := range futs {
					_, _ = f.Await(ctx)
				}
				before := clock.Now()
				require.NoError(t, task.Sleep(ctx, time.Hour)) // fires only with nothing in flight
				assert.Equal(t, in.Load(), out.Load(), "a function still ran when virtual time moved")
				assert.Equal(t, before.Add(time.Hour), clock.Now(), "virtual time moved by the sleep alone")
				settle(t, ctx)
				assert.Equal(t, 0, inflightLen(t, l), "a call stayed listed after its outcome ran")

				// Close with calls still running, some given up by their task already.
				for range 8 {
					tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
						return ToThread(ctx, stormFn(3, &in, &out))
					})
					settle(t, ctx)
					tk.Cancel("")
				}
				return nil
			}, loop.WithClock(clock), loop.WithLogger(slog.New(logs)))
			assert.NoError(t, err)
			assert.Equal(t, in.Load(), out.Load(), "the close waited for the functions still running")
			assert.Empty(t, logs.all(), "loop %d", i)
		}()
	}
	wg.Wait()
}
