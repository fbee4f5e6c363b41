package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// tinyScale keeps every workload to at most ten thousand operations (enough for the queue
// to fill, so Put waits too) and the whole test to a couple of seconds under -race.
const tinyScale = 0.01

// kind is a JSON type as the contract names it.
type kind int

const (
	kString kind = iota
	kInt
	kFloat
	kBool
	kNumber // int or float
)

func (k kind) String() string {
	return [...]string{"string", "int", "float", "bool", "number"}[k]
}

// required is the contract's required keys, in order.
var required = []struct {
	key  string
	kind kind
}{
	{"workload", kString},
	{"n", kInt},
	{"seconds", kFloat},
	{"ops_per_sec", kFloat},
	{"peak_rss_kb", kInt},
	{"impl", kString},
}

// extras is the workload-specific keys the contract asks for.
var extras = map[string]map[string]kind{
	"call_soon":            {},
	"call_later":           {},
	"task_spawn":           {},
	"sleep0_switch":        {"tasks": kInt, "rounds": kInt},
	"future_pingpong":      {"unit": kString},
	"to_thread":            {"executor_max_workers": kInt, "inflight_bound": kInt},
	"semaphore_contention": {"tasks": kInt, "rounds": kInt, "permits": kInt},
	"queue_throughput":     {},
	"gather_wide":          {},
	"pending_memory": {
		"kb_per_task": kNumber, "kb_per_task_rss": kNumber,
		"rss_before_kb": kInt, "rss_after_kb": kInt,
	},
	"timeout_cancel": {},
}

// value is one key of a decoded line, with its raw JSON kind.
type value struct {
	key  string
	kind kind
	raw  any // string, bool, or the number's text
}

// decodeLine reads one JSON object keeping its keys in order and telling ints from floats
// by their text, as Python's json module does.
func decodeLine(t *testing.T, line []byte) []value {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok, "a line is one JSON object")
	var vs []value
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		key, ok := k.(string)
		require.True(t, ok)
		tok, err := dec.Token()
		require.NoError(t, err)
		v := value{key: key, raw: tok}
		switch x := tok.(type) {
		case string:
			v.kind = kString
		case bool:
			v.kind = kBool
		case json.Number:
			v.raw = string(x)
			v.kind = kInt
			if strings.ContainsAny(string(x), ".eE") {
				v.kind = kFloat
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

func matches(k, want kind) bool {
	return k == want || (want == kNumber && (k == kInt || k == kFloat))
}

func TestEveryWorkloadKeepsTheContractAtATinyScale(t *testing.T) {
	require.Len(t, workloads, 11, "the contract has eleven workloads")
	for _, wl := range workloads {
		t.Run(wl.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(&out, config{only: []string{wl.name}, scale: tinyScale, warmup: true}))
			lines := bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n"))
			require.Len(t, lines, 1, "one line per workload")
			vs := decodeLine(t, lines[0])

			require.GreaterOrEqual(t, len(vs), len(required))
			for i, r := range required {
				assert.Equal(t, r.key, vs[i].key, "required key %d", i)
				assert.Equal(t, r.kind, vs[i].kind, "type of %q", r.key)
			}
			byKey := map[string]value{}
			for _, v := range vs {
				_, dup := byKey[v.key]
				require.False(t, dup, "key %q appears twice", v.key)
				byKey[v.key] = v
			}
			assert.Equal(t, wl.name, byKey["workload"].raw)
			assert.Equal(t, "goasyncio", byKey["impl"].raw)
			for key, k := range extras[wl.name] {
				v, ok := byKey[key]
				if assert.True(t, ok, "workload extra %q missing", key) {
					assert.True(t, matches(v.kind, k), "%q is a %v, want a %v", key, v.kind, k)
				}
			}

			n, err := strconv.Atoi(byKey["n"].raw.(string))
			require.NoError(t, err)
			assert.Positive(t, n)
			secs, err := strconv.ParseFloat(byKey["seconds"].raw.(string), 64)
			require.NoError(t, err)
			assert.Positive(t, secs)
			if wl.name == "future_pingpong" {
				assert.Equal(t, "round_trip", byKey["unit"].raw)
			}
		})
	}
}

func TestAllWorkloadsRunInOneProcessInTheContractOrder(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, config{scale: tinyScale / 10}))
	var got []string
	for line := range bytes.Lines(out.Bytes()) {
		var rec struct{ Workload string }
		require.NoError(t, json.Unmarshal(line, &rec))
		got = append(got, rec.Workload)
	}
	assert.Equal(t, []string{
		"call_soon", "call_later", "task_spawn", "sleep0_switch", "future_pingpong", "to_thread",
		"semaphore_contention", "queue_throughput", "gather_wide", "pending_memory", "timeout_cancel",
	}, got)
}

func TestAFailedResultCheckFailsTheRun(t *testing.T) {
	saved := workloads
	t.Cleanup(func() { workloads = saved })
	workloads = []workload{{"broken", 10, true, func(ctx context.Context, n int) (r result, err error) {
		r.sw.begin()
		r.sw.end()
		return r, checkf("counter = %d, want %d", n-1, n)
	}}}
	var out bytes.Buffer
	err := run(&out, config{scale: 1, warmup: true})
	require.ErrorContains(t, err, "broken: warm-up: result check failed: counter = 0, want 1")
	assert.Empty(t, out.String(), "no line for a failed workload")
}

func TestUnknownWorkloadsAndBadScalesAreRefused(t *testing.T) {
	err := run(io.Discard, config{only: []string{"call_soon", "nope"}, scale: 1})
	require.ErrorContains(t, err, `unknown workload "nope"`)
	err = run(io.Discard, config{scale: 0})
	require.ErrorContains(t, err, "-scale must be positive")
	err = run(io.Discard, config{scale: 1, count: -1})
	require.ErrorContains(t, err, "-count must not be negative")
}

func TestCountRunsAWorkloadThatManyTimes(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, config{only: []string{"future_pingpong"}, scale: tinyScale, count: 3}))
	assert.Equal(t, 3, bytes.Count(out.Bytes(), []byte(`"workload": "future_pingpong"`)))
}

func TestPyRandomDrawsPythonsDelays(t *testing.T) {
	// python3 -c 'import random; r = random.Random(12345); print([r.uniform(0, 0.05) for _ in range(5)])'
	want := []float64{0.02083099362726706, 0.000508458472853418, 0.04126032546268716,
		0.01493199275997964, 0.018420584474423785}
	r := newPyRandom(12345)
	for i, w := range want {
		assert.Equal(t, w, r.uniform(0, 0.05), "draw %d", i)
	}
}

func TestFloatsAlwaysReadBackAsFloats(t *testing.T) {
	line, err := encodeLine([]field{{"a", float(1)}, {"b", round(0.1234567, 6)}, {"c", float(1e-7)}, {"d", 3}})
	require.NoError(t, err)
	assert.Equal(t, `{"a": 1.0, "b": 0.123457, "c": 1e-07, "d": 3}`+"\n", string(line))
	_, err = encodeLine([]field{{"x", float(math.NaN())}})
	assert.ErrorContains(t, err, "not a JSON number")
}
