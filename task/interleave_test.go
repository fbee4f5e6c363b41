package task_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// The registry holds the yield of the coroutine whose code runs and the CancelledError
// the resumed await raises (throw) for whichever task is being stepped. These tests run
// many tasks that interleave awaits and cancellations, with an oracle for what each
// await must return, so that an await resumed in the wrong task, a throw delivered to
// the wrong task or twice, or one lost, shows up as a wrong outcome at a named await.

// awaitKind is what a scripted await parks on.
type awaitKind int

const (
	onFuture awaitKind = iota // a future of its own, completed or cancelled by the driver
	onYield                   // Sleep(ctx, 0): a bare yield, no future
)

// parked is what the driver knows of a task between its awaits.
type parked struct {
	kind  awaitKind
	fut   *future.Future[int]
	round int
	// want is the outcome the await must have: "" for a normal return (the future's
	// value, or nil for a yield), else the message of the CancelledError.
	want   string
	locked bool // want can no longer change: the future itself was cancelled
	active bool // the task is parked on this await
}

// TestInterleavedAwaitsAndCancellationsReachTheRightTask runs, for many seeds, a few
// hundred tasks (past the 256 idle coroutines the pool keeps, so that coroutines are
// retired and made again) whose bodies await their own futures and bare yields in turn
// and swallow every cancellation. A driver callback, re-posted every iteration, completes
// random futures, cancels random tasks (sometimes twice, sometimes after completing the
// future they wait on, so that the CancelledError is thrown in at the resumed await), and
// spawns more tasks. Each await checks its outcome against asyncio's rules:
//   - parked on a pending future, the first Cancel cancels that future: the await
//     raises that message, and later Cancels before the step do not change it;
//   - parked on a future that is done but whose step has not run, or on a bare yield,
//     Cancel is delivered at the step, the last message winning;
//   - otherwise the await returns its future's value (or nil).
//
// Every message is unique, so one seen by the wrong task or twice is caught too.
func TestInterleavedAwaitsAndCancellationsReachTheRightTask(t *testing.T) {
	t.Parallel()
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			runInterleaving(t, seed)
		})
	}
	for seed := range uint64(2) { // debug mode: every callback timed, coroutines bound
		t.Run(fmt.Sprint("debug seed ", seed), func(t *testing.T) {
			t.Parallel()
			runInterleaving(t, 100+seed, loop.WithDebug(), loop.WithLogger(slog.New(slog.DiscardHandler)))
		})
	}
}

func runInterleaving(t *testing.T, seed uint64, opts ...loop.Option) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	l := loop.New(append([]loop.Option{loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))}, opts...)...)
	defer func() { require.NoError(t, l.Close()) }()
	ctx := loop.WithScope(context.Background(), l)

	type taskState struct {
		t      *task.Task[int]
		rounds int
		at     *parked
		seen   int // awaits done
	}
	var tasks []*taskState
	delivered := map[string]string{} // message -> "task/round" that saw it
	msgs := 0
	failed := false
	fail := func(format string, args ...any) {
		if !failed {
			failed = true
			t.Errorf(format, args...)
		}
	}

	spawn := func() {
		ts := &taskState{rounds: rng.IntN(12)}
		id := len(tasks)
		tasks = append(tasks, ts)
		kinds := make([]awaitKind, ts.rounds)
		for i := range kinds {
			kinds[i] = awaitKind(rng.IntN(2))
		}
		ts.t = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			for r, k := range kinds {
				p := &parked{kind: k, round: r, active: true}
				var v int
				var err error
				switch k {
				case onFuture:
					p.fut = future.New[int](l)
					ts.at = p
					v, err = p.fut.Await(ctx)
				case onYield:
					ts.at = p
					err = task.Sleep(ctx, 0)
				}
				p.active = false
				ts.at = nil
				ts.seen++
				where := fmt.Sprintf("task %d round %d", id, r)
				var ce *future.CancelledError
				switch {
				case errors.As(err, &ce):
					if prev, ok := delivered[ce.Msg]; ok {
						fail("%s: message %q delivered again (first to %s)", where, ce.Msg, prev)
					}
					delivered[ce.Msg] = where
					if ce.Msg != p.want {
						fail("%s: await raised cancel %q, want %q", where, ce.Msg, p.want)
					}
				case err != nil:
					fail("%s: await failed: %v", where, err)
				case p.want != "":
					fail("%s: await returned normally (value %d), want cancel %q", where, v, p.want)
				case k == onFuture && v != id*1000+r:
					fail("%s: await returned %d, the value of another await", where, v)
				}
			}
			return id, nil
		})
	}
	for range 300 {
		spawn()
	}

	cancel := func(id int) {
		ts := tasks[id]
		msgs++
		msg := fmt.Sprintf("m%d->%d", msgs, id)
		p := ts.at
		if !ts.t.Cancel(msg) {
			return
		}
		if p == nil || !p.active {
			// Not started yet (a task cancelled before its first step never runs its
			// body) or done: no await to check. A body runs from one await to the next
			// within one step, so the driver never sees it between two awaits.
			return
		}
		switch {
		case p.locked:
		case p.kind == onFuture && p.fut.Cancelled():
			p.want, p.locked = msg, true
		default: // done future or bare yield: thrown in at the step, last one wins
			p.want = msg
		}
	}
	rounds := 0
	var drive func()
	drive = func() {
		rounds++
		for range rng.IntN(40) {
			id := rng.IntN(len(tasks))
			ts := tasks[id]
			p := ts.at
			switch rng.IntN(4) {
			case 0, 1: // complete the future it waits on
				if p != nil && p.active && p.kind == onFuture && !p.fut.Done() {
					require.NoError(t, p.fut.SetResult(id*1000+p.round))
				}
			case 2:
				cancel(id)
			case 3: // complete, then cancel: the CancelledError is thrown in
				if p != nil && p.active && p.kind == onFuture && !p.fut.Done() {
					require.NoError(t, p.fut.SetResult(id*1000+p.round))
				}
				cancel(id)
				if rng.IntN(3) == 0 {
					cancel(id)
				}
			}
		}
		if rounds < 60 && rng.IntN(4) == 0 {
			for range rng.IntN(300) {
				spawn()
			}
		}
		// Complete whatever is still pending after a while, so that every task ends.
		if rounds >= 60 {
			for id, ts := range tasks {
				if p := ts.at; p != nil && p.active && p.kind == onFuture && !p.fut.Done() {
					require.NoError(t, p.fut.SetResult(id*1000+p.round))
				}
			}
		}
		for _, ts := range tasks {
			if !ts.t.Done() {
				must(l.CallSoon(drive))
				return
			}
		}
		l.Stop()
	}
	must(l.CallSoon(drive))
	require.NoError(t, l.RunForever())
	for id, ts := range tasks {
		require.True(t, ts.t.Done(), "task %d", id)
	}
}

func must[T any](_ T, err error) {
	if err != nil {
		panic(err)
	}
}
