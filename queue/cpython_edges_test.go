package queue_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// Edge cases checked against CPython 3.13: each expected log is what CPython printed
// for the same program (same tasks, same awaits, sleep(0) for each tick), with Go's
// spelling of values (true, [1 2]).

func rticks(ctx context.Context, n int) {
	for range n {
		_ = task.Sleep(ctx, 0)
	}
}

type rlog []string

func (l *rlog) add(f string, a ...any) { *l = append(*l, fmt.Sprintf(f, a...)) }

func rgetter[T any](q *queue.Queue[T], n string, log *rlog) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		v, err := q.Get(ctx)
		if err != nil {
			log.add("%s %s", n, outcome(err))
			if future.IsCancelled(err) {
				return struct{}{}, err
			}
			return struct{}{}, nil
		}
		log.add("%s got %v", n, v)
		return struct{}{}, nil
	}
}

func rputter[T any](q *queue.Queue[T], n string, v T, log *rlog) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		if err := q.Put(ctx, v); err != nil {
			log.add("%s %s", n, outcome(err))
			if future.IsCancelled(err) {
				return struct{}{}, err
			}
			return struct{}{}, nil
		}
		log.add("%s put %v", n, v)
		return struct{}{}, nil
	}
}

func rjoiner[T any](q *queue.Queue[T], n string, log *rlog) task.Coro[struct{}] {
	return func(ctx context.Context) (struct{}, error) {
		if err := q.Join(ctx); err != nil {
			log.add("%s %s", n, outcome(err))
			return struct{}{}, err
		}
		log.add("%s joined", n)
		return struct{}{}, nil
	}
}

func rawait(ctx context.Context, ts ...*task.Task[struct{}]) {
	for _, tk := range ts {
		_, _ = tk.Await(ctx)
	}
}

// g1 is woken for item 1, which GetNowait takes; the put of 2 wakes g2, but g1 runs first and takes 2; g2 waits again.
func TestWokenGetterTakesWhatIsThereWhenItRuns(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		g1, g2 := task.Spawn(ctx, rgetter(q, "g1", &log)), task.Spawn(ctx, rgetter(q, "g2", &log))
		rticks(ctx, 1)
		_ = q.PutNowait(1)
		v, _ := q.GetNowait()
		log.add("stole %d", v)
		_ = q.PutNowait(2)
		log.add("%s", q)
		rticks(ctx, 3)
		log.add("%s", q)
		_ = q.PutNowait(3)
		rawait(ctx, g1, g2)
		return nil
	}))
	assert.Equal(t, rlog{"stole 1", "<Queue maxsize=0 _queue=[2] tasks=2>", "g1 got 2", "<Queue maxsize=0 _getters[1] tasks=2>", "g2 got 3"}, log)
}

// Shutdown() with items, two putters and a joiner: putters fail, getters take the items, the next getter fails, Join waits for both TaskDone calls.
func TestShutdownKeepsItemsForGettersAndJoinWaitsForTaskDone(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](2)
		_ = q.PutNowait(1)
		_ = q.PutNowait(2)
		ps := []*task.Task[struct{}]{task.Spawn(ctx, rputter(q, "p1", 3, &log)), task.Spawn(ctx, rputter(q, "p2", 4, &log))}
		j := task.Spawn(ctx, rjoiner(q, "j", &log))
		rticks(ctx, 1)
		log.add("%s", q)
		q.Shutdown(false)
		log.add("%s", q)
		rticks(ctx, 3)
		gs := []*task.Task[struct{}]{task.Spawn(ctx, rgetter(q, "g1", &log)), task.Spawn(ctx, rgetter(q, "g2", &log)), task.Spawn(ctx, rgetter(q, "g3", &log))}
		rticks(ctx, 3)
		log.add("%s j.done=%v", q, j.Done())
		_ = q.TaskDone()
		rticks(ctx, 2)
		log.add("j.done=%v", j.Done())
		_ = q.TaskDone()
		rticks(ctx, 2)
		log.add("j.done=%v", j.Done())
		if err := q.TaskDone(); err != nil {
			log.add("ValueError")
		}
		if err := q.PutNowait(9); err != nil {
			log.add("put_nowait %s", outcome(err))
		}
		rawait(ctx, append(append(ps, gs...), j)...)
		return nil
	}))
	assert.Equal(t, rlog{"<Queue maxsize=2 _queue=[1 2] _putters[2] tasks=2>", "<Queue maxsize=2 _queue=[1 2] tasks=2 shutdown>", "p1 QueueShutDown", "p2 QueueShutDown", "g1 got 1", "g2 got 2", "g3 QueueShutDown", "<Queue maxsize=2 tasks=2 shutdown> j.done=false", "j.done=false", "j joined", "j.done=true", "ValueError", "put_nowait QueueShutDown"}, log)
}

