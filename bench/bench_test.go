package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/linetest"
)

// tinyScale keeps every workload to at most ten thousand operations (enough for the queue
// to fill, so Put waits too) and the whole test to a couple of seconds under -race.
const tinyScale = 0.01

// extras is the workload-specific keys the contract asks for.
var extras = map[string]map[string]linetest.Kind{
	"call_soon":            {},
	"call_later":           {},
	"task_spawn":           {},
	"sleep0_switch":        {"tasks": linetest.Int, "rounds": linetest.Int},
	"future_pingpong":      {"unit": linetest.String},
	"to_thread":            {"executor_max_workers": linetest.Int, "inflight_bound": linetest.Int},
	"semaphore_contention": {"tasks": linetest.Int, "rounds": linetest.Int, "permits": linetest.Int},
	"queue_throughput":     {},
	"gather_wide":          {},
	"pending_memory": {
		"kb_per_task": linetest.Number, "kb_per_task_rss": linetest.Number,
		"rss_before_kb": linetest.Int, "rss_after_kb": linetest.Int,
	},
	"timeout_cancel": {},
}

func TestEveryWorkloadKeepsTheContractAtATinyScale(t *testing.T) {
	require.Len(t, workloads, 11, "the contract has eleven workloads")
	for _, wl := range workloads {
		t.Run(wl.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(&out, config{only: []string{wl.name}, scale: tinyScale, warmup: true}))
			lines := linetest.Lines(t, out.Bytes())
			require.Len(t, lines, 1, "one line per workload")
			byKey := linetest.Check(t, lines[0], wl.name, "goasyncio", extras[wl.name])
			if wl.name == "future_pingpong" {
				assert.Equal(t, "round_trip", byKey["unit"].Raw)
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
		r.sw.Begin()
		r.sw.End()
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
