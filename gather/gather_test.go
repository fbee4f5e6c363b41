package gather_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// after returns a coroutine that sleeps d and then returns v, or err when err is not nil.
func after[T any](d time.Duration, v T, err error) task.Coro[T] {
	return func(ctx context.Context) (T, error) {
		if serr := task.Sleep(ctx, d); serr != nil {
			var zero T
			return zero, serr
		}
		if err != nil {
			var zero T
			return zero, err
		}
		return v, nil
	}
}

func TestReturnExceptionsCollectsEverySlot(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	require.NoError(t, run(func(ctx context.Context) error {
		victim := task.Spawn(ctx, after(time.Second, 0, nil))
		l, _ := loop.Get(ctx)
		_, err := l.CallLater(5*time.Millisecond, func() { victim.Cancel("stop") })
		require.NoError(t, err)
		slow := task.Spawn(ctx, after(30*time.Millisecond, 3, nil))
		rs, err := gather.ReturnExceptions(ctx,
			gather.Coro(after(20*time.Millisecond, 1, nil)),
			gather.Coro(after(10*time.Millisecond, 0, boom)),
			victim, slow)
		require.NoError(t, err)
		require.Len(t, rs, 4)
		assert.Equal(t, gather.Result[int]{Value: 1}, rs[0])
		assert.Same(t, boom, rs[1].Err)
		var ce *future.CancelledError
		require.ErrorAs(t, rs[2].Err, &ce)
		assert.Equal(t, "stop", ce.Msg)
		assert.Equal(t, gather.Result[int]{Value: 3}, rs[3])
		assert.False(t, slow.Cancelled(), "nothing is cancelled by a failure")
		assert.Equal(t, 30*time.Millisecond, since(ctx, time.Unix(0, 0)), "it waited for every child")
		return nil
	}))
}

func TestCancellingTheAwaitingTaskCancelsEveryChild(t *testing.T) {
	t.Parallel()
	for _, returnExceptions := range []bool{false, true} {
		name := "plain"
		if returnExceptions {
			name = "return_exceptions"
		}
		t.Run(name, func(t *testing.T) {
			require.NoError(t, run(func(ctx context.Context) error {
				cleanedUp := 0
				child := func(ctx context.Context) (int, error) {
					err := task.Sleep(ctx, time.Second)
					if future.IsCancelled(err) {
						// The cleanup still awaits: the gathering waits for it.
						_ = task.Sleep(ctx, 10*time.Millisecond)
						cleanedUp++
					}
					return 0, err
				}
				done := task.Spawn(ctx, after(0, 9, nil))
				waiter := task.Spawn(ctx, func(ctx context.Context) (int, error) {
					var err error
					if returnExceptions {
						_, err = gather.ReturnExceptions(ctx, done, gather.Coro(child), gather.Coro(child))
					} else {
						_, err = gather.Gather(ctx, done, gather.Coro(child), gather.Coro(child))
					}
					return 0, err
				})
				require.NoError(t, task.Sleep(ctx, 50*time.Millisecond))
				assert.True(t, waiter.Cancel("enough"))
				_, err := waiter.Result()
				assert.Error(t, err, "still pending: the children are cleaning up")
				require.NoError(t, future.Suspend(ctx, waiter))
				assert.True(t, waiter.Cancelled())
				assert.Equal(t, 2, cleanedUp)
				v, err := done.Result()
				assert.NoError(t, err, "a finished child keeps its result")
				assert.Equal(t, 9, v)
				return nil
			}))
		})
	}
}

func TestAChildCancelledOnItsOwnEndsTheGatheringWithACancellation(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		a := task.Spawn(ctx, after(time.Second, 1, nil))
		b := task.Spawn(ctx, after(time.Second, 2, nil))
		g := gather.Start(ctx, a, b)
		require.NoError(t, task.Sleep(ctx, 0))
		a.Cancel("just a")
		_, err := g.Await(ctx)
		var ce *future.CancelledError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "just a", ce.Msg)
		assert.False(t, g.Cancelled(), "as in asyncio, the gathering ends with the error")
		assert.False(t, b.Done(), "the sibling is not cancelled")
		assert.False(t, g.Cancel(""), "a done gathering cannot be cancelled")
		b.Cancel("")
		return nil
	}))
}

func TestDuplicatesAreWatchedOnceAndCancelledPerArgument(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		shared := task.Spawn(ctx, after(time.Second, 1, nil))
		g := gather.Start(ctx, shared, shared)
		require.NoError(t, task.Sleep(ctx, 0))
		assert.True(t, g.Cancel(""))
		assert.Equal(t, 2, shared.Cancelling(), "cancel is called once per argument, as in asyncio")
		_, err := g.Await(ctx)
		assert.True(t, future.IsCancelled(err))

		l, _ := loop.Get(ctx)
		f := future.New[string](l)
		_, err = l.CallLater(time.Millisecond, func() { _ = f.SetResult("x") })
		require.NoError(t, err)
		vs, err := gather.Gather(ctx, f, f, f)
		require.NoError(t, err)
		assert.Equal(t, []string{"x", "x", "x"}, vs)
		return nil
	}))
}

