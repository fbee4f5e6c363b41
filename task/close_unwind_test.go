package task_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// The loop's Close resumes every task still parked: its await returns "the event loop
// was closed while the task was suspended", its body unwinds, and its coroutine ends.
// These tests make the unwinding bodies do what bodies do: await again, spawn, cancel or
// await the other parked tasks, panic, return a value.

// closingLoop is a loop on a virtual clock whose tasks are spawned from ctx; park runs
// it until every task spawned so far is parked (one iteration: each first step parks).
type closingLoop struct {
	l   *loop.Loop
	ctx context.Context
}

func newClosingLoop(opts ...loop.Option) *closingLoop {
	l := loop.New(append([]loop.Option{loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))}, opts...)...)
	return &closingLoop{l: l, ctx: loop.WithScope(context.Background(), l)}
}

func (c *closingLoop) park(t *testing.T) {
	t.Helper()
	_, err := c.l.CallSoon(c.l.Stop)
	require.NoError(t, err)
	require.NoError(t, c.l.RunForever())
}

// isClosedWhileParked tells the error an await returns on a loop closed under it.
func isClosedWhileParked(err error) bool {
	return err != nil && !future.IsCancelled(err) &&
		strings.Contains(err.Error(), "the event loop was closed while the task was suspended")
}

// An unwinding body that returns a value ends its task with that value; one that
// panics ends it with the PanicError; one that returns the error ends with the error.
func TestCloseUnwindingBodiesEndTheirTasksWithWhatTheyReturn(t *testing.T) {
	c := newClosingLoop()
	never := future.New[int](c.l)
	value := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		if _, err := never.Await(ctx); !isClosedWhileParked(err) {
			t.Errorf("value: await returned %v", err)
		}
		return 42, nil
	})
	panicky := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		_, err := never.Await(ctx)
		panic(err)
	})
	failing := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		return never.Await(ctx)
	})
	c.park(t)
	require.NoError(t, c.l.Close())

	v, err := value.Result()
	require.NoError(t, err)
	assert.Equal(t, 42, v)

	_, err = panicky.Result()
	var pe *loop.PanicError
	require.ErrorAs(t, err, &pe)
	assert.True(t, isClosedWhileParked(pe.Unwrap()), "the panic value is the closed error: %v", pe.Value)

	_, err = failing.Result()
	assert.True(t, isClosedWhileParked(err), "%v", err)
	assert.False(t, failing.Cancelled())
}

// An unwinding body that panics and awaits from the deferred function of the panic: the
// await returns the closed error at once, and the task ends with the PanicError.
func TestCloseUnwindingBodyAwaitsWhilePanicking(t *testing.T) {
	c := newClosingLoop()
	never := future.New[int](c.l)
	var deferredErrs []error
	tk := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		defer func() {
			deferredErrs = append(deferredErrs, task.Sleep(ctx, time.Second), task.Sleep(ctx, 0))
			_, err := never.Await(ctx)
			deferredErrs = append(deferredErrs, err)
		}()
		_, err := never.Await(ctx)
		panic(err)
	})
	c.park(t)
	require.NoError(t, c.l.Close())
	require.Len(t, deferredErrs, 3)
	for i, err := range deferredErrs {
		assert.Error(t, err, "await %d while unwinding", i)
	}
	_, err := tk.Result()
	var pe *loop.PanicError
	assert.ErrorAs(t, err, &pe)
}

// A task that panics and, from the deferred function of its panic, parks (the loop is
// open): the coroutine is switched out in the middle of the panic, and resumed later it
// finishes the panic, which ends the task with the PanicError.
func TestABodyParkedInTheMiddleOfAPanic(t *testing.T) {
	t.Parallel()
	var slept error
	var other int
	err := task.Run(func(ctx context.Context) error {
		tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			defer func() { slept = task.Sleep(ctx, time.Second) }()
			panic("in the middle")
		})
		// Another task runs on other coroutines while that one is parked mid-panic.
		side := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, time.Millisecond); err != nil {
				return 0, err
			}
			return 7, nil
		})
		var err error
		other, err = side.Await(ctx)
		require.NoError(t, err)
		_, err = tk.Await(ctx)
		var pe *loop.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "in the middle", pe.Value)
		return nil
	}, virtualClock())
	require.NoError(t, err)
	assert.NoError(t, slept)
	assert.Equal(t, 7, other)
}

