package queue

import "github.com/goasyncio/asyncio/future"

// waiters is a FIFO of the futures that blocked getters or putters wait on: asyncio's
// collections.deque of futures, as a ring buffer.
type waiters struct {
	ring []*future.Future[struct{}]
	head int
	n    int
}

func (w *waiters) push(f *future.Future[struct{}]) {
	if w.n == len(w.ring) {
		ring := make([]*future.Future[struct{}], max(4, 2*len(w.ring)))
		for i := range w.n {
			ring[i] = w.at(i)
		}
		w.ring, w.head = ring, 0
	}
	w.ring[(w.head+w.n)%len(w.ring)] = f
	w.n++
}

func (w *waiters) at(i int) *future.Future[struct{}] { return w.ring[(w.head+i)%len(w.ring)] }

func (w *waiters) popFront() *future.Future[struct{}] {
	f := w.ring[w.head]
	w.ring[w.head] = nil
	w.head = (w.head + 1) % len(w.ring)
	w.n--
	return f
}

// remove drops f, keeping the order of the others; it reports whether f was there.
func (w *waiters) remove(f *future.Future[struct{}]) bool {
	for i := range w.n {
		if w.at(i) != f {
			continue
		}
		for j := i; j < w.n-1; j++ {
			w.ring[(w.head+j)%len(w.ring)] = w.at(j + 1)
		}
		w.n--
		w.ring[(w.head+w.n)%len(w.ring)] = nil
		return true
	}
	return false
}

// wakeNext completes the first waiter that is not done yet: Queue._wakeup_next.
func (w *waiters) wakeNext() {
	for w.n > 0 {
		if f := w.popFront(); !f.Done() {
			_ = f.SetResult(struct{}{})
			return
		}
	}
}

// wakeAll completes every waiter, for Shutdown.
func (w *waiters) wakeAll() {
	for w.n > 0 {
		if f := w.popFront(); !f.Done() {
			_ = f.SetResult(struct{}{})
		}
	}
}
