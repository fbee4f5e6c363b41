package task_test

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/task"
)

// Every pending task holds one task record and, when it waits on a lock or a sleep, one
// future: docs/performance.md's memory per pending task counts on these sizes. A field
// added to either shows here before it shows in the benchmark.
func TestRecordSizesStayWithinTheirSizeClasses(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(future.Future[struct{}]{}), uintptr(56))
	assert.LessOrEqual(t, unsafe.Sizeof(future.Future[int]{}), uintptr(64))
	assert.LessOrEqual(t, unsafe.Sizeof(task.Task[struct{}]{}), uintptr(176))
	assert.LessOrEqual(t, unsafe.Sizeof(task.Task[int]{}), uintptr(192))
}
