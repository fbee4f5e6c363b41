package queue_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// fullQueueWithTwoParkedPutters makes a Queue(1) holding "a" with p1 putting "b" and p2
// putting "c" parked on it; each putter logs its name and outcome.
func fullQueueWithTwoParkedPutters(t *testing.T, ctx context.Context, log *[]string) (q *queue.Queue[string], p1, p2 *task.Task[struct{}]) {
	t.Helper()
	q = queue.New[string](1)
	require.NoError(t, q.PutNowait("a"))
	putter := func(name, v string) *task.Task[struct{}] {
		return task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
			*log = append(*log, name+" "+outcome(q.Put(ctx, v)))
			return struct{}{}, nil
		})
	}
	p1, p2 = putter("p1", "b"), putter("p2", "c")
	require.NoError(t, task.Sleep(ctx, 0))
	return q, p1, p2
}

// awaitAll awaits each of ts and requires it to succeed.
func awaitAll(t *testing.T, ctx context.Context, ts ...*task.Task[struct{}]) {
	t.Helper()
	for _, tk := range ts {
		_, err := tk.Await(ctx)
		require.NoError(t, err)
	}
}

// getNowaitLogged requires GetNowait to succeed and logs "got <item>".
func getNowaitLogged(t *testing.T, q *queue.Queue[string], log *[]string) {
	t.Helper()
	v, err := q.GetNowait()
	require.NoError(t, err)
	*log = append(*log, "got "+v)
}

// A Put parked on a full queue is cancelled in the same iteration as a Get frees a slot:
// the cancelled put's item is not put, the wake-up passes to the next putter, whose item
// is put exactly once.
//
// CPython 3.13 (Queue(1) holding "a", p1 puts "b", p2 puts "c"):
//
//	getnowait-then-cancel [('got', 'a'), ('p1', 'CancelledError'), ('p2', None)] left ['c']
//	cancel-then-getnowait [('got', 'a'), ('p1', 'CancelledError'), ('p2', None)] left ['c']
//	gettask-and-cancel [('g', 'a'), ('p1', 'CancelledError'), ('p2', None)] left ['c']
func TestPutCancelledWhileAGetFreesASlot(t *testing.T) {
	t.Parallel()
	for _, order := range []string{"getnowait-then-cancel", "cancel-then-getnowait", "gettask-and-cancel"} {
		t.Run(order, func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				var log []string
				q, p1, p2 := fullQueueWithTwoParkedPutters(t, ctx, &log)
				var g *task.Task[struct{}]
				switch order {
				case "getnowait-then-cancel":
					getNowaitLogged(t, q, &log)
					p1.Cancel("")
				case "cancel-then-getnowait":
					p1.Cancel("")
					getNowaitLogged(t, q, &log)
				default:
					g = task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
						v, err := q.Get(ctx)
						log = append(log, "g "+v+" "+outcome(err))
						return struct{}{}, nil
					})
					l.CallSoon(func() { p1.Cancel("") })
				}
				for range 3 {
					require.NoError(t, task.Sleep(ctx, 0))
				}
				require.True(t, p1.Done())
				require.True(t, p2.Done())
				want := []string{"got a", "p1 CancelledError", "p2 ok"}
				if g != nil {
					want[0] = "g a ok"
				}
				assert.Equal(t, want, log)
				assert.Equal(t, []string{"c"}, drain(t, q), "b is not put, c is put once")
				return nil
			}))
		})
	}
}

// maxsize 2 with three parked putters; two gets free two slots and the first putter is
// cancelled in the same iteration: the other two put theirs.
//
// CPython 3.13: [('got', 1), ('got', 2), ('p0', 'CancelledError'), ('p1', None),
// ('p2', None)] left [11, 12].
func TestPutCancelledWhileTwoGetsFreeTwoSlots(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](2)
		require.NoError(t, q.PutNowait(1))
		require.NoError(t, q.PutNowait(2))
		var log []string
		var ps []*task.Task[struct{}]
		for i := range 3 {
			ps = append(ps, task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				log = append(log, fmt.Sprintf("p%d %s", i, outcome(q.Put(ctx, 10+i))))
				return struct{}{}, nil
			}))
		}
		require.NoError(t, task.Sleep(ctx, 0))
		for range 2 {
			v, err := q.GetNowait()
			require.NoError(t, err)
			log = append(log, fmt.Sprint("got ", v))
		}
		ps[0].Cancel("")
		for range 4 {
			require.NoError(t, task.Sleep(ctx, 0))
		}
		assert.Equal(t, []string{"got 1", "got 2", "p0 CancelledError", "p1 ok", "p2 ok"}, log)
		assert.Equal(t, []int{11, 12}, drain(t, q))
		for _, p := range ps {
			assert.True(t, p.Done())
		}
		return nil
	}))
}

