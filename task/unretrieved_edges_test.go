package task_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// What the combinators, the TaskGroup and the GC leave to the "exception was never
// retrieved" reports of tasks. Each case was run on CPython 3.13 first; the comment says
// what asyncio reports.

func sleepsForever(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, time.Hour) }

const taskNeverRetrieved = "Task exception was never retrieved: boom"

func TestWaitRetrievesExactlyWhereAsyncioDoes(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		main func(ctx context.Context) error
		want []string
	}{
		// _on_completion never calls exception() for FIRST_COMPLETED.
		"FirstCompleted, two fail in one iteration": {
			main: func(ctx context.Context) error {
				ts := []*task.Task[int]{task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(0))}
				_, _, err := task.Wait(ctx, ts, task.FirstCompleted)
				return err
			},
			want: []string{taskNeverRetrieved, taskNeverRetrieved},
		},
		// Both callbacks run (the second after the waiter is released), one later is
		// removed before it fails.
		"FirstException, two fail in one iteration, one later": {
			main: func(ctx context.Context) error {
				ts := []*task.Task[int]{
					task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(0)),
					task.Spawn(ctx, failsAfter(10*time.Millisecond)),
				}
				if _, _, err := task.Wait(ctx, ts, task.FirstException); err != nil {
					return err
				}
				return task.Sleep(ctx, 50*time.Millisecond)
			},
			want: []string{taskNeverRetrieved},
		},
		// The last callback finds counter == 0 and never calls exception().
		"FirstException, timeout 0, both failed already": {
			main: func(ctx context.Context) error {
				ts := []*task.Task[int]{task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(0))}
				if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
					return err
				}
				_, _, err := task.Wait(ctx, ts, task.FirstException, task.WithTimeout(0))
				return err
			},
			want: []string{taskNeverRetrieved},
		},
		"AllCompleted, timeout 0, both failed already": {
			main: func(ctx context.Context) error {
				ts := []*task.Task[int]{task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(0))}
				if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
					return err
				}
				_, _, err := task.Wait(ctx, ts, task.WithTimeout(0))
				return err
			},
			want: []string{taskNeverRetrieved, taskNeverRetrieved},
		},
		// The cancelled one does not release the waiter; the failing one is the last.
		"FirstException, one cancelled, then the other fails last": {
			main: func(ctx context.Context) error {
				a := task.Spawn(ctx, sleepsForever)
				b := task.Spawn(ctx, failsAfter(10*time.Millisecond))
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				a.Cancel("")
				_, _, err := task.Wait(ctx, []*task.Task[int]{a, b}, task.FirstException)
				return err
			},
			want: []string{taskNeverRetrieved},
		},
		"FirstException, the same failing task twice": {
			main: func(ctx context.Context) error {
				a := task.Spawn(ctx, failsAfter(0))
				b := task.Spawn(ctx, sleepsForever)
				done, pending, err := task.Wait(ctx, []*task.Task[int]{a, a, b}, task.FirstException)
				assert.Len(t, done, 1)
				assert.Len(t, pending, 1)
				b.Cancel("")
				return err
			},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.want, virtual.Reported(t, c.main).MessagesAndErrors())
		})
	}
}

func TestAsCompletedRetrievesNothing(t *testing.T) {
	t.Parallel()
	// asyncio 3.13's `async for f in as_completed(fs)` yields the futures themselves.
	rs := virtual.Reported(t, func(ctx context.Context) error {
		ts := []*task.Task[int]{task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(time.Millisecond))}
		n := 0
		for f, err := range task.AsCompleted(ctx, ts) {
			require.NoError(t, err)
			assert.True(t, f.Done())
			n++
		}
		assert.Equal(t, 2, n)
		return nil
	})
	assert.Equal(t, []string{taskNeverRetrieved, taskNeverRetrieved}, rs.MessagesAndErrors())

	// Reading each one as it comes retrieves it.
	rs = virtual.Reported(t, func(ctx context.Context) error {
		ts := []*task.Task[int]{task.Spawn(ctx, failsAfter(0)), task.Spawn(ctx, failsAfter(time.Millisecond))}
		for f, err := range task.AsCompleted(ctx, ts) {
			require.NoError(t, err)
			_, ferr := f.Result()
			assert.Same(t, errBoom, ferr)
		}
		return nil
	})
	assert.Empty(t, rs.Got)
}

