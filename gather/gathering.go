package gather

import (
	"context"
	"fmt"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
)

// Gathering is the future that asyncio.gather returns (_GatheringFuture): it is done
// once the children are, with their results in argument order, or with the first error.
// [Start] makes one; [Gather] makes one and awaits it.
//
// As in asyncio, a Gathering is never in the cancelled state: [Gathering.Cancel] cancels
// the children, and the gathering then ends with a *future.CancelledError as its error
// ([Gathering.Cancelled] stays false). A Gathering is a [future.Like], so it can be given
// to another Gather, awaited, or watched.
//
// A Gathering belongs to one loop and is used on it only. It must not be copied.
type Gathering[R any] struct {
	signal future.Future[struct{}] // done when the gathering is; what awaiters park on

	results []R
	err     error // what String shows; Result and Err read it from signal, which tracks retrieval

	// children holds one future per argument, duplicates repeated (asyncio's _children):
	// Cancel walks it in argument order.
	children         []future.Waitable
	nfinished        int // how many children are done
	returnExceptions bool
	cancelRequested  bool
	collect          func() []R        // the results, read from the children once all are done
	watchers         []watcher[R]      // cap is the number of arguments: never reallocated, so the pointers registered as done runners stay valid
	done             []future.Waitable // children that were done when added
}

// watcher is the done callback of one child: _done_callback.
type watcher[R any] struct {
	g *Gathering[R]
	w future.Waitable
}

func (c *watcher[R]) Run() { c.g.childDone(c.w) }

// newGathering returns a pending gathering of n arguments.
func newGathering[R any](l *loop.Loop, n int, returnExceptions bool) *Gathering[R] {
	g := &Gathering[R]{
		children:         make([]future.Waitable, 0, n),
		watchers:         make([]watcher[R], 0, n),
		returnExceptions: returnExceptions,
	}
	g.signal.Init(l)
	return g
}

// add appends one child. A future given twice is watched, and counted, twice: both of
// its watchers run one after the other when it completes, so the gathering ends exactly
// when asyncio's (which watches each distinct future once) does, without keeping a set
// of the futures seen, which cost a fifth of a wide gather.
func (g *Gathering[R]) add(w future.Waitable) {
	g.children = append(g.children, w)
	if w.Done() {
		g.done = append(g.done, w)
		return
	}
	g.watchers = append(g.watchers, watcher[R]{g: g, w: w})
	w.AddDoneRunner(&g.watchers[len(g.watchers)-1])
}

// seal runs the done callbacks of the children that were done already, once every
// child is registered, as gather does after creating the _GatheringFuture; an empty
// gathering completes at once with no results.
func (g *Gathering[R]) seal() {
	if len(g.children) == 0 {
		g.finish(g.collect(), nil)
		return
	}
	done := g.done
	g.done = nil
	for _, w := range done {
		g.childDone(w)
	}
}

// childDone is asyncio's _done_callback for one child.
func (g *Gathering[R]) childDone(w future.Waitable) {
	g.nfinished++
	if g.signal.Done() {
		if !w.Cancelled() {
			_ = w.Err() // retrieved, as asyncio's _done_callback marks it: not reported
		}
		return
	}
	if !g.returnExceptions {
		// A cancelled child's Err is its *CancelledError, which ends the gathering
		// just as an exception does.
		if err := w.Err(); err != nil {
			g.finish(nil, err)
			return
		}
	}
	if g.nfinished < len(g.children) {
		return
	}
	if g.cancelRequested {
		// asyncio reads every child's outcome into its results list before it looks at
		// the cancellation: their exceptions count as retrieved, cancelled or not.
		for _, c := range g.children {
			if !c.Cancelled() {
				_ = c.Err()
			}
		}
		// asyncio raises the CancelledError of the last child in argument order (the
		// loop variable of its results loop), a plain one if that child was not
		// cancelled.
		var err error = &future.CancelledError{}
		if last := g.children[len(g.children)-1]; last.Cancelled() {
			err = last.Err()
		}
		g.finish(nil, err)
		return
	}
	g.finish(g.collect(), nil)
}

// finish ends the gathering. Its error goes into the signal too, so that a gathering that
// failed and that nobody awaits is reported as asyncio reports it ("_GatheringFuture
// exception was never retrieved"): reading it through Result, Err or Await retrieves it.
func (g *Gathering[R]) finish(results []R, err error) {
	g.results, g.err = results, err
	g.watchers = nil
	if err != nil {
		_ = g.signal.SetExceptionOf(err, "_GatheringFuture", nil)
		return
	}
	_ = g.signal.SetResult(struct{}{})
}

// Cancel cancels every child that is not done, in argument order, with msg:
// _GatheringFuture.cancel. It reports whether any child was cancelled; if so, the
// gathering ends with a *future.CancelledError once every child has finished, even in
// [ReturnExceptions] mode. A done gathering is not changed and Cancel reports false.
func (g *Gathering[R]) Cancel(msg string) bool {
	if g.signal.Done() {
		return false
	}
	cancelled := false
	for _, c := range g.children {
		if c.Cancel(msg) {
			cancelled = true
		}
	}
	if cancelled {
		g.cancelRequested = true
	}
	return cancelled
}

// Await waits for the gathering and returns its results: `await gathering`. A
// cancellation of the awaiting task cancels the children (through [Gathering.Cancel]) and
// is returned, as a *future.CancelledError, once they have finished.
func (g *Gathering[R]) Await(ctx context.Context) ([]R, error) {
	if !g.signal.Done() {
		if err := future.Suspend(ctx, g); err != nil {
			return nil, err
		}
	}
	return g.Result()
}

// Result returns the results of a done gathering, in argument order, or the error it
// ended with: Future.result(). A pending gathering is a *future.InvalidStateError.
func (g *Gathering[R]) Result() ([]R, error) {
	if !g.signal.Done() {
		return nil, &future.InvalidStateError{Op: "Result", State: "pending"}
	}
	if err := g.signal.Err(); err != nil {
		return nil, err
	}
	return g.results, nil
}

// Err returns the error the gathering ended with: nil while pending or after results.
func (g *Gathering[R]) Err() error { return g.signal.Err() }

// Done reports whether the gathering is done.
func (g *Gathering[R]) Done() bool { return g.signal.Done() }

// Cancelled reports false: as in asyncio, a gathering ends with a CancelledError as its
// error but is never itself in the cancelled state. Use future.IsCancelled(g.Err()).
func (g *Gathering[R]) Cancelled() bool { return false }

// Loop returns the loop the gathering belongs to.
func (g *Gathering[R]) Loop() *loop.Loop { return g.signal.Loop() }

// AddDoneRunner schedules r once the gathering is done; see [future.Future.AddDoneRunner].
func (g *Gathering[R]) AddDoneRunner(r loop.Runner) { g.signal.AddDoneRunner(r) }

// RemoveDoneRunner removes r; see [future.Future.RemoveDoneRunner].
func (g *Gathering[R]) RemoveDoneRunner(r loop.Runner) int { return g.signal.RemoveDoneRunner(r) }

// String describes the gathering, as asyncio's repr does: <_GatheringFuture pending>.
func (g *Gathering[R]) String() string {
	switch {
	case !g.signal.Done():
		return fmt.Sprintf("<_GatheringFuture pending children=%d>", len(g.children))
	case g.err != nil:
		return fmt.Sprintf("<_GatheringFuture finished exception=%v>", g.err)
	}
	return fmt.Sprintf("<_GatheringFuture finished result=%v>", g.results)
}
