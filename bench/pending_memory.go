package main

import (
	"context"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/pendmem"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// pending_memory: with the heap collected, read the memory in use; spawn N tasks that
// each wait on one shared event; yield twice so every task parks; read the memory again;
// then set the event and gather the tasks. The time covers spawn + set + gather, not the
// two memory readings.
//
// Two measures (package pendmem): kb_per_task_rss is the VmRSS delta per task, as the
// peer measures it; kb_per_task is the delta of the Go runtime's StackInuse+HeapInuse per
// task after runtime.GC(), split into stack_kb_per_task (the parked coroutines' stacks)
// and heap_kb_per_task (task, future, context, closure and everything else).
func pendingMemory(ctx context.Context, n int) (r result, err error) {
	var ev locks.Event
	waiter := func(ctx context.Context) (struct{}, error) {
		return struct{}{}, ev.Wait(ctx)
	}

	var mem pendmem.Reading
	mem.Before()
	r.SW.Begin()
	tasks := make([]future.Awaitable[struct{}], n)
	for i := range tasks {
		tasks[i] = task.Spawn(ctx, waiter)
	}
	if err := task.Sleep(ctx, 0); err != nil { // let every task run to its first suspension
		return r, err
	}
	if err := task.Sleep(ctx, 0); err != nil {
		return r, err
	}
	r.SW.End()
	mem.Pending()
	r.SW.Begin()
	ev.Set()
	if _, err := gather.Gather(ctx, tasks...); err != nil {
		return r, err
	}
	r.SW.End()
	for i, aw := range tasks {
		if t := aw.(*task.Task[struct{}]); !t.Done() || t.Err() != nil {
			return r, driver.Checkf("task %d: done = %t, err = %v", i, t.Done(), t.Err())
		}
	}
	r.Extra = mem.Fields(n)
	return r, nil
}
