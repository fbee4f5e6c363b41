package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/linetest"
)

// tinyScale keeps every workload to at most ten thousand operations (enough for the queue
// to fill, so Put waits too) and the whole test to a couple of seconds under -race.
const tinyScale = 0.01

func TestEveryWorkloadKeepsTheContractAtATinyScale(t *testing.T) {
	require.Len(t, workloads, 11, "the contract has eleven workloads")
	require.ElementsMatch(t, slices.Collect(maps.Keys(linetest.Extras)), driver.Names(workloads),
		"linetest knows every workload's extras")
	for _, wl := range workloads {
		t.Run(wl.Name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(&out, config{Flags: driver.Flags{Only: []string{wl.Name}, Scale: tinyScale, Warmup: true}}))
			linetest.Alone(t, out.Bytes(), wl.Name, "goasyncio", wl.Warm, linetest.Extras[wl.Name])
		})
	}
}

func TestAllWorkloadsRunInOneProcessInTheContractOrder(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, config{Flags: driver.Flags{Scale: tinyScale / 10}}))
	assert.Equal(t, linetest.Contract, linetest.Workloads(t, out.Bytes(), "goasyncio"))
}

func TestAFailedResultCheckFailsTheRun(t *testing.T) {
	saved := workloads
	t.Cleanup(func() { workloads = saved })
	broken := func(_ context.Context, n int) (result, error) { return linetest.Broken(n) }
	workloads = []workload{{Name: "broken", N1: 10, Warm: true, Run: broken}}
	var out bytes.Buffer
	err := run(&out, config{Flags: driver.Flags{Scale: 1, Warmup: true}})
	linetest.BrokenFails(t, err, out.Bytes())
}

func TestUnknownWorkloadsAndBadScalesAreRefused(t *testing.T) {
	err := run(io.Discard, config{Flags: driver.Flags{Only: []string{"call_soon", "nope"}, Scale: 1}})
	require.ErrorContains(t, err, `unknown workload "nope"; known: call_soon, `)
	err = run(io.Discard, config{Flags: driver.Flags{Scale: 0}})
	require.ErrorContains(t, err, "-scale must be positive")
	err = run(io.Discard, config{Flags: driver.Flags{Scale: 1}, count: -1})
	require.ErrorContains(t, err, "-count must not be negative")
}

func TestCountRunsAWorkloadThatManyTimes(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, config{Flags: driver.Flags{Only: []string{"future_pingpong"}, Scale: tinyScale}, count: 3}))
	assert.Equal(t, 3, bytes.Count(out.Bytes(), []byte(`"workload": "future_pingpong"`)))
}
