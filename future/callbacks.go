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
// that awaits it), and that one then costs no allocation. The others, rarer, sit behind
// one pointer, so the list is three words: a Future[struct{}] is 56 bytes, and every
// parked task and every lock waiter holds one.
type callbacks struct {
	first loop.Runner    // nil when there are none
	rest  *[]loop.Runner // the second and later ones; nil until there is a second
}

func (cs *callbacks) add(r loop.Runner) {
	switch {
	case cs.first == nil:
		cs.first = r
	case cs.rest == nil:
		cs.rest = &[]loop.Runner{r}
	default:
		*cs.rest = append(*cs.rest, r)
	}
}

// all returns the callbacks in registration order.
func (cs *callbacks) all() []loop.Runner {
	if cs.first == nil {
		return nil
	}
	all := []loop.Runner{cs.first}
	if cs.rest != nil {
		all = append(all, *cs.rest...)
	}
	return all
}

// remove drops every callback that matches and returns how many it dropped.
func (cs *callbacks) remove(match func(loop.Runner) bool) int {
	all := cs.all()
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