func TestDoneChildrenAndNestedGatherings(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		done := future.New[int](l)
		require.NoError(t, done.SetResult(5))
		g := gather.Start(ctx, done)
		assert.True(t, g.Done(), "a gathering of done futures completes at once")
		inner := gather.Start(ctx, gather.Coro(after(time.Millisecond, 1, nil)), gather.Coro(after(0, 2, nil)))
		outer, err := gather.Gather[[]int](ctx, inner, g)
		require.NoError(t, err)
		assert.Equal(t, [][]int{{1, 2}, {5}}, outer)
		assert.Contains(t, inner.String(), "finished result=[1 2]")
		return nil
	}))
}

func TestTypedGathers(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	require.NoError(t, run(func(ctx context.Context) error {
		n, s, err := gather.Gather2(ctx, gather.Coro(after(20*time.Millisecond, 7, nil)), gather.Coro(after(10*time.Millisecond, "seven", nil)))
		require.NoError(t, err)
		assert.Equal(t, 7, n)
		assert.Equal(t, "seven", s)

		l, _ := loop.Get(ctx)
		f := future.New[float64](l)
		_, err = l.CallLater(time.Millisecond, func() { _ = f.SetResult(0.5) })
		require.NoError(t, err)
		x, ok, y, err := gather.Gather3(ctx, f, gather.Coro(after(0, true, nil)), task.Spawn(ctx, after(0, []byte("z"), nil)))
		require.NoError(t, err)
		assert.Equal(t, 0.5, x)
		assert.True(t, ok)
		assert.Equal(t, []byte("z"), y)

		_, _, err = gather.Gather2(ctx, gather.Coro(after(time.Second, 1, nil)), gather.Coro(after(0, "", boom)))
		assert.Same(t, boom, err)
		_, _, _, err = gather.Gather3(ctx, gather.Coro(after(0, 1, nil)), gather.Coro(after(0, 1, nil)), gather.Coro(after(0, 1, boom)))
		assert.Same(t, boom, err)
		return nil
	}))
}

func TestAnyAwaitableThatIsNotAFutureIsSpawned(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		me := task.Current(ctx)
		aw := custom{me: me}
		vs, err := gather.Gather[bool](ctx, aw, aw)
		require.NoError(t, err)
		assert.Equal(t, []bool{true, true}, vs, "each ran in a task of its own")
		return nil
	}))
}

// custom is an awaitable of the user's own: it reports whether it runs in a task other
// than me.
type custom struct{ me task.Any }

func (c custom) Await(ctx context.Context) (bool, error) {
	return task.Current(ctx) != c.me, task.Sleep(ctx, 0)
}

func TestCoroutinesPassDirectlyOrMarked(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		me := task.Current(ctx)
		inOwnTask := func(ctx context.Context) (bool, error) { return task.Current(ctx) != me, nil }
		vs, err := gather.Gather(ctx, task.Coro[bool](inOwnTask), gather.Coro(inOwnTask))
		require.NoError(t, err)
		assert.Equal(t, []bool{true, true}, vs, "both forms are spawned as tasks")
		var nilCoro task.Coro[bool]
		_, err = gather.Gather[bool](ctx, nilCoro)
		assert.ErrorContains(t, err, "nil awaitable")
		return nil
	}))
}

func TestBadInputIsAnErrorNotAHang(t *testing.T) {
	t.Parallel()
	_, err := gather.Gather[int](context.Background(), gather.Coro(after(0, 1, nil)))
	assert.ErrorContains(t, err, "gather:")
	_, err = gather.ReturnExceptions[int](context.Background())
	assert.ErrorContains(t, err, "gather:")
	_, _, err = gather.Gather2[int, int](context.Background(), nil, nil)
	assert.ErrorContains(t, err, "gather:")
	_, _, _, err = gather.Gather3[int, int, int](context.Background(), nil, nil, nil)
	assert.ErrorContains(t, err, "gather:")
	assert.PanicsWithValue(t,
		"gather: Start: the context carries no event loop (use a task's context, or task.Run)",
		func() { gather.Start[int](context.Background()) })

	other := loop.New()
	defer other.Close()
	foreign := future.New[int](other)
	require.NoError(t, run(func(ctx context.Context) error {
		_, err := gather.Gather[int](ctx, nil)
		assert.ErrorContains(t, err, "nil awaitable")
		_, err = gather.Gather(ctx, gather.Coro[int](nil))
		assert.ErrorContains(t, err, "nil awaitable")
		_, err = gather.Gather(ctx, gather.Coro(after(0, 1, nil)), foreign)
		assert.ErrorIs(t, err, future.ErrOtherLoop)
		_, err = gather.Gather(ctx, gather.Coro(func(ctx context.Context) (int, error) { panic("child panicked") }))
		var pe *loop.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "child panicked", pe.Value)
		return nil
	}))
}

func TestEmptyGatherings(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(func(ctx context.Context) error {
		vs, err := gather.Gather[int](ctx)
		require.NoError(t, err)
		assert.NotNil(t, vs)
		assert.Empty(t, vs)
		rs, err := gather.ReturnExceptions[int](ctx)
		require.NoError(t, err)
		assert.Empty(t, rs)
		g := gather.Start[int](ctx)
		assert.True(t, g.Done())
		assert.False(t, g.Cancel(""))
		return nil
	}))
}
