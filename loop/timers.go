package loop

// timerHeap is a min-heap of timers ordered by (deadline, sequence number), so equal
// deadlines pop first in, first out. It is 4-ary, as the Go runtime's timer heaps are: half
// as deep as a binary heap, with the four children of an entry side by side in memory, so
// a pop over a large heap misses the cache about half as often. Each entry keeps its
// timer's deadline and sequence number inline: comparisons, most of a heap's work, read
// the heap's own array instead of following a pointer to every timer. Timers do not learn
// their position (cancelling marks a timer; it is dropped when it reaches the top or at
// a purge), so moving an entry writes the heap's array only. It is written out rather
// than built on container/heap to keep interface calls off the timer path.
type timerHeap []timerEntry

type timerEntry struct {
	when int64
	seq  uint64
	t    *TimerHandle
}

func (a timerEntry) before(b timerEntry) bool {
	return a.when < b.when || (a.when == b.when && a.seq < b.seq)
}

const timerHeapArity = 4

func (h *timerHeap) push(t *TimerHandle) {
	t.inHeap = true
	if len(*h) == cap(*h) {
		// Double, rather than let append grow a large slice by a quarter at a time: a
		// burst of 100,000 timers would then allocate five times the final array, not two.
		grown := make(timerHeap, len(*h), max(64, 2*cap(*h)))
		copy(grown, *h)
		*h = grown
	}
	*h = append(*h, timerEntry{t.when, t.seq, t})
	h.up(len(*h) - 1)
}

// pop removes and returns the earliest timer.
func (h *timerHeap) pop() *TimerHandle {
	old := *h
	t := old[0].t
	n := len(old) - 1
	old[0] = old[n]
	old[n] = timerEntry{}
	*h = old[:n]
	if n > 0 {
		h.down(0)
	}
	t.inHeap = false
	return t
}

// up and down move the entry at i through a hole rather than by swaps: one write per
// level.
func (h timerHeap) up(i int) {
	e := h[i]
	for i > 0 {
		parent := (i - 1) / timerHeapArity
		if !e.before(h[parent]) {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = e
}

func (h timerHeap) down(i int) {
	e := h[i]
	n := len(h)
	for {
		first := timerHeapArity*i + 1
		if first >= n {
			break
		}
		child := first
		for c := first + 1; c < min(first+timerHeapArity, n); c++ {
			if h[c].before(h[child]) {
				child = c
			}
		}
		if !h[child].before(e) {
			break
		}
		h[i] = h[child]
		i = child
	}
	h[i] = e
}

// Purge thresholds, as asyncio's _MIN_SCHEDULED_TIMER_HANDLES and
// _MIN_CANCELLED_TIMER_HANDLES_FRACTION: rebuild the heap without its cancelled timers
// once there are more than 100 timers and over half of them are cancelled, so a workload
// that cancels most of its timers (timeouts that do not fire) keeps the heap small.
const (
	purgeMinTimers    = 100
	purgeMinCancelled = 0.5
)

// purgeCancelled drops cancelled timers when they are the majority of a large heap.
func (l *Loop) purgeCancelled() {
	n := len(l.timers)
	if n <= purgeMinTimers || float64(l.cancelledTimers) <= purgeMinCancelled*float64(n) {
		return
	}
	kept := l.timers[:0]
	for _, e := range l.timers {
		if e.t.cancelled.Load() {
			e.t.inHeap = false
			continue
		}
		kept = append(kept, e)
	}
	clear(l.timers[len(kept):])
	l.timers = kept
	if n := len(kept); n > 1 {
		for i := (n - 2) / timerHeapArity; i >= 0; i-- { // from the last parent up
			kept.down(i)
		}
	}
	l.cancelledTimers = 0
}

// firstTimer drops cancelled timers from the top of the heap and returns the earliest
// live one, or nil.
func (l *Loop) firstTimer() *TimerHandle {
	for len(l.timers) > 0 {
		t := l.timers[0].t
		if !t.cancelled.Load() {
			return t
		}
		l.timers.pop()
		l.cancelledTimers--
	}
	return nil
}
