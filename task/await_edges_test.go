package task_test

import (
	"context"
	"os"
	"os/exec"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// Sleep and Task.Await call the task's Suspend directly when the context is a task's;
// these check the other contexts they can be given: a loop's own (no task), another
// task's (not running), a task of another loop.

// Sleep with a context that carries the loop but no task is ErrNoTask, and leaves no
// timer behind: the loop has nothing to wait for, so a virtual clock does not move.
func TestSleepWithTheLoopsOwnContextLeavesNoTimer(t *testing.T) {
	t.Parallel()
	l := loop.New(virtualClock())
	defer l.Close()
	ctx := loop.WithScope(context.Background(), l)
	start := l.Time()
	assert.ErrorIs(t, task.Sleep(ctx, time.Hour), future.ErrNoTask)
	assert.ErrorIs(t, task.Sleep(ctx, 0), future.ErrNoTask)
	require.ErrorIs(t, l.RunForever(), loop.ErrIdle)
	assert.Equal(t, start, l.Time(), "the sleep's timer was cancelled")
}

// Sleep and Task.Await with the context of another task of the same loop (a task's
// context used from another body) are errors at once, without parking either task, and
// the sleep's timer is cancelled.
func TestAwaitsWithTheContextOfAnotherTaskAreErrors(t *testing.T) {
	t.Parallel()
	var sleepErr, yieldErr, awaitErr error
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		gate := future.New[int](l)
		var otherCtx context.Context
		other := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			otherCtx = ctx
			return gate.Await(ctx)
		})
		pending := task.Spawn(ctx, func(ctx context.Context) (int, error) { return gate.Await(ctx) })
		require.NoError(t, task.Sleep(ctx, 0)) // both park
		start := l.Time()
		sleepErr = task.Sleep(otherCtx, time.Hour)
		yieldErr = task.Sleep(otherCtx, 0)
		_, awaitErr = pending.Await(otherCtx)
		require.NoError(t, gate.SetResult(3))
		v, err := other.Await(ctx)
		require.NoError(t, err, "the other task was not disturbed")
		assert.Equal(t, 3, v)
		_, err = pending.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, start, l.Time(), "no hour-long timer was left to move the clock")
		return nil
	}, virtualClock())
	require.NoError(t, err)
	for _, err := range []error{sleepErr, yieldErr, awaitErr} {
		require.Error(t, err)
		assert.Contains(t, err.Error(), "not running")
	}
}

// Task.Await from a task of one loop on a pending task of another is ErrOtherLoop at
// once (the awaiter does not park: the other loop would never wake it), and on a done
// task of another loop it returns the result.
func TestTaskAwaitOnATaskOfAnotherLoop(t *testing.T) {
	t.Parallel()
	other := newClosingLoop()
	defer other.l.Close()
	gate := future.New[int](other.l)
	foreign := task.Spawn(other.ctx, func(ctx context.Context) (int, error) { return gate.Await(ctx) })
	other.park(t)
	var pendingErr, doneErr error
	var doneValue int
	err := task.Run(func(ctx context.Context) error {
		_, pendingErr = foreign.Await(ctx)
		_, pendingErr2 := foreign.Await(ctx) // twice: nothing was left registered
		assert.ErrorIs(t, pendingErr2, future.ErrOtherLoop)
		return task.Sleep(ctx, time.Millisecond)
	}, virtualClock())
	require.NoError(t, err)
	require.ErrorIs(t, pendingErr, future.ErrOtherLoop)

	require.NoError(t, gate.SetResult(8))
	require.NoError(t, other.l.RunUntilComplete(foreign))
	err = task.Run(func(ctx context.Context) error {
		doneValue, doneErr = foreign.Await(ctx)
		return nil
	}, virtualClock())
	require.NoError(t, err)
	require.NoError(t, doneErr)
	assert.Equal(t, 8, doneValue)
}

// A task awaiting itself through future.Suspend gets the same error as through
// Task.Await, and through Wait with a timeout it sees itself pending.
func TestATaskAwaitingItselfThroughOtherDoors(t *testing.T) {
	t.Parallel()
	err := task.Run(func(ctx context.Context) error {
		var self *task.Task[int]
		self = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := future.Suspend(ctx, self); err == nil || err.Error() != "task: a task cannot await itself" {
				t.Errorf("future.Suspend on itself: %v", err)
			}
			done, pending, err := task.Wait(ctx, []*task.Task[int]{self}, task.WithTimeout(time.Second))
			require.NoError(t, err)
			assert.Empty(t, done)
			assert.Equal(t, []*task.Task[int]{self}, pending)
			return 1, nil
		})
		v, err := self.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, v)
		return nil
	}, virtualClock())
	require.NoError(t, err)
}

