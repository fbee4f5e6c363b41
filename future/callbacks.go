package future

import "github.com/goasyncio/asyncio/loop"

// callback is one done callback: a typed function (AddDoneCallback) or a Runner
// (AddDoneRunner).
type callback[T any] struct {
	fn func(*Future[T])
	r  loop.Runner
}

// bind returns what the loop runs for c once f is done. A Runner is posted as it is, so a
// task waking up allocates nothing; a typed function needs its argument bound.
func (c callback[T]) bind(f *Future[T]) loop.Runner {
	if c.r != nil {
		return c.r
	}
	return &boundCallback[T]{fn: c.fn, f: f}
}

type boundCallback[T any] struct {
	fn func(*Future[T])
	f  *Future[T]
}

func (b *boundCallback[T]) Run() { b.fn(b.f) }

func (b *boundCallback[T]) String() string { return "<Handle " + b.f.String() + " callback>" }

// callbacks keeps the first callback inline: most futures have exactly one (the task
// that awaits it), and that one then costs no allocation.
type callbacks[T any] struct {
	first callback[T]
	rest  []callback[T]
	n     int
}

func (cs *callbacks[T]) add(c callback[T]) {
	if cs.n == 0 {
		cs.first = c
	} else {
		cs.rest = append(cs.rest, c)
	}
	cs.n++
}

// remove drops every callback that match reports true for, keeps the order of the
// others, and returns how many it dropped.
func (cs *callbacks[T]) remove(match func(callback[T]) bool) int {
	if cs.n == 0 {
		return 0
	}
	all := make([]callback[T], 0, cs.n)
	all = append(all, cs.first)
	all = append(all, cs.rest...)
	kept := all[:0]
	for _, c := range all {
		if !match(c) {
			kept = append(kept, c)
		}
	}
	removed := len(all) - len(kept)
	*cs = callbacks[T]{}
	for _, c := range kept {
		cs.add(c)
	}
	return removed
}
