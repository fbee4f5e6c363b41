package queue_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/queue"
)

// prioritized is Python's documented PriorityQueue entry,
// @dataclass(order=True) class PrioritizedItem: priority: int; item: Any = field(compare=False):
// only the priority is compared, so entries of equal priority tie.
type prioritized struct {
	priority int
	item     string
}

func (p prioritized) String() string { return fmt.Sprint(p.priority, p.item) }

// Entries of equal priority come out in heapq's order, as from CPython's PriorityQueue,
// and String lists the heap as CPython's str() does. CPython 3.13:
//
//	q = asyncio.PriorityQueue()
//	seq = [(1,'a'),(1,'b'),(0,'c'),(1,'d'),(0,'e'),(2,'f'),(1,'g'),(0,'h'),(1,'i'),(1,'j')]
//	put all, print(q), get all
//	→ <PriorityQueue maxsize=0 _queue=[0c, 0e, 1a, 0h, 1b, 2f, 1g, 1d, 1i, 1j] tasks=10>
//	  ['0c', '0e', '0h', '1a', '1g', '1d', '1b', '1i', '1j', '2f']
//	put each, get one after every third put, print(q) after the first get, get the rest
//	→ <PriorityQueue maxsize=0 _queue=[1b, 1a] tasks=3>
//	  ['0c', '0e', '0h', '1d', '1i', '1j', '1b', '1a', '1g', '2f']
func TestPriorityEqualEntriesComeOutInHeapqOrder(t *testing.T) {
	t.Parallel()
	seq := []prioritized{{1, "a"}, {1, "b"}, {0, "c"}, {1, "d"}, {0, "e"}, {2, "f"}, {1, "g"}, {0, "h"}, {1, "i"}, {1, "j"}}
	less := func(a, b prioritized) bool { return a.priority < b.priority }
	getAll := func(q *queue.Queue[prioritized], out []string) []string {
		for !q.Empty() {
			v, _ := q.GetNowait()
			out = append(out, v.String())
		}
		return out
	}

	q := queue.NewPriorityFunc(0, less)
	for _, v := range seq {
		assert.NoError(t, q.PutNowait(v))
	}
	assert.Equal(t, "<PriorityQueue maxsize=0 _queue=[0c 0e 1a 0h 1b 2f 1g 1d 1i 1j] tasks=10>", q.String())
	assert.Equal(t, []string{"0c", "0e", "0h", "1a", "1g", "1d", "1b", "1i", "1j", "2f"}, getAll(q, nil))

	q = queue.NewPriorityFunc(0, less)
	var out []string
	var afterFirstGet string
	for k, v := range seq {
		assert.NoError(t, q.PutNowait(v))
		if k%3 == 2 {
			w, _ := q.GetNowait()
			out = append(out, w.String())
			if afterFirstGet == "" {
				afterFirstGet = q.String()
			}
		}
	}
	assert.Equal(t, "<PriorityQueue maxsize=0 _queue=[1b 1a] tasks=3>", afterFirstGet)
	assert.Equal(t, []string{"0c", "0e", "0h", "1d", "1i", "1j", "1b", "1a", "1g", "2f"}, getAll(q, out))
}
