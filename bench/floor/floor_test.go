package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/linetest"
)

// tinyScale keeps every floor to at most ten thousand operations.
const tinyScale = 0.01

// extras is the workload-specific keys each floor reports, as bench does.
var extras = map[string]map[string]linetest.Kind{
	"call_soon":            {},
	"call_later":           {"note": linetest.String},
	"task_spawn":           {},
	"sleep0_switch":        {"tasks": linetest.Int, "rounds": linetest.Int},
	"future_pingpong":      {"unit": linetest.String},
	"to_thread":            {"executor_max_workers": linetest.Int, "inflight_bound": linetest.Int},
	"to_thread_coroutines": {"executor_max_workers": linetest.Int, "inflight_bound": linetest.Int},
	"to_thread_gathered":   {"executor_max_workers": linetest.Int, "inflight_bound": linetest.Int},
	"semaphore_contention": {"tasks": linetest.Int, "rounds": linetest.Int, "permits": linetest.Int},
	"gather_wide":          {"note": linetest.String},
	"gather_wide_lazy":     {"note": linetest.String},
	"pending_memory": {
		"kb_per_task": linetest.Number, "kb_per_task_rss": linetest.Number,
		"stack_kb_per_task": linetest.Number, "heap_kb_per_task": linetest.Number,
		"rss_before_kb": linetest.Int, "rss_after_kb": linetest.Int, "goroutines": linetest.Int,
	},
}

func TestEveryFloorKeepsTheContractAtATinyScale(t *testing.T) {
	require.Equal(t, slices.Sorted(maps.Keys(extras)), slices.Sorted(slices.Values(names())),
		"the test knows every floor")
	for _, wl := range workloads {
		t.Run(wl.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(&out, config{only: []string{wl.name}, scale: tinyScale, warmup: true}))
			lines := linetest.Lines(t, out.Bytes())
			require.Len(t, lines, 1, "one line per workload")
			byKey := linetest.Check(t, lines[0], wl.name, "rawgo", extras[wl.name])
			assert.Equal(t, wl.warm, byKey["warmup"].Raw, "warmed up unless pending_memory")
			if wl.name == "future_pingpong" {
				assert.Equal(t, "round_trip", byKey["unit"].Raw)
			}
		})
	}
}

func TestAllFloorsRunInOneProcessInTheContractOrder(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, config{scale: tinyScale / 10}))
	var got []string
	for line := range bytes.Lines(out.Bytes()) {
		var rec struct{ Workload, Impl string }
		require.NoError(t, json.Unmarshal(line, &rec))
		assert.Equal(t, "rawgo", rec.Impl)
		got = append(got, rec.Workload)
	}
	assert.Equal(t, []string{
		"call_soon", "call_later", "task_spawn", "sleep0_switch", "future_pingpong", "to_thread",
		"to_thread_coroutines", "to_thread_gathered", "semaphore_contention", "gather_wide", "gather_wide_lazy",
		"pending_memory",
	}, got)
}

func TestWorkloadsWithoutAFloorAndBadScalesAreUsageErrors(t *testing.T) {
	for _, name := range []string{"queue_throughput", "timeout_cancel", "nope"} {
		err := run(io.Discard, config{only: []string{"call_soon", name}, scale: 1})
		require.ErrorContains(t, err, `unknown workload "`+name+`"`)
		assert.True(t, errors.As(err, new(usageError)), "%s: exits 2 with the usage", name)
	}
	err := run(io.Discard, config{scale: 0})
	require.ErrorContains(t, err, "-scale must be positive")
	assert.True(t, errors.As(err, new(usageError)))
}

func TestAFailedResultCheckFailsTheRun(t *testing.T) {
	saved := workloads
	t.Cleanup(func() { workloads = saved })
	workloads = []workload{{"broken", 10, true, func(n int) (r result, err error) {
		r.sw.Begin()
		r.sw.End()
		return r, checkf("counter = %d, want %d", n-1, n)
	}}}
	var out bytes.Buffer
	err := run(&out, config{scale: 1, warmup: true})
	require.ErrorContains(t, err, "broken: warm-up: result check failed: counter = 0, want 1")
	assert.False(t, errors.As(err, new(usageError)), "a failed check exits 1")
	assert.Empty(t, out.String(), "no line for a failed workload")
}

func TestTheTimerHeapPopsByDeadlineThenSequence(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var h timerHeap
	var want []timer
	for i := range 1000 {
		tm := timer{when: time.Duration(rnd.IntN(50)), seq: uint64(i)} // many equal deadlines
		h.push(tm)
		want = append(want, tm)
	}
	slices.SortFunc(want, func(a, b timer) int {
		return cmp.Or(cmp.Compare(a.when, b.when), cmp.Compare(a.seq, b.seq))
	})
	for i, w := range want {
		got := h.pop()
		require.Equal(t, [2]any{w.when, w.seq}, [2]any{got.when, got.seq}, "pop %d", i)
	}
	assert.Empty(t, h)
}
