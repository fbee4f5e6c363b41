package loop

// timerHeap is a binary min-heap of timers ordered by (deadline, sequence number), so
// equal deadlines pop first in, first out. Each entry keeps its timer's deadline and
// sequence number inline: comparisons, most of a heap's work, read the heap's own array
// instead of following a pointer to every timer. It is written out rather than built on
// container/heap to keep interface calls off the timer path.
type timerHeap []timerEntry

type timerEntry struct {
	when int64
	seq  uint64
	t    *TimerHandle
}

func (a timerEntry) before(b timerEntry) bool {
	return a.when < b.when || (a.when == b.when && a.seq < b.seq)
}

func (h *timerHeap) push(t *TimerHandle) {
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
	t.index = -1
	return t
}

// up and down move the entry at i through a hole rather than by swaps: one write per
// level, and the moved timers learn their new index.
func (h timerHeap) up(i int) {
	e := h[i]
	for i > 0 {
		parent := (i - 1) / 2
		if !e.before(h[parent]) {
			break
		}
		h[i] = h[parent]
		h[i].t.index = i
		i = parent
	}
	h[i] = e
	e.t.index = i
}

func (h timerHeap) down(i int) {
	e := h[i]
	n := len(h)
	for {
		child := 2*i + 1
		if child >= n {
			break
		}
		if r := child + 1; r < n && h[r].before(h[child]) {
			child = r
		}
		if !h[child].before(e) {
			break
		}
		h[i] = h[child]
		h[i].t.index = i
		i = child
	}
	h[i] = e
	e.t.index = i
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
		if e.t.cancelled {
			e.t.index = -1
			continue
		}
		e.t.index = len(kept)
		kept = append(kept, e)
	}
	clear(l.timers[len(kept):])
	l.timers = kept
	for i := len(kept)/2 - 1; i >= 0; i-- {
		kept.down(i)
	}
	l.cancelledTimers = 0
}

// firstTimer drops cancelled timers from the top of the heap and returns the earliest
// live one, or nil.
func (l *Loop) firstTimer() *TimerHandle {
	for len(l.timers) > 0 {
		t := l.timers[0].t
		if !t.cancelled {
			return t
		}
		l.timers.pop()
		l.cancelledTimers--
	}
	return nil
}
