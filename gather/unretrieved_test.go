package gather_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/task"
)

// What a gathering retrieves, and when a gathering itself is reported as "_GatheringFuture
// exception was never retrieved". Each case was run on CPython 3.13 first; the comment
// says what asyncio reports.

var errUnread = errors.New("boom")

func failing(d time.Duration) task.Coro[int] {
	return func(ctx context.Context) (int, error) {
		if err := task.Sleep(ctx, d); err != nil {
			return 0, err
		}
		return 0, errUnread
	}
}

func hangs(ctx context.Context) (int, error) { return 0, task.Sleep(ctx, time.Hour) }

// cancelTheAwaiter spawns two children that fail on their cancellation, a task that
// awaits them with gatherBoth, and cancels that task once all three are parked; it
// returns what the task ends with.
func cancelTheAwaiter(ctx context.Context, gatherBoth func(ctx context.Context, a, b *task.Task[int]) error) (awaited, err error) {
	a, b := task.Spawn(ctx, virtual.FailsOnCancel), task.Spawn(ctx, virtual.FailsOnCancel)
	w := task.Spawn(ctx, func(ctx context.Context) (int, error) { return 0, gatherBoth(ctx, a, b) })
	if err := task.Sleep(ctx, 10*time.Millisecond); err != nil {
		return nil, err
	}
	w.Cancel("")
	_, awaited = w.Await(ctx)
	return awaited, nil
}

func TestGatheringReports(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		main func(ctx context.Context) error
		want []string
	}{
		// The gathering ends with the child's CancelledError as its exception: asyncio
		// reports it like any other.
		"unawaited, a child is cancelled": {
			main: func(ctx context.Context) error {
				tk := task.Spawn(ctx, hangs)
				gather.Start[int](ctx, tk)
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				tk.Cancel("")
				return task.Sleep(ctx, time.Millisecond)
			},
			want: []string{"_GatheringFuture exception was never retrieved: cancelled"},
		},
		"unawaited, cancelled itself": {
			main: func(ctx context.Context) error {
				g := gather.Start[int](ctx, task.Spawn(ctx, hangs))
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				assert.True(t, g.Cancel(""))
				return task.Sleep(ctx, time.Millisecond)
			},
			want: []string{"_GatheringFuture exception was never retrieved: cancelled"},
		},
		// The inner gathering's exception is retrieved by the outer one, whose own is
		// not; the children failing after the first are retrieved by their gathering.
		"nested, unawaited": {
			main: func(ctx context.Context) error {
				a, b := task.Spawn(ctx, failing(0)), task.Spawn(ctx, failing(10*time.Millisecond))
				c := task.Spawn(ctx, failing(20*time.Millisecond))
				inner := gather.Start[int](ctx, a, b)
				cs := task.Spawn(ctx, func(ctx context.Context) ([]int, error) { _, err := c.Await(ctx); return nil, err })
				gather.Start[[]int](ctx, inner, cs)
				return task.Sleep(ctx, 50*time.Millisecond)
			},
			want: []string{"_GatheringFuture exception was never retrieved: boom"},
		},
		"ReturnExceptions, unawaited": {
			main: func(ctx context.Context) error {
				gather.StartReturnExceptions[int](ctx, task.Spawn(ctx, failing(0)), gather.Coro(failing(time.Millisecond)))
				return task.Sleep(ctx, 50*time.Millisecond)
			},
		},
		"the same failing task twice, awaited": {
			main: func(ctx context.Context) error {
				tk := task.Spawn(ctx, failing(0))
				_, err := gather.Gather[int](ctx, tk, tk)
				assert.Same(t, errUnread, err)
				return nil
			},
		},
		"the same task twice, failing after the gathering ended": {
			main: func(ctx context.Context) error {
				tk := task.Spawn(ctx, failing(10*time.Millisecond))
				_, err := gather.Gather[int](ctx, gather.Coro(failing(0)), tk, tk)
				assert.Same(t, errUnread, err)
				return task.Sleep(ctx, 50*time.Millisecond)
			},
		},
		// The awaiter's cancellation cancels the children, which fail instead: the
		// gathering ends with the first one's error, and the awaiter returns it.
		"the awaiter is cancelled, the children fail on their cancellation": {
			main: func(ctx context.Context) error {
				awaited, err := cancelTheAwaiter(ctx, func(ctx context.Context, a, b *task.Task[int]) error {
					_, err := gather.Gather[int](ctx, a, b)
					return err
				})
				if err != nil {
					return err
				}
				assert.EqualError(t, awaited, "failed on cancel")
				return nil
			},
		},
		"Gather2, the awaiter is cancelled, the children fail on their cancellation": {
			main: func(ctx context.Context) error {
				awaited, err := cancelTheAwaiter(ctx, func(ctx context.Context, a, b *task.Task[int]) error {
					_, _, err := gather.Gather2[int, int](ctx, a, b)
					return err
				})
				if err != nil {
					return err
				}
				assert.EqualError(t, awaited, "failed on cancel")
				return nil
			},
		},
		"ReturnExceptions cancelled, the children fail on their cancellation": {
			main: func(ctx context.Context) error {
				g := gather.StartReturnExceptions[int](ctx, task.Spawn(ctx, virtual.FailsOnCancel), task.Spawn(ctx, virtual.FailsOnCancel))
				if err := task.Sleep(ctx, 0); err != nil {
					return err
				}
				g.Cancel("")
				_, err := g.Await(ctx)
				assert.True(t, future.IsCancelled(err), "got %v", err)
				return nil
			},
		},
		"a nil awaitable, unawaited": {
			main: func(ctx context.Context) error {
				g := gather.Start[int](ctx, nil)
				assert.True(t, g.Done())
				return nil
			},
			// The bad argument is a failed child, which the gathering retrieves.
			want: []string{"_GatheringFuture exception was never retrieved: gather: nil awaitable"},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.want, virtual.Reported(t, c.main).MessagesAndErrors())
		})
	}
}