func TestShieldInEveryOrder(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		main func(ctx context.Context) error
		want []string
	}{
		// The outer future got the exception, and nobody awaited it.
		"not awaited, the inner task fails": {
			main: func(ctx context.Context) error {
				task.Shield[int](task.Spawn(ctx, failsAfter(0)))
				return task.Sleep(ctx, 10*time.Millisecond)
			},
			want: []string{"Future exception was never retrieved: boom"},
		},
		// The awaiter's cancellation cancels the outer future, which forgets the inner.
		"the awaiter is cancelled, the inner fails later": {
			main: func(ctx context.Context) error {
				inner := task.Spawn(ctx, failsAfter(10*time.Millisecond))
				w := task.Spawn(ctx, func(ctx context.Context) (int, error) { return task.Shield[int](inner).Await(ctx) })
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				w.Cancel("")
				_, err := w.Await(ctx)
				assert.True(t, future.IsCancelled(err), "got %v", err)
				return task.Sleep(ctx, 50*time.Millisecond)
			},
			want: []string{taskNeverRetrieved},
		},
		"a shield of a shield, awaited": {
			main: func(ctx context.Context) error {
				_, err := task.Shield(task.Shield[int](task.Spawn(ctx, failsAfter(0)))).Await(ctx)
				assert.Same(t, errBoom, err)
				return nil
			},
		},
		"a shield of a gathering, awaited": {
			main: func(ctx context.Context) error {
				g := gather.Start(ctx, gather.Coro(failsAfter(0)))
				_, err := task.Shield[[]int](g).Await(ctx)
				assert.Same(t, errBoom, err)
				return nil
			},
		},
		"a shield of a task that failed already is the task": {
			main: func(ctx context.Context) error {
				inner := task.Spawn(ctx, failsAfter(0))
				if err := task.Sleep(ctx, time.Millisecond); err != nil {
					return err
				}
				assert.Same(t, future.Like[int](inner), task.Shield[int](inner))
				return nil
			},
			want: []string{taskNeverRetrieved},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.want, virtual.Reported(t, c.main).MessagesAndErrors())
		})
	}
}

func TestTaskGroupsRetrieveEveryChild(t *testing.T) {
	t.Parallel()
	cases := map[string]func(ctx context.Context) error{
		// ExceptionGroup([ValueError('boom'), KeyError('on cancel')]) in asyncio.
		"a child fails while the group aborts": func(ctx context.Context) error {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, virtual.FailsOnCancel, task.InGroup(tg))
				task.Spawn(ctx, failsAfter(10*time.Millisecond), task.InGroup(tg))
				return nil
			})
			var eg *task.ExceptionGroup
			require.ErrorAs(t, err, &eg)
			assert.Len(t, eg.Errors, 2)
			return nil
		},
		"nested groups": func(ctx context.Context) error {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, func(ctx context.Context) (int, error) {
					return 0, task.Group(ctx, func(ctx context.Context, tg2 *task.TaskGroup) error {
						task.Spawn(ctx, failsAfter(0), task.InGroup(tg2))
						task.Spawn(ctx, sleepsForever, task.InGroup(tg2))
						return nil
					})
				}, task.InGroup(tg))
				task.Spawn(ctx, sleepsForever, task.InGroup(tg))
				return nil
			})
			assert.ErrorIs(t, err, errBoom)
			return nil
		},
		"the body fails": func(ctx context.Context) error {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn(ctx, virtual.FailsOnCancel, task.InGroup(tg))
				task.Spawn(ctx, failsAfter(10*time.Millisecond), task.InGroup(tg))
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				return errors.New("body")
			})
			var eg *task.ExceptionGroup
			require.ErrorAs(t, err, &eg)
			assert.Len(t, eg.Errors, 2, "the child that failed on its cancellation, and the body")
			return nil
		},
		"a child fails at once, spawned with a nil coroutine": func(ctx context.Context) error {
			err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				task.Spawn[int](ctx, nil, task.InGroup(tg))
				return nil
			})
			require.Error(t, err)
			return nil
		},
	}
	for name, main := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Empty(t, virtual.Reported(t, main).MessagesAndErrors())
		})
	}
}

func TestACancelledAwaitRetrievesWhatTheTaskWasParkedOn(t *testing.T) {
	t.Parallel()
	// The awaited task is done (failed) when its awaiter is cancelled: asyncio's
	// __wakeup calls result() before __step raises the CancelledError instead.
	got := virtual.Reported(t, func(ctx context.Context) error {
		inner := task.Spawn(ctx, failsAfter(0))
		w := task.Spawn(ctx, func(ctx context.Context) (int, error) { return inner.Await(ctx) })
		for !inner.Done() {
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
		}
		assert.True(t, w.Cancel(""))
		_, err := w.Await(ctx)
		assert.True(t, future.IsCancelled(err), "got %v", err)
		return nil
	}).Got
	assert.Empty(t, got)
}

