package timeout_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
	"github.com/goasyncio/asyncio/timeout"
)

const tick = 10 * time.Millisecond

// nestedCase is a random nest of timeout scopes: level i sleeps pre[i], then enters a
// scope with deadline d[i] from then; the innermost body sleeps body. Optionally a
// callback cancels the task from outside at cancelAt. The times are drawn from a coarse
// grid so that deadlines often tie with each other, with sleeps and with the outside
// cancellation: the ties are where the bookkeeping matters.
type nestedCase struct {
	pre, d   []time.Duration
	body     time.Duration
	cancelAt time.Duration // < 0: no outside cancellation
	levels   int
}

func drawNested(t *rapid.T) nestedCase {
	c := nestedCase{levels: rapid.IntRange(1, 4).Draw(t, "levels")}
	for i := range c.levels {
		c.pre = append(c.pre, tick*time.Duration(rapid.IntRange(0, 2).Draw(t, "pre")))
		c.d = append(c.d, tick*time.Duration(rapid.IntRange(-1, 4).Draw(t, "deadline")))
		_ = i
	}
	c.body = tick * time.Duration(rapid.IntRange(0, 8).Draw(t, "body"))
	c.cancelAt = -1
	if rapid.Bool().Draw(t, "cancel from outside") {
		c.cancelAt = tick / 2 * time.Duration(rapid.IntRange(0, 24).Draw(t, "cancel at"))
	}
	return c
}

// expectation is what asyncio's rules predict for a nestedCase, by simulating its
// clock: each sleep ends early if an active deadline or the outside cancellation comes
// first. Ties go by the order the timers were scheduled in (the loop runs equal deadlines
// FIFO): the outside cancellation (scheduled before the task started) comes before every
// deadline, and a deadline before the end of a sleep that began after its scope was
// entered. Every scope whose deadline is due in that iteration expires.
type expectation struct {
	entered  int           // how many scopes were entered
	outcome  string        // "ok", "cancelled" or "timeout"
	at       time.Duration // when the task ends
	deadline []time.Duration
	reporter int // the scope that reports the timeout: the outermost that expired
}

func expect(c nestedCase) expectation {
	e := expectation{reporter: -1}
	now := time.Duration(0)
	sleep := func(d time.Duration) bool { // reports whether the sleep ended normally
		end := now + d
		m := time.Duration(-1)
		for i := range e.entered {
			if m < 0 || e.deadline[i] < m {
				m = e.deadline[i]
			}
		}
		cancel := c.cancelAt >= 0 && c.cancelAt <= end
		expire := m >= 0 && m <= end
		switch {
		case cancel && (!expire || c.cancelAt <= m):
			e.outcome, e.at = "cancelled", c.cancelAt
		case expire:
			e.outcome, e.at = "timeout", m
			for i := range e.entered {
				if e.deadline[i] == m {
					e.reporter = i
					break
				}
			}
		default:
			now = end
			return true
		}
		return false
	}
	for i := range c.levels {
		if !sleep(c.pre[i]) {
			return e
		}
		e.deadline = append(e.deadline, max(now+c.d[i], now))
		e.entered++
	}
	if sleep(c.body) {
		e.outcome, e.at = "ok", now
	}
	return e
}

func TestPropertyNestedTimeouts(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := drawNested(rt)
		want := expect(c)

		scopes := make([]*timeout.Timeout, c.levels)
		errs := make([]error, c.levels)
		var workerErr error
		var endedAt time.Duration
		var cancelling, pending int
		var level func(ctx context.Context, i int) error
		level = func(ctx context.Context, i int) error {
			if err := task.Sleep(ctx, c.pre[i]); err != nil {
				return err
			}
			errs[i] = timeout.Run(ctx, c.d[i], func(ctx context.Context, tm *timeout.Timeout) error {
				scopes[i] = tm
				if i == c.levels-1 {
					return task.Sleep(ctx, c.body)
				}
				return level(ctx, i+1)
			})
			return errs[i]
		}
		err := run(func(ctx context.Context) error {
			l, _ := loop.Get(ctx)
			t0 := l.Time()
			worker := task.Spawn(ctx, func(ctx context.Context) (struct{}, error) {
				err := level(ctx, 0)
				endedAt = l.Time().Sub(t0)
				return struct{}{}, err
			})
			if c.cancelAt >= 0 {
				if _, err := l.CallLater(c.cancelAt, func() { worker.Cancel("outside") }); err != nil {
					return err
				}
			}
			if err := future.Suspend(ctx, worker); err != nil {
				return err
			}
			workerErr = worker.Err()
			cancelling = worker.Cancelling()
			pending = len(task.All(ctx))
			return nil
		})
		require.NoError(rt, err)
		require.Equal(rt, 1, pending, "no task is left pending but main")
		require.Equal(rt, want.at, endedAt, "the task ends when the model says")

		entered := 0
		for _, s := range scopes {
			if s != nil {
				entered++
			}
		}
		require.Equal(rt, want.entered, entered)

		switch want.outcome {
		case "ok":
			require.NoError(rt, workerErr)
			require.Zero(rt, cancelling)
		case "cancelled":
			require.True(rt, future.IsCancelled(workerErr), "an outside cancellation stays one: %v", workerErr)
			require.Equal(rt, 1, cancelling)
			for i := range entered {
				// A deadline due in the same iteration as the outside cancellation
				// expires too, but must not turn it into a timeout.
				require.Equal(rt, want.deadline[i] == want.at, scopes[i].Expired(), "scope %d expired", i)
				require.False(rt, errors.Is(errs[i], timeout.ErrTimeout), "scope %d turned a cancellation into %v", i, errs[i])
			}
		case "timeout":
			require.ErrorIs(rt, workerErr, timeout.ErrTimeout)
			require.Zero(rt, cancelling, "every scope took its cancellation back")
			for i := range entered {
				require.Equal(rt, want.deadline[i] == want.at, scopes[i].Expired(), "scope %d expired", i)
				if i <= want.reporter {
					require.ErrorIs(rt, errs[i], timeout.ErrTimeout, "scope %d", i)
				} else {
					require.True(rt, future.IsCancelled(errs[i]), "scope %d inside the reporter passes the cancellation up: %v", i, errs[i])
				}
			}
		}
	})
}