// An unwinding body spawns a task (the loop is closed: the task is born done with
// ErrClosed and never runs), and cancels and awaits the tasks parked after it, which
// then unwind in their turn with the closed error, not a CancelledError, and are each
// resumed once.
func TestCloseUnwindingBodySpawnsCancelsAndAwaitsTheOthers(t *testing.T) {
	c := newClosingLoop()
	never := future.New[int](c.l)
	var log []string
	var second, third *task.Task[int]
	var spawned *task.Task[int]
	first := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		_, err := never.Await(ctx)
		log = append(log, "first unwinds")
		require.True(t, isClosedWhileParked(err), "%v", err)
		spawned = task.Spawn(ctx, func(context.Context) (int, error) {
			log = append(log, "spawned ran")
			return 0, nil
		})
		assert.True(t, second.Cancel("from first"), "second is parked, not done")
		_, err = third.Await(ctx)
		assert.True(t, isClosedWhileParked(err), "awaiting a parked task while unwinding: %v", err)
		return 1, nil
	})
	second = task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		_, err := never.Await(ctx)
		log = append(log, "second unwinds")
		assert.True(t, isClosedWhileParked(err), "%v", err)
		return 2, err
	})
	third = task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		// Parked on a task, not a future.
		v, err := second.Await(ctx)
		log = append(log, "third unwinds")
		assert.True(t, isClosedWhileParked(err), "%v", err)
		return v, err
	})
	c.park(t)
	require.NoError(t, c.l.Close())
	assert.Equal(t, []string{"first unwinds", "second unwinds", "third unwinds"}, log)
	require.NotNil(t, spawned)
	assert.True(t, spawned.Done())
	_, err := spawned.Result()
	assert.ErrorIs(t, err, loop.ErrClosed)
	for _, tk := range []*task.Task[int]{first, second, third} {
		assert.True(t, tk.Done(), tk.String())
	}
	v, err := first.Result()
	require.NoError(t, err)
	assert.Equal(t, 1, v)
}

// Two parked tasks where the first, unwinding, awaits the second: the await returns
// the closed error at once (no hang: the second unwinds only after the first is done).
// And a second that awaits the first, already unwound, gets its result.
func TestCloseTwoParkedTasksAwaitingEachOther(t *testing.T) {
	c := newClosingLoop()
	never := future.New[int](c.l)
	var a, b *task.Task[int]
	var bSaw []error
	a = task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		_, err := never.Await(ctx)
		require.True(t, isClosedWhileParked(err))
		_, err = b.Await(ctx)
		assert.True(t, isClosedWhileParked(err), "%v", err)
		return 10, nil
	})
	b = task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		_, err := never.Await(ctx)
		bSaw = append(bSaw, err)
		v, err := a.Await(ctx) // a is done by now: no suspension
		bSaw = append(bSaw, err)
		return v + 1, nil
	})
	c.park(t)
	require.NoError(t, c.l.Close())
	require.Len(t, bSaw, 2)
	assert.True(t, isClosedWhileParked(bSaw[0]))
	assert.NoError(t, bSaw[1])
	v, err := b.Result()
	require.NoError(t, err)
	assert.Equal(t, 11, v)
}

