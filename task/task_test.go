package task_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestPanic(t *testing.T) {
	t.Parallel()

	t.Run("a panic in a task body ends the task with a PanicError and the loop goes on", func(t *testing.T) {
		t.Parallel()
		var after bool
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			bad := task.Spawn(ctx, panickyBody)
			good := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, time.Second); err != nil {
					return 0, err
				}
				return 7, nil
			})
			_, err := bad.Await(ctx)
			var pe *loop.PanicError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "body exploded", pe.Value)
			assert.Contains(t, string(pe.Stack), "panickyBody", "the stack shows where the body panicked")
			assert.True(t, bad.Done())
			assert.False(t, bad.Cancelled())
			v, err := good.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, 7, v)
			after = true
			return nil
		}))
		assert.True(t, after)
	})

	t.Run("a panic in main comes back from Run", func(t *testing.T) {
		t.Parallel()
		err := runVirtual(func(ctx context.Context) error { panic(errors.New("main broke")) })
		var pe *loop.PanicError
		require.ErrorAs(t, err, &pe)
		assert.EqualError(t, errors.Unwrap(pe), "main broke")
	})
}

func panickyBody(ctx context.Context) (int, error) {
	if err := task.Sleep(ctx, 0); err != nil {
		return 0, err
	}
	panic("body exploded")
}

func TestRun(t *testing.T) {
	t.Parallel()

	t.Run("Run inside a task is ErrNested and leaks nothing", func(t *testing.T) {
		t.Parallel()
		ran := false
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			err := runVirtual(func(context.Context) error { ran = true; return nil })
			assert.ErrorIs(t, err, loop.ErrNested)
			return nil
		}))
		assert.False(t, ran, "the nested main must never run")
	})

	t.Run("Run of a nil main is a clear error", func(t *testing.T) {
		t.Parallel()
		assert.ErrorContains(t, task.Run(nil), "nil coroutine")
		_, err := task.RunValue[int](nil)
		assert.ErrorContains(t, err, "nil coroutine")
	})

	t.Run("RunValue returns main's value and error", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("boom")
		v, err := task.RunValue(func(context.Context) (int, error) { return 3, boom })
		assert.Same(t, boom, err)
		assert.Zero(t, v, "a task that fails has no result, whatever its body returned")
		v, err = task.RunValue(func(context.Context) (int, error) { return 4, nil })
		require.NoError(t, err)
		assert.Equal(t, 4, v)
	})

	t.Run("a leftover task failing during shutdown goes to the exception handler", func(t *testing.T) {
		t.Parallel()
		var buf bytes.Buffer
		lg := slog.New(slog.NewTextHandler(&buf, nil))
		err := task.Run(func(ctx context.Context) error {
			task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, time.Hour); err != nil {
					return 0, errors.New("cleanup failed")
				}
				return 0, nil
			}, task.WithName("sloppy"))
			return task.Sleep(ctx, 0)
		}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))), loop.WithLogger(lg))
		require.NoError(t, err)
		assert.Contains(t, buf.String(), "unhandled exception during task.Run() shutdown")
		assert.Contains(t, buf.String(), "error=\"cleanup failed\"")
		assert.Contains(t, buf.String(), "name='sloppy'")
	})

	t.Run("loops on several goroutines at once share nothing", func(t *testing.T) {
		t.Parallel()
		const loops = 4
		results := make([]int, loops)
		errs := make(chan error, loops)
		for i := range loops {
			go func() {
				v, err := task.RunValue(func(ctx context.Context) (int, error) {
					sum := 0
					var tasks []*task.Task[int]
					for j := range 50 {
						tasks = append(tasks, task.Spawn(ctx, func(ctx context.Context) (int, error) {
							if err := task.Sleep(ctx, time.Duration(j)*time.Millisecond); err != nil {
								return 0, err
							}
							return j, nil
						}))
					}
					for _, tk := range tasks {
						v, err := tk.Await(ctx)
						if err != nil {
							return 0, err
						}
						sum += v
					}
					if name := task.Current(ctx).Name(); name != "Task-1" {
						return 0, fmt.Errorf("main is %s: task names must be counted per loop", name)
					}
					return sum, nil
				}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
				results[i] = v
				errs <- err
			}()
		}
		for range loops {
			require.NoError(t, <-errs)
		}
		for _, v := range results {
			assert.Equal(t, 50*49/2, v)
		}
	})

	t.Run("on the real clock sleeps wake in deadline order and time moves forward", func(t *testing.T) {
		t.Parallel()
		var order []string
		require.NoError(t, task.Run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			start := l.Time()
			sleeper := func(name string, d time.Duration) *task.Task[int] {
				return task.Spawn(ctx, func(ctx context.Context) (int, error) {
					for range 3 { // the loop's timer is reset and reused
						if err := task.Sleep(ctx, d); err != nil {
							return 0, err
						}
					}
					order = append(order, name)
					return 0, nil
				})
			}
			slow, fast := sleeper("slow", 20*time.Millisecond), sleeper("fast", time.Millisecond)
			for _, tk := range []*task.Task[int]{slow, fast} {
				if _, err := tk.Await(ctx); err != nil {
					return err
				}
			}
			// A lower bound only, which cannot flake: a timer never fires early.
			assert.GreaterOrEqual(t, l.Time().Sub(start), 60*time.Millisecond, "three 20ms sleeps")
			return nil
		}))
		assert.Equal(t, []string{"fast", "slow"}, order)
	})

	t.Run("main waiting for nothing on a virtual clock is ErrIdle, not a hang", func(t *testing.T) {
		t.Parallel()
		err := runVirtual(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			_, err := future.New[int](l).Await(ctx)
			return err
		})
		assert.ErrorIs(t, err, loop.ErrIdle)
	})
}

