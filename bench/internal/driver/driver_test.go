package driver

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/record"
)

// table is three workloads whose Run is the line each run writes.
var table = []Workload[string]{
	{Name: "a", N1: 10, Warm: true, Run: "a\n"},
	{Name: "b", N1: 20, Warm: true, Run: "b\n"},
	{Name: "c", N1: 30, Warm: false, Run: "c\n"},
}

// runTable runs sel of table and returns what it wrote, and the names of the workloads it ran.
func runTable(t *testing.T, sel Selection) (string, []string, error) {
	t.Helper()
	var out bytes.Buffer
	var ran []string
	err := Run(&out, table, sel, func(wl Workload[string]) ([]byte, error) {
		ran = append(ran, wl.Name)
		return []byte(wl.Run), nil
	})
	return out.String(), ran, err
}

func TestRunRunsTheSelectedWorkloadsInTheTablesOrder(t *testing.T) {
	out, _, err := runTable(t, Selection{Scale: 1})
	require.NoError(t, err)
	assert.Equal(t, "a\nb\nc\n", out, "all of them when Only is empty")

	out, _, err = runTable(t, Selection{Only: []string{"c", "a"}, Scale: 1})
	require.NoError(t, err)
	assert.Equal(t, "a\nc\n", out, "the table's order, not Only's")

	out, _, err = runTable(t, Selection{Only: []string{"b", "b"}, Scale: 1})
	require.NoError(t, err)
	assert.Equal(t, "b\n", out, "a name given twice runs once")
}

func TestCountRunsEachWorkloadThatManyTimesInARow(t *testing.T) {
	out, _, err := runTable(t, Selection{Only: []string{"a", "c"}, Scale: 1, Count: 3})
	require.NoError(t, err)
	assert.Equal(t, "a\na\na\nc\nc\nc\n", out)
	out, _, err = runTable(t, Selection{Only: []string{"a"}, Scale: 1, Count: 0})
	require.NoError(t, err)
	assert.Equal(t, "a\n", out, "a count of 0 runs once")
}

func TestUnknownNamesBadScalesAndBadCountsAreUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		sel  Selection
		want string
	}{
		{Selection{Only: []string{"a", "nope", "zzz"}, Scale: 1}, `unknown workload "nope"; known: a, b, c`},
		{Selection{Only: []string{"nope"}, Scale: 1, Unknown: " (no raw floor)"}, `unknown workload "nope" (no raw floor); known: a, b, c`},
		{Selection{Only: []string{"nope"}, Scale: 0, Count: -1}, `unknown workload "nope"; known: a, b, c`},
		{Selection{Scale: 0}, "-scale must be positive and finite, not 0"},
		{Selection{Scale: -0.5, Count: -1}, "-scale must be positive and finite, not -0.5"},
		{Selection{Scale: math.NaN()}, "-scale must be positive and finite, not NaN"},
		{Selection{Scale: math.Inf(1)}, "-scale must be positive and finite, not +Inf"},
		{Selection{Scale: 1, Count: -1}, "-count must not be negative, not -1"},
	} {
		require.EqualError(t, Check(table, tc.sel), tc.want)
		out, ran, err := runTable(t, tc.sel)
		require.EqualError(t, err, tc.want)
		assert.True(t, errors.As(err, new(UsageError)), "%s: a usage error", tc.want)
		assert.Empty(t, ran, "%s: nothing runs", tc.want)
		assert.Empty(t, out)
	}
}

func TestAFailedRunStopsTheRunAndWritesNoLineForIt(t *testing.T) {
	boom := errors.New("boom")
	var out bytes.Buffer
	var ran []string
	err := Run(&out, table, Selection{Scale: 1, Count: 2}, func(wl Workload[string]) ([]byte, error) {
		ran = append(ran, wl.Name)
		if wl.Name == "b" {
			return nil, boom
		}
		return []byte(wl.Run), nil
	})
	require.EqualError(t, err, "b: boom", "the workload's name first")
	assert.ErrorIs(t, err, boom)
	assert.False(t, errors.As(err, new(UsageError)), "a failed run is not a usage error")
	assert.Equal(t, []string{"a", "a", "b"}, ran, "nothing runs after it")
	assert.Equal(t, "a\na\n", out.String())
}

