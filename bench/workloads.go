package main

import (
	"context"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/bench/internal/pyrandom"
	"github.com/goasyncio/asyncio/bench/internal/record"
	"github.com/goasyncio/asyncio/bench/internal/stopwatch"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// workload is one of the contract's eleven. run does one run of size n inside a running
// task and returns what it timed; it checks its result and returns an error when it is
// wrong.
type workload struct {
	name string
	n1   int  // N at scale 1
	warm bool // warmed up at N/10 first
	run  func(ctx context.Context, n int) (result, error)
}

// result is what a run reports besides its JSON line's common fields.
type result struct {
	sw    stopwatch.Stopwatch
	n     int            // operations timed; 0 means the n the run was given
	extra []record.Field // workload-specific keys, in order
}

// workloads is the contract's list, in its order.
var workloads = []workload{
	{"call_soon", 1_000_000, true, callSoon},
	{"call_later", 200_000, true, callLater},
	{"task_spawn", 200_000, true, taskSpawn},
	{"sleep0_switch", 1_000_000, true, sleep0Switch},
	{"future_pingpong", 200_000, true, futurePingpong},
	{"to_thread", 50_000, true, toThread},
	{"semaphore_contention", 100_000, true, semaphoreContention},
	{"queue_throughput", 1_000_000, true, queueThroughput},
	{"gather_wide", 100_000, true, gatherWide},
	// pending_memory is not warmed up: a warm-up would leave freed memory that the
	// measured run reuses, biasing the RSS delta down (as in peer_asyncio.py).
	{"pending_memory", 100_000, false, pendingMemory},
	{"timeout_cancel", 100_000, true, timeoutCancel},
}

func names() []string {
	ns := make([]string, len(workloads))
	for i, wl := range workloads {
		ns[i] = wl.name
	}
	return ns
}

// checkf is a failed result check.
func checkf(format string, args ...any) error {
	return fmt.Errorf("result check failed: "+format, args...)
}

// call_soon: inside a running task, schedule N CallSoon(cb(i)); each cb increments a
// counter; the cb with i = N−1 resolves a future, which the task awaits.
func callSoon(ctx context.Context, n int) (r result, err error) {
	l, err := loop.Get(ctx)
	if err != nil {
		return r, err
	}
	done := future.New[int](l)
	cnt := 0
	cb := func(i int) {
		cnt++
		if i == n-1 {
			_ = done.SetResult(cnt)
		}
	}
	r.sw.Begin()
	for i := range n {
		if _, err := l.CallSoon(func() { cb(i) }); err != nil {
			return r, err
		}
	}
	if _, err := done.Await(ctx); err != nil {
		return r, err
	}
	r.sw.End()
	if cnt != n {
		return r, checkf("counter = %d, want %d", cnt, n)
	}
	return r, nil
}

// call_later: N CallLater(d, cb) with d ~ U[0, 0.05] s drawn from Python's
// random.Random(12345) (the same delays as the peer, computed before the timer); cb
// increments a counter and the N-th firing resolves a future. Includes the timer delay.
func callLater(ctx context.Context, n int) (r result, err error) {
	l, err := loop.Get(ctx)
	if err != nil {
		return r, err
	}
	rnd := pyrandom.New(12345)
	delays := make([]time.Duration, n)
	for i := range delays {
		delays[i] = time.Duration(rnd.Uniform(0, 0.05) * float64(time.Second))
	}
	done := future.New[struct{}](l)
	cnt := 0
	cb := func() {
		cnt++
		if cnt == n {
			_ = done.SetResult(struct{}{})
		}
	}
	r.sw.Begin()
	for _, d := range delays {
		if _, err := l.CallLater(d, cb); err != nil {
			return r, err
		}
	}
	if _, err := done.Await(ctx); err != nil {
		return r, err
	}
	r.sw.End()
	if cnt != n {
		return r, checkf("counter = %d, want %d", cnt, n)
	}
	r.extra = []record.Field{record.KV("note", "includes up to 50ms of timer delay")}
	return r, nil
}

// ret is `async def f(i): return i`.
func ret(i int) task.Coro[int] {
	return func(context.Context) (int, error) { return i, nil }
}

// task_spawn: spawn N tasks of ret(i), then gather them; the sum must be N(N−1)/2.
func taskSpawn(ctx context.Context, n int) (r result, err error) {
	r.sw.Begin()
	tasks := make([]future.Awaitable[int], n)
	for i := range tasks {
		tasks[i] = task.Spawn(ctx, ret(i))
	}
	res, err := gather.Gather(ctx, tasks...)
	if err != nil {
		return r, err
	}
	s := 0
	for _, v := range res {
		s += v
	}
	r.sw.End()
	if want := n * (n - 1) / 2; s != want {
		return r, checkf("sum = %d, want %d", s, want)
	}
	return r, nil
}

// sleep0_switch: N/1000 tasks each Sleep(ctx, 0) 1000 times, all under one gather.
func sleep0Switch(ctx context.Context, n int) (r result, err error) {
	const rounds = 1000
	ntasks := max(1, n/rounds)
	worker := func(ctx context.Context) (int, error) {
		for range rounds {
			if err := task.Sleep(ctx, 0); err != nil {
				return 0, err
			}
		}
		return 0, nil
	}
	r.sw.Begin()
	coros := make([]future.Awaitable[int], ntasks)
	for i := range coros {
		coros[i] = gather.Coro(worker)
	}
	if _, err := gather.Gather(ctx, coros...); err != nil {
		return r, err
	}
	r.sw.End()
	r.n = ntasks * rounds
	r.extra = []record.Field{record.KV("tasks", ntasks), record.KV("rounds", rounds)}
	return r, nil
}

// future_pingpong: N round trips between two tasks. A makes a fresh future for the reply,
// resolves B's future with v and awaits its own; B awaits, makes its own fresh future and
// resolves A's with v+1. It ends with v = N.
func futurePingpong(ctx context.Context, n int) (r result, err error) {
	l, err := loop.Get(ctx)
	if err != nil {
		return r, err
	}
	fa, fb := future.New[int](l), future.New[int](l)
	sideA := func(ctx context.Context) (int, error) {
		v := 0
		for range n {
			f := future.New[int](l)
			fa = f
			if err := fb.SetResult(v); err != nil {
				return v, err
			}
			var err error
			if v, err = f.Await(ctx); err != nil {
				return v, err
			}
		}
		return v, nil
	}
	sideB := func(ctx context.Context) (struct{}, error) {
		for range n {
			v, err := fb.Await(ctx)
			if err != nil {
				return struct{}{}, err
			}
			fb = future.New[int](l)
			if err := fa.SetResult(v + 1); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	}
	r.sw.Begin()
	tb := task.Spawn(ctx, sideB)
	ta := task.Spawn(ctx, sideA)
	v, err := ta.Await(ctx)
	if err != nil {
		return r, err
	}
	if _, err := tb.Await(ctx); err != nil {
		return r, err
	}
	r.sw.End()
	if v != n {
		return r, checkf("v = %d, want %d", v, n)
	}
	r.extra = []record.Field{record.KV("unit", "round_trip")}
	return r, nil
}
