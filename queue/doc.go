// Package queue holds the queues coroutines hand work over with: asyncio's queues.py.
//
// A [Queue] is first in first out ([New]), last in first out ([NewLifo]: LifoQueue), or
// smallest first ([NewPriority] for ordered types, [NewPriorityFunc] with a less function:
// PriorityQueue). [Queue.Put] waits while the queue is full and [Queue.Get] while it is
// empty; [Queue.PutNowait] and [Queue.GetNowait] never wait and return [ErrFull] and
// [ErrEmpty] instead. [Queue.TaskDone] and [Queue.Join] count work finished, and
// [Queue.Shutdown] (3.13) ends the queue: [ErrShutDown].
//
// The rules are asyncio's. Waiting getters and putters are served first in first out. A
// put only wakes the getter at the head of the line; that getter takes an item when it
// runs, so it receives whatever is first (or smallest, or last) at that moment. Getters
// and putters are cancellation-safe: a cancelled Get takes no item, a cancelled Put puts
// none, and a waiter that was woken but cancelled before it ran passes its wake-up to the
// next in line, so no item and no free slot is ever lost.
//
// Cost: a put and a get that do not wait allocate nothing (FIFO storage is a ring buffer
// that grows by doubling); a wait allocates one future. One producer and one consumer
// move about 90 million items a second through a queue of 1024 (BenchmarkQueueThroughput).
//
// A Queue belongs to the loop of the first task that waits on it and is used on that loop
// only, as asyncio's queues bind to their loop on first use.
package queue
