package locks_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// Edge cases checked against CPython 3.13: each expected log is what CPython printed
// for the same program (same tasks, same awaits, sleep(0) for each tick), with Go's
// spelling of values (true, [1 2]).

func party(b *locks.Barrier, n string, log *[]string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		i, err := b.Wait(ctx)
		switch {
		case err == nil:
			*log = append(*log, fmt.Sprintf("%s index %d %s", n, i, b))
		case future.IsCancelled(err):
			*log = append(*log, n+" cancelled "+b.String())
			return err
		case errors.Is(err, locks.ErrBrokenBarrier):
			*log = append(*log, n+" broken "+b.String())
		default:
			*log = append(*log, n+" "+err.Error())
		}
		return nil
	}
}

func parties(ctx context.Context, b *locks.Barrier, log *[]string, names ...string) []*task.Task[struct{}] {
	var ts []*task.Task[struct{}]
	for _, n := range names {
		ts = append(ts, spawn(ctx, party(b, n, log)))
	}
	return ts
}

// Barrier(2): parties arriving while it drains wait for the next round; a Reset breaks the one left waiting.
func TestBarrierArrivalsWhileDrainingWaitForTheNextRound(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(2)
		parties(ctx, b, &log, "A", "B")
		_ = ticks(ctx, 1)
		log = append(log, "after first round "+b.String())
		ts := parties(ctx, b, &log, "C1")
		_ = ticks(ctx, 1)
		log = append(log, "1 "+b.String())
		ts = append(ts, parties(ctx, b, &log, "C2", "C3")...)
		_ = ticks(ctx, 1)
		log = append(log, fmt.Sprintf("2 %s n_waiting=%d", b, b.NWaiting()))
		_ = ticks(ctx, 5)
		log = append(log, "3 "+b.String())
		_ = b.Reset(ctx)
		log = append(log, "4 after reset "+b.String())
		_ = ticks(ctx, 5)
		log = append(log, "5 "+b.String())
		awaitAll(ctx, ts)
		return nil
	})
	assert.Equal(t, []string{"B index 1 <Barrier [draining, waiters:0/2]>", "after first round <Barrier [draining, waiters:0/2]>", "A index 0 <Barrier [filling, waiters:0/2]>", "1 <Barrier [filling, waiters:1/2]>", "C2 index 1 <Barrier [draining, waiters:0/2]>", "2 <Barrier [draining, waiters:0/2]> n_waiting=0", "C1 index 0 <Barrier [filling, waiters:0/2]>", "3 <Barrier [filling, waiters:1/2]>", "4 after reset <Barrier [resetting, waiters:0/2]>", "C3 broken <Barrier [filling, waiters:0/2]>", "5 <Barrier [filling, waiters:0/2]>"}, log)
}

// Barrier(3): Abort with two waiting breaks them and a later Wait; Reset makes it usable again.
func TestBarrierAbortBreaksWaitersAndLaterWaitsUntilReset(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(3)
		ts := parties(ctx, b, &log, "A", "B")
		_ = ticks(ctx, 1)
		_ = b.Abort(ctx)
		log = append(log, "aborted "+b.String())
		ts = append(ts, parties(ctx, b, &log, "C")...)
		awaitAll(ctx, ts)
		log = append(log, "after "+b.String())
		_ = b.Reset(ctx)
		log = append(log, "reset "+b.String())
		awaitAll(ctx, parties(ctx, b, &log, "D", "E", "F"))
		return nil
	})
	assert.Equal(t, []string{"aborted <Barrier [broken]>", "A broken <Barrier [broken]>", "B broken <Barrier [broken]>", "C broken <Barrier [broken]>", "after <Barrier [broken]>", "reset <Barrier [filling, waiters:0/3]>", "F index 2 <Barrier [draining, waiters:0/3]>", "D index 0 <Barrier [draining, waiters:0/3]>", "E index 1 <Barrier [filling, waiters:0/3]>"}, log)
}

