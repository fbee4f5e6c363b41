package future

import "github.com/goasyncio/asyncio/loop"

// boundCallback is a typed done callback (AddDoneCallback) bound to its future, so that
// every callback is a loop.Runner the future can post as it is.
type boundCallback[T any] struct {
	fn func(*Future[T])
	f  *Future[T]
}

func (b *boundCallback[T]) Run() { b.fn(b.f) }

func (b *boundCallback[T]) String() string { return "<Handle " + b.f.String() + " callback>" }

// callbacks keeps the first callback inline: most futures have exactly one (the task
// that awaits it), and that one then costs no allocation. Keeping the list small keeps
// a Future[int] at 80 bytes, which a ping-pong allocates twice per round trip.
type callbacks struct {
	first loop.Runner // nil when there are none
	rest  []loop.Runner
}

func (cs *callbacks) add(r loop.Runner) {
	if cs.first == nil {
		cs.first = r
	} else {
		cs.rest = append(cs.rest, r)
	}
}

// remove drops every callback that match reports true for, keeps the order of the
// others, and returns how many it dropped.
func (cs *callbacks) remove(match func(loop.Runner) bool) int {
	if cs.first == nil {
		return 0
	}
	all := append([]loop.Runner{cs.first}, cs.rest...)
	*cs = callbacks{}
	removed := 0
	for _, r := range all {
		if match(r) {
			removed++
		} else {
			cs.add(r)
		}
	}
	return removed
}
