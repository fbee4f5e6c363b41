package queue_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/queue"
)

// String lists the items as CPython's str() lists _queue: a LifoQueue's list in the order
// the items went in. CPython 3.13:
//
//	q = asyncio.LifoQueue(); put 1, 2, 3; print(q)  → <LifoQueue maxsize=0 _queue=[1, 2, 3] tasks=3>
//	q.get_nowait(); print(q)                        → <LifoQueue maxsize=0 _queue=[1, 2] tasks=3>
//	q = asyncio.Queue(); put 1, 2, 3; print(q)      → <Queue maxsize=0 _queue=[1, 2, 3] tasks=3>
func TestStringListsItemsAsCPythonDoes(t *testing.T) {
	t.Parallel()
	lifo, fifo := queue.NewLifo[int](0), queue.New[int](0)
	for _, v := range []int{1, 2, 3} {
		assert.NoError(t, lifo.PutNowait(v))
		assert.NoError(t, fifo.PutNowait(v))
	}
	assert.Equal(t, "<LifoQueue maxsize=0 _queue=[1 2 3] tasks=3>", lifo.String())
	_, _ = lifo.GetNowait()
	assert.Equal(t, "<LifoQueue maxsize=0 _queue=[1 2] tasks=3>", lifo.String())
	assert.Equal(t, "<Queue maxsize=0 _queue=[1 2 3] tasks=3>", fifo.String())
}
