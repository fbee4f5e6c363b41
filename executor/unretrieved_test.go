package executor_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	shared "github.com/goasyncio/asyncio/internal/virtual" // main_test.go has a func virtual
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// What the executor retrieves. Each case was run on CPython 3.13 first: a run_in_executor
// future nobody awaits is reported as asyncio reports any future; the task of
// run_coroutine_threadsafe is read by the handle (_copy_state calls exception()).

var errWorker = errors.New("worker failed")

func TestExecutorFailuresAndRetrieval(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		main func(ctx context.Context) error
		want []string
	}{
		"RunIn fails, nobody awaits": {
			main: func(ctx context.Context) error {
				f := executor.RunIn(ctx, nil, func(context.Context) (int, error) { return 0, errWorker })
				for !f.Done() {
					if err := task.Sleep(ctx, time.Millisecond); err != nil {
						return err
					}
				}
				return nil
			},
			want: []string{"Future exception was never retrieved: worker failed"},
		},
		"RunIn fails, awaited": {
			main: func(ctx context.Context) error {
				_, err := executor.RunIn(ctx, nil, func(context.Context) (int, error) { return 0, errWorker }).Await(ctx)
				assert.Same(t, errWorker, err)
				return nil
			},
		},
		"ToThread fails": {
			main: func(ctx context.Context) error {
				_, err := executor.ToThread(ctx, func(context.Context) (int, error) { return 0, errWorker })
				assert.Same(t, errWorker, err)
				return nil
			},
		},
		// The future is cancelled: the worker's failure that comes later is dropped.
		"ToThread's task is cancelled, the worker fails afterwards": {
			main: func(ctx context.Context) error {
				release := make(chan struct{})
				w := task.Spawn(ctx, func(ctx context.Context) (int, error) {
					return executor.ToThread(ctx, func(wctx context.Context) (int, error) {
						<-release
						return 0, errWorker
					})
				})
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				w.Cancel("")
				_, err := w.Await(ctx)
				assert.True(t, future.IsCancelled(err), "got %v", err)
				close(release)
				return nil
			},
		},
		"RunCoroutineThreadsafe's task fails, the handle is not read": {
			main: func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				h, err := executor.RunCoroutineThreadsafe(l, func(context.Context) (int, error) { return 0, errWorker })
				require.NoError(t, err)
				for !h.Done() {
					if err := task.Sleep(ctx, time.Millisecond); err != nil {
						return err
					}
				}
				return nil
			},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.want, shared.Reported(t, c.main).MessagesAndErrors())
		})
	}
}
