package executor

import (
	"fmt"
	"log/slog"

	"github.com/goasyncio/asyncio/loop"
)

// loopState is the package's state for one loop: its default pool and the handles of
// RunCoroutineThreadsafe still waiting for their task.
type loopState struct {
	logger  *slog.Logger // the loop's
	pool    *Pool
	own     *Pool   // the default pool the loop made itself, if any
	retired []*Pool // loop-made pools replaced by SetDefault, shut down, to wait for
	handles map[finisher]struct{}
	calls   inflight // sentinel of the list of calls in flight for this loop
}

// inflight links a call into its loop's list of calls in flight, so that closing the loop
// can give them all up. The list is the loop's: touched on the loop goroutine only.
type inflight struct {
	prev, next *inflight
	owner      inflightCall
}

// inflightCall is a call as the loop's closing sees it.
type inflightCall interface {
	abandon()
	// runningOn returns the name of the call's function if a worker of p runs it right
	// now. The close's warning asks, from a goroutine of its own, while the loop's
	// goroutine waits in Close.
	runningOn(p *Pool) (fn string, ok bool)
}

func (st *loopState) track(n *inflight) {
	head := &st.calls
	if head.next == nil {
		head.next, head.prev = head, head
	}
	n.prev, n.next = head.prev, head
	head.prev.next = n
	head.prev = n
}

func (n *inflight) untrack() {
	if n.prev == nil {
		return
	}
	n.prev.next = n.next
	n.next.prev = n.prev
	n.prev, n.next = nil, nil
}

// finisher is a Handle that the loop's closing must end.
type finisher interface{ loopClosed() }

type stateKey struct{}

// stateOf returns l's state, creating it on first use; on the loop goroutine.
func stateOf(l *loop.Loop) *loopState {
	if st, ok := l.Value(stateKey{}).(*loopState); ok {
		return st
	}
	st := &loopState{logger: l.Logger()}
	l.SetValue(stateKey{}, st)
	l.OnClose(st.close)
	return st
}

// close runs when the loop closes: handles still waiting end with an error; calls still
// in flight are given up (their outcome can reach no one now), so their contexts are
// cancelled; then the default pool is shut down and its workers waited for (asyncio.run's
// shutdown_default_executor), so no goroutine outlives the loop. A function that ignores
// its cancelled context keeps the wait going: after closeWaitWarning, the loop's logger
// says which ones.
func (st *loopState) close() {
	for h := range st.handles {
		h.loopClosed()
	}
	st.handles = nil
	// Every call still in flight, whatever its state now: a worker may take a queued one
	// before abandon can, and the warning asks each which pool runs it when it fires.
	var calls []inflightCall
	if head := &st.calls; head.next != nil {
		for n := head.next; n != head; {
			next := n.next
			calls = append(calls, n.owner)
			n.owner.abandon()
			n = next
		}
	}
	pools := st.retired
	if st.pool != nil {
		pools = append([]*Pool{st.pool}, pools...)
	}
	for _, p := range pools {
		stop := warnWhileWaiting(st.logger, p, calls)
		p.Shutdown(true, false)
		stop()
	}
	st.pool, st.own, st.retired = nil, nil, nil // Default on the closed loop is an error
}

// Default returns l's default pool, creating it on first use with [DefaultMaxWorkers]
// workers: the executor asyncio's run_in_executor(None, ...) uses. Use it on the loop
// goroutine (or in a task of l). It is nil, with an error, on a closed loop.
func Default(l *loop.Loop) (*Pool, error) {
	if l == nil {
		return nil, fmt.Errorf("executor: Default: nil loop")
	}
	return stateOf(l).defaultPool(l)
}

func (st *loopState) defaultPool(l *loop.Loop) (*Pool, error) {
	if st.pool == nil {
		if l.IsClosed() {
			return nil, fmt.Errorf("executor: default pool: %w", loop.ErrClosed)
		}
		st.pool, _ = NewPool(DefaultMaxWorkers(), WithName("asyncio"))
		st.own = st.pool
	}
	return st.pool, nil
}

// SetDefault makes p l's default pool: asyncio's loop.set_default_executor. Use it on the
// loop goroutine (or in a task of l). As asyncio's shutdown_default_executor does, p is
// shut down when l is closed, waiting for its workers. The pool it replaces is shut down
// (after its queued work) only if the loop made it; asyncio leaves it running, but
// worker goroutines must not outlive the loop. A nil l or p is an error.
func SetDefault(l *loop.Loop, p *Pool) error {
	if l == nil {
		return fmt.Errorf("executor: SetDefault: nil loop")
	}
	if p == nil {
		return fmt.Errorf("executor: SetDefault: nil pool")
	}
	st := stateOf(l)
	if st.own != nil && st.pool == st.own && p != st.own {
		st.own.Shutdown(false, false)
		st.retired = append(st.retired, st.own)
		st.own = nil
	}
	st.pool = p
	return nil
}
