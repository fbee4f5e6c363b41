package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goasyncio/asyncio/bench/internal/driver"
)

// workload is one floor. Its Run does one run of size n and returns what it timed; it
// checks its result and returns an error when it is wrong.
type workload = driver.Workload[func(n int) (result, error)]

// result is what a run reports besides its JSON line's common fields.
type result = driver.Result

// workloads is the floors, in the contract's order. queue_throughput and timeout_cancel
// have none: no plain-Go program does the same work with less machinery than goasyncio's
// own. coroswitch, to_thread_coroutines, to_thread_gathered and gather_wide_lazy are not
// contract workloads but further floors of sleep0_switch, to_thread and gather_wide.
var workloads = []workload{
	{Name: "call_soon", N1: 1_000_000, Warm: true, Run: callSoon},
	{Name: "call_later", N1: 200_000, Warm: true, Run: callLater},
	{Name: "task_spawn", N1: 200_000, Warm: true, Run: taskSpawn},
	{Name: "sleep0_switch", N1: 1_000_000, Warm: true, Run: sleep0Switch},
	{Name: "coroswitch", N1: 1_000_000, Warm: true, Run: coroSwitch},
	{Name: "future_pingpong", N1: 200_000, Warm: true, Run: futurePingpong},
	{Name: "to_thread", N1: 50_000, Warm: true, Run: toThread},
	{Name: "to_thread_coroutines", N1: 50_000, Warm: true, Run: toThreadCoroutines},
	{Name: "to_thread_gathered", N1: 50_000, Warm: true, Run: toThreadGathered},
	{Name: "semaphore_contention", N1: 100_000, Warm: true, Run: semaphoreContention},
	{Name: "gather_wide", N1: 100_000, Warm: true, Run: gatherWide},
	{Name: "gather_wide_lazy", N1: 100_000, Warm: true, Run: gatherWideLazy},
	// Not warmed up, as in bench: freed memory would bias the RSS delta down.
	{Name: "pending_memory", N1: 100_000, Warm: false, Run: pendingMemory},
}

func main() {
	list := flag.Bool("list", false, "print the workload names, one a line, and exit")
	flags := driver.ParseCommandLine("floor [-only NAME[,NAME...]] [-scale S] [-no-warmup] [-list]", workloads)
	if *list {
		fmt.Println(strings.Join(driver.Names(workloads), "\n"))
		return
	}
	if err := run(os.Stdout, flags); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		if errors.As(err, new(driver.UsageError)) {
			flag.Usage()
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run runs the selected workloads in the contract's order and writes one JSON line for
// each to w. It stops at the first workload that fails its result check. A name without a
// floor and a scale that is not positive are driver.UsageErrors.
func run(w io.Writer, flags driver.Flags) error {
	sel := driver.Selection{Only: flags.Only, Scale: flags.Scale, Unknown: " (no raw floor)"}
	return driver.Run(w, workloads, sel, func(wl workload) ([]byte, error) { return runOne(wl, flags) })
}

// runOne runs one workload as bench does: the warm-up at max(1, N/10), a collection,
// then the timed run (driver.Measure).
func runOne(wl workload, flags driver.Flags) ([]byte, error) {
	warm := flags.Warmup && wl.Warm
	res, err := driver.Measure(wl.N(flags.Scale), warm, wl.Run)
	if err != nil {
		return nil, err
	}
	return res.Line(wl.Name, "rawgo", flags.Scale, warm)
}
