// Package pendmem is pending_memory's measure, shared by bench (N pending tasks) and
// bench/floor (N parked coroutines): the memory a pending unit of work holds, read
// twice per run, before the N exist and while they are all pending.
//
// Two measures: kb_per_task_rss is the VmRSS delta per task, as peer_asyncio.py measures
// it; kb_per_task is the delta of the Go runtime's StackInuse+HeapInuse per task after
// runtime.GC(), split into stack_kb_per_task (the parked coroutines' stacks) and
// heap_kb_per_task (everything else).
package pendmem

import (
	"runtime"

	"github.com/goasyncio/asyncio/bench/internal/proc"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// Reading holds the two readings of one run. Take neither inside a timed span: both
// force a collection.
type Reading struct {
	m0, m1     runtime.MemStats
	rss0, rss1 int64
	goroutines int
}

// Before collects the heap and reads the memory in use: call it just before the first
// task is made.
func (r *Reading) Before() {
	runtime.GC()
	runtime.ReadMemStats(&r.m0)
	r.rss0 = proc.VmRSSKB()
}

// Pending reads the memory again while every task is pending: VmRSS first, as the peer
// does (no collection before it), then the goroutine count, then the runtime's counts
// after a collection.
func (r *Reading) Pending() {
	r.rss1 = proc.VmRSSKB()
	r.goroutines = runtime.NumGoroutine()
	runtime.GC()
	runtime.ReadMemStats(&r.m1)
}

// Fields are the line's extras for n pending tasks, in the contract's order.
func (r *Reading) Fields(n int) []record.Field {
	perTask := func(before, after uint64) record.Float {
		return record.Round((float64(after)-float64(before))/1024/float64(n), 3)
	}
	return []record.Field{
		record.KV("rss_before_kb", r.rss0),
		record.KV("rss_after_kb", r.rss1),
		record.KV("kb_per_task", perTask(r.m0.StackInuse+r.m0.HeapInuse, r.m1.StackInuse+r.m1.HeapInuse)),
		record.KV("kb_per_task_rss", record.Round(float64(r.rss1-r.rss0)/float64(n), 3)),
		record.KV("stack_kb_per_task", perTask(r.m0.StackInuse, r.m1.StackInuse)),
		record.KV("heap_kb_per_task", perTask(r.m0.HeapInuse, r.m1.HeapInuse)),
		record.KV("goroutines", r.goroutines), // while the tasks were pending
	}
}
