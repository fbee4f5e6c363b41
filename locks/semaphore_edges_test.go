package locks_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// Edge cases checked against CPython 3.13: each expected log is what CPython printed
// for the same program (same tasks, same awaits, sleep(0) for each tick), with Go's
// spelling of values (true, [1 2]).

type sem interface {
	Acquire(ctx context.Context) error
	String() string
}

func sw(s sem, release func() error, n string, hold int, log *[]string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := s.Acquire(ctx); err != nil {
			if future.IsCancelled(err) {
				*log = append(*log, n+" cancelled "+s.String())
			}
			return err
		}
		*log = append(*log, n+" acquired "+s.String())
		_ = ticks(ctx, hold)
		if err := release(); err != nil {
			*log = append(*log, n+" release ValueError "+s.String())
		} else {
			*log = append(*log, n+" released "+s.String())
		}
		return nil
	}
}

func plain(s *locks.Semaphore) func() error { return func() error { s.Release(); return nil } }

// Semaphore(0), three waiters: Release, cancel w1 (woken), Release: w1 gives its permit back to w3.
func TestSemaphoreReleaseCancelReleaseInOneStep(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(0)
		var ts []*task.Task[struct{}]
		for _, n := range []string{"w1", "w2", "w3"} {
			ts = append(ts, spawn(ctx, sw(s, plain(s), n, 1, &log)))
		}
		_ = ticks(ctx, 1)
		s.Release()
		ts[0].Cancel("")
		s.Release()
		log = append(log, "main "+s.String())
		awaitAll(ctx, ts)
		log = append(log, "end "+s.String())
		return nil
	})
	assert.Equal(t, []string{"main <Semaphore [locked, waiters:3]>", "w1 cancelled <Semaphore [locked, waiters:2]>", "w2 acquired <Semaphore [locked, waiters:1]>", "w3 acquired <Semaphore [locked]>", "w2 released <Semaphore [unlocked, value:1]>", "w3 released <Semaphore [unlocked, value:2]>", "end <Semaphore [unlocked, value:2]>"}, log)
}

// BoundedSemaphore(1): a Release hands the permit to B; a second Release before B runs is accepted (the count is 0), a third is not.
func TestBoundedSemaphoreReleaseAfterAHandOffIsAllowed(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBoundedSemaphore(1)
		_ = b.Acquire(ctx)
		tb := spawn(ctx, sw(b, b.Release, "B", 2, &log))
		_ = ticks(ctx, 1)
		_ = b.Release()
		log = append(log, "after 1st release "+b.String())
		for _, which := range []string{"2nd", "3rd"} {
			if err := b.Release(); err != nil {
				log = append(log, which+" release ValueError "+err.Error())
			} else {
				log = append(log, which+" release ok "+b.String())
			}
		}
		tc := spawn(ctx, sw(b, b.Release, "C", 1, &log))
		awaitAll(ctx, []*task.Task[struct{}]{tb, tc})
		log = append(log, "end "+b.String())
		if err := b.Release(); err != nil {
			log = append(log, "end release ValueError "+err.Error())
		}
		return nil
	})
	assert.Equal(t, []string{"after 1st release <BoundedSemaphore [locked, waiters:1]>", "2nd release ok <BoundedSemaphore [locked, waiters:1]>", "3rd release ValueError locks: BoundedSemaphore released too many times", "B acquired <BoundedSemaphore [unlocked, value:1]>", "C acquired <BoundedSemaphore [locked]>", "C released <BoundedSemaphore [unlocked, value:1]>", "B release ValueError <BoundedSemaphore [unlocked, value:1]>", "end <BoundedSemaphore [unlocked, value:1]>", "end release ValueError locks: BoundedSemaphore released too many times"}, log)
}

// Semaphore(2) held twice, four waiters, w1 and w3 cancelled, two Releases: w2 and w4 get the permits, N queues.
func TestSemaphoreReleasesSkipWaitersCancelledWhileWaiting(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(2)
		_ = s.Acquire(ctx)
		_ = s.Acquire(ctx)
		var ts []*task.Task[struct{}]
		for _, n := range []string{"w1", "w2", "w3", "w4"} {
			ts = append(ts, spawn(ctx, sw(s, plain(s), n, 1, &log)))
		}
		_ = ticks(ctx, 1)
		ts[0].Cancel("")
		ts[2].Cancel("")
		s.Release()
		s.Release()
		log = append(log, "main "+s.String())
		ts = append(ts, spawn(ctx, sw(s, plain(s), "N", 1, &log)))
		awaitAll(ctx, ts)
		log = append(log, "end "+s.String())
		return nil
	})
	assert.Equal(t, []string{"main <Semaphore [locked, waiters:4]>", "w1 cancelled <Semaphore [locked, waiters:3]>", "w3 cancelled <Semaphore [locked, waiters:2]>", "w2 acquired <Semaphore [locked, waiters:1]>", "w4 acquired <Semaphore [locked]>", "w2 released <Semaphore [locked, waiters:1]>", "w4 released <Semaphore [locked, waiters:1]>", "N acquired <Semaphore [unlocked, value:1]>", "N released <Semaphore [unlocked, value:2]>", "end <Semaphore [unlocked, value:2]>"}, log)
}

// A is handed the permit and cancelled; B and C, spawned after, find it free when A has given it back.
func TestSemaphoreWokenWaiterCancelledBeforeNewcomersArrive(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(1)
		_ = s.Acquire(ctx)
		a := spawn(ctx, sw(s, plain(s), "A", 1, &log))
		_ = ticks(ctx, 1)
		s.Release()
		a.Cancel("")
		b := spawn(ctx, sw(s, plain(s), "B", 1, &log))
		c := spawn(ctx, sw(s, plain(s), "C", 1, &log))
		log = append(log, "main "+s.String())
		awaitAll(ctx, []*task.Task[struct{}]{a, b, c})
		log = append(log, "end "+s.String())
		return nil
	})
	assert.Equal(t, []string{"main <Semaphore [locked, waiters:1]>", "A cancelled <Semaphore [unlocked, value:1]>", "B acquired <Semaphore [locked]>", "B released <Semaphore [locked, waiters:1]>", "C acquired <Semaphore [locked]>", "C released <Semaphore [unlocked, value:1]>", "end <Semaphore [unlocked, value:1]>"}, log)
}

// Two waiters cancelled, three Releases: the count goes to 3 and nobody is woken.
func TestSemaphoreReleasesWhileEveryWaiterIsCancelled(t *testing.T) {
	var log []string
	run(t, func(ctx context.Context) error {
		s := locks.NewSemaphore(0)
		ts := []*task.Task[struct{}]{spawn(ctx, sw(s, plain(s), "w1", 1, &log)), spawn(ctx, sw(s, plain(s), "w2", 1, &log))}
		_ = ticks(ctx, 1)
		for _, tk := range ts {
			tk.Cancel("")
		}
		s.Release()
		s.Release()
		s.Release()
		log = append(log, "main "+s.String())
		awaitAll(ctx, ts)
		log = append(log, "end "+s.String())
		return nil
	})
	assert.Equal(t, []string{"main <Semaphore [unlocked, value:3, waiters:2]>", "w1 cancelled <Semaphore [unlocked, value:3, waiters:1]>", "w2 cancelled <Semaphore [unlocked, value:3]>", "end <Semaphore [unlocked, value:3]>"}, log)
}
