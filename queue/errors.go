package queue

import "errors"

var (
	// ErrFull is asyncio.QueueFull: PutNowait on a full queue.
	ErrFull = errors.New("queue: full")
	// ErrEmpty is asyncio.QueueEmpty: GetNowait on an empty queue.
	ErrEmpty = errors.New("queue: empty")
	// ErrShutDown is asyncio.QueueShutDown (3.13): a put on a queue that was shut down,
	// or a get on one that was shut down and is empty (or shut down immediately).
	ErrShutDown = errors.New("queue: shut down")
	// ErrTaskDone is the ValueError of task_done() called more times than items were put.
	ErrTaskDone = errors.New("queue: TaskDone called more times than there were items")
	// ErrOtherLoop is returned when a queue bound to one loop is awaited on another
	// (asyncio's "is bound to a different event loop").
	ErrOtherLoop = errors.New("queue: the queue is bound to a different event loop")
)
