package queue_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

const tick = 10 * time.Millisecond

type event struct {
	put bool
	v   int
}

// TestPropertyQueueDeliversEveryItemOnceInOrder runs random producers and consumers,
// some of them cancelled at random times, over a random queue; then the queue is shut
// down and drained. Every item put is taken exactly once, and replaying the log of puts
// and gets (each logged in the step that did it) against a model queue of the same kind
// gives every get the item the model says: the oldest, the newest, or the smallest.
func TestPropertyQueueDeliversEveryItemOnceInOrder(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		kind := rapid.SampledFrom([]string{"fifo", "lifo", "priority"}).Draw(rt, "kind")
		maxsize := rapid.IntRange(0, 3).Draw(rt, "maxsize")
		nprod := rapid.IntRange(1, 3).Draw(rt, "producers")
		ncons := rapid.IntRange(1, 3).Draw(rt, "consumers")
		items := make([][]int, nprod)
		pauses := make([][]time.Duration, nprod)
		for p := range nprod {
			for j := range rapid.IntRange(0, 6).Draw(rt, "items") {
				// Values repeat across producers on purpose: priorities tie.
				items[p] = append(items[p], rapid.IntRange(0, 9).Draw(rt, "value")*100+p*10+j)
				pauses[p] = append(pauses[p], tick*time.Duration(rapid.IntRange(0, 2).Draw(rt, "pause")))
			}
		}
		consPause := make([]time.Duration, ncons)
		for c := range ncons {
			consPause[c] = tick * time.Duration(rapid.IntRange(0, 2).Draw(rt, "consumer pause"))
		}
		victim := rapid.IntRange(-1, nprod+ncons-1).Draw(rt, "cancelled task")
		cancelAt := tick / 2 * time.Duration(rapid.IntRange(0, 20).Draw(rt, "cancel at"))
		// The cancellation comes from a task that, once cancelAt has come, lets a few
		// iterations pass first: it lands between a put that wakes a waiter and the
		// waiter's step as often as anywhere else.
		hops := rapid.IntRange(0, 3).Draw(rt, "hops")

		var q *queue.Queue[int]
		switch kind {
		case "fifo":
			q = queue.New[int](maxsize)
		case "lifo":
			q = queue.NewLifo[int](maxsize)
		default:
			q = queue.NewPriority[int](maxsize)
		}
		var log []event
		var unexpected []error
		inGet := make([]bool, ncons) // consumer c is inside Get
		inPut := make([]bool, nprod) // producer p is inside Put
		var stuck []string
		require.NoError(rt, run(func(ctx context.Context) error {
			var tasks []*task.Task[struct{}]
			for p := range nprod {
				tasks = append(tasks, task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
					for j, v := range items[p] {
						if err := task.Sleep(ctx, pauses[p][j]); err != nil {
							return struct{}{}, err
						}
						inPut[p] = true
						err := q.Put(ctx, v)
						inPut[p] = false
						if err != nil {
							return struct{}{}, err
						}
						log = append(log, event{put: true, v: v})
					}
					return struct{}{}, nil
				}))
			}
			for c := range ncons {
				tasks = append(tasks, task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
					for {
						inGet[c] = true
						v, err := q.Get(ctx)
						inGet[c] = false
						if err != nil {
							return struct{}{}, err
						}
						log = append(log, event{v: v})
						if err := task.Sleep(ctx, consPause[c]); err != nil {
							return struct{}{}, err
						}
					}
				}))
			}
			if victim >= 0 {
				task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
					if err := task.Sleep(ctx, cancelAt); err != nil {
						return struct{}{}, err
					}
					for range hops {
						if err := task.Sleep(ctx, 0); err != nil {
							return struct{}{}, err
						}
					}
					tasks[victim].Cancel("")
					return struct{}{}, nil
				})
			}
			if err := task.Sleep(ctx, 100*tick); err != nil {
				return err
			}
			// Long after every pause: nobody may wait while the queue could serve them
			// (a lost wake-up would leave a getter waiting beside an item).
			for c := range ncons {
				if inGet[c] && !q.Empty() {
					stuck = append(stuck, "a getter waits while the queue holds items")
				}
			}
			for p := range nprod {
				if inPut[p] && !q.Full() {
					stuck = append(stuck, "a putter waits while the queue has room")
				}
			}
			q.Shutdown(false)
			for _, tk := range tasks {
				if err := future.Suspend(ctx, tk); err != nil {
					return err
				}
				if err := tk.Err(); err != nil && !errors.Is(err, queue.ErrShutDown) && !tk.Cancelled() {
					unexpected = append(unexpected, err)
				}
			}
			for !q.Empty() {
				v, err := q.GetNowait()
				if err != nil {
					return err
				}
				log = append(log, event{v: v})
			}
			return nil
		}))
		require.Empty(rt, unexpected)
		require.Empty(rt, stuck)

		var model []int
		puts, gets := 0, 0
		for i, e := range log {
			if e.put {
				model = append(model, e.v)
				puts++
				if maxsize > 0 {
					require.LessOrEqual(rt, len(model), maxsize, "event %d: the queue never holds more than maxsize", i)
				}
				continue
			}
			gets++
			require.NotEmpty(rt, model, "event %d: a get with nothing put", i)
			var k int
			switch kind {
			case "fifo":
				k = 0
			case "lifo":
				k = len(model) - 1
			default:
				k = slices.Index(model, slices.Min(model))
			}
			require.Equal(rt, model[k], e.v, "event %d: %s order", i, kind)
			model = slices.Delete(model, k, k+1)
		}
		require.Empty(rt, model, "every item put was taken")
		require.Equal(rt, puts, gets, "exactly once")
	})
}
