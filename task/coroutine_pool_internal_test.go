package task

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// The coroutine pool keeps at most maxIdleCoroutines idle coroutines; a coroutine past
// that is retired (resumed with no task, it returns). A burst of tasks finishing at once
// fills the pool and retires the rest, the next burst reuses the pooled ones before it
// makes new ones, and Close ends them all. Checked on the registry itself, and on the
// goroutines of its coroutines: a retired coroutine's goroutine must really be gone.
func TestCoroutinePoolRetiresPastItsBoundAndReusesWhatItKeeps(t *testing.T) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	ctx := loop.WithScope(context.Background(), l)
	r := registryOf(l)
	// The goroutines that are coroutines of r, counted in a dump of every goroutine's
	// stack: a plain runtime.NumGoroutine would count whatever else comes and goes.
	frame := fmt.Sprintf("task.(*registry).runCoroutine(%p", r)
	coroutines := func() int {
		buf := make([]byte, 1<<20)
		for {
			n := runtime.Stack(buf, true)
			if n < len(buf) {
				return strings.Count(string(buf[:n]), frame)
			}
			buf = make([]byte, 2*len(buf))
		}
	}

	burst := func(n int) (parkedGoroutines int) {
		gate := future.New[struct{}](l)
		tasks := make([]*Task[int], n)
		for i := range tasks {
			tasks[i] = Spawn(ctx, func(ctx context.Context) (int, error) {
				_, err := gate.Await(ctx)
				return i, err
			})
		}
		_, err := l.CallSoon(l.Stop)
		require.NoError(t, err)
		require.NoError(t, l.RunForever()) // every task has parked on the gate
		parkedGoroutines = coroutines()
		require.NoError(t, gate.SetResult(struct{}{}))
		for _, tk := range tasks {
			require.NoError(t, l.RunUntilComplete(tk))
			v, err := tk.Result()
			require.NoError(t, err)
			_ = v
		}
		for i, tk := range tasks {
			v, _ := tk.Result()
			assert.Equal(t, i, v)
		}
		return parkedGoroutines
	}

	const n = 3*maxIdleCoroutines/2 + 7
	parked := burst(n)
	assert.Equal(t, n, parked, "one coroutine per parked task")
	assert.Len(t, r.idle, maxIdleCoroutines, "the pool keeps its bound after a burst")
	assert.Equal(t, maxIdleCoroutines, coroutines(), "the coroutines past the bound are gone")

	parked = burst(n)
	assert.Equal(t, n, parked, "the second burst reused the pooled coroutines: no more goroutines than tasks")
	assert.Len(t, r.idle, maxIdleCoroutines)

	small := burst(10) // fewer than the pool holds: all reused, none made
	assert.Equal(t, maxIdleCoroutines, small, "ten tasks parked on ten pooled coroutines")
	assert.Len(t, r.idle, maxIdleCoroutines)

	require.NoError(t, l.Close())
	assert.Empty(t, r.idle)
	assert.Nil(t, r.starting)
	assert.Equal(t, 0, coroutines(), "Close ended every idle coroutine")
}

// The registry's per-step state is clear between steps: after any step, whatever the
// task did (park, yield, return, panic, swallow or receive a cancellation), no task is
// current, no throw is left for the next resumed await, and no coroutine is waiting to
// start a task.
func TestRegistryStateIsClearBetweenSteps(t *testing.T) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer l.Close()
	ctx := loop.WithScope(context.Background(), l)
	r := registryOf(l)
	check := loop.Func(func() {
		assert.Nil(t, r.current)
		assert.Nil(t, r.throw)
		assert.Nil(t, r.starting)
	})
	checks := 0
	l.SetHooks(loop.Hooks{After: func(loop.Runner, time.Duration) { checks++; check.Run() }})
	var tasks []*Task[int]
	for i := range 20 {
		tasks = append(tasks, Spawn(ctx, func(ctx context.Context) (int, error) {
			for j := range 5 {
				var err error
				switch (i + j) % 3 {
				case 0:
					err = Sleep(ctx, 0)
				case 1:
					err = Sleep(ctx, time.Duration(j)*time.Millisecond)
				case 2:
					if i%5 == 0 {
						panic("boom")
					}
				}
				if err != nil && i%2 == 0 {
					return 0, err
				}
			}
			return i, nil
		}))
	}
	var tick func()
	tick = func() {
		check.Run()
		for i, tk := range tasks {
			if i%4 == 1 && !tk.Done() {
				tk.Cancel("tick")
			}
		}
		for _, tk := range tasks {
			if !tk.Done() {
				// A timer, not a post: a loop always busy never moves its virtual clock.
				_, err := l.CallLater(300*time.Microsecond, tick)
				require.NoError(t, err)
				return
			}
		}
		l.Stop()
	}
	require.NoError(t, l.Post(loop.Func(tick)))
	require.NoError(t, l.RunForever())
	check.Run()
	assert.Greater(t, checks, 100, "checked after every step and callback")
	for _, tk := range tasks {
		assert.True(t, tk.Done())
	}
}
