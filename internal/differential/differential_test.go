package differential_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/internal/virtual"
)

// scenario is one entry of testdata/FAMILY.json, written by gen.py.
type scenario struct {
	Seed    string   `json:"seed"`    // its name and random seed: "lock-17"
	Value   int      `json:"value"`   // semaphore: the initial value
	Bounded bool     `json:"bounded"` // semaphore: a BoundedSemaphore
	Parties int      `json:"parties"` // barrier
	Kind    string   `json:"kind"`    // queue: fifo, lifo or priority
	Maxsize int      `json:"maxsize"` // queue
	Ops     []string `json:"ops"`     // what the main task does, in order
	Log     []string `json:"log"`     // what CPython 3.13 logged
}

// families maps each corpus file to the replay of its scenarios (replay_test.go).
var families = []struct {
	name   string
	replay func(r *replay, sc scenario) error
}{
	{"semaphore", replaySemaphore},
	{"lock", replayLock},
	{"condition", replayCondition},
	{"barrier", replayBarrier},
	{"event", replayEvent},
	{"queue", replayQueue},
}

// fullReports is how many mismatches per family are reported with both logs; the
// later ones get one line each.
const fullReports = 3

func TestMatchesCPython(t *testing.T) {
	for _, fam := range families {
		t.Run(fam.name, func(t *testing.T) {
			t.Parallel()
			scenarios := load(t, fam.name)
			failed := 0
			for _, sc := range scenarios {
				t.Run(sc.Seed, func(t *testing.T) {
					r := &replay{}
					err := virtual.Run(func(ctx context.Context) error {
						r.ctx = ctx
						return fam.replay(r, sc)
					})
					got := r.log // all of it, even when the replay failed half way
					line, differs := firstDifference(sc.Log, got)
					if err != nil || differs {
						failed++
						msg := "log differs from CPython 3.13's"
						if err != nil { // e.g. the virtual clock found every task waiting forever
							msg = "the replay failed: " + err.Error()
						}
						assert.Fail(t, msg, report(sc, got, line, failed <= fullReports))
					}
				})
			}
			if failed > 0 {
				t.Logf("%s: %d of %d scenarios differ from CPython or fail", fam.name, failed, len(scenarios))
			}
		})
	}
}

// load reads testdata/FAMILY.json.
func load(t *testing.T, family string) []scenario {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", family+".json"))
	require.NoError(t, err)
	var scenarios []scenario
	require.NoError(t, json.Unmarshal(b, &scenarios), "testdata/%s.json", family)
	require.NotEmpty(t, scenarios, "testdata/%s.json", family)
	return scenarios
}

// firstDifference returns the index of the first line where want and got differ.
func firstDifference(want, got []string) (int, bool) {
	for i := range max(len(want), len(got)) {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			return i, true
		}
	}
	return 0, false
}

// report describes a mismatch: the scenario, the first line that differs and, if full,
// the scenario's ops and both logs.
func report(sc scenario, got []string, line int, full bool) string {
	at := func(log []string) string {
		if line < len(log) {
			return strconv.Quote(log[line])
		}
		return "(end of log)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s, first difference at log line %d:\n", sc.Seed, line+1)
	fmt.Fprintf(&b, "  cpython: %s\n  go:      %s\n", at(sc.Log), at(got))
	if !full {
		return b.String()
	}
	fmt.Fprintf(&b, "(CPython's run: PYENV_VERSION=3.13.0 python3 internal/differential/gen.py %s)\n", sc.Seed)
	family, _, _ := strings.Cut(sc.Seed, "-")
	switch family {
	case "semaphore":
		fmt.Fprintf(&b, "value %d, bounded %v\n", sc.Value, sc.Bounded)
	case "barrier":
		fmt.Fprintf(&b, "parties %d\n", sc.Parties)
	case "queue":
		fmt.Fprintf(&b, "kind %s, maxsize %d\n", sc.Kind, sc.Maxsize)
	}
	b.WriteString("ops:\n")
	for _, op := range sc.Ops {
		fmt.Fprintf(&b, "  %s\n", op)
	}
	for _, side := range []struct {
		name string
		log  []string
	}{{"cpython", sc.Log}, {"go", got}} {
		fmt.Fprintf(&b, "%s log:\n", side.name)
		for i, l := range side.log {
			mark := " "
			if i == line {
				mark = ">"
			}
			fmt.Fprintf(&b, "%s %2d %s\n", mark, i+1, l)
		}
	}
	return b.String()
}