func TestCancellation(t *testing.T) {
	t.Parallel()

	t.Run("a task that swallows its cancellation goes on and returns its value", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			stubborn := task.Spawn(ctx, func(ctx context.Context) (string, error) {
				err := task.Sleep(ctx, time.Hour)
				require.True(t, future.IsCancelled(err))
				if err := task.Sleep(ctx, time.Second); err != nil {
					return "", err
				}
				return "kept going", nil
			})
			require.NoError(t, task.Sleep(ctx, 0))
			assert.True(t, stubborn.Cancel("please"))
			v, err := stubborn.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, "kept going", v)
			assert.False(t, stubborn.Cancelled())
			assert.Equal(t, 1, stubborn.Cancelling(), "swallowing does not uncancel")
			return nil
		}))
	})

	t.Run("a task that cancels itself and returns ends cancelled and its result is discarded", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			self := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				task.Current(ctx).Cancel("changed my mind")
				return 5, nil
			})
			v, err := self.Await(ctx)
			var ce *future.CancelledError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "changed my mind", ce.Msg)
			assert.Zero(t, v)
			assert.True(t, self.Cancelled())
			return nil
		}))
	})

	t.Run("a task that cancels itself and then fails ends with its error, as asyncio's does", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("boom")
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			self := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				task.Current(ctx).Cancel("")
				return 0, boom
			})
			_, err := self.Await(ctx)
			assert.Same(t, boom, err)
			assert.False(t, self.Cancelled())
			return nil
		}))
	})

	t.Run("a task that cancels itself and then panics ends with the PanicError", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			self := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				task.Current(ctx).Cancel("")
				panic("after cancel")
			})
			_, err := self.Await(ctx)
			var pe *loop.PanicError
			assert.ErrorAs(t, err, &pe)
			return nil
		}))
	})

	t.Run("cancelling a task whose awaited future is already done raises at the await instead of the result", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			fut := future.New[int](l)
			w := task.Spawn(ctx, func(ctx context.Context) (int, error) { return fut.Await(ctx) })
			require.NoError(t, task.Sleep(ctx, 0))
			require.NoError(t, fut.SetResult(1))
			assert.True(t, w.Cancel("m"))
			_, err := w.Await(ctx)
			assert.Equal(t, conformance.Tuple{"m"}, cancelArgs(err))
			assert.True(t, w.Cancelled())
			assert.False(t, fut.Cancelled())
			return nil
		}))
	})

	t.Run("a second cancel before the task wakes keeps the first message, as asyncio does", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			fut := future.New[int](l)
			var seen []any
			awaitFut := func(ctx context.Context) (int, error) {
				_, err := fut.Await(ctx)
				seen = append(seen, cancelArgs(err))
				return 0, err
			}
			sleep := func(ctx context.Context) (int, error) {
				err := task.Sleep(ctx, time.Hour)
				seen = append(seen, cancelArgs(err))
				return 0, err
			}
			for _, body := range []task.Coro[int]{awaitFut, sleep} {
				tk := task.Spawn(ctx, body)
				require.NoError(t, task.Sleep(ctx, 0))
				tk.Cancel("first")
				tk.Cancel("second")
				_, err := tk.Await(ctx)
				seen = append(seen, cancelArgs(err), tk.Cancelling())
			}
			// CPython 3.13: body saw ('first',), awaiter saw ('first',), cancelling() 2.
			first := conformance.Tuple{"first"}
			assert.Equal(t, []any{first, first, 2, first, first, 2}, seen)
			return nil
		}))
	})

	t.Run("a cancel after the awaited future failed replaces its error with a CancelledError", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			fut := future.New[int](l)
			tk := task.Spawn(ctx, func(ctx context.Context) (int, error) { return fut.Await(ctx) })
			require.NoError(t, task.Sleep(ctx, 0))
			require.NoError(t, fut.SetException(errors.New("v")))
			tk.Cancel("c")
			_, err := tk.Await(ctx)
			assert.Equal(t, conformance.Tuple{"c"}, cancelArgs(err))
			return nil
		}))
	})

	t.Run("cancelling a task that awaits a task cancels the inner one too", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			inner := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, time.Hour) })
			outer := task.Spawn(ctx, func(ctx context.Context) (int, error) { return inner.Await(ctx) })
			require.NoError(t, task.Sleep(ctx, 0))
			assert.True(t, outer.Cancel(""))
			_, err := outer.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			assert.True(t, outer.Cancelled())
			assert.True(t, inner.Cancelled())
			return nil
		}))
	})

	t.Run("uncancelling a task cancelled before it started lets its body run", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			ran := false
			tk := task.Spawn(ctx, func(context.Context) (int, error) { ran = true; return 1, nil })
			assert.True(t, tk.Cancel(""))
			assert.Equal(t, 0, tk.Uncancel())
			v, err := tk.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, v)
			assert.True(t, ran)
			return nil
		}))
	})

	t.Run("cancel of a done task reports false and changes nothing", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			tk := task.Spawn(ctx, func(context.Context) (int, error) { return 2, nil })
			_, err := tk.Await(ctx)
			require.NoError(t, err)
			assert.False(t, tk.Cancel(""))
			assert.Equal(t, 0, tk.Cancelling())
			v, err := tk.Result()
			assert.NoError(t, err)
			assert.Equal(t, 2, v)
			return nil
		}))
	})

	t.Run("a task awaiting itself gets an error instead of hanging", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			var self *task.Task[int]
			self = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				_, err := self.Await(ctx)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "cannot await itself")
				return 1, nil
			})
			v, err := self.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, v)
			return nil
		}))
	})
}