// Shutdown(true) drops the items (counting them done); the one taken before keeps Join waiting until its TaskDone.
func TestShutdownImmediateLeavesTakenItemsUnfinished(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		for i := range 4 {
			_ = q.PutNowait(i)
		}
		v, _ := q.GetNowait()
		log.add("took %d", v)
		j := task.Spawn(ctx, rjoiner(q, "j", &log))
		rticks(ctx, 1)
		q.Shutdown(true)
		log.add("%s empty=%v", q, q.Empty())
		rticks(ctx, 2)
		log.add("j.done=%v", j.Done())
		if _, err := q.GetNowait(); err != nil {
			log.add("get_nowait %s", outcome(err))
		}
		_ = q.TaskDone()
		rticks(ctx, 2)
		log.add("j.done=%v", j.Done())
		rawait(ctx, j)
		q.Shutdown(false)
		q.Shutdown(true)
		log.add("%s", q)
		return nil
	}))
	assert.Equal(t, rlog{"took 0", "<Queue maxsize=0 tasks=1 shutdown> empty=true", "j.done=false", "get_nowait QueueShutDown", "j joined", "j.done=true", "<Queue maxsize=0 shutdown>"}, log)
}

// Shutdown(), a get, Shutdown(true): the rest is dropped; one TaskDone is left to call.
func TestShutdownThenShutdownImmediateDropsWhatIsLeft(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		for i := range 3 {
			_ = q.PutNowait(i)
		}
		q.Shutdown(false)
		v, _ := q.GetNowait()
		log.add("get %d %s", v, q)
		q.Shutdown(true)
		log.add("%s", q)
		if _, err := q.Get(ctx); err != nil {
			log.add("get %s", outcome(err))
		}
		_ = q.TaskDone()
		if err := q.TaskDone(); err != nil {
			log.add("ValueError")
		}
		if err := q.Join(ctx); err == nil {
			log.add("joined")
		}
		return nil
	}))
	assert.Equal(t, rlog{"get 0 <Queue maxsize=0 _queue=[1 2] tasks=3 shutdown>", "<Queue maxsize=0 tasks=1 shutdown>", "get QueueShutDown", "ValueError", "joined"}, log)
}

// The count reaches 0 and a put follows in the same step: the joiner woken returns, the one cancelled does not, a new one waits.
func TestJoinWokenStaysWokenWhenAPutFollows(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[int](0)
		_ = q.PutNowait(1)
		j1, j2 := task.Spawn(ctx, rjoiner(q, "j1", &log)), task.Spawn(ctx, rjoiner(q, "j2", &log))
		rticks(ctx, 1)
		_, _ = q.GetNowait()
		_ = q.TaskDone()
		_ = q.PutNowait(2)
		j2.Cancel("")
		log.add("%s", q)
		rawait(ctx, j1, j2)
		j3 := task.Spawn(ctx, rjoiner(q, "j3", &log))
		rticks(ctx, 2)
		log.add("j3.done=%v %s", j3.Done(), q)
		_, _ = q.GetNowait()
		_ = q.TaskDone()
		rawait(ctx, j3)
		return nil
	}))
	assert.Equal(t, rlog{"<Queue maxsize=0 _queue=[2] tasks=1>", "j1 joined", "j2 CancelledError", "j3.done=false <Queue maxsize=0 _queue=[2] tasks=1>", "j3 joined"}, log)
}

// A putter woken by a get, then Shutdown(): it fails and puts nothing. Getters, one woken by a put, then Shutdown(true): both fail.
func TestWokenWaitersFindTheQueueShutDown(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[string](1)
		_ = q.PutNowait("a")
		p := task.Spawn(ctx, rputter(q, "p", "b", &log))
		rticks(ctx, 1)
		v, _ := q.GetNowait()
		log.add("get %s", v)
		q.Shutdown(false)
		rawait(ctx, p)
		log.add("%s", q)
		q = queue.New[string](0)
		g, g2 := task.Spawn(ctx, rgetter(q, "g", &log)), task.Spawn(ctx, rgetter(q, "g2", &log))
		rticks(ctx, 1)
		_ = q.PutNowait("x")
		q.Shutdown(true)
		rawait(ctx, g, g2)
		log.add("%s", q)
		return nil
	}))
	assert.Equal(t, rlog{"get a", "p QueueShutDown", "<Queue maxsize=1 tasks=1 shutdown>", "g QueueShutDown", "g2 QueueShutDown", "<Queue maxsize=0 shutdown>"}, log)
}

// Two puts wake g1 and g2, g1 is cancelled before it runs: g2 and g3 get the items.
func TestCancelledWokenGetterLeavesItsItemToTheNext(t *testing.T) {
	var log rlog
	require.NoError(t, run(func(ctx context.Context) error {
		q := queue.New[string](0)
		var gs []*task.Task[struct{}]
		for i := 1; i <= 3; i++ {
			gs = append(gs, task.Spawn(ctx, rgetter(q, fmt.Sprintf("g%d", i), &log)))
		}
		rticks(ctx, 1)
		_ = q.PutNowait("a")
		_ = q.PutNowait("b")
		gs[0].Cancel("")
		log.add("%s", q)
		rticks(ctx, 4)
		log.add("%s", q)
		_ = q.PutNowait("c")
		rawait(ctx, gs...)
		log.add("%s", q)
		return nil
	}))
	assert.Equal(t, rlog{"<Queue maxsize=0 _queue=[a b] _getters[1] tasks=2>", "g1 CancelledError", "g2 got a", "g3 got b", "<Queue maxsize=0 tasks=2>", "<Queue maxsize=0 _queue=[c] tasks=3>"}, log)
}
