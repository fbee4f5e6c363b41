package executor_test

import (
	"runtime"
	"time"
)

var epoch = time.Now()

// nanotime is a monotonic clock reading for benchmarks.
func nanotime() int64 { return int64(time.Since(epoch)) }

// runtimeNumCPU is runtime.NumCPU, for the examples.
func runtimeNumCPU() int { return runtime.NumCPU() }
