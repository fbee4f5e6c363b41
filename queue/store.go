package queue

// kind says in what order a queue hands items out.
type kind uint8

const (
	fifo kind = iota
	lifo
	priority
)

// store holds a queue's items: a ring buffer for FIFO, a stack for LIFO, a binary
// min-heap (heapq's) for priority. One struct with a kind switch keeps interface calls
// off the put and get paths.
type store[T any] struct {
	kind  kind
	items []T // FIFO: ring buffer of len(items) slots; LIFO and priority: the items
	head  int // FIFO: index of the first item
	n     int // number of items
	less  func(a, b T) bool
}

func (s *store[T]) len() int { return s.n }

func (s *store[T]) push(v T) {
	switch s.kind {
	case fifo:
		if s.n == len(s.items) {
			s.grow()
		}
		i := s.head + s.n
		if i >= len(s.items) {
			i -= len(s.items)
		}
		s.items[i] = v
	case lifo:
		s.items = append(s.items, v)
	case priority:
		s.items = append(s.items, v)
		s.up(s.n)
	}
	s.n++
}

func (s *store[T]) pop() T {
	var zero T
	s.n--
	switch s.kind {
	case fifo:
		v := s.items[s.head]
		s.items[s.head] = zero
		if s.head++; s.head == len(s.items) {
			s.head = 0
		}
		return v
	case lifo:
		v := s.items[s.n]
		s.items[s.n] = zero
		s.items = s.items[:s.n]
		return v
	}
	v := s.items[0]
	s.items[0] = s.items[s.n]
	s.items[s.n] = zero
	s.items = s.items[:s.n]
	if s.n > 0 {
		s.down(0)
	}
	return v
}

// all returns the items as asyncio's repr lists its _queue, for String: a FIFO's in the
// order they come out, a LIFO's in the order they went in (its list, the last one out
// first), a priority queue's in heap order.
func (s *store[T]) all() []T {
	out := make([]T, 0, s.n)
	switch s.kind {
	case fifo:
		for i := range s.n {
			out = append(out, s.items[(s.head+i)%len(s.items)])
		}
	default:
		out = append(out, s.items...)
	}
	return out
}

// grow doubles the ring buffer, unrolling it.
func (s *store[T]) grow() {
	items := make([]T, max(8, 2*len(s.items)))
	k := copy(items, s.items[s.head:])
	copy(items[k:], s.items[:s.head])
	s.items = items
	s.head = 0
}

// up moves the item at i towards the root while it is less than its parent: heapq's
// _siftdown (heappush).
func (s *store[T]) up(i int) {
	s.upTo(0, i)
}

// upTo is up stopping at index top.
func (s *store[T]) upTo(top, i int) {
	h := s.items
	for i > top {
		p := (i - 1) / 2
		if !s.less(h[i], h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// down restores the heap below i after heappop put the last item there, as heapq's
// _siftup does it: move the smaller child up all the way to a leaf (the right one when
// neither is less), then bring the item back up from there. A textbook sift-down that
// stops early ends in another order for items equal under less; this one hands them out
// (and String shows the heap) exactly as CPython's PriorityQueue does.
func (s *store[T]) down(i int) {
	h := s.items
	n := len(h)
	top := i
	for c := 2*i + 1; c < n; c = 2*i + 1 {
		if r := c + 1; r < n && !s.less(h[c], h[r]) {
			c = r
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	s.upTo(top, i)
}