func TestAFailedWriteStopsTheRun(t *testing.T) {
	var ran []string
	err := Run(failingWriter{}, table, Selection{Scale: 1}, func(wl Workload[string]) ([]byte, error) {
		ran = append(ran, wl.Name)
		return []byte(wl.Run), nil
	})
	require.ErrorIs(t, err, io.ErrShortWrite)
	assert.Equal(t, []string{"a"}, ran)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

func TestNamesAndN(t *testing.T) {
	assert.Equal(t, []string{"a", "b", "c"}, Names(table))
	assert.Empty(t, Names[string](nil))
	wl := Workload[string]{N1: 1_000_000}
	assert.Equal(t, 1_000_000, wl.N(1))
	assert.Equal(t, 10_000, wl.N(0.01))
	assert.Equal(t, 1, wl.N(1e-9), "at least 1")
	assert.Equal(t, 33, Workload[string]{N1: 100}.N(1.0/3), "rounded down")
}

// runs records the sizes a Measure ran at.
type runs struct {
	sizes []int
	fail  map[int]error // the error of the run at a size
	n     int           // the Result's N, 0 to leave it to Measure
}

func (rs *runs) run(n int) (Result, error) {
	rs.sizes = append(rs.sizes, n)
	var r Result
	r.N = rs.n
	return r, rs.fail[n]
}

func TestMeasureWarmsUpAtATenthThenRunsTheTimedRun(t *testing.T) {
	var rs runs
	res, err := Measure(500, true, rs.run)
	require.NoError(t, err)
	assert.Equal(t, []int{50, 500}, rs.sizes)
	assert.Equal(t, 500, res.N, "N is the n it was given when the run leaves it 0")

	rs = runs{n: 7}
	res, err = Measure(5, true, rs.run)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 5}, rs.sizes, "the warm-up is at least 1")
	assert.Equal(t, 7, res.N, "the run's own N is kept")

	rs = runs{}
	_, err = Measure(500, false, rs.run)
	require.NoError(t, err)
	assert.Equal(t, []int{500}, rs.sizes, "no warm-up unless warm")
}

func TestMeasureSaysWhichRunFailed(t *testing.T) {
	check := Checkf("counter = %d, want %d", 0, 1)
	require.EqualError(t, check, "result check failed: counter = 0, want 1")

	rs := runs{fail: map[int]error{10: check}}
	_, err := Measure(100, true, rs.run)
	require.EqualError(t, err, "warm-up: result check failed: counter = 0, want 1")
	assert.ErrorIs(t, err, check)
	assert.Equal(t, []int{10}, rs.sizes, "no timed run after a failed warm-up")

	rs = runs{fail: map[int]error{100: check}}
	_, err = Measure(100, true, rs.run)
	require.Equal(t, check, err, "the timed run's error as it is")
}

func TestLineIsTheContractsLine(t *testing.T) {
	r := Result{N: 7, Extra: []record.Field{record.KV("unit", "round_trip")}}
	r.SW.Elapsed = time.Millisecond
	line, err := r.Line("future_pingpong", "rawgo", 0.5, true)
	require.NoError(t, err)
	// Every key but peak_rss_kb and go, which are the process's.
	assert.Contains(t, string(line), `{"workload": "future_pingpong", "n": 7, "seconds": 0.001, "ops_per_sec": 7000.0, `)
	assert.Contains(t, string(line), `"impl": "rawgo", `)
	assert.Contains(t, string(line), `"scale": 0.5, "warmup": true, "unit": "round_trip", "allocs_per_op": 0.0, "bytes_per_op": 0.0}`+"\n")
}

func TestSplitNamesLeavesOutEmptyNames(t *testing.T) {
	assert.Nil(t, SplitNames(""), "nil selects every workload")
	assert.Nil(t, SplitNames(",,"))
	assert.Equal(t, []string{"a", "c"}, SplitNames("a,,c,"))
}

// commandLine runs ParseCommandLine on args with a fresh flag set, defining the program's
// own flag -own first, and returns what it parsed and what the usage prints.
func commandLine(t *testing.T, args ...string) (Flags, bool, string) {
	t.Helper()
	savedSet, savedArgs, savedUsage := flag.CommandLine, os.Args, flag.Usage
	t.Cleanup(func() { flag.CommandLine, os.Args, flag.Usage = savedSet, savedArgs, savedUsage })
	flag.CommandLine = flag.NewFlagSet("prog", flag.ContinueOnError)
	var usage bytes.Buffer
	flag.CommandLine.SetOutput(&usage)
	os.Args = append([]string{"prog"}, args...)
	own := flag.Bool("own", false, "the program's own flag")
	f := ParseCommandLine("prog [-own] [flags]", table)
	flag.Usage()
	return f, *own, usage.String()
}

func TestParseCommandLineReadsTheSharedFlagsNextToTheProgramsOwn(t *testing.T) {
	f, own, usage := commandLine(t)
	assert.Equal(t, Flags{Scale: 1, Warmup: true}, f, "the defaults: every workload, scale 1, warmed up")
	assert.False(t, own)
	assert.Equal(t, "usage: prog [-own] [flags]\n\nworkloads: a, b, c\n\n"+
		"  -no-warmup\n    \tskip the 1/10-size warm-up runs\n"+
		"  -only string\n    \tcomma-separated workload names (default: all)\n"+
		"  -own\n    \tthe program's own flag\n"+
		"  -scale float\n    \tmultiply every workload's N by this (default 1)\n", usage)

	f, own, _ = commandLine(t, "-only", "c,,a", "-scale", "0.5", "-no-warmup", "-own")
	assert.Equal(t, Flags{Only: []string{"c", "a"}, Scale: 0.5, Warmup: false}, f)
	assert.True(t, own)
}
