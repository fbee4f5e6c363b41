package queue_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

// The classic worker pool: a bounded queue makes the producer wait while the workers
// are busy, TaskDone and Join tell the producer when every job is finished, and Shutdown
// sends the idle workers home (their Get returns ErrShutDown).
func Example() {
	err := task.Run(func(ctx context.Context) error {
		jobs := queue.New[int](2)
		worker := func() task.Coro[int] {
			return func(ctx context.Context) (int, error) {
				done := 0
				for {
					job, err := jobs.Get(ctx)
					if errors.Is(err, queue.ErrShutDown) {
						return done, nil
					} else if err != nil {
						return done, err
					}
					if err := task.Sleep(ctx, time.Duration(job)*time.Millisecond); err != nil {
						return done, err
					}
					done++
					if err := jobs.TaskDone(); err != nil {
						return done, err
					}
				}
			}
		}
		a := task.Spawn(ctx, worker())
		b := task.Spawn(ctx, worker())
		for _, job := range []int{30, 10, 10, 10, 20} {
			if err := jobs.Put(ctx, job); err != nil {
				return err
			}
		}
		if err := jobs.Join(ctx); err != nil {
			return err
		}
		fmt.Println("all jobs done")
		jobs.Shutdown(false)
		na, _ := a.Await(ctx)
		nb, _ := b.Await(ctx)
		fmt.Println("a did", na, "b did", nb)
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// all jobs done
	// a did 2 b did 3
}

// NewPriorityFunc orders items with a less function: the Go spelling of putting
// (priority, data) tuples into an asyncio.PriorityQueue.
func ExampleNewPriorityFunc() {
	type job struct {
		priority int
		name     string
	}
	q := queue.NewPriorityFunc(0, func(a, b job) bool { return a.priority < b.priority })
	for _, j := range []job{{3, "backup"}, {1, "page the on-call"}, {2, "send mail"}} {
		_ = q.PutNowait(j)
	}
	for !q.Empty() {
		j, _ := q.GetNowait()
		fmt.Println(j.priority, j.name)
	}
	// Output:
	// 1 page the on-call
	// 2 send mail
	// 3 backup
}

// The Nowait forms never wait: they report a full or empty queue as an error.
func ExampleQueue_PutNowait() {
	q := queue.NewLifo[string](1)
	fmt.Println(q.PutNowait("a"))
	fmt.Println(q.PutNowait("b"))
	fmt.Println(q.GetNowait())
	fmt.Println(q.GetNowait())
	// Output:
	// <nil>
	// queue: full
	// a <nil>
	//  queue: empty
}
