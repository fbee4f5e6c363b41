package main

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/linetest"
)

// tinyScale keeps every floor to at most ten thousand operations.
const tinyScale = 0.01

// floors is the floors, in the contract's order; noFloor the contract workloads that have
// none; variantOf the floors that are not contract workloads, each with the workload it is
// a further floor of.
var (
	floors = []string{
		"call_soon", "call_later", "task_spawn", "sleep0_switch", "coroswitch", "future_pingpong", "to_thread",
		"to_thread_coroutines", "to_thread_gathered", "semaphore_contention", "gather_wide", "gather_wide_lazy",
		"pending_memory",
	}
	noFloor   = []string{"queue_throughput", "timeout_cancel"}
	variantOf = map[string]string{
		"coroswitch":           "sleep0_switch",
		"to_thread_coroutines": "to_thread",
		"to_thread_gathered":   "to_thread",
		"gather_wide_lazy":     "gather_wide",
	}
)

// extras is the workload-specific keys a floor reports: those of its workload, as bench
// reports them (linetest.Extras).
func extras(floor string) (map[string]linetest.Kind, bool) {
	if w, ok := variantOf[floor]; ok {
		floor = w
	}
	ks, ok := linetest.Extras[floor]
	return ks, ok
}

func TestEveryFloorKeepsTheContractAtATinyScale(t *testing.T) {
	require.Equal(t, floors, driver.Names(workloads), "the test knows every floor")
	for _, wl := range workloads {
		t.Run(wl.Name, func(t *testing.T) {
			ks, ok := extras(wl.Name)
			require.True(t, ok, "a floor of a contract workload")
			var out bytes.Buffer
			require.NoError(t, run(&out, driver.Flags{Only: []string{wl.Name}, Scale: tinyScale, Warmup: true}))
			linetest.Alone(t, out.Bytes(), wl.Name, "rawgo", wl.Warm, ks)
		})
	}
}

func TestAllFloorsRunInOneProcessInTheContractOrder(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, driver.Flags{Scale: tinyScale / 10}))
	assert.Equal(t, floors, linetest.Workloads(t, out.Bytes(), "rawgo"))
}

func TestWorkloadsWithoutAFloorAndBadScalesAreUsageErrors(t *testing.T) {
	for _, name := range append(slices.Clone(noFloor), "nope") {
		err := run(io.Discard, driver.Flags{Only: []string{"call_soon", name}, Scale: 1})
		require.ErrorContains(t, err, `unknown workload "`+name+`" (no raw floor); known: call_soon, `)
		assert.True(t, errors.As(err, new(driver.UsageError)), "%s: exits 2 with the usage", name)
	}
	err := run(io.Discard, driver.Flags{Scale: 0})
	require.ErrorContains(t, err, "-scale must be positive")
	assert.True(t, errors.As(err, new(driver.UsageError)))
}

func TestAFailedResultCheckFailsTheRun(t *testing.T) {
	saved := workloads
	t.Cleanup(func() { workloads = saved })
	workloads = []workload{{Name: "broken", N1: 10, Warm: true, Run: linetest.Broken}}
	var out bytes.Buffer
	err := run(&out, driver.Flags{Scale: 1, Warmup: true})
	linetest.BrokenFails(t, err, out.Bytes())
	assert.False(t, errors.As(err, new(driver.UsageError)), "a failed check exits 1")
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
