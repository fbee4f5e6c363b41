// Package linetest checks the benchmark's JSON lines against the output contract of
// bench/README.md, for the tests of bench and bench/floor. It reads a line keeping its
// keys in order and telling ints from floats by their text, as Python's json module does.
// It also has the broken workload both tests run, to see that a failed result check
// writes no line.
package linetest

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/driver"
)

// Kind is a JSON type as the contract names it.
type Kind int

// The kinds.
const (
	String Kind = iota
	Int
	Float
	Bool
	Number // int or float
)

func (k Kind) String() string {
	return [...]string{"string", "int", "float", "bool", "number"}[k]
}

// Required is the contract's required keys, in order.
var Required = []struct {
	Key  string
	Kind Kind
}{
	{"workload", String},
	{"n", Int},
	{"seconds", Float},
	{"ops_per_sec", Float},
	{"peak_rss_kb", Int},
	{"impl", String},
}

// Contract is the contract's eleven workloads, in its order.
var Contract = []string{
	"call_soon", "call_later", "task_spawn", "sleep0_switch", "future_pingpong", "to_thread",
	"semaphore_contention", "queue_throughput", "gather_wide", "pending_memory", "timeout_cancel",
}

// Extras is the workload-specific keys, and their kinds, of each contract workload's line:
// bench's, and the floor's for the workload it is the floor of.
var Extras = map[string]map[string]Kind{
	"call_soon":            {},
	"call_later":           {"note": String},
	"task_spawn":           {},
	"sleep0_switch":        {"tasks": Int, "rounds": Int},
	"future_pingpong":      {"unit": String},
	"to_thread":            {"executor_max_workers": Int, "inflight_bound": Int},
	"semaphore_contention": {"tasks": Int, "rounds": Int, "permits": Int},
	"queue_throughput":     {"maxsize": Int},
	"gather_wide":          {"note": String},
	"pending_memory": {
		"kb_per_task": Number, "kb_per_task_rss": Number,
		"stack_kb_per_task": Number, "heap_kb_per_task": Number,
		"rss_before_kb": Int, "rss_after_kb": Int, "goroutines": Int,
	},
	"timeout_cancel": {},
}

// Value is one key of a decoded line, with its raw JSON kind.
type Value struct {
	Key  string
	Kind Kind
	Raw  any // string, bool, or the number's text
}

// Decode reads one JSON object, keys in order.
func Decode(t *testing.T, line []byte) []Value {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok, "a line is one JSON object")
	var vs []Value
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		key, ok := k.(string)
		require.True(t, ok)
		tok, err := dec.Token()
		require.NoError(t, err)
		v := Value{Key: key, Raw: tok}
		switch x := tok.(type) {
		case string:
			v.Kind = String
		case bool:
			v.Kind = Bool
		case json.Number:
			v.Raw = string(x)
			v.Kind = Int
			if strings.ContainsAny(string(x), ".eE") {
				v.Kind = Float
			}
		default:
			t.Fatalf("key %q: unexpected JSON value %v", key, tok)
		}
		vs = append(vs, v)
	}
	tok, err = dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('}'), tok)
	_, err = dec.Token()
	require.ErrorIs(t, err, io.EOF, "nothing follows the object")
	return vs
}

// Matches tells whether a value of kind k is what want asks for.
func Matches(k, want Kind) bool {
	return k == want || (want == Number && (k == Int || k == Float))
}

// Check decodes one line and checks it against the contract: the required keys first, in
// order and of their kinds, no key twice, the workload and impl named, every key of extras
// present with its kind, n and seconds positive. It returns the line's values by key.
func Check(t *testing.T, line []byte, workload, impl string, extras map[string]Kind) map[string]Value {
	t.Helper()
	vs := Decode(t, line)
	require.GreaterOrEqual(t, len(vs), len(Required))
	for i, r := range Required {
		assert.Equal(t, r.Key, vs[i].Key, "required key %d", i)
		assert.Equal(t, r.Kind, vs[i].Kind, "type of %q", r.Key)
	}
	byKey := map[string]Value{}
	for _, v := range vs {
		_, dup := byKey[v.Key]
		require.False(t, dup, "key %q appears twice", v.Key)
		byKey[v.Key] = v
	}
	assert.Equal(t, workload, byKey["workload"].Raw)
	assert.Equal(t, impl, byKey["impl"].Raw)
	for key, k := range extras {
		v, ok := byKey[key]
		if assert.True(t, ok, "workload extra %q missing", key) {
			assert.True(t, Matches(v.Kind, k), "%q is a %v, want a %v", key, v.Kind, k)
		}
	}
	n, err := strconv.Atoi(byKey["n"].Raw.(string))
	require.NoError(t, err)
	assert.Positive(t, n)
	secs, err := strconv.ParseFloat(byKey["seconds"].Raw.(string), 64)
	require.NoError(t, err)
	assert.Positive(t, secs)
	return byKey
}

// Lines splits a program's output into its lines, checking it ends with a newline.
func Lines(t *testing.T, out []byte) [][]byte {
	t.Helper()
	require.True(t, bytes.HasSuffix(out, []byte("\n")), "the output ends with a newline")
	return bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
}

// Alone checks a program's output when it ran one workload alone: one line, which keeps
// the contract (Check) with the given extras, says whether it was warmed up as warm does,
// and for future_pingpong counts round trips.
func Alone(t *testing.T, out []byte, workload, impl string, warm bool, extras map[string]Kind) {
	t.Helper()
	lines := Lines(t, out)
	require.Len(t, lines, 1, "one line per workload")
	byKey := Check(t, lines[0], workload, impl, extras)
	assert.Equal(t, warm, byKey["warmup"].Raw, "warmed up unless pending_memory")
	if workload == "future_pingpong" {
		assert.Equal(t, "round_trip", byKey["unit"].Raw)
	}
}

// Workloads is the workloads a program's output has a line for, in order, checking that
// every line names impl.
func Workloads(t *testing.T, out []byte, impl string) []string {
	t.Helper()
	var got []string
	for line := range bytes.Lines(out) {
		var rec struct{ Workload, Impl string }
		require.NoError(t, json.Unmarshal(line, &rec))
		assert.Equal(t, impl, rec.Impl)
		got = append(got, rec.Workload)
	}
	return got
}

// Broken is the run of a workload named "broken" whose result check fails: it times
// nothing and counts n−1 of n.
func Broken(n int) (r driver.Result, err error) {
	r.SW.Begin()
	r.SW.End()
	return r, driver.Checkf("counter = %d, want %d", n-1, n)
}

// BrokenFails checks what a program did when it ran Broken alone, warmed up: it failed
// at the warm-up, with the workload's name and the check's reason, and wrote no line.
func BrokenFails(t *testing.T, err error, out []byte) {
	t.Helper()
	require.ErrorContains(t, err, "broken: warm-up: result check failed: counter = 0, want 1")
	assert.Empty(t, string(out), "no line for a failed workload")
}
