// Floor measures the raw-Go floor of the bench workloads that have one: the same
// operation as the workload, done with plain Go and the standard library only (slices,
// closures, a hand heap, iter.Pull coroutines, goroutines and channels) and nothing of
// goasyncio. Each floor is the least work any Go implementation of the definition must do
// given that tasks are coroutines (goasyncio's shape: a task is an iter.Pull coroutine, a
// callback is a closure); the project's speed goal is goasyncio within 1.5× of it.
//
// Usage:
//
//	go run ./bench/floor [-only NAME[,NAME...]] [-scale S] [-no-warmup] [-list]
//
// It prints the JSON lines of bench's contract (bench/README.md), with impl "rawgo": the
// same keys in the same order, N at scale 1, warm-up (max(1, N/10), none for
// pending_memory), timer placement and result checks; a failed check exits with status
// 1. The workloads: call_soon, call_later, task_spawn, sleep0_switch, coroswitch (one
// coroutine switched back and forth, hot in the cache: the least a switch costs; not a
// contract workload), future_pingpong, to_thread, to_thread_coroutines (to_thread with a coroutine parked per call in flight),
// to_thread_gathered (to_thread in the workload's shape: all N coroutines started at once,
// most parked waiting for a permit; the two are not contract workloads),
// semaphore_contention, gather_wide, gather_wide_lazy (gather_wide with each coroutine
// made and parked in turn, as a loop that starts bodies when it steps them does; not a
// contract workload) and pending_memory. queue_throughput and timeout_cancel
// have no floor; naming them, or any unknown name, prints the usage and exits with status
// 2. -list prints the names, one a line.
//
// Each workload's doc comment says what its floor stands for and what goasyncio adds.
package main