// Barrier(3): two Resets with two waiting; a newcomer waits for the reset to end, then Abort breaks it.
func TestBarrierResetTwiceThenAbort(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(3)
		ts := parties(ctx, b, &log, "A", "B")
		_ = ticks(ctx, 1)
		_ = b.Reset(ctx)
		_ = b.Reset(ctx)
		log = append(log, "reset x2 "+b.String())
		ts = append(ts, parties(ctx, b, &log, "C")...)
		_ = ticks(ctx, 1)
		log = append(log, "C arrived "+b.String())
		_ = ticks(ctx, 6)
		log = append(log, "later "+b.String())
		_ = b.Abort(ctx)
		log = append(log, "abort "+b.String())
		awaitAll(ctx, ts)
		log = append(log, "end "+b.String())
		return nil
	})
	assert.Equal(t, []string{"reset x2 <Barrier [resetting, waiters:0/3]>", "A broken <Barrier [resetting, waiters:0/3]>", "B broken <Barrier [filling, waiters:0/3]>", "C arrived <Barrier [filling, waiters:1/3]>", "later <Barrier [filling, waiters:1/3]>", "abort <Barrier [broken]>", "C broken <Barrier [broken]>", "end <Barrier [broken]>"}, log)
}

// Barrier(2): B releases A; Abort before A runs: A gets BrokenBarrierError.
func TestBarrierAbortWhileDrainingBreaksAPartyNotYetOut(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(2)
		ts := parties(ctx, b, &log, "A")
		_ = ticks(ctx, 1)
		ts = append(ts, parties(ctx, b, &log, "B")...)
		_ = ticks(ctx, 1)
		log = append(log, "draining "+b.String())
		_ = b.Abort(ctx)
		log = append(log, "abort while draining "+b.String())
		awaitAll(ctx, ts)
		log = append(log, "end "+b.String())
		return nil
	})
	assert.Equal(t, []string{"B index 1 <Barrier [draining, waiters:0/2]>", "draining <Barrier [draining, waiters:0/2]>", "abort while draining <Barrier [broken]>", "A broken <Barrier [broken]>", "end <Barrier [broken]>"}, log)
}

// Barrier(2): C arrives while it drains and is cancelled there; D and E form the next round.
func TestBarrierPartyCancelledWhileBlockedByDraining(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(2)
		ts := parties(ctx, b, &log, "A")
		_ = ticks(ctx, 1)
		ts = append(ts, parties(ctx, b, &log, "B", "C")...)
		_ = ticks(ctx, 1)
		log = append(log, "1 "+b.String())
		ts[2].Cancel("")
		_ = ticks(ctx, 5)
		log = append(log, "2 "+b.String())
		ts = append(ts, parties(ctx, b, &log, "D", "E")...)
		awaitAll(ctx, ts)
		log = append(log, "end "+b.String())
		return nil
	})
	assert.Equal(t, []string{"B index 1 <Barrier [draining, waiters:0/2]>", "1 <Barrier [draining, waiters:0/2]>", "A index 0 <Barrier [filling, waiters:0/2]>", "C cancelled <Barrier [filling, waiters:0/2]>", "2 <Barrier [filling, waiters:0/2]>", "E index 1 <Barrier [draining, waiters:0/2]>", "D index 0 <Barrier [filling, waiters:0/2]>", "end <Barrier [filling, waiters:0/2]>"}, log)
}

// A Barrier not made by NewBarrier has no parties: Wait on it is an error, not a wait
// that never ends (no count of arrivals reaches 0 parties). A nil predicate given to
// Condition.WaitFor is an error, not a nil-pointer panic (CPython 3.13's
// wait_for(None) raises "TypeError: 'NoneType' object is not callable").
func TestZeroBarrierAndNilPredicateAreErrors(t *testing.T) {
	run(t, func(ctx context.Context) error {
		var b locks.Barrier
		_, err := b.Wait(ctx)
		assert.EqualError(t, err, "locks: Barrier.Wait: the zero Barrier has no parties (make one with NewBarrier)")
		assert.Equal(t, 0, b.NWaiting())
		var c locks.Condition
		assert.NoError(t, c.Acquire(ctx))
		assert.EqualError(t, c.WaitFor(ctx, nil), "locks: Condition.WaitFor: nil predicate")
		assert.True(t, c.Locked(), "the lock is still held")
		return c.Release()
	})
}