func TestSleep(t *testing.T) {
	t.Parallel()

	t.Run("Sleep(ctx, 0) yields for exactly one loop iteration", func(t *testing.T) {
		t.Parallel()
		// The same trace as CPython 3.13 for loop.call_soon interleaved with sleep(0).
		var log []string
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			add := func(s string) func() { return func() { log = append(log, s) } }
			_, _ = l.CallSoon(func() {
				log = append(log, "cb1")
				_, _ = l.CallSoon(add("cb2"))
			})
			require.NoError(t, task.Sleep(ctx, 0))
			log = append(log, "main1")
			_, _ = l.CallSoon(add("cb3"))
			require.NoError(t, task.Sleep(ctx, 0))
			log = append(log, "main2")
			require.NoError(t, task.Sleep(ctx, 0))
			log = append(log, "main3")
			return nil
		}))
		assert.Equal(t, []string{"cb1", "main1", "cb2", "cb3", "main2", "main3"}, log)
	})

	t.Run("Sleep outside a task is an error, not a hang", func(t *testing.T) {
		t.Parallel()
		assert.ErrorIs(t, task.Sleep(context.Background(), 0), future.ErrNoTask)
		assert.Error(t, task.Sleep(context.Background(), time.Second))
	})

	t.Run("sleeping for the longest duration does not wake at once once time has passed", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			require.NoError(t, task.Sleep(ctx, time.Second))
			forever := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				return 0, task.Sleep(ctx, time.Duration(math.MaxInt64))
			})
			require.NoError(t, task.Sleep(ctx, time.Hour))
			assert.False(t, forever.Done(), "a sleep of ~292 years must not end within an hour")
			forever.Cancel("")
			_, err := forever.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			return nil
		}))
	})

	t.Run("a cancelled Sleep cancels its timer", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			s := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, time.Hour) })
			require.NoError(t, task.Sleep(ctx, 0))
			s.Cancel("")
			_, err := s.Await(ctx)
			assert.True(t, future.IsCancelled(err))
			require.NoError(t, task.Sleep(ctx, time.Second))
			assert.Equal(t, time.Second, l.Time().Sub(time.Unix(0, 0)),
				"the cancelled hour-long timer must not hold the virtual clock")
			return nil
		}))
	})
}