func TestAFailureAfterACancellationIsReported(t *testing.T) {
	t.Parallel()
	// The cancelled task swallows the CancelledError and fails: it is an exception like
	// any other.
	rs := virtual.Reported(t, func(ctx context.Context) error {
		tk := task.Spawn(ctx, virtual.FailsOnCancel)
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		tk.Cancel("")
		return task.Sleep(ctx, time.Millisecond)
	})
	assert.Equal(t, []string{"Task exception was never retrieved: failed on cancel"}, rs.MessagesAndErrors())
}

// spawnCapturingAndForget spawns tasks that fail at once, whose closures capture a large
// buffer and the task itself, and drops them.
//
//go:noinline
func spawnCapturingAndForget(ctx context.Context, n int) {
	for i := range n {
		buf := make([]byte, 1<<10)
		var self *task.Task[int]
		self = task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, 0); err != nil { // parks once: the coroutine stack holds self
				return 0, err
			}
			return len(buf), errors.New(self.Name() + "#" + strconv.Itoa(i))
		})
	}
}

func TestManyFailedTasksAreCollectedAndReportedWhileTheLoopRuns(t *testing.T) {
	t.Parallel()
	const n = 2000
	rs := &virtual.Reports{}
	reportedWhileRunning := 0
	require.NoError(t, rs.Run(func(ctx context.Context) error {
		spawnCapturingAndForget(ctx, n)
		_, err := virtual.CollectUntil(ctx, 2000, func() bool { return len(rs.Got) == n })
		reportedWhileRunning = len(rs.Got)
		return err
	}))
	got := rs.Got
	assert.Equal(t, n, reportedWhileRunning, "a closure that captures its own task keeps nothing alive")
	require.Len(t, got, n, "and nothing more at the close")
	seen := map[string]bool{}
	for _, c := range got {
		require.Equal(t, "Task exception was never retrieved", c.Message)
		seen[c.Err.Error()] = true
	}
	assert.Len(t, seen, n, "each once")
}

type errOfTask struct{ t *task.Task[int] }

func (e *errOfTask) Error() string { return "refers to " + e.t.Name() }

func TestAnErrorThatRefersToItsTaskIsReportedAtTheClose(t *testing.T) {
	t.Parallel()
	rs := &virtual.Reports{}
	var atEnd int
	require.NoError(t, rs.Run(func(ctx context.Context) error {
		func() {
			var self *task.Task[int]
			self = task.Spawn(ctx, func(context.Context) (int, error) { return 0, &errOfTask{self} }, task.WithName("selfish"))
		}()
		// Fifty rounds of collections and loop turns, in which no report may arrive.
		_, err := virtual.CollectUntil(ctx, 50, func() bool { return len(rs.Got) > 0 })
		atEnd = len(rs.Got)
		return err
	}))
	got := rs.Got
	assert.Zero(t, atEnd, "the record keeps the task alive through its error: no collection")
	require.Len(t, got, 1, "reported once, at the close")
	assert.EqualError(t, got[0].Err, "refers to selfish")
	assert.Equal(t, "<Task finished name='selfish' coro=task_test.TestAnErrorThatRefersToItsTaskIsReportedAtTheClose exception=refers to selfish>", got[0].Origin)
}

func TestAHandlerThatActsOnTasksWhileTheLoopDestroysThem(t *testing.T) {
	t.Parallel()
	l := loop.New(virtual.Clock())
	ctx := loop.WithScope(context.Background(), l)
	parked := task.Spawn(ctx, virtual.FailsOnCancel)
	require.NoError(t, l.RunUntilComplete(task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, 0) })))
	neverStarted := task.Spawn(ctx, failsAfter(0))
	failed := future.New[int](l)
	require.NoError(t, failed.SetException(errors.New("unread")))

	var got []string
	var spawned *task.Task[int]
	l.SetExceptionHandler(func(_ *loop.Loop, c loop.ExceptionContext) {
		got = append(got, c.Message)
		if c.Message != "Task was destroyed but it is pending!" || spawned != nil {
			return
		}
		// Cancel the task being reported, cancel one not started, spawn on the closed loop.
		parked.Cancel("")
		neverStarted.Cancel("")
		spawned = task.Spawn(ctx, failsAfter(0))
	})
	require.NoError(t, l.Close())
	assert.Equal(t, []string{
		"Task was destroyed but it is pending!",
		"Task was destroyed but it is pending!",
		"Future exception was never retrieved",
	}, got, "the two pending tasks, then the failure; the parked task's unwinding error is not tracked")
	require.True(t, spawned.Done())
	assert.ErrorIs(t, spawned.Err(), loop.ErrClosed)
	assert.True(t, parked.Done(), "the parked task unwound")
	assert.Error(t, parked.Err())
	assert.False(t, neverStarted.Done(), "a task that never started stays pending")
}
