package task_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// asyncio.wait over futures some of which were cancelled, failed or finished before the
// call (c: cancelled, f: failed, p: pending, r: result). CPython 3.13 (sorted names):
//
//	FE mixed: ['c', 'f', 'r'] ['p'] (no time passes)
//	FE cancelled+pending: ['c', 'p'] [] 0.2     (p done by call_later(0.2))
//	FE cancelled+pending t0: ['c'] ['p']
//	t0 <any return_when> ['c', 'f', 'r'] ['p']
//	t0 callsoon <any>: ['p'] []                 (p.set_result call_soon'ed before the wait)
//	t0 call_later0 <any>: ['p2'] []             (p2.set_result call_later(0)'ed before)
//	alldone <any>, with or without timeout=0: ['c', 'f', 'r'] [] (no time passes)
//	neg (timeout=-1): ['c', 'f', 'r'] ['p']
type predone struct {
	c, f, p, r *future.Future[int]
	names      map[*future.Future[int]]string
}

func makePredone(t *testing.T, l *loop.Loop) predone {
	c, f, p, r := future.New[int](l), future.New[int](l), future.New[int](l), future.New[int](l)
	require.True(t, c.Cancel(""))
	require.NoError(t, f.SetException(errors.New("v")))
	require.NoError(t, r.SetResult(1))
	return predone{c, f, p, r, map[*future.Future[int]]string{c: "c", f: "f", p: "p", r: "r"}}
}

func (pd predone) list(fs []*future.Future[int]) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, pd.names[f])
	}
	return out
}

// wait calls task.Wait on fs and requires the names of the done and pending futures
// (in the order Wait returns them; no pending ones if wantPending is empty).
func (pd predone) wait(t *testing.T, ctx context.Context, fs []*future.Future[int], wantDone, wantPending []string, opts ...task.WaitOption) {
	t.Helper()
	done, pending, err := task.Wait(ctx, fs, opts...)
	require.NoError(t, err)
	assert.Equal(t, wantDone, pd.list(done))
	if len(wantPending) == 0 {
		assert.Empty(t, pending)
	} else {
		assert.Equal(t, wantPending, pd.list(pending))
	}
}

var allReturnWhen = []task.ReturnWhen{task.AllCompleted, task.FirstCompleted, task.FirstException}

func TestWaitFirstExceptionWithFuturesDoneBeforeTheCall(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		l, _ := loop.Get(ctx)
		t0 := l.Time()
		pd := makePredone(t, l)
		pd.wait(t, ctx, []*future.Future[int]{pd.c, pd.f, pd.p, pd.r}, []string{"c", "f", "r"}, []string{"p"}, task.FirstException)
		assert.Equal(t, time.Duration(0), l.Time().Sub(t0))

		// A cancelled future is not an exception: FIRST_EXCEPTION waits for the rest.
		pd = makePredone(t, l)
		_, err := l.CallLater(200*time.Millisecond, func() { _ = pd.p.SetResult(5) })
		require.NoError(t, err)
		t0 = l.Time()
		pd.wait(t, ctx, []*future.Future[int]{pd.c, pd.p}, []string{"c", "p"}, nil, task.FirstException)
		assert.Equal(t, 200*time.Millisecond, l.Time().Sub(t0))

		pd = makePredone(t, l)
		pd.wait(t, ctx, []*future.Future[int]{pd.c, pd.p}, []string{"c"}, []string{"p"}, task.FirstException, task.WithTimeout(0))
	})
}

// A failing task that failed before the call and a cancelled task: FirstException
// returns at once.
func TestWaitFirstExceptionWithTasksFailedAndCancelledBeforeTheCall(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	runMain(t, func(ctx context.Context) {
		l, _ := loop.Get(ctx)
		failed := task.Spawn(ctx, valueAfter(0, 0, boom))
		cancelled := task.Spawn(ctx, valueAfter(time.Hour, 0, nil))
		slow := task.Spawn(ctx, valueAfter(time.Hour, 0, nil))
		require.NoError(t, task.Sleep(ctx, 0))
		cancelled.Cancel("")
		require.NoError(t, task.Sleep(ctx, 0))
		require.True(t, failed.Done())
		require.True(t, cancelled.Cancelled())
		t0 := l.Time()
		done, pending, err := task.Wait(ctx, []*task.Task[int]{slow, cancelled, failed}, task.FirstException)
		require.NoError(t, err)
		assert.Equal(t, []*task.Task[int]{cancelled, failed}, done)
		assert.Equal(t, []*task.Task[int]{slow}, pending)
		assert.Equal(t, time.Duration(0), l.Time().Sub(t0))
	})
}

func TestWaitTimeoutZeroOrNegative(t *testing.T) {
	t.Parallel()
	for _, rw := range allReturnWhen {
		for _, d := range []time.Duration{0, -time.Second} {
			t.Run(fmt.Sprint(rw, d), func(t *testing.T) {
				runMain(t, func(ctx context.Context) {
					l, _ := loop.Get(ctx)
					t0 := l.Time()
					pd := makePredone(t, l)
					pd.wait(t, ctx, []*future.Future[int]{pd.c, pd.f, pd.p, pd.r}, []string{"c", "f", "r"}, []string{"p"}, rw, task.WithTimeout(d))

					// Completed by a callback queued before the call: done by the time
					// the timeout's callback wakes the waiter.
					pd = makePredone(t, l)
					l.CallSoon(func() { _ = pd.p.SetResult(3) })
					pd.wait(t, ctx, []*future.Future[int]{pd.p}, []string{"p"}, nil, rw, task.WithTimeout(d))

					// Completed by a timer of delay 0 scheduled before the call.
					pd = makePredone(t, l)
					_, err := l.CallLater(0, func() { _ = pd.p.SetResult(3) })
					require.NoError(t, err)
					pd.wait(t, ctx, []*future.Future[int]{pd.p}, []string{"p"}, nil, rw, task.WithTimeout(d))
					assert.Equal(t, time.Duration(0), l.Time().Sub(t0))
				})
			})
		}
	}
}

func TestWaitAllDone(t *testing.T) {
	t.Parallel()
	for _, rw := range allReturnWhen {
		for _, opts := range [][]task.WaitOption{{rw}, {rw, task.WithTimeout(0)}, {rw, task.WithTimeout(time.Hour)}} {
			t.Run(fmt.Sprint(rw, len(opts)), func(t *testing.T) {
				runMain(t, func(ctx context.Context) {
					l, _ := loop.Get(ctx)
					t0 := l.Time()
					pd := makePredone(t, l)
					// Done in argument order.
					pd.wait(t, ctx, []*future.Future[int]{pd.r, pd.f, pd.c}, []string{"r", "f", "c"}, nil, opts...)
					assert.Equal(t, time.Duration(0), l.Time().Sub(t0))
				})
			})
		}
	}
}

// The waiting task is cancelled while it waits with FirstException over pre-done
// futures and a pending one: the error is its cancellation, and nothing is cancelled.
func TestWaitCancelledWhileWaitingOverPredoneFutures(t *testing.T) {
	t.Parallel()
	runMain(t, func(ctx context.Context) {
		l, _ := loop.Get(ctx)
		pd := makePredone(t, l)
		w := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			_, _, err := task.Wait(ctx, []*future.Future[int]{pd.c, pd.p}, task.FirstException)
			return 0, err
		})
		require.NoError(t, task.Sleep(ctx, 10*time.Millisecond))
		cancelAndAwait(t, ctx, w)
		assert.False(t, pd.p.Done(), "wait cancels nothing")
	})
}
