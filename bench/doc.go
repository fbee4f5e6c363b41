// Bench runs goasyncio's side of the side-by-side benchmark against CPython's asyncio and
// uvloop: eleven workloads, each ported from peer/peer_asyncio.py with the same structure,
// sizes, warm-up, timing rules and result checks, printing one JSON line per workload.
//
// Usage:
//
//	go run ./bench [-only NAME[,NAME...]] [-scale S] [-no-warmup] [-warmup-memory]
//	               [-count N] [-cpuprofile FILE] [-memprofile FILE]
//
// The flags:
//
//	-only           comma-separated workload names; all eleven by default
//	-scale          multiplies every workload's N (N at scale 1 is the contract's)
//	-no-warmup      skips the warm-up runs
//	-warmup-memory  warms up pending_memory too (it is not, by default)
//	-count          runs each workload N times, one line each (to profile at the contract's sizes)
//	-cpuprofile     writes a CPU profile of the whole run (read it with go tool pprof -top)
//	-memprofile     writes an allocation profile at the end (pprof -sample_index=alloc_space)
//
// # The contract
//
// Each workload runs on a fresh loop made by [task.Run]: a warm-up at max(1, N/10) (except
// pending_memory), a collection, then the timed run. The timer starts just before the
// first piece of work is scheduled and stops once the last completion has been observed;
// loop construction and teardown and input data (the call_later delays) are outside it.
// After the timer stops the result is checked (counter, sum), and a wrong one ends the
// program with a message on stderr and exit status 1.
//
// Each line is one JSON object whose first keys are, in this order: workload (string), n
// (int, operations timed), seconds (float, 6 decimals), ops_per_sec (float), peak_rss_kb
// (int, getrusage's ru_maxrss) and impl ("goasyncio"). Then come go (the Go version),
// scale, warmup, the workload's extras (tasks, rounds, permits, unit, maxsize,
// executor_max_workers, inflight_bound; for pending_memory rss_before_kb, rss_after_kb,
// kb_per_task = Δ(StackInuse+HeapInuse)/N after runtime.GC(), kb_per_task_rss = ΔVmRSS/N,
// the one comparable with CPython's, and their stack/heap split), and last allocs_per_op
// and bytes_per_op, what the process allocated during the timed run divided by n.
//
// peer/compare.py builds this program and runs it interleaved with the peers, one fresh
// process per workload, and prints the table of medians and ratios; see README.md.
package main
