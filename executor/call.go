package executor

import (
	"context"
	"sync/atomic"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// The states of a call, moved by compare-and-swap between the loop and the worker.
const (
	queued    int32 = iota // submitted, no worker has it yet
	running                // a worker runs its function
	returned               // the function has returned (or panicked): its outcome is posted
	abandoned              // given up before a worker took it: it never runs
)

// call is one function run on a pool for a loop: asyncio's run_in_executor and the
// concurrent future it wraps, in one allocation. The loop owns fut; the worker owns v
// and err until it posts the call back with ExternalDone, which orders its writes before
// the loop's reads.
type call[V any] struct {
	fut   future.Future[V]
	loop  *loop.Loop
	fn    func(ctx context.Context) (V, error)
	ctx   workerCtx
	state atomic.Int32
	watch watcher[V]
	node  inflight // in the loop's list of calls in flight, from start to Run or abandon
	pool  *Pool    // where it was submitted

	v       V
	err     error
	dropped bool // the pool shut down with cancelPending before running it
}

func newCall[V any](ctx context.Context, l *loop.Loop, fn func(context.Context) (V, error)) *call[V] {
	c := &call[V]{loop: l, fn: fn}
	c.fut.Init(l)
	c.ctx.init(ctx)
	c.watch.c = c
	c.node.owner = c
	return c
}

// start submits the call to p and counts it as work in flight on the loop, so a virtual
// clock waits for it; st is the loop's state. On the loop goroutine.
func (c *call[V]) start(p *Pool, st *loopState) error {
	if c.fn == nil {
		return ErrNilFunc
	}
	if c.loop.IsClosed() {
		return loop.ErrClosed
	}
	c.loop.ExternalStarted()
	if err := p.submit(c); err != nil {
		_ = c.loop.ExternalDone(nil)
		return err
	}
	c.pool = p
	st.track(&c.node)
	return nil
}

// runningOn returns the call's function name while a worker of p runs it. Only the
// loop writes c.fn after the call starts (when its outcome is run), and a closing loop
// runs no outcome, so the close's warning may read it from its own goroutine.
func (c *call[V]) runningOn(p *Pool) (string, bool) {
	if c.pool != p || c.state.Load() != running {
		return "", false
	}
	return funcName(c.fn), true
}

// fail ends a call that could not start.
func (c *call[V]) fail(err error) {
	c.ctx.cancel(nil)
	_ = c.fut.SetException(err)
}

// run calls the function on a worker goroutine and posts the outcome to the loop. A
// panic becomes a *loop.PanicError with the stack of the panic.
func (c *call[V]) run() {
	if !c.state.CompareAndSwap(queued, running) {
		return // abandoned while queued; abandon already ended the external work
	}
	fnReturned := false
	defer func() {
		if fnReturned {
			return
		}
		if p := recover(); p != nil {
			c.err = loop.NewPanicError(p)
		} else {
			c.err = ErrGoexit
		}
		c.complete()
	}()
	c.v, c.err = c.fn(&c.ctx)
	fnReturned = true
	c.complete()
}

func (c *call[V]) complete() {
	c.state.Store(returned)
	c.ctx.cancel(nil) // the function returned: what it started with ctx may stop
	_ = c.loop.ExternalDone(c)
}

// drop is called by a pool shut down with cancelPending: the call never runs and its
// future is cancelled, as Python cancels the pending concurrent futures.
func (c *call[V]) drop() {
	if c.state.CompareAndSwap(queued, abandoned) {
		c.ctx.cancel(nil)
		c.dropped = true
		_ = c.loop.ExternalDone(c)
	}
}

// abandon gives the call up, on the loop goroutine: a queued call will never run (and
// stops counting as work in flight now), a running one has its ctx cancelled. Its
// outcome, if it comes, is dropped (a future not done yet is left as it is: the caller
// that gives up decides what becomes of it).
func (c *call[V]) abandon() {
	if c.state.CompareAndSwap(queued, abandoned) {
		c.node.untrack()
		_ = c.loop.ExternalDone(nil)
	}
	// A call whose function runs stays in the loop's list until its outcome arrives
	// (Run): a closing loop names the functions it waits for.
	c.ctx.cancel(nil)
}

// Run completes the future on the loop goroutine with the worker's outcome, unless the
// future was cancelled meanwhile (futures._copy_future_state into a cancelled future
// does nothing). A function that returns a *future.CancelledError (it waited on a
// coroutine that was cancelled, say) fails the future with it, as asyncio's
// _copy_future_state sets the concurrent future's CancelledError as an exception: the
// future is not cancelled, and whoever awaits it sees the CancelledError all the same.
func (c *call[V]) Run() {
	c.node.untrack()
	if c.fut.Done() {
		return
	}
	switch {
	case c.dropped:
		c.fut.Cancel("executor: pool shut down before the call ran")
	case c.err == nil:
		_ = c.fut.SetResult(c.v)
	default:
		_ = c.fut.SetException(c.err)
	}
	var zero V
	c.v, c.fn = zero, nil
}

// String names the call in debug logs.
func (c *call[V]) String() string { return "<executor call " + c.fut.String() + ">" }

// watcher is the done runner of a future returned by RunIn: cancelling the future gives
// the call up (asyncio's _call_check_cancel).
type watcher[V any] struct{ c *call[V] }

func (w *watcher[V]) Run() {
	if w.c.fut.Cancelled() {
		w.c.abandon()
	}
}
