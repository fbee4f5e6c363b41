package executor

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// parkAndClose runs l until body parks, then closes it (Close, not task.Run: the task is
// still parked when the hooks run).
func parkAndClose(t *testing.T, l *loop.Loop, body func(ctx context.Context) (int, error)) *task.Task[int] {
	t.Helper()
	ctx := loop.WithScope(context.Background(), l)
	tk := task.Spawn(ctx, body)
	_, err := l.CallSoon(l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	require.False(t, tk.Done(), "the task parked")
	require.NoError(t, l.Close())
	require.True(t, tk.Done(), "the task unwound at the close")
	return tk
}

// A task parked when its loop closes unwinds in the task package's close hook, and its
// cleanup calls ToThread and RunIn: the executor's state, if the loop had none, is made
// during the close and its hook, registered by a hook, runs too. Nothing runs, the calls
// fail with loop.ErrClosed, no pool is made, and no goroutine outlives the close.
func TestACleanupAtCloseThatCallsTheExecutor(t *testing.T) {
	t.Parallel()
	for _, usedBefore := range []bool{false, true} {
		name := "the executor first used by the cleanup"
		if usedBefore {
			name = "the executor used before the task was spawned"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
			users, err := NewPool(1)
			require.NoError(t, err)
			defer users.Shutdown(true, false)
			var ran atomic.Int32
			fn := func(context.Context) (int, error) { ran.Add(1); return 1, nil }
			if usedBefore {
				RunIn(loop.WithScope(context.Background(), l), nil, fn) // its outcome runs with the loop
				require.NotNil(t, l.Value(stateKey{}))
			}
			var toThreadErr, runInErr error
			var runInDone bool
			tk := parkAndClose(t, l, func(ctx context.Context) (int, error) {
				defer func() {
					_, toThreadErr = ToThread(ctx, fn)
					f := RunIn(ctx, users, fn)
					runInDone = f.Done()
					_, runInErr = f.Result()
				}()
				return 0, task.Sleep(ctx, time.Hour)
			})
			assert.Error(t, tk.Err())
			require.ErrorIs(t, toThreadErr, loop.ErrClosed)
			assert.True(t, runInDone, "a RunIn on a closed loop is done at once")
			require.ErrorIs(t, runInErr, loop.ErrClosed)
			st, ok := l.Value(stateKey{}).(*loopState)
			require.True(t, ok, "the state exists")
			if !usedBefore {
				assert.Nil(t, st.pool, "no default pool made on a closed loop")
				_, err = Default(l)
				assert.ErrorIs(t, err, loop.ErrClosed)
			}
			if usedBefore {
				// The call made before the loop ran stays listed if a worker took it
				// before the close (its outcome never runs on the closed loop).
				assert.LessOrEqual(t, inflightLen(t, l), 1)
			} else {
				assert.Equal(t, 0, inflightLen(t, l))
			}
			want := int32(0)
			if usedBefore {
				want = 1 // the call made before the loop ran, if a worker took it before the close
			}
			assert.LessOrEqual(t, ran.Load(), want, "nothing ran from the cleanup")
			assert.Equal(t, 0, users.Workers(), "nothing was submitted to the user's pool")
		})
	}
}
