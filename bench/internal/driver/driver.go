// Package driver selects and runs the workloads of bench and bench/floor, in the
// contract's order, and writes their JSON lines (bench/README.md). Each program keeps its
// own table of workloads and its own way of running one (bench's inside task.Run with the
// task's ctx, the floor's plainly); the selection, the warm-up, collection and timed run,
// and the line are the same for both, and are here.
package driver

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/goasyncio/asyncio/bench/internal/record"
	"github.com/goasyncio/asyncio/bench/internal/stopwatch"
)

// Workload is one row of a program's table. Run does one run of size n, in the program's
// own signature F, and returns what it timed; it checks its result and returns an error
// (Checkf) when it is wrong.
type Workload[F any] struct {
	Name string
	N1   int  // N at scale 1: the contract's
	Warm bool // warmed up at N/10 first
	Run  F
}

// N is the workload's N at scale: N1·scale rounded down, at least 1.
func (wl Workload[F]) N(scale float64) int { return max(1, int(float64(wl.N1)*scale)) }

// Names is the workloads' names, in the table's order.
func Names[F any](wls []Workload[F]) []string {
	ns := make([]string, len(wls))
	for i, wl := range wls {
		ns[i] = wl.Name
	}
	return ns
}

// Result is what a run reports besides its JSON line's common fields.
type Result struct {
	SW    stopwatch.Stopwatch
	N     int            // operations timed; 0 means the n the run was given
	Extra []record.Field // workload-specific keys, in order
}

// Checkf is a failed result check.
func Checkf(format string, args ...any) error {
	return fmt.Errorf("result check failed: "+format, args...)
}

// UsageError is a selection the program cannot run: a name no workload has, or a scale or
// count out of range. The floor prints its usage and exits with status 2 on one; bench
// exits with status 1, as on any other error.
type UsageError struct{ error }

func (e UsageError) Unwrap() error { return e.error }

// Selection is what a program's flags select of its table.
type Selection struct {
	Only  []string // workload names; empty for all
	Scale float64  // multiplies every workload's N1; must be positive and finite
	Count int      // runs of each workload, one line each; 0 means 1
	// Unknown follows the name in the error for a name no workload has: what the
	// program says of it (the floor: " (no raw floor)"), or "".
	Unknown string
}

// Check refuses a selection wls cannot run, with a UsageError: a name in Only that no
// workload has (the first one), then a scale that is not a positive finite number, then a
// negative count.
func Check[F any](wls []Workload[F], sel Selection) error {
	known := Names(wls)
	for _, name := range sel.Only {
		if !slices.Contains(known, name) {
			return UsageError{fmt.Errorf("unknown workload %q%s; known: %s", name, sel.Unknown, strings.Join(known, ", "))}
		}
	}
	if !(sel.Scale > 0) || math.IsInf(sel.Scale, 1) { // also refuses NaN and +Inf
		return UsageError{fmt.Errorf("-scale must be positive and finite, not %v", sel.Scale)}
	}
	if sel.Count < 0 {
		return UsageError{fmt.Errorf("-count must not be negative, not %d", sel.Count)}
	}
	return nil
}

// Run checks sel (Check), then runs the selected workloads in the table's order, not the
// order Only names them in, each Count times, and writes the line one returns for each run
// to w. It stops at the first run that fails (a failed result check), with an error that
// starts with the workload's name, and writes no line for it.
func Run[F any](w io.Writer, wls []Workload[F], sel Selection, one func(Workload[F]) ([]byte, error)) error {
	if err := Check(wls, sel); err != nil {
		return err
	}
	for _, wl := range wls {
		if len(sel.Only) > 0 && !slices.Contains(sel.Only, wl.Name) {
			continue
		}
		for range max(1, sel.Count) {
			line, err := one(wl)
			if err != nil {
				return fmt.Errorf("%s: %w", wl.Name, err)
			}
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
	}
	return nil
}

// Measure runs a workload as a fresh peer process does: when warm, a warm-up run at
// max(1, n/10) (its error says "warm-up"), then a collection, then the timed run of size
// n, whose result it returns with N set to n if the run left it 0.
func Measure(n int, warm bool, run func(n int) (Result, error)) (Result, error) {
	if warm {
		if _, err := run(max(1, n/10)); err != nil {
			return Result{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	runtime.GC()
	res, err := run(n)
	if err != nil {
		return Result{}, err
	}
	if res.N == 0 {
		res.N = n
	}
	return res, nil
}

// Line is the JSON line of a timed run of the named workload (record.Line).
func (r Result) Line(workload, impl string, scale float64, warm bool) ([]byte, error) {
	return record.Line{
		Workload: workload, N: r.N, Impl: impl, Scale: scale, Warmup: warm,
		Timed: r.SW, Extra: r.Extra,
	}.Encode()
}