// awaitCycles are tasks that wait for each other, directly or through a gathering, which
// only a cancellation can end. Task.Cancel cancels what the task waits on, and a
// cancelled task or gathering cancels what it waits on in turn: around a cycle, that
// must not recurse forever (in Go a stack overflow is fatal: it kills the process, and
// no recover in the loop or in task.Run can catch it).
var awaitCycles = map[string]func(t *testing.T){
	"a task gathering itself, cancelled": func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			var self *task.Task[int]
			self = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				_, err := gather.Gather(ctx, future.Awaitable[int](self))
				return 0, err
			})
			require.NoError(t, task.Sleep(ctx, time.Second))
			assert.False(t, self.Done(), "a gathering of itself waits")
			assert.True(t, self.Cancel("enough"))
			_, _, err := task.Wait(ctx, []*task.Task[int]{self}, task.WithTimeout(time.Second))
			return err
		}, virtualClock())
		require.NoError(t, err)
	},
	"two tasks awaiting each other, one cancelled": func(t *testing.T) {
		err := task.Run(func(ctx context.Context) error {
			var a, b *task.Task[int]
			a = task.Spawn(ctx, func(ctx context.Context) (int, error) { return b.Await(ctx) })
			b = task.Spawn(ctx, func(ctx context.Context) (int, error) { return a.Await(ctx) })
			require.NoError(t, task.Sleep(ctx, time.Second))
			assert.True(t, a.Cancel("enough"))
			_, _, err := task.Wait(ctx, []*task.Task[int]{a, b}, task.WithTimeout(time.Second))
			return err
		}, virtualClock())
		require.NoError(t, err)
	},
	"main returns with two tasks awaiting each other": func(t *testing.T) {
		// task.Run cancels the leftovers itself; whatever it then reports, it returns.
		_ = task.Run(func(ctx context.Context) error {
			var a, b *task.Task[int]
			a = task.Spawn(ctx, func(ctx context.Context) (int, error) { return b.Await(ctx) })
			b = task.Spawn(ctx, func(ctx context.Context) (int, error) { return a.Await(ctx) })
			return task.Sleep(ctx, time.Second)
		}, virtualClock())
	},
}

// TestCancellingACycleOfAwaitsDoesNotCrashTheProcess runs each cycle in a child process
// (this test binary, run again for that case alone), since the failure it looks for is a
// fatal stack overflow that would take every other test of the package down with it.
func TestCancellingACycleOfAwaitsDoesNotCrashTheProcess(t *testing.T) {
	if name := os.Getenv("TASK_TEST_AWAIT_CYCLE"); name != "" {
		debug.SetMaxStack(64 << 20) // overflow, if it comes, at 64 MB rather than 1 GB
		awaitCycles[name](t)
		return
	}
	t.Parallel()
	names := make([]string, 0, len(awaitCycles))
	for name := range awaitCycles {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestCancellingACycleOfAwaitsDoesNotCrashTheProcess$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), "TASK_TEST_AWAIT_CYCLE="+name)
			out, err := cmd.CombinedOutput()
			if err != nil {
				lines := strings.SplitN(string(out), "\n", 16)
				t.Errorf("the child process running %q failed (%v); its output begins:\n%s",
					name, err, strings.Join(lines[:min(len(lines), 15)], "\n"))
			}
		})
	}
}

// The throw is the registry's, not the task's: a CancelledError thrown in at the step of
// one task must not leak to the task stepped right before or after it in the same
// iteration. Two tasks parked on futures completed in the same callback, one of them
// cancelled after its future completed (so its CancelledError is thrown in), in both
// orders; and a task whose body, resumed first, cancels the other before its step.
func TestAThrowReachesOnlyTheTaskItIsFor(t *testing.T) {
	t.Parallel()
	for _, order := range []string{"cancelled first", "cancelled second", "cancelled by the first"} {
		t.Run(order, func(t *testing.T) {
			t.Parallel()
			c := newClosingLoop()
			defer c.l.Close()
			fa, fb := future.New[int](c.l), future.New[int](c.l)
			type outcome struct {
				v   int
				err error
			}
			var got [2][]outcome
			var a, b *task.Task[int]
			a = task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
				v, err := fa.Await(ctx)
				got[0] = append(got[0], outcome{v, err})
				if order == "cancelled by the first" {
					b.Cancel("from a")
				}
				err = task.Sleep(ctx, 0)
				got[0] = append(got[0], outcome{0, err})
				return 0, nil
			})
			b = task.Spawn(c.ctx, func(ctx context.Context) (int, error) {
				v, err := fb.Await(ctx)
				got[1] = append(got[1], outcome{v, err})
				err = task.Sleep(ctx, 0)
				got[1] = append(got[1], outcome{0, err})
				return 0, nil
			})
			c.park(t)
			_, err := c.l.CallSoon(func() {
				if order == "cancelled first" {
					require.NoError(t, fb.SetResult(2)) // b's step is queued first
					require.NoError(t, fa.SetResult(1))
				} else {
					require.NoError(t, fa.SetResult(1))
					require.NoError(t, fb.SetResult(2))
				}
				if order != "cancelled by the first" {
					b.Cancel("to b")
				}
			})
			require.NoError(t, err)
			require.NoError(t, c.l.RunUntilComplete(a))
			require.NoError(t, c.l.RunUntilComplete(b))

			require.Len(t, got[0], 2)
			assert.Equal(t, outcome{1, nil}, got[0][0], "a got its value")
			assert.NoError(t, got[0][1].err, "a's next await is not disturbed")
			require.Len(t, got[1], 2)
			want := "to b"
			if order == "cancelled by the first" {
				want = "from a"
			}
			var ce *future.CancelledError
			require.ErrorAs(t, got[1][0].err, &ce, "b's resumed await raises the CancelledError")
			assert.Equal(t, want, ce.Msg)
			assert.NoError(t, got[1][1].err, "the throw is delivered once")
		})
	}
}
