package main

import (
	"context"
	"errors"
	"time"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/record"
	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// to_thread: gather N coroutines, each holding a Semaphore(32) permit around
// executor.ToThread(2·i) on the loop's default pool; the sum must be N(N−1).
func toThread(ctx context.Context, n int) (r result, err error) {
	sem := locks.NewSemaphore(32)
	one := func(i int) task.Coro[int] {
		return func(ctx context.Context) (int, error) {
			if err := sem.Acquire(ctx); err != nil {
				return 0, err
			}
			defer sem.Release()
			return executor.ToThread(ctx, func(context.Context) (int, error) { return 2 * i, nil })
		}
	}
	r.SW.Begin()
	aws := make([]future.Awaitable[int], n)
	for i := range aws {
		aws[i] = gather.Coro(one(i))
	}
	res, err := gather.Gather(ctx, aws...)
	if err != nil {
		return r, err
	}
	s := 0
	for _, v := range res {
		s += v
	}
	r.SW.End()
	if want := n * (n - 1); s != want {
		return r, driver.Checkf("sum = %d, want %d", s, want)
	}
	l, err := loop.Get(ctx)
	if err != nil {
		return r, err
	}
	pool, err := executor.Default(l)
	if err != nil {
		return r, err
	}
	r.Extra = []record.Field{
		record.KV("executor_max_workers", pool.MaxWorkers()),
		record.KV("inflight_bound", 32),
	}
	return r, nil
}

// semaphore_contention: N/10 tasks × 10 rounds of: acquire a Semaphore(8), count,
// Sleep(0), release; all under one gather.
func semaphoreContention(ctx context.Context, n int) (r result, err error) {
	const rounds, permits = 10, 8
	ntasks := max(1, n/rounds)
	sem := locks.NewSemaphore(permits)
	cnt := 0
	worker := func(ctx context.Context) (struct{}, error) {
		for range rounds {
			if err := sem.Acquire(ctx); err != nil {
				return struct{}{}, err
			}
			cnt++
			err := task.Sleep(ctx, 0)
			sem.Release()
			if err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	}
	r.SW.Begin()
	aws := make([]future.Awaitable[struct{}], ntasks)
	for i := range aws {
		aws[i] = gather.Coro(worker)
	}
	if _, err := gather.Gather(ctx, aws...); err != nil {
		return r, err
	}
	r.SW.End()
	r.N = ntasks * rounds
	if cnt != r.N {
		return r, driver.Checkf("counter = %d, want %d", cnt, r.N)
	}
	r.Extra = []record.Field{
		record.KV("tasks", ntasks), record.KV("rounds", rounds), record.KV("permits", permits),
	}
	return r, nil
}

// queue_throughput: one producer Puts 0..N−1 and one consumer Gets N items through a
// Queue of maxsize 1024; the consumer's sum must be N(N−1)/2.
func queueThroughput(ctx context.Context, n int) (r result, err error) {
	const maxsize = 1024
	q := queue.New[int](maxsize)
	producer := func(ctx context.Context) (struct{}, error) {
		for i := range n {
			if err := q.Put(ctx, i); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	}
	consumer := func(ctx context.Context) (int, error) {
		s := 0
		for range n {
			v, err := q.Get(ctx)
			if err != nil {
				return s, err
			}
			s += v
		}
		return s, nil
	}
	r.SW.Begin()
	tc := task.Spawn(ctx, consumer)
	tp := task.Spawn(ctx, producer)
	s, err := tc.Await(ctx)
	if err != nil {
		return r, err
	}
	if _, err := tp.Await(ctx); err != nil {
		return r, err
	}
	r.SW.End()
	if want := n * (n - 1) / 2; s != want {
		return r, driver.Checkf("sum = %d, want %d", s, want)
	}
	r.Extra = []record.Field{record.KV("maxsize", maxsize)}
	return r, nil
}

// gather_wide: gather N coroutines that each Sleep(10 ms). Includes the 10 ms.
func gatherWide(ctx context.Context, n int) (r result, err error) {
	sleep := func(ctx context.Context) (struct{}, error) {
		return struct{}{}, task.Sleep(ctx, 10*time.Millisecond)
	}
	r.SW.Begin()
	aws := make([]future.Awaitable[struct{}], n)
	for i := range aws {
		aws[i] = gather.Coro(sleep)
	}
	res, err := gather.Gather(ctx, aws...)
	if err != nil {
		return r, err
	}
	r.SW.End()
	if len(res) != n {
		return r, driver.Checkf("%d results, want %d", len(res), n)
	}
	r.Extra = []record.Field{record.KV("note", "includes the 10ms sleep itself")}
	return r, nil
}

// timeout_cancel: sequentially, N times, a timeout scope of 0 around Sleep(1 s); each
// must end with the TimeoutError.
func timeoutCancel(ctx context.Context, n int) (r result, err error) {
	body := func(ctx context.Context, _ *timeout.Timeout) error {
		return task.Sleep(ctx, time.Second)
	}
	caught := 0
	r.SW.Begin()
	for range n {
		err := timeout.Run(ctx, 0, body)
		switch {
		case errors.Is(err, timeout.ErrTimeout):
			caught++
		case err != nil:
			return r, err
		}
	}
	r.SW.End()
	if caught != n {
		return r, driver.Checkf("caught %d TimeoutErrors, want %d", caught, n)
	}
	return r, nil
}
