package locks_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// Ports of the CPython conformance scenarios of locks.py. Each follows its Python program
// statement by statement (same tasks, same awaits, same order, same delays); the trace
// is what the Go runtime does, compared with CPython's output byte for byte.

func TestConformanceSemaphoreFIFOFairness(t *testing.T) {
	var tr conformance.Trace
	worker := func(sem *locks.Semaphore, name string) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			tr.Print(name, "waiting")
			if err := sem.Acquire(ctx); err != nil {
				return struct{}{}, err
			}
			tr.Print(name, "acquired")
			err := task.Sleep(ctx, 0)
			sem.Release()
			if err != nil {
				return struct{}{}, err
			}
			tr.Print(name, "released")
			return struct{}{}, nil
		}
	}
	run(t, func(ctx context.Context) error {
		sem := locks.NewSemaphore(1)
		if err := sem.Acquire(ctx); err != nil {
			return err
		}
		tr.Print("main holds the permit")
		var tasks []*task.Task[struct{}]
		for i := 1; i <= 3; i++ {
			tasks = append(tasks, task.Spawn(ctx, worker(sem, fmt.Sprintf("w%d", i))))
		}
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tr.Print("main releases, then acquires again at once")
		sem.Release()
		tr.Print("locked after release:", sem.Locked())
		if err := sem.Acquire(ctx); err != nil {
			return err
		}
		tr.Print("main re-acquired")
		sem.Release()
		_, err := gather.Gather(ctx, awaitables(tasks)...)
		return err
	})
	tr.Check(t, "semaphore_fifo_fairness")
}

func TestConformanceSemaphoreBoundBurst20(t *testing.T) {
	var tr conformance.Trace
	inFlight, maxInFlight := 0, 0
	var entered []int
	worker := func(sem *locks.Semaphore, i int) task.Coro[int] {
		return func(ctx context.Context) (int, error) {
			if err := sem.Acquire(ctx); err != nil {
				return 0, err
			}
			defer sem.Release()
			inFlight++
			maxInFlight = max(maxInFlight, inFlight)
			entered = append(entered, i)
			if err := task.Sleep(ctx, 0); err != nil {
				return 0, err
			}
			if err := task.Sleep(ctx, 0); err != nil {
				return 0, err
			}
			inFlight--
			return i * i, nil
		}
	}
	run(t, func(ctx context.Context) error {
		sem := locks.NewSemaphore(3)
		coros := make([]task.Coro[int], 20)
		for i := range coros {
			coros[i] = worker(sem, i)
		}
		results, err := gather.Gather(ctx, gather.Coros(coros...)...)
		if err != nil {
			return err
		}
		tr.Print("max in flight:", maxInFlight)
		tr.Print("entry order:", entered)
		tr.Print("results:", results)
		tr.Print("in flight at end:", inFlight, "locked:", sem.Locked())
		return nil
	})
	tr.Check(t, "semaphore_bound_burst_20")
}

// awaitables lists tasks as gather's arguments. (gather sits above locks in the package
// table; a test may use it.)
func awaitables[T any](tasks []*task.Task[T]) []future.Awaitable[T] {
	out := make([]future.Awaitable[T], len(tasks))
	for i, t := range tasks {
		out[i] = t
	}
	return out
}

// pyException names the Python exception a Go error of this package stands for, and its
// message without the package prefix, so a port can print `type(e).__name__, e`.
func pyException(t *testing.T, err error) (class, msg string) {
	t.Helper()
	switch {
	case errors.Is(err, locks.ErrReleasedTooManyTimes):
		class = "ValueError"
	default:
		require.Failf(t, "no Python counterpart", "error %v", err)
	}
	return class, strings.TrimPrefix(err.Error(), "locks: ")
}

func TestConformanceBoundedSemaphoreOverRelease(t *testing.T) {
	var tr conformance.Trace
	run(t, func(ctx context.Context) error {
		b := locks.NewBoundedSemaphore(2)
		if err := b.Acquire(ctx); err != nil {
			return err
		}
		if err := b.Release(); err != nil {
			return err
		}
		if err := b.Release(); err != nil {
			class, msg := pyException(t, err)
			tr.Print("bounded over-release:", class, msg)
		}
		if err := b.Acquire(ctx); err != nil {
			return err
		}
		if err := b.Acquire(ctx); err != nil {
			return err
		}
		tr.Print("bounded locked after 2 acquires:", b.Locked())
		s := locks.NewSemaphore(1)
		s.Release()
		s.Release()
		acquired := 0
		for !s.Locked() {
			if err := s.Acquire(ctx); err != nil {
				return err
			}
			acquired++
		}
		tr.Print("plain semaphore acquired without blocking:", acquired)
		return nil
	})
	tr.Check(t, "bounded_semaphore_over_release")
}

func TestConformanceEventWakesAllInOrder(t *testing.T) {
	var tr conformance.Trace
	waiter := func(ev *locks.Event, name string) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			tr.Print(name, "waiting")
			err := ev.Wait(ctx)
			if err != nil {
				return struct{}{}, err
			}
			tr.Print(name, "woke ->", err == nil)
			return struct{}{}, nil
		}
	}
	run(t, func(ctx context.Context) error {
		ev := &locks.Event{}
		var tasks []*task.Task[struct{}]
		for _, n := range []string{"w1", "w2", "w3"} {
			tasks = append(tasks, task.Spawn(ctx, waiter(ev, n)))
		}
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tr.Print("setting event")
		ev.Set()
		tr.Print("is_set:", ev.IsSet())
		if _, err := gather.Gather(ctx, awaitables(tasks)...); err != nil {
			return err
		}
		l := task.Current(ctx).Loop()
		if _, err := l.CallSoon(func() { tr.Print("queued callback") }); err != nil {
			return err
		}
		err := ev.Wait(ctx)
		if err != nil {
			return err
		}
		tr.Print("wait on set event ->", err == nil)
		ev.Clear()
		late := task.Spawn(ctx, waiter(ev, "w4"))
		if err := task.Sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
		tr.Print("w4 done before set:", late.Done())
		ev.Set()
		_, err = late.Await(ctx)
		return err
	})
	tr.Check(t, "event_wakes_all_in_order")
}
