package main

import (
	"context"
	"time"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/pyrandom"
	"github.com/goasyncio/asyncio/bench/internal/record"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// workload is one of the contract's eleven. Its Run does one run of size n inside a
// running task and returns what it timed; it checks its result and returns an error when
// it is wrong.
type workload = driver.Workload[func(ctx context.Context, n int) (result, error)]

// result is what a run reports besides its JSON line's common fields.
type result = driver.Result

// workloads is the contract's list, in its order.
var workloads = []workload{
	{Name: "call_soon", N1: 1_000_000, Warm: true, Run: callSoon},
	{Name: "call_later", N1: 200_000, Warm: true, Run: callLater},
	{Name: "task_spawn", N1: 200_000, Warm: true, Run: taskSpawn},
	{Name: "sleep0_switch", N1: 1_000_000, Warm: true, Run: sleep0Switch},
	{Name: "future_pingpong", N1: 200_000, Warm: true, Run: futurePingpong},
	{Name: "to_thread", N1: 50_000, Warm: true, Run: toThread},
	{Name: "semaphore_contention", N1: 100_000, Warm: true, Run: semaphoreContention},
	{Name: "queue_throughput", N1: 1_000_000, Warm: true, Run: queueThroughput},
	{Name: "gather_wide", N1: 100_000, Warm: true, Run: gatherWide},
	// pending_memory is not warmed up: a warm-up would leave freed memory that the
	// measured run reuses, biasing the RSS delta down (as in peer_asyncio.py).
	{Name: "pending_memory", N1: 100_000, Warm: false, Run: pendingMemory},
	{Name: "timeout_cancel", N1: 100_000, Warm: true, Run: timeoutCancel},
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
	r.SW.Begin()
	for i := range n {
		if _, err := l.CallSoon(func() { cb(i) }); err != nil {
			return r, err
		}
	}
	if _, err := done.Await(ctx); err != nil {
		return r, err
	}
	r.SW.End()
	if cnt != n {
		return r, driver.Checkf("counter = %d, want %d", cnt, n)
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
	r.SW.Begin()
	for _, d := range delays {
		if _, err := l.CallLater(d, cb); err != nil {
			return r, err
		}
	}
	if _, err := done.Await(ctx); err != nil {
		return r, err
	}
	r.SW.End()
	if cnt != n {
		return r, driver.Checkf("counter = %d, want %d", cnt, n)
	}
	r.Extra = []record.Field{record.KV("note", "includes up to 50ms of timer delay")}
	return r, nil
}

// ret is `async def f(i): return i`.
func ret(i int) task.Coro[int] {
	return func(context.Context) (int, error) { return i, nil }
}

// task_spawn: spawn N tasks of ret(i), then gather them; the sum must be N(N−1)/2.
func taskSpawn(ctx context.Context, n int) (r result, err error) {
	r.SW.Begin()
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
	r.SW.End()
	if want := n * (n - 1) / 2; s != want {
		return r, driver.Checkf("sum = %d, want %d", s, want)
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
	r.SW.Begin()
	coros := make([]future.Awaitable[int], ntasks)
	for i := range coros {
		coros[i] = gather.Coro(worker)
	}
	if _, err := gather.Gather(ctx, coros...); err != nil {
		return r, err
	}
	r.SW.End()
	r.N = ntasks * rounds
	r.Extra = []record.Field{record.KV("tasks", ntasks), record.KV("rounds", rounds)}
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
	r.SW.Begin()
	tb := task.Spawn(ctx, sideB)
	ta := task.Spawn(ctx, sideA)
	v, err := ta.Await(ctx)
	if err != nil {
		return r, err
	}
	if _, err := tb.Await(ctx); err != nil {
		return r, err
	}
	r.SW.End()
	if v != n {
		return r, driver.Checkf("v = %d, want %d", v, n)
	}
	r.Extra = []record.Field{record.KV("unit", "round_trip")}
	return r, nil
}
