package gather_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/gather"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

const tick = 10 * time.Millisecond

// A child of a random gathering: how it is given (a coroutine Gather spawns, a task
// spawned before, a future a timer completes, or the same argument as an earlier one),
// when it ends and how.
type childSpec struct {
	form  string // "coro", "task", "future", "dup"
	dupOf int    // for "dup": the earlier argument repeated
	delay time.Duration
	end   string // "ok", "fail", "cancel"
}

type gatherCase struct {
	children         []childSpec
	returnExceptions bool
	cancelAt         time.Duration // < 0: the awaiting task is not cancelled
}

func drawGather(t *rapid.T) gatherCase {
	n := rapid.IntRange(0, 6).Draw(t, "n")
	c := gatherCase{returnExceptions: rapid.Bool().Draw(t, "return_exceptions"), cancelAt: -1}
	for i := range n {
		form := rapid.SampledFrom([]string{"coro", "task", "future", "dup"}).Draw(t, "form")
		s := childSpec{form: form}
		if form == "dup" {
			var earlier []int
			for j := range i {
				if c.children[j].form == "task" || c.children[j].form == "future" {
					earlier = append(earlier, j)
				}
			}
			if len(earlier) == 0 {
				s.form = "coro"
			} else {
				s.dupOf = rapid.SampledFrom(earlier).Draw(t, "dup of")
			}
		}
		if s.form != "dup" {
			s.delay = tick * time.Duration(rapid.IntRange(0, 5).Draw(t, "delay"))
			s.end = rapid.SampledFrom([]string{"ok", "ok", "fail", "cancel"}).Draw(t, "end")
		}
		c.children = append(c.children, s)
	}
	if rapid.Bool().Draw(t, "cancel the gather") {
		// Off the grid: never ties with a child's end.
		c.cancelAt = tick*time.Duration(rapid.IntRange(0, 5).Draw(t, "cancel at")) + tick/2
	}
	return c
}

// resolve follows a "dup" argument to the child it repeats.
func (c gatherCase) resolve(i int) childSpec {
	if s := c.children[i]; s.form == "dup" {
		return c.children[s.dupOf]
	}
	return c.children[i]
}

type childError struct{ i int }

func (e *childError) Error() string { return fmt.Sprintf("child %d failed", e.i) }

func TestPropertyGather(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := drawGather(rt)
		n := len(c.children)

		var (
			values            []int
			results           []gather.Result[int]
			err               error
			returned          time.Duration
			futs              = make([]future.Like[int], n) // what each argument became, when known
			allDone           bool
			cancelledChildren = map[int]bool{}
		)
		body := func(i int, s childSpec) task.Coro[int] {
			return func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, s.delay); err != nil {
					return 0, err
				}
				switch s.end {
				case "fail":
					return 0, &childError{i}
				case "cancel":
					return 0, &future.CancelledError{Msg: "self"}
				}
				return i, nil
			}
		}
		require.NoError(rt, run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			t0 := l.Time()
			aws := make([]future.Awaitable[int], n)
			for i, s := range c.children {
				switch s.form {
				case "coro":
					aws[i] = gather.Coro(body(i, s))
				case "task":
					tk := task.Spawn(ctx, body(i, s))
					aws[i], futs[i] = tk, tk
				case "future":
					f := future.New[int](l)
					i, s := i, s
					if _, err := l.CallLater(s.delay, func() {
						switch s.end {
						case "fail":
							_ = f.SetException(&childError{i})
						case "cancel":
							f.Cancel("self")
						default:
							_ = f.SetResult(i)
						}
					}); err != nil {
						return err
					}
					aws[i], futs[i] = f, f
				case "dup":
					aws[i], futs[i] = aws[s.dupOf], futs[s.dupOf]
				}
			}
			waiter := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				var err error
				if c.returnExceptions {
					results, err = gather.ReturnExceptions(ctx, aws...)
				} else {
					values, err = gather.Gather(ctx, aws...)
				}
				returned = l.Time().Sub(t0)
				return struct{}{}, err
			})
			if c.cancelAt >= 0 {
				if _, err := l.CallLater(c.cancelAt, func() { waiter.Cancel("outer") }); err != nil {
					return err
				}
			}
			if err := future.Suspend(ctx, waiter); err != nil {
				return err
			}
			err = waiter.Err()
			// Every child ends, whatever the gathering did.
			if err := task.Sleep(ctx, 6*tick); err != nil {
				return err
			}
			allDone = true
			for _, tk := range task.All(ctx) {
				if tk != task.Current(ctx) {
					allDone = false
				}
			}
			for i, f := range futs {
				if f != nil {
					allDone = allDone && f.Done()
					cancelledChildren[i] = f.Cancelled()
				}
			}
			return nil
		}))
		require.True(rt, allDone, "every child ended")

		// The model.
		var last time.Duration // when every child is done
		firstFailure := time.Duration(-1)
		for i := range n {
			s := c.resolve(i)
			last = max(last, s.delay)
			if s.end != "ok" && (firstFailure < 0 || s.delay < firstFailure) {
				firstFailure = s.delay
			}
		}
		outerCancel := c.cancelAt >= 0 && c.cancelAt < last
		failFirst := !c.returnExceptions && firstFailure >= 0 && (!outerCancel || firstFailure < c.cancelAt)

		switch {
		case failFirst:
			require.Equal(rt, firstFailure, returned, "the first failure is returned at once")
			var ce *childError
			matched := false
			for i := range n {
				s := c.resolve(i)
				if s.end == "ok" || s.delay != firstFailure {
					continue
				}
				if s.end == "fail" && errors.As(err, &ce) {
					matched = true
				}
				if s.end == "cancel" && future.IsCancelled(err) {
					matched = true
				}
			}
			require.True(rt, matched, "the error %v is a failure at %v", err, firstFailure)
			for i := range n { // the others were not cancelled
				if s := c.resolve(i); s.end == "ok" && futs[i] != nil {
					require.False(rt, cancelledChildren[i], "child %d", i)
				}
			}
		case outerCancel:
			require.True(rt, future.IsCancelled(err), "got %v", err)
			require.Equal(rt, c.cancelAt, returned)
			for i := range n {
				if s := c.resolve(i); futs[i] != nil && s.delay > c.cancelAt {
					require.True(rt, cancelledChildren[i], "child %d was cancelled with the gathering", i)
				}
			}
		default:
			require.NoError(rt, err)
			require.Equal(rt, last, returned)
			for i := range n {
				s := c.resolve(i)
				want := i
				if c.children[i].form == "dup" {
					want = c.children[i].dupOf
				}
				if !c.returnExceptions {
					require.Equal(rt, want, values[i], "slot %d in argument order", i)
					continue
				}
				r := results[i]
				switch s.end {
				case "ok":
					require.NoError(rt, r.Err)
					require.Equal(rt, want, r.Value, "slot %d in argument order", i)
				case "fail":
					var ce *childError
					require.ErrorAs(rt, r.Err, &ce)
					require.Equal(rt, want, ce.i, "slot %d in argument order", i)
				case "cancel":
					require.True(rt, future.IsCancelled(r.Err), "slot %d: %v", i, r.Err)
				}
			}
		}
	})
}
