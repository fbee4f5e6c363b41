package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/task"
)

// config is what the flags select: the shared ones (-only, -scale, -no-warmup) and
// bench's own.
type config struct {
	driver.Flags
	warmupMemory bool // warm up pending_memory too
	count        int  // runs of each workload, one line each; 0 means 1
}

func main() {
	var (
		warmupMemory = flag.Bool("warmup-memory", false, "also warm up pending_memory (off by default)")
		count        = flag.Int("count", 1, "run each workload `n` times, one line each (to profile at the contract's sizes)")
		cpuProfile   = flag.String("cpuprofile", "", "write a CPU profile of the whole run to `file`")
		memProfile   = flag.String("memprofile", "", "write an allocation profile to `file` at the end")
	)
	flags := driver.ParseCommandLine("bench [-only NAME[,NAME...]] [-scale S] [flags]", workloads)
	cfg := config{Flags: flags, warmupMemory: *warmupMemory, count: *count}
	if err := profiled(*cpuProfile, *memProfile, func() error { return run(os.Stdout, cfg) }); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// profiled runs fn under the CPU profiler when cpu names a file, and writes an
// allocation profile to mem when it names one.
func profiled(cpu, mem string, fn func() error) error {
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if err := fn(); err != nil {
		return err
	}
	if mem != "" {
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}

// run runs the selected workloads in the contract's order and writes one JSON line for
// each to w. It stops at the first workload that fails its result check.
func run(w io.Writer, cfg config) error {
	sel := driver.Selection{Only: cfg.Only, Scale: cfg.Scale, Count: cfg.count}
	return driver.Run(w, workloads, sel, func(wl workload) ([]byte, error) { return runOne(wl, cfg) })
}

// runOne runs one workload on a loop of its own, as a fresh peer process does: the
// warm-up at max(1, N/10), a collection, then the timed run (driver.Measure). The loop is
// made and closed by task.Run, outside every timer.
func runOne(wl workload, cfg config) ([]byte, error) {
	n := wl.N(cfg.Scale)
	warm := cfg.Warmup && (wl.Warm || cfg.warmupMemory)
	var res result
	err := task.Run(func(ctx context.Context) error {
		var err error
		res, err = driver.Measure(n, warm, func(n int) (result, error) { return wl.Run(ctx, n) })
		return err
	})
	if err != nil {
		return nil, err
	}
	return res.Line(wl.Name, "goasyncio", cfg.Scale, warm)
}
