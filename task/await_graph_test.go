package task_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// TestRandomAwaitGraphsWithCyclesUnwindUnderCancellation runs, for many seeds, a few
// tasks that await each other (cycles included: a task may await one that awaits it,
// directly or further round) and futures of their own, and that swallow a few
// cancellations before giving up. A driver cancels one random pending task per loop
// iteration (so a cancellation's step always runs before the next Cancel) and completes
// random futures. Whatever the graph:
//   - an await never returns before what it awaits is done: a future await that
//     returns normally has its future's value, a task await that returns normally has
//     that task's result;
//   - every task ends, each body having run to its end once.
func TestRandomAwaitGraphsWithCyclesUnwindUnderCancellation(t *testing.T) {
	t.Parallel()
	for seed := range uint64(300) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			runAwaitGraph(t, seed)
		})
	}
}

func runAwaitGraph(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0xa11))
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer func() { require.NoError(t, l.Close()) }()
	ctx := loop.WithScope(context.Background(), l)

	n := 2 + rng.IntN(5)
	tasks := make([]*task.Task[int], n)
	type awaited struct {
		f     *future.Future[int]
		value int
	}
	futs := make([][]awaited, n) // the futures each task awaits, in order
	ended := make([]int, n)
	var problems []string
	for i := range n {
		swallow := rng.IntN(3)
		rounds := 1 + rng.IntN(4)
		kinds := make([]int, rounds) // -1: its own future; else the task awaited
		for r := range kinds {
			if rng.IntN(3) == 0 {
				kinds[r] = -1
			} else {
				j := rng.IntN(n - 1)
				if j >= i {
					j++ // never itself: Task.Await refuses that at once
				}
				kinds[r] = j
			}
		}
		tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			defer func() { ended[i]++ }()
			for r, k := range kinds {
				where := fmt.Sprintf("task %d round %d", i, r)
				var err error
				if k < 0 {
					f := future.New[int](l)
					futs[i] = append(futs[i], awaited{f, i*100 + r})
					var v int
					v, err = f.Await(ctx)
					if err == nil && (!f.Done() || v != i*100+r) {
						problems = append(problems, fmt.Sprintf("%s: future await returned %d, future done=%t", where, v, f.Done()))
					}
				} else {
					var v int
					v, err = tasks[k].Await(ctx)
					if err == nil && (!tasks[k].Done() || v != k) {
						problems = append(problems, fmt.Sprintf("%s: await of task %d returned %d, task done=%t", where, k, v, tasks[k].Done()))
					}
				}
				switch {
				case err == nil:
				case future.IsCancelled(err):
					if swallow > 0 {
						swallow--
						continue
					}
					return 0, err
				default:
					problems = append(problems, fmt.Sprintf("%s: await failed: %v", where, err))
					return 0, err
				}
			}
			return i, nil
		})
	}

	iterations := 0
	var drive func()
	drive = func() {
		iterations++
		var pending []int
		for i, tk := range tasks {
			if !tk.Done() {
				pending = append(pending, i)
			}
		}
		if len(pending) == 0 {
			l.Stop()
			return
		}
		if iterations > 2000 {
			problems = append(problems, fmt.Sprintf("tasks %v still pending after %d iterations", pending, iterations))
			l.Stop()
			return
		}
		for _, fs := range futs {
			for _, a := range fs {
				if !a.f.Done() && rng.IntN(4) == 0 {
					_ = a.f.SetResult(a.value)
				}
			}
		}
		if rng.IntN(3) == 0 {
			tasks[pending[rng.IntN(len(pending))]].Cancel(fmt.Sprint("it ", iterations))
		}
		_, err := l.CallSoon(drive) // after any step the Cancel posted
		require.NoError(t, err)
	}
	_, err := l.CallSoon(drive)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	require.Empty(t, problems)
	for i := range n {
		require.True(t, tasks[i].Done(), "task %d", i)
		require.Equal(t, 1, ended[i], "task %d's body ended once", i)
	}
}
