package driver

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// Flags is what the flags both programs take select: -only, -scale and -no-warmup.
type Flags struct {
	Only   []string // workload names; empty for all
	Scale  float64  // multiplies every workload's N1
	Warmup bool     // run the 1/10-size warm-up before each workload that has one
}

// ParseCommandLine defines -only, -scale and -no-warmup next to the program's own flags,
// defined before it is called, and parses the command line (flag.Parse) with a usage that
// gives the synopsis, the workloads' names and the flags. Arguments left after the flags
// print the usage and exit with status 2, as a bad flag does.
func ParseCommandLine[F any](synopsis string, wls []Workload[F]) Flags {
	var (
		only     = flag.String("only", "", "comma-separated workload names (default: all)")
		scale    = flag.Float64("scale", 1, "multiply every workload's N by this")
		noWarmup = flag.Bool("no-warmup", false, "skip the 1/10-size warm-up runs")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s\n\nworkloads: %s\n\n", synopsis, strings.Join(Names(wls), ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	return Flags{Only: SplitNames(*only), Scale: *scale, Warmup: !*noWarmup}
}

// SplitNames is the names of a comma-separated -only flag, empty ones left out: nil for
// "", which selects every workload.
func SplitNames(list string) []string {
	var names []string
	for name := range strings.SplitSeq(list, ",") {
		if name != "" {
			names = append(names, name)
		}
	}
	return names
}
