package loop

// readyQueue is the FIFO of callbacks ready to run: asyncio's _ready deque. It is a list
// of fixed-size blocks rather than a slice, so that a burst of a million callbacks never
// copies the queue as it grows (a slice of interfaces is copied with a write barrier per
// entry), and blocks are recycled between iterations.
type readyQueue struct {
	head, tail *readyBlock
	n          int
	free       *readyBlock // emptied blocks kept for reuse
}

const readyBlockSize = 256

type readyBlock struct {
	items [readyBlockSize]Runner
	n     int
	next  *readyBlock
}

func (q *readyQueue) len() int { return q.n }

func (q *readyQueue) push(r Runner) {
	t := q.tail
	if t == nil || t.n == readyBlockSize {
		t = q.newBlock()
	}
	t.items[t.n] = r
	t.n++
	q.n++
}

func (q *readyQueue) newBlock() *readyBlock {
	b := q.free
	if b != nil {
		q.free = b.next
		b.next = nil
	} else {
		b = new(readyBlock)
	}
	if q.tail == nil {
		q.head = b
	} else {
		q.tail.next = b
	}
	q.tail = b
	return b
}

// take empties the queue and returns its blocks: the batch of one iteration. Callbacks
// pushed while the batch runs go to a fresh queue, to run in the next iteration.
func (q *readyQueue) take() *readyBlock {
	b := q.head
	q.head, q.tail, q.n = nil, nil, 0
	return b
}

// recycle clears a run batch's blocks and keeps a few for reuse.
func (q *readyQueue) recycle(b *readyBlock) {
	kept := 0
	for b != nil {
		next := b.next
		for i := range b.n { // for the few items of most batches, cheaper than clear
			b.items[i] = nil
		}
		b.n = 0
		if kept < 4 {
			b.next = q.free
			q.free = b
			kept++
		}
		b = next
	}
}

// drop forgets everything queued (Close).
func (q *readyQueue) drop() {
	*q = readyQueue{}
}
