package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/goasyncio/asyncio/bench/internal/record"
	"github.com/goasyncio/asyncio/task"
)

// config is what the flags select.
type config struct {
	only         []string // workload names; empty for all
	scale        float64
	warmup       bool // run the 1/10-size warm-up before each workload that has one
	warmupMemory bool // warm up pending_memory too
	count        int  // runs of each workload, one line each; 0 means 1
}

func main() {
	var (
		only         = flag.String("only", "", "comma-separated workload names (default: all)")
		scale        = flag.Float64("scale", 1, "multiply every workload's N by this")
		noWarmup     = flag.Bool("no-warmup", false, "skip the 1/10-size warm-up runs")
		warmupMemory = flag.Bool("warmup-memory", false, "also warm up pending_memory (off by default)")
		count        = flag.Int("count", 1, "run each workload `n` times, one line each (to profile at the contract's sizes)")
		cpuProfile   = flag.String("cpuprofile", "", "write a CPU profile of the whole run to `file`")
		memProfile   = flag.String("memprofile", "", "write an allocation profile to `file` at the end")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: bench [-only NAME[,NAME...]] [-scale S] [flags]\n\nworkloads: %s\n\n",
			strings.Join(names(), ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfg := config{scale: *scale, warmup: !*noWarmup, warmupMemory: *warmupMemory, count: *count}
	for name := range strings.SplitSeq(*only, ",") {
		if name != "" {
			cfg.only = append(cfg.only, name)
		}
	}
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
	known := names()
	for _, name := range cfg.only {
		if !slices.Contains(known, name) {
			return fmt.Errorf("unknown workload %q; known: %s", name, strings.Join(known, ", "))
		}
	}
	if cfg.scale <= 0 {
		return fmt.Errorf("-scale must be positive, not %v", cfg.scale)
	}
	if cfg.count < 0 {
		return fmt.Errorf("-count must not be negative, not %d", cfg.count)
	}
	for _, wl := range workloads {
		if len(cfg.only) > 0 && !slices.Contains(cfg.only, wl.name) {
			continue
		}
		for range max(1, cfg.count) {
			line, err := runOne(wl, cfg)
			if err != nil {
				return fmt.Errorf("%s: %w", wl.name, err)
			}
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
	}
	return nil
}

// runOne runs one workload on a loop of its own, as a fresh peer process does: the
// warm-up at max(1, N/10), a collection, then the timed run. The loop is made and closed
// by task.Run, outside every timer.
func runOne(wl workload, cfg config) ([]byte, error) {
	n := max(1, int(float64(wl.n1)*cfg.scale))
	warm := cfg.warmup && (wl.warm || cfg.warmupMemory)
	var res result
	err := task.Run(func(ctx context.Context) error {
		if warm {
			if _, err := wl.run(ctx, max(1, n/10)); err != nil {
				return fmt.Errorf("warm-up: %w", err)
			}
		}
		runtime.GC()
		var err error
		res, err = wl.run(ctx, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	if res.n == 0 {
		res.n = n
	}
	return record.Line{
		Workload: wl.name, N: res.n, Impl: "goasyncio", Scale: cfg.scale, Warmup: warm,
		Timed: res.sw, Extra: res.extra,
	}.Encode()
}
