package locks_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/locks"
	"github.com/goasyncio/asyncio/task"
)

// The expected values below were printed by CPython 3.13 running the same program
// (written out in each test's comment).

// async def w(n):
//
//	async with c:
//	    try: await c.wait(); log.append(f"{n} woke")
//	    except CancelledError: log.append(f"{n} cancelled, locked={c.locked()}"); raise
//
// three waiters; notify(1) under the lock; cancel w1 before it runs; six sleep(0)
// → ['w1 cancelled, locked=True', 'w2 woke'] [True, True, False]
func TestConditionNotifiedWaiterCancelledPassesTheNotificationOn(t *testing.T) {
	var log, logged []string
	var done []bool
	run(t, func(ctx context.Context) error {
		var c locks.Condition
		w := func(n string) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				if err := c.Acquire(ctx); err != nil {
					return err
				}
				defer c.Release()
				if err := c.Wait(ctx); err != nil {
					if future.IsCancelled(err) {
						log = append(log, fmt.Sprintf("%s cancelled, locked=%v", n, c.Locked()))
					}
					return err
				}
				log = append(log, n+" woke")
				return nil
			}
		}
		ts := []*task.Task[struct{}]{spawn(ctx, w("w1")), spawn(ctx, w("w2")), spawn(ctx, w("w3"))}
		require.NoError(t, task.Sleep(ctx, 0))
		require.NoError(t, c.Acquire(ctx))
		require.NoError(t, c.Notify(1))
		require.NoError(t, c.Release())
		ts[0].Cancel("")
		for range 6 {
			require.NoError(t, task.Sleep(ctx, 0))
		}
		for _, tk := range ts {
			done = append(done, tk.Done())
		}
		logged = append(logged, log...)
		ts[2].Cancel("") // let task.Run end
		return nil
	})
	assert.Equal(t, []string{"w1 cancelled, locked=true", "w2 woke"}, logged)
	assert.Equal(t, []bool{true, true, false}, done)
}

// b = Barrier(2); a waits and is cancelled; then b and c wait
// → n_waiting after cancel: 0 [filling, waiters:0/2]; out [('c', 1), ('b', 0)]
func TestBarrierWaiterCancelledLeavesNoTrace(t *testing.T) {
	var out []string
	run(t, func(ctx context.Context) error {
		b := locks.NewBarrier(2)
		bw := func(n string) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				i, err := b.Wait(ctx)
				if err != nil {
					return err
				}
				out = append(out, fmt.Sprintf("(%s, %d)", n, i))
				return nil
			}
		}
		t1 := spawn(ctx, bw("a"))
		require.NoError(t, task.Sleep(ctx, 0))
		t1.Cancel("")
		require.NoError(t, task.Sleep(ctx, 0))
		assert.Equal(t, 0, b.NWaiting())
		assert.Equal(t, "<Barrier [filling, waiters:0/2]>", b.String())
		t2, t3 := spawn(ctx, bw("b")), spawn(ctx, bw("c"))
		_, err := gatherTasks(ctx, t2, t3)
		require.NoError(t, err)
		assert.Equal(t, "<Barrier [filling, waiters:0/2]>", b.String())
		return nil
	})
	assert.Equal(t, []string{"(c, 1)", "(b, 0)"}, out)
}
