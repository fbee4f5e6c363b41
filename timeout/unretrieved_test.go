package timeout_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

// What WaitFor retrieves: like asyncio's wait_for, which awaits the future (its task's
// wakeup calls result()), or cancels it and reads its result, it leaves nothing to be
// reported as never retrieved. Each case was run on CPython 3.13 first.

func TestWaitForLeavesNothingUnretrieved(t *testing.T) {
	t.Parallel()
	cases := map[string]func(ctx context.Context) error{
		"the deadline passes, the task fails on its cancellation": func(ctx context.Context) error {
			tk := task.Spawn(ctx, virtual.FailsOnCancel)
			_, err := timeout.WaitFor[int](ctx, tk, 10*time.Millisecond)
			assert.Same(t, virtual.ErrFailedOnCancel, err)
			return nil
		},
		"a timeout of zero, the pending task fails on its cancellation": func(ctx context.Context) error {
			tk := task.Spawn(ctx, virtual.FailsOnCancel)
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
			_, err := timeout.WaitFor[int](ctx, tk, 0)
			assert.Same(t, virtual.ErrFailedOnCancel, err)
			return nil
		},
		"a timeout of zero, the task failed already": func(ctx context.Context) error {
			tk := task.Spawn(ctx, func(context.Context) (int, error) { return 0, virtual.ErrFailedOnCancel })
			if err := task.Sleep(ctx, 0); err != nil {
				return err
			}
			_, err := timeout.WaitFor[int](ctx, tk, 0)
			assert.Same(t, virtual.ErrFailedOnCancel, err)
			return nil
		},
		"the caller is cancelled, the task fails on its cancellation": func(ctx context.Context) error {
			inner := task.Spawn(ctx, virtual.FailsOnCancel)
			w := task.Spawn(ctx, func(ctx context.Context) (int, error) { return timeout.WaitFor[int](ctx, inner, 10*time.Second) })
			if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
				return err
			}
			w.Cancel("")
			_, err := w.Await(ctx)
			assert.Same(t, virtual.ErrFailedOnCancel, err)
			return nil
		},
		"a future that fails before the deadline": func(ctx context.Context) error {
			tk := task.Spawn(ctx, func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, time.Millisecond); err != nil {
					return 0, err
				}
				return 0, virtual.ErrFailedOnCancel
			})
			_, err := timeout.WaitFor[int](ctx, tk, time.Hour)
			assert.Same(t, virtual.ErrFailedOnCancel, err)
			return nil
		},
	}
	for name, main := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Empty(t, virtual.Reported(t, main).Messages())
		})
	}
}