func TestIntrospection(t *testing.T) {
	t.Parallel()

	t.Run("Current and All see the tasks of the loop in creation order", func(t *testing.T) {
		t.Parallel()
		assert.Nil(t, task.Current(context.Background()))
		assert.Nil(t, task.All(context.Background()))
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			main := task.Current(ctx)
			require.NotNil(t, main)
			assert.Equal(t, "Task-1", main.Name())
			a := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				assert.Equal(t, "worker", task.Current(ctx).Name())
				return 0, task.Sleep(ctx, time.Second)
			}, task.WithName("worker"))
			b := task.Spawn(ctx, func(context.Context) (int, error) { return 0, nil })
			assert.Equal(t, "Task-2", b.Name(), "unnamed tasks are counted per loop")
			assert.Equal(t, []task.Any{main, a, b}, task.All(ctx))
			_, err := b.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, []task.Any{main, a}, task.All(ctx), "done tasks leave All")
			a.SetName("renamed")
			assert.Regexp(t, `^<Task pending name='renamed' coro=task_test\.TestIntrospection`, a.String())
			_, err = a.Await(ctx)
			require.NoError(t, err)
			assert.Regexp(t, `^<Task finished name='renamed'`, a.String())

			l, _ := loop.Get(ctx)
			var fromCallback task.Any = a
			_, _ = l.CallSoon(func() { fromCallback = task.Current(loop.WithScope(ctx, l)) })
			require.NoError(t, task.Sleep(ctx, 0))
			assert.Nil(t, fromCallback, "a loop callback runs in no task")
			return nil
		}))
	})

	t.Run("a task sees the context values of its creator", func(t *testing.T) {
		t.Parallel()
		type key struct{}
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			ctx = context.WithValue(ctx, key{}, "request-42")
			child := task.Spawn(ctx, func(ctx context.Context) (any, error) { return ctx.Value(key{}), nil })
			v, err := child.Await(ctx)
			require.NoError(t, err)
			assert.Equal(t, "request-42", v)
			assert.Same(t, child, task.Current(child.Context()))
			return nil
		}))
	})
}

