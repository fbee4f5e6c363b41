package loop

// timerHeap is a binary min-heap of timers ordered by (deadline, sequence number), so
// equal deadlines pop first in, first out. It is written out rather than built on
// container/heap to keep interface calls off the timer path.
type timerHeap []*TimerHandle

func (h timerHeap) less(i, j int) bool {
	a, b := h[i], h[j]
	return a.when < b.when || (a.when == b.when && a.seq < b.seq)
}

func (h timerHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *timerHeap) push(t *TimerHandle) {
	t.index = len(*h)
	*h = append(*h, t)
	h.up(t.index)
}

// pop removes and returns the earliest timer.
func (h *timerHeap) pop() *TimerHandle {
	old := *h
	n := len(old) - 1
	old.swap(0, n)
	t := old[n]
	old[n] = nil
	*h = old[:n]
	if n > 0 {
		h.down(0)
	}
	t.index = -1
	return t
}

func (h timerHeap) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			return
		}
		h.swap(i, parent)
		i = parent
	}
}

func (h timerHeap) down(i int) {
	n := len(h)
	for {
		least := i
		if l := 2*i + 1; l < n && h.less(l, least) {
			least = l
		}
		if r := 2*i + 2; r < n && h.less(r, least) {
			least = r
		}
		if least == i {
			return
		}
		h.swap(i, least)
		i = least
	}
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
	for _, t := range l.timers {
		if t.cancelled {
			t.index = -1
			continue
		}
		t.index = len(kept)
		kept = append(kept, t)
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
		t := l.timers[0]
		if !t.cancelled {
			return t
		}
		l.timers.pop()
		l.cancelledTimers--
	}
	return nil
}
