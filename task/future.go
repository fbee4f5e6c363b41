package task

import (
	"unsafe"

	"github.com/goasyncio/asyncio/loop"
)

// The future side of a Task: asyncio.Task is a Future whose result only its coroutine
// sets. These methods forward to the task's own future, which is not embedded, so that
// what only the task may do to it (complete it, cancel it with the body's error) is not
// part of the task's API.

// Loop returns the loop the task belongs to: Task.get_loop().
func (t *Task[T]) Loop() *loop.Loop { return t.fut.Loop() }

// Done reports whether the task has finished, failed or been cancelled: Task.done().
func (t *Task[T]) Done() bool { return t.fut.Done() }

// Cancelled reports whether the task ended cancelled: Task.cancelled().
func (t *Task[T]) Cancelled() bool { return t.fut.Cancelled() }

// Result returns what the body returned: Task.result(). A task not done is a
// *future.InvalidStateError, a cancelled one its *future.CancelledError.
func (t *Task[T]) Result() (T, error) { return t.fut.Result() }

// Exception returns the error the body ended with, nil after a result: Task.exception().
// Its second result is what asyncio raises instead; see [future.Future.Exception].
func (t *Task[T]) Exception() (exception, err error) { return t.fut.Exception() }

// Err returns the error the task ended with: nil while running or after a result, the
// body's error, or the *future.CancelledError of a cancelled task.
func (t *Task[T]) Err() error { return t.fut.Err() }

// AddDoneRunner schedules r once the task is done; see [future.Future.AddDoneRunner].
func (t *Task[T]) AddDoneRunner(r loop.Runner) { t.fut.AddDoneRunner(r) }

// RemoveDoneRunner removes every registration of r; see [future.Future.RemoveDoneRunner].
func (t *Task[T]) RemoveDoneRunner(r loop.Runner) int { return t.fut.RemoveDoneRunner(r) }

// AddDoneCallback registers fn to be called with the task once it is done:
// Task.add_done_callback. fn is scheduled with the loop's CallSoon, in registration order
// with the task's other done callbacks. A nil fn panics.
func (t *Task[T]) AddDoneCallback(fn func(*Task[T])) {
	if fn == nil {
		// Here, where the mistake is, rather than as a nil call reported from the loop.
		panic("task: AddDoneCallback: nil callback")
	}
	t.fut.AddDoneRunner(doneCallback[T]{t, funcPointer(fn)})
}

// RemoveDoneCallback removes every registration of fn and returns how many there were:
// Task.remove_done_callback. As with [future.Future.RemoveDoneCallback], fn is matched by
// identity: the same function, or the same closure value.
func (t *Task[T]) RemoveDoneCallback(fn func(*Task[T])) int {
	return t.fut.RemoveDoneRunner(doneCallback[T]{t, funcPointer(fn)})
}

// doneCallback is a typed callback bound to its task. It holds the callback as the
// pointer a func value is, so that it is comparable: RemoveDoneCallback finds its
// registrations with ==.
type doneCallback[T any] struct {
	t  *Task[T]
	fn unsafe.Pointer
}

func (c doneCallback[T]) Run() { (*(*func(*Task[T]))(unsafe.Pointer(&c.fn)))(c.t) }

// funcPointer is the identity of a func value: the pointer to its closure record.
func funcPointer[F any](fn F) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&fn)) }
