package queue_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case future.IsCancelled(err):
		return "CancelledError"
	case errors.Is(err, queue.ErrShutDown):
		return "QueueShutDown"
	}
	return err.Error()
}

// Getters woken by puts, one of them cancelled, then Shutdown(immediate) in the same
// iteration; a joiner created in between. Then putters woken by a get, and a plain
// Shutdown in the same iteration.
//
// CPython 3.13:
//
//	[('g1', 'CancelledError'), 'joined', ('g2', 'QueueShutDown')] 0 0
//	[('got', 0), ('p1', 'QueueShutDown'), ('p2', 'QueueShutDown')] 0 1
func TestShutdownInTheIterationWaitersAreWoken(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []string
		q := queue.New[int](0)
		getter := func(n string) task.Coro[struct{}] {
			return func(ctx context.Context) (struct{}, error) {
				v, err := q.Get(ctx)
				if err != nil {
					log = append(log, n+" "+outcome(err))
				} else {
					log = append(log, fmt.Sprint(n, " ", v))
				}
				return struct{}{}, nil
			}
		}
		g1, g2 := task.Spawn(ctx, getter("g1")), task.Spawn(ctx, getter("g2"))
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, q.PutNowait(1))
		j := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			err := q.Join(ctx)
			log = append(log, "joined "+outcome(err))
			return struct{}{}, nil
		})
		require.NoError(t, q.PutNowait(2))
		g1.Cancel("")
		q.Shutdown(true)
		for _, tk := range []*task.Task[struct{}]{g1, g2, j} {
			_, err := tk.Await(ctx)
			require.NoError(t, err)
		}
		assert.Equal(t, []string{"g1 CancelledError", "joined ok", "g2 QueueShutDown"}, log)
		assert.Equal(t, 0, q.Qsize())
		assert.Contains(t, q.String(), "shutdown")
		assert.NotContains(t, q.String(), "tasks=")

		log = nil
		q = queue.New[int](1)
		require.NoError(t, q.PutNowait(0))
		putter := func(n string, v int) task.Coro[struct{}] {
			return func(ctx context.Context) (struct{}, error) {
				err := q.Put(ctx, v)
				if err == nil {
					log = append(log, n+" put")
				} else {
					log = append(log, n+" "+outcome(err))
				}
				return struct{}{}, nil
			}
		}
		p1, p2 := task.Spawn(ctx, putter("p1", 1)), task.Spawn(ctx, putter("p2", 2))
		require.NoError(t, task.Sleep(ctx, 0))
		v, err := q.GetNowait()
		require.NoError(t, err)
		log = append(log, fmt.Sprint("got ", v))
		q.Shutdown(false)
		for _, tk := range []*task.Task[struct{}]{p1, p2} {
			_, err := tk.Await(ctx)
			require.NoError(t, err)
		}
		assert.Equal(t, []string{"got 0", "p1 QueueShutDown", "p2 QueueShutDown"}, log)
		assert.Equal(t, 0, q.Qsize())
		assert.Contains(t, q.String(), "tasks=1", "the item got is still unfinished")
		return nil
	}))
}
