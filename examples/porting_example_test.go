package examples_test

// The snippets of docs/porting.md, compiled and run.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/executor"
	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// virtual is the option every example here runs with, so its output is exact.
func virtual() loop.Option { return loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))) }

// async def double(x: int) -> int
func double(x int) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		if err := task.Sleep(ctx, 100*time.Millisecond); err != nil { // await asyncio.sleep(0.1)
			return 0, err
		}
		return 2 * x, nil
	}
}

// asyncio.run, await, create_task, a named task, gather.
func Example_portingBasics() {
	v, err := task.RunValue(func(ctx context.Context) (int, error) { // asyncio.run(main())
		a, err := double(1)(ctx) // a = await double(1)
		if err != nil {
			return 0, err
		}
		t := task.Spawn(ctx, double(2), task.WithName("two")) // t = asyncio.create_task(double(2), name="two")
		b, err := t.Await(ctx)                                // b = await t
		if err != nil {
			return 0, err
		}
		vs, err := gather.Gather(ctx, gather.Coro(double(3)), gather.Coro(double(4))) // vs = await asyncio.gather(double(3), double(4))
		if err != nil {
			return 0, err
		}
		fmt.Println(a, b, vs, t.Name())
		return a + b + vs[0] + vs[1], nil
	}, virtual())
	fmt.Println(v, err)
	// Output:
	// 2 4 [6 8] two
	// 20 <nil>
}

// async with asyncio.timeout(d), except TimeoutError; asyncio.wait_for.
func Example_portingTimeout() {
	_ = task.Run(func(ctx context.Context) error {
		err := timeout.Run(ctx, 50*time.Millisecond, func(ctx context.Context, tm *timeout.Timeout) error {
			_, err := double(1)(ctx)
			return err
		})
		if errors.Is(err, timeout.ErrTimeout) { // except TimeoutError:
			fmt.Println("timed out")
		}
		v, err := timeout.WaitForCoro(ctx, double(2), time.Second) // await asyncio.wait_for(double(2), 1)
		fmt.Println(v, err)
		return nil
	}, virtual())
	// Output:
	// timed out
	// 4 <nil>
}

// async with sem:, async with lock:, event.wait().
func Example_portingLocks() {
	_ = task.Run(func(ctx context.Context) error {
		sem := locks.NewSemaphore(2) // sem = asyncio.Semaphore(2)
		var mu locks.Lock            // lock = asyncio.Lock()
		var ev locks.Event           // event = asyncio.Event()

		use := func(ctx context.Context) error {
			if err := sem.Acquire(ctx); err != nil { // async with sem:
				return err
			}
			defer sem.Release()
			if err := mu.Acquire(ctx); err != nil { // async with lock:
				return err
			}
			defer mu.Release()
			return nil
		}
		fmt.Println(use(ctx))
		task.Spawn(ctx, func(ctx context.Context) (struct{}, error) { ev.Set(); return struct{}{}, nil })
		fmt.Println(ev.Wait(ctx), ev.IsSet()) // await event.wait()
		return nil
	}, virtual())
	// Output:
	// <nil>
	// <nil> true
}

// queue.put / get / task_done / join, QueueEmpty.
func Example_portingQueue() {
	_ = task.Run(func(ctx context.Context) error {
		q := queue.New[string](10)                // q = asyncio.Queue(maxsize=10)
		if err := q.Put(ctx, "job"); err != nil { // await q.put("job")
			return err
		}
		item, err := q.Get(ctx) // item = await q.get()
		fmt.Println(item, err)
		_ = q.TaskDone()         // q.task_done()
		fmt.Println(q.Join(ctx)) // await q.join()
		_, err = q.GetNowait()   // q.get_nowait() raises QueueEmpty
		fmt.Println(errors.Is(err, queue.ErrEmpty))
		return nil
	}, virtual())
	// Output:
	// job <nil>
	// <nil>
	// true
}

// except asyncio.CancelledError: ... raise; try/finally.
func Example_portingExceptions() {
	_ = task.Run(func(ctx context.Context) error {
		t := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			defer fmt.Println("finally: cleanup") // finally:
			if err := task.Sleep(ctx, time.Hour); err != nil {
				if future.IsCancelled(err) { // except asyncio.CancelledError:
					fmt.Println("cancelled")
				}
				return 0, err // raise
			}
			return 1, nil
		})
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		t.Cancel("bye")
		_, err := t.Await(ctx)
		var ce *future.CancelledError
		fmt.Println(errors.As(err, &ce), ce.Msg)
		return nil
	}, virtual())
	// Output:
	// cancelled
	// finally: cleanup
	// true bye
}

