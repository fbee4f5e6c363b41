package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/goasyncio/asyncio/bench/internal/record"
	"github.com/goasyncio/asyncio/bench/internal/stopwatch"
)

// workload is one floor. run does one run of size n and returns what it timed; it checks
// its result and returns an error when it is wrong.
type workload struct {
	name string
	n1   int  // N at scale 1: the contract's N for the workload it is the floor of
	warm bool // warmed up at N/10 first
	run  func(n int) (result, error)
}

// result is what a run reports besides its JSON line's common fields.
type result struct {
	sw    stopwatch.Stopwatch
	n     int            // operations timed; 0 means the n the run was given
	extra []record.Field // workload-specific keys, in order
}

// workloads is the floors, in the contract's order. queue_throughput and timeout_cancel
// have none: no plain-Go program does the same work with less machinery than goasyncio's
// own. to_thread_coroutines, to_thread_gathered and gather_wide_lazy are not contract
// workloads but further floors of to_thread and gather_wide.
var workloads = []workload{
	{"call_soon", 1_000_000, true, callSoon},
	{"call_later", 200_000, true, callLater},
	{"task_spawn", 200_000, true, taskSpawn},
	{"sleep0_switch", 1_000_000, true, sleep0Switch},
	{"future_pingpong", 200_000, true, futurePingpong},
	{"to_thread", 50_000, true, toThread},
	{"to_thread_coroutines", 50_000, true, toThreadCoroutines},
	{"to_thread_gathered", 50_000, true, toThreadGathered},
	{"semaphore_contention", 100_000, true, semaphoreContention},
	{"gather_wide", 100_000, true, gatherWide},
	{"gather_wide_lazy", 100_000, true, gatherWideLazy},
	// Not warmed up, as in bench: freed memory would bias the RSS delta down.
	{"pending_memory", 100_000, false, pendingMemory},
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

// config is what the flags select.
type config struct {
	only   []string // workload names; empty for all
	scale  float64
	warmup bool // run the 1/10-size warm-up before each workload that has one
}

// usageError is a bad flag value: the program prints the usage and exits with status 2.
type usageError struct{ error }

func main() {
	var (
		only     = flag.String("only", "", "comma-separated workload names (default: all)")
		scale    = flag.Float64("scale", 1, "multiply every workload's N by this")
		noWarmup = flag.Bool("no-warmup", false, "skip the 1/10-size warm-up runs")
		list     = flag.Bool("list", false, "print the workload names, one a line, and exit")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(),
			"usage: floor [-only NAME[,NAME...]] [-scale S] [-no-warmup] [-list]\n\nworkloads: %s\n\n",
			strings.Join(names(), ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *list {
		fmt.Println(strings.Join(names(), "\n"))
		return
	}
	cfg := config{scale: *scale, warmup: !*noWarmup}
	for name := range strings.SplitSeq(*only, ",") {
		if name != "" {
			cfg.only = append(cfg.only, name)
		}
	}
	if err := run(os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		if errors.As(err, new(usageError)) {
			flag.Usage()
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run runs the selected workloads in the contract's order and writes one JSON line for
// each to w. It stops at the first workload that fails its result check.
func run(w io.Writer, cfg config) error {
	known := names()
	for _, name := range cfg.only {
		if !slices.Contains(known, name) {
			return usageError{fmt.Errorf("unknown workload %q (no raw floor); known: %s", name, strings.Join(known, ", "))}
		}
	}
	if cfg.scale <= 0 {
		return usageError{fmt.Errorf("-scale must be positive, not %v", cfg.scale)}
	}
	for _, wl := range workloads {
		if len(cfg.only) > 0 && !slices.Contains(cfg.only, wl.name) {
			continue
		}
		line, err := runOne(wl, cfg)
		if err != nil {
			return fmt.Errorf("%s: %w", wl.name, err)
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// runOne runs one workload as bench does: the warm-up at max(1, N/10), a collection,
// then the timed run.
func runOne(wl workload, cfg config) ([]byte, error) {
	n := max(1, int(float64(wl.n1)*cfg.scale))
	warm := cfg.warmup && wl.warm
	if warm {
		if _, err := wl.run(max(1, n/10)); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}
	runtime.GC()
	res, err := wl.run(n)
	if err != nil {
		return nil, err
	}
	if res.n == 0 {
		res.n = n
	}
	return record.Line{
		Workload: wl.name, N: res.n, Impl: "rawgo", Scale: cfg.scale, Warmup: warm,
		Timed: res.sw, Extra: res.extra,
	}.Encode()
}
