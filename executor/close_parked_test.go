package executor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// A task parked in ToThread when its loop is closed (Close, not task.Run, which would
// cancel it first): the registry resumes the task, whose ToThread gives the call up, and
// the executor's hook cancels what is still in flight and waits for the workers. The
// two hooks run in the order they were registered, so both orders are tried: the task
// package first (a task spawned before the executor was used), and the executor first.
func TestCloseWithATaskParkedInToThread(t *testing.T) {
	for _, executorFirst := range []bool{false, true} {
		name := "task registry's hook first"
		if executorFirst {
			name = "executor's hook first"
		}
		t.Run(name, func(t *testing.T) {
			l := loop.New(virtual())
			ctx := loop.WithScope(context.Background(), l)
			started := make(chan struct{}, 2)
			blocking := func(wctx context.Context) (int, error) {
				started <- struct{}{}
				<-wctx.Done() // returns only once its context is cancelled
				return 0, wctx.Err()
			}
			if executorFirst {
				executor.RunIn(ctx, nil, blocking) // nobody awaits it
			}
			var got error
			var unwound bool
			tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				v, err := executor.ToThread(ctx, blocking)
				got, unwound = err, true
				return v, err
			})
			_, err := l.CallSoon(l.Stop) // the task's first step parks it in ToThread
			require.NoError(t, err)
			require.NoError(t, l.RunForever())
			<-started // the worker runs the task's call
			if executorFirst {
				<-started
			}
			require.NoError(t, l.Close())
			assert.True(t, unwound, "the parked task unwound at Close")
			require.Error(t, got)
			assert.Contains(t, got.Error(), "the event loop was closed while the task was suspended")
			assert.True(t, tk.Done())
		})
	}
}
