package queue_test

// Go ports of the CPython conformance scenarios of queues.py
// (internal/conformance/testdata/queue_*.py, priority_queue_*.py). Each port keeps the
// scenario's structure (same tasks, same awaits, same delays) and prints what the Go
// runtime does.

import (
	"cmp"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/internal/conformance"
	"github.com/goasyncio/asyncio/queue"
	"github.com/goasyncio/asyncio/task"
)

func TestConformanceQueueFIFOBackpressure(t *testing.T) {
	var tr conformance.Trace
	producer := func(q *queue.Queue[int]) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			for i := 1; i < 6; i++ {
				tr.Print("producer putting", i)
				if err := q.Put(ctx, i); err != nil {
					return struct{}{}, err
				}
				tr.Print("producer put", i, "qsize", q.Qsize())
			}
			return struct{}{}, nil
		}
	}
	consumer := func(q *queue.Queue[int]) task.Coro[struct{}] {
		return func(ctx context.Context) (struct{}, error) {
			if err := task.Sleep(ctx, 50*time.Millisecond); err != nil {
				return struct{}{}, err
			}
			tr.Print("consumer starts, full:", q.Full())
			for range 5 {
				v, err := q.Get(ctx)
				if err != nil {
					return struct{}{}, err
				}
				tr.Print("consumer got", v)
			}
			return struct{}{}, nil
		}
	}
	err := run(func(ctx context.Context) error {
		q := queue.New[int](2)
		// asyncio.gather(producer(q), consumer(q)): two tasks spawned in this order and
		// awaited (the queue package may not import gather, so the port awaits them in
		// turn; main prints nothing until both are done either way).
		p := task.Spawn(ctx, producer(q))
		c := task.Spawn(ctx, consumer(q))
		for _, tk := range []*task.Task[struct{}]{p, c} {
			if _, err := tk.Await(ctx); err != nil {
				return err
			}
		}
		tr.Print("empty at end:", q.Empty())
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "queue_fifo_backpressure")
}

// tupleLess compares two-field tuples as Python compares tuples: field by field.
func tupleLess(a, b conformance.Tuple) bool {
	if c := cmp.Compare(a[0].(int), b[0].(int)); c != 0 {
		return c < 0
	}
	return a[1].(string) < b[1].(string)
}

func TestConformancePriorityQueueOrder(t *testing.T) {
	var tr conformance.Trace
	err := run(func(ctx context.Context) error {
		q := queue.NewPriorityFunc(0, tupleLess)
		for _, item := range []conformance.Tuple{{3, "c"}, {1, "b"}, {2, "z"}, {1, "a"}, {5, "e"}} {
			if err := q.PutNowait(item); err != nil {
				return err
			}
		}
		var out []conformance.Tuple
		for !q.Empty() {
			v, err := q.GetNowait()
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		tr.Print("order:", out)

		getter := func(ctx context.Context) (struct{}, error) {
			v, err := q.Get(ctx)
			if err != nil {
				return struct{}{}, err
			}
			tr.Print("blocked getter got", v)
			return struct{}{}, nil
		}
		tk := task.Spawn(ctx, getter)
		if err := task.Sleep(ctx, 0); err != nil {
			return err
		}
		if err := q.PutNowait(conformance.Tuple{9, "first put"}); err != nil {
			return err
		}
		if err := q.PutNowait(conformance.Tuple{0, "second put"}); err != nil {
			return err
		}
		if _, err := tk.Await(ctx); err != nil {
			return err
		}
		left, err := q.GetNowait()
		if err != nil {
			return err
		}
		tr.Print("left:", left)
		return nil
	})
	require.NoError(t, err)
	tr.Check(t, "priority_queue_order")
}