// TaskGroup and except*.
func Example_portingTaskGroup() {
	_ = task.Run(func(ctx context.Context) error {
		errBad := errors.New("bad input")
		err := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error { // async with asyncio.TaskGroup() as tg:
			task.Spawn(ctx, double(1), task.InGroup(tg)) // tg.create_task(double(1)): cancelled by the failure
			task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, errBad }, task.InGroup(tg))
			return nil
		})
		var eg *task.ExceptionGroup
		fmt.Println(errors.As(err, &eg), len(eg.Errors), errors.Is(err, errBad)) // except* ValueError:
		fmt.Println(err)
		return nil
	}, virtual())
	// Output:
	// true 1 true
	// unhandled errors in a TaskGroup (1 sub-exception)
}

// contextvars: a task sees its creator's values.
type requestIDKey struct{}

func Example_portingContextVars() {
	_ = task.Run(func(ctx context.Context) error {
		ctx = context.WithValue(ctx, requestIDKey{}, "req-42") // request_id.set("req-42")
		t := task.Spawn(ctx, func(ctx context.Context) (string, error) {
			id, _ := ctx.Value(requestIDKey{}).(string) // request_id.get()
			return id, nil
		})
		id, err := t.Await(ctx)
		fmt.Println(id, err)
		return nil
	}, virtual())
	// Output:
	// req-42 <nil>
}

// asyncio.wait(FIRST_COMPLETED), as_completed, shield.
func Example_portingWait() {
	_ = task.Run(func(ctx context.Context) error {
		ts := []*task.Task[int]{task.Spawn(ctx, double(1)), task.Spawn(ctx, func(ctx context.Context) (int, error) {
			return 0, task.Sleep(ctx, time.Second)
		})}
		done, pending, err := task.Wait(ctx, ts, task.FirstCompleted) // asyncio.wait(ts, return_when=FIRST_COMPLETED)
		fmt.Println(len(done), len(pending), err)
		for t, err := range task.AsCompleted(ctx, pending) { // for t in asyncio.as_completed(pending):
			if err != nil {
				return err
			}
			v, err := t.Result()
			fmt.Println(v, err)
		}
		v, err := task.Shield(task.Spawn(ctx, double(5))).Await(ctx) // await asyncio.shield(double(5))
		fmt.Println(v, err)
		return nil
	}, virtual())
	// Output:
	// 1 1 <nil>
	// 0 <nil>
	// 10 <nil>
}

// asyncio.to_thread, run_in_executor with a pool of one's own, run_coroutine_threadsafe.
func Example_portingExecutor() {
	_ = task.Run(func(ctx context.Context) error {
		ctx = context.WithValue(ctx, requestIDKey{}, "req-7")
		// v = await asyncio.to_thread(blocking_call): the worker sees the task's values
		v, err := executor.ToThread(ctx, func(ctx context.Context) (string, error) {
			id, _ := ctx.Value(requestIDKey{}).(string)
			return "read for " + id, nil // a blocking call would go here
		})
		fmt.Println(v, err)

		pool, err := executor.NewPool(2) // pool = ThreadPoolExecutor(max_workers=2)
		if err != nil {
			return err
		}
		defer pool.Shutdown(true, false)                                          // pool.shutdown(wait=True)
		fut := executor.RunIn(ctx, pool, func(ctx context.Context) (int, error) { // fut = loop.run_in_executor(pool, fn)
			return 6 * 7, nil
		})
		n, err := fut.Await(ctx)
		fmt.Println(n, err)

		// From another goroutine: asyncio.run_coroutine_threadsafe(coro, loop).result()
		l, _ := loop.Get(ctx)
		got, err := executor.ToThread(ctx, func(context.Context) (int, error) {
			h, err := executor.RunCoroutineThreadsafe(l, func(ctx context.Context) (int, error) { return 42, nil })
			if err != nil {
				return 0, err
			}
			return h.Wait(context.Background())
		})
		fmt.Println(got, err)
		return nil
	}, virtual())
	// Output:
	// read for req-7 <nil>
	// 42 <nil>
	// 42 <nil>
}

// t.add_done_callback(cb): the callback gets the task; fut.add_done_callback(cb) the future.
func Example_portingDoneCallbacks() {
	_ = task.Run(func(ctx context.Context) error {
		t := task.Spawn(ctx, double(1), task.WithName("one"))
		t.AddDoneCallback(func(t *task.Task[int]) {
			v, err := t.Result()
			fmt.Println("task done:", t.Name(), v, err)
		})
		l, _ := loop.Get(ctx)
		fut := future.New[string](l)
		fut.AddDoneCallback(func(f *future.Future[string]) {
			v, err := f.Result()
			fmt.Println("future done:", v, err)
		})
		_ = fut.SetResult("ok")
		_, err := t.Await(ctx)
		return err
	}, virtual())
	// Output:
	// future done: ok <nil>
	// task done: one 2 <nil>
}