// LifoQueue and PriorityQueue shut down with immediate=True while getters or putters
// are parked. CPython 3.13 (for both kinds; maxsize 2):
//
//	A [('g0', 'QueueShutDown'), ('g1', 'QueueShutDown')] 0
//	B [('p0', 'QueueShutDown'), ('p1', 'QueueShutDown'), 'get_nowait QueueShutDown'] 0
//	C [('got', 1), ('p0', 'QueueShutDown'), ('p1', 'QueueShutDown')] 0
//	D [('p', 'QueueShutDown'), ('get', 3), ('get', 1), ('get', 5), 'get QueueShutDown']  (Lifo)
//	D [('p', 'QueueShutDown'), ('get', 1), ('get', 3), ('get', 5), 'get QueueShutDown']  (Priority)
//
// (B: 5 and 1 queued, putters of 3 and 4; C: the same, a get_nowait and task_done just
// before the shutdown, in the same iteration; D: a plain shutdown of a full queue of 3
// holding 5, 1, 3 with a putter of 4 parked. B and C join at the end, which returns.)
func TestLifoAndPriorityShutdownImmediateWithParkedWaiters(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name  string
		make  func(int) *queue.Queue[int]
		wantD []string
	}{
		{"Lifo", queue.NewLifo[int], []string{"p QueueShutDown", "get 3", "get 1", "get 5", "get QueueShutDown"}},
		{"Priority", queue.NewPriority[int], []string{"p QueueShutDown", "get 1", "get 3", "get 5", "get QueueShutDown"}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				var log []string
				getters := func(q *queue.Queue[int], n int) []*task.Task[struct{}] {
					var ts []*task.Task[struct{}]
					for i := range n {
						ts = append(ts, task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
							v, err := q.Get(ctx)
							if err != nil {
								log = append(log, fmt.Sprintf("g%d %s", i, outcome(err)))
							} else {
								log = append(log, fmt.Sprintf("g%d %d", i, v))
							}
							return struct{}{}, nil
						}))
					}
					return ts
				}
				putters := func(q *queue.Queue[int], n int) []*task.Task[struct{}] {
					var ts []*task.Task[struct{}]
					for i := range n {
						ts = append(ts, task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
							log = append(log, fmt.Sprintf("p%d %s", i, outcome(q.Put(ctx, 3+i))))
							return struct{}{}, nil
						}))
					}
					return ts
				}
				var q *queue.Queue[int]
				// parkPuttersOnAFullQueue clears the log, makes q a queue of 2 holding 5
				// and 1, and parks two putters (of 3 and 4) on it.
				parkPuttersOnAFullQueue := func() []*task.Task[struct{}] {
					log = nil
					q = k.make(2)
					require.NoError(t, q.PutNowait(5))
					require.NoError(t, q.PutNowait(1))
					ps := putters(q, 2)
					require.NoError(t, task.Sleep(ctx, 0))
					return ps
				}

				// A: parked getters.
				q = k.make(2)
				gs := getters(q, 2)
				require.NoError(t, task.Sleep(ctx, 0))
				q.Shutdown(true)
				awaitAll(t, ctx, gs...)
				assert.Equal(t, []string{"g0 QueueShutDown", "g1 QueueShutDown"}, log, "A")
				assert.Equal(t, 0, q.Qsize())

				// B: parked putters.
				ps := parkPuttersOnAFullQueue()
				q.Shutdown(true)
				awaitAll(t, ctx, ps...)
				require.NoError(t, q.Join(ctx))
				_, err := q.GetNowait()
				assert.ErrorIs(t, err, queue.ErrShutDown)
				assert.Equal(t, []string{"p0 QueueShutDown", "p1 QueueShutDown"}, log, "B")
				assert.Equal(t, 0, q.Qsize())

				// C: a putter woken by a get, then the immediate shutdown, same iteration.
				ps = parkPuttersOnAFullQueue()
				v, err := q.GetNowait()
				require.NoError(t, err)
				log = append(log, fmt.Sprint("got ", v))
				require.NoError(t, q.TaskDone())
				q.Shutdown(true)
				awaitAll(t, ctx, ps...)
				require.NoError(t, q.Join(ctx))
				assert.Equal(t, []string{"got 1", "p0 QueueShutDown", "p1 QueueShutDown"}, log, "C")
				assert.Equal(t, 0, q.Qsize())

				// D: a plain shutdown of a full queue with a parked putter; gets drain
				// in the queue's order, then fail.
				log = nil
				q = k.make(3)
				for _, x := range []int{5, 1, 3} {
					require.NoError(t, q.PutNowait(x))
				}
				p := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
					log = append(log, "p "+outcome(q.Put(ctx, 4)))
					return struct{}{}, nil
				})
				require.NoError(t, task.Sleep(ctx, 0))
				q.Shutdown(false)
				awaitAll(t, ctx, p)
				for {
					v, err := q.Get(ctx)
					if err != nil {
						log = append(log, "get "+outcome(err))
						break
					}
					log = append(log, fmt.Sprint("get ", v))
				}
				assert.Equal(t, k.wantD, log, "D")
				return nil
			}))
		})
	}
}

// A putter woken by a get, cancelled, and the queue shut down immediately, all in one
// iteration. CPython 3.13:
//
//	f: [('got', 'a'), ('p1', 'CancelledError'), ('p2', 'QueueShutDown')] 0
func TestPutWokenCancelledAndShutdownImmediateInOneIteration(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		var log []string
		q, p1, p2 := fullQueueWithTwoParkedPutters(t, ctx, &log)
		getNowaitLogged(t, q, &log)
		p1.Cancel("")
		q.Shutdown(true)
		awaitAll(t, ctx, p1, p2)
		assert.Equal(t, []string{"got a", "p1 CancelledError", "p2 QueueShutDown"}, log)
		assert.Equal(t, 0, q.Qsize())
		return nil
	}))
}