// Close while a cancellation is on its way: one task parked on a future that was
// cancelled (its step posted, not run), one parked on a bare yield with a cancellation
// pending, one cancelled before its first step. The first two unwind at Close, each
// resumed once; the third never runs its body.
func TestCloseWithCancellationsNotYetDelivered(t *testing.T) {
	c := newClosingLoop()
	never := future.New[int](c.l)
	var saw []error
	onFuture := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		_, err := never.Await(ctx)
		saw = append(saw, err)
		return 0, err
	})
	yielding := task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
		for {
			if err := task.Sleep(ctx, 0); err != nil {
				saw = append(saw, err)
				return 0, err
			}
		}
	})
	c.park(t)
	ran := false
	notStarted := task.Spawn(c.ctx, func(context.Context) (int, error) { ran = true; return 0, nil })
	assert.True(t, onFuture.Cancel("late"))
	assert.True(t, yielding.Cancel("late too"))
	assert.True(t, notStarted.Cancel("never started"))
	require.NoError(t, c.l.Close())
	require.Len(t, saw, 2, "each parked body resumed exactly once")
	for _, err := range saw {
		// The closed error, or the cancellation: either way an error, and the body
		// unwound; what it must not be is a normal return.
		assert.Error(t, err)
	}
	assert.True(t, onFuture.Done())
	assert.True(t, yielding.Done())
	assert.False(t, ran)
}

// Closing a loop from a task of another, running loop: the closed loop's parked tasks
// unwind on that task's coroutine, each on its own coroutine, and the running loop's
// own tasks (parked around it) are not disturbed.
func TestClosingALoopFromATaskOfAnotherLoop(t *testing.T) {
	t.Parallel()
	inner := newClosingLoop()
	never := future.New[int](inner.l)
	var unwound []error
	var innerTasks []*task.Task[int]
	for range 3 {
		innerTasks = append(innerTasks, task.Spawn(inner.ctx, func(ctx context.Context) (int, error) {
			_, err := never.Await(ctx)
			unwound = append(unwound, err)
			// An unwinding body that sleeps: the closed error, at once.
			assert.Error(t, task.Sleep(ctx, time.Second))
			return 0, err
		}))
	}
	inner.park(t)
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		gate := future.New[int](l)
		bystander := task.Spawn(ctx, func(ctx context.Context) (int, error) { return gate.Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 0)) // the bystander parks
		require.NoError(t, inner.l.Close())
		require.NoError(t, gate.SetResult(5))
		v, err := bystander.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, v)
		require.NoError(t, task.Sleep(ctx, time.Millisecond))
		return nil
	}, virtualClock())
	require.NoError(t, err)
	require.Len(t, unwound, 3)
	for _, err := range unwound {
		assert.True(t, isClosedWhileParked(err), "%v", err)
	}
	for _, tk := range innerTasks {
		assert.True(t, tk.Done())
	}
}

// Closing a loop whose parked tasks' unwinding closes a second loop that has parked
// tasks of its own: both registries unwind, nested.
func TestCloseUnwindingBodyClosesAnotherLoop(t *testing.T) {
	outer, inner := newClosingLoop(), newClosingLoop(loop.WithDebug())
	outerNever, innerNever := future.New[int](outer.l), future.New[int](inner.l)
	var log []string
	innerTask := task.Spawn(inner.ctx, func(ctx context.Context) (int, error) {
		_, err := innerNever.Await(ctx)
		log = append(log, "inner unwinds")
		return 0, err
	})
	inner.park(t)
	outerTask := task.Spawn(outer.ctx, func(ctx context.Context) (int, error) {
		_, err := outerNever.Await(ctx)
		log = append(log, "outer unwinds")
		require.NoError(t, inner.l.Close())
		log = append(log, "outer closed inner")
		_, err2 := outerNever.Await(ctx)
		assert.Error(t, err2)
		return 0, err
	})
	outer.park(t)
	require.NoError(t, outer.l.Close())
	assert.Equal(t, []string{"outer unwinds", "inner unwinds", "outer closed inner"}, log)
	assert.True(t, innerTask.Done())
	assert.True(t, outerTask.Done())
}