func TestSpawn(t *testing.T) {
	t.Parallel()

	t.Run("Spawn of a nil coroutine gives a done task with an error", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			tk := task.Spawn[int](ctx, nil)
			assert.True(t, tk.Done())
			_, err := tk.Await(ctx)
			assert.ErrorContains(t, err, "nil coroutine")
			assert.NotContains(t, task.All(ctx), task.Any(tk))
			return nil
		}))
	})

	t.Run("only the body completes a task: Task has no SetResult, SetException, CancelWith or Init", func(t *testing.T) {
		t.Parallel()
		typ := reflect.TypeOf(&task.Task[int]{})
		for _, name := range []string{"SetResult", "SetException", "CancelWith", "Init"} {
			_, ok := typ.MethodByName(name)
			assert.False(t, ok, "Task.%s would let code outside the body complete the task", name)
		}
	})

	t.Run("done callbacks receive the task and are removed by identity", func(t *testing.T) {
		t.Parallel()
		var got []string
		require.NoError(t, runVirtual(func(ctx context.Context) error {
			tk := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 7, nil })
			record := func(d *task.Task[int]) {
				v, _ := d.Result()
				got = append(got, fmt.Sprint("record ", v, " ", d == tk))
			}
			removed := func(*task.Task[int]) { got = append(got, "removed ran") }
			tk.AddDoneCallback(removed)
			tk.AddDoneCallback(record)
			tk.AddDoneCallback(removed)
			assert.Equal(t, 2, tk.RemoveDoneCallback(removed))
			assert.Equal(t, 0, tk.RemoveDoneCallback(func(*task.Task[int]) {}))
			_, err := tk.Await(ctx)
			return err
		}))
		assert.Equal(t, []string{"record 7 true"}, got)
	})

	t.Run("awaiting a pending task outside a task is ErrNoTask, never a hang", func(t *testing.T) {
		t.Parallel()
		l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
		defer l.Close()
		ctx := loop.WithScope(context.Background(), l)
		tk := task.Spawn(ctx, func(context.Context) (int, error) { return 1, nil })
		_, err := tk.Await(context.Background())
		assert.ErrorIs(t, err, future.ErrNoTask)
		_, err = tk.Await(ctx) // the loop's own context: no task either
		assert.ErrorIs(t, err, future.ErrNoTask)
		require.NoError(t, l.RunUntilComplete(tk))
		v, err := tk.Await(context.Background()) // done: no suspension, no task needed
		require.NoError(t, err)
		assert.Equal(t, 1, v)
	})

	t.Run("Spawn without a loop in the context panics with a clear message", func(t *testing.T) {
		t.Parallel()
		assert.PanicsWithValue(t,
			"task: Spawn: the context carries no event loop (use a task's context, or task.Run)",
			func() { task.Spawn(context.Background(), func(context.Context) (int, error) { return 0, nil }) })
	})

	t.Run("Spawn on a closed loop gives a done task with ErrClosed", func(t *testing.T) {
		t.Parallel()
		l := loop.New()
		require.NoError(t, l.Close())
		tk := task.Spawn(loop.WithScope(context.Background(), l), func(context.Context) (int, error) { return 1, nil })
		assert.True(t, tk.Done())
		_, err := tk.Result()
		assert.ErrorIs(t, err, loop.ErrClosed)
	})
}

// These tests count goroutines, so they must not run in parallel with others.

func TestCoroutinePoolLeaksNothing(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const n = 1000 // well past the 256 idle coroutines the pool keeps
	sum := 0
	require.NoError(t, runVirtual(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		gate := future.New[struct{}](l)
		tasks := make([]*task.Task[int], n)
		for i := range tasks {
			tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if _, err := gate.Await(ctx); err != nil { // all n coroutines alive at once
					return 0, err
				}
				return i, nil
			})
		}
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, gate.SetResult(struct{}{}))
		for _, tk := range tasks {
			v, err := tk.Await(ctx)
			if err != nil {
				return err
			}
			sum += v
		}
		return nil
	}))
	assert.Equal(t, n*(n-1)/2, sum)
}

func TestCloseUnwindsParkedTasks(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	ctx := loop.WithScope(context.Background(), l)
	never := future.New[int](l)
	const n = 5
	var unwound []error
	var tasks []*task.Task[int]
	for range n {
		tasks = append(tasks, task.Spawn(ctx, func(ctx context.Context) (int, error) {
			_, err := never.Await(ctx)
			defer func() { unwound = append(unwound, err) }()
			if err != nil {
				// A body that awaits again while unwinding gets an error at once, no hang.
				assert.Error(t, task.Sleep(ctx, 0))
				assert.Error(t, task.Sleep(ctx, time.Second))
			}
			return 0, err
		}))
	}
	_, _ = l.CallSoon(l.Stop) // runs in the first iteration, after the steps that park the tasks
	require.NoError(t, l.RunForever())
	started := false
	notStarted := task.Spawn(ctx, func(context.Context) (int, error) { started = true; return 0, nil })

	require.NoError(t, l.Close())
	require.Len(t, unwound, n, "every parked body must unwind at Close")
	for i, err := range unwound {
		assert.ErrorContains(t, err, "closed", "task %d", i)
	}
	for _, tk := range tasks {
		assert.True(t, tk.Done())
	}
	assert.False(t, started, "a task that never took a step never runs, even at Close")
	assert.False(t, notStarted.Done())
}
