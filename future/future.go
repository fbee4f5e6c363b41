package future

import (
	"fmt"
	"unsafe"

	"github.com/goasyncio/asyncio/loop"
)

type state uint8

const (
	pending state = iota
	finished
	cancelled
)

func (s state) String() string {
	switch s {
	case pending:
		return "pending"
	case finished:
		return "finished"
	}
	return "cancelled"
}

// Future is asyncio.Future: a result of type T that will be set later, once.
//
// A Future belongs to the loop it was made for and is used on it only. The zero Future is
// not usable: make one with [New]. A Future must not be copied after first use.
type Future[T any] struct {
	loop      *loop.Loop
	state     state
	value     T
	err       error // the exception, or the *CancelledError of a cancelled future
	callbacks callbacks
}

// New returns a pending future of l: asyncio's loop.create_future(). A nil l panics: a
// future must have a loop to schedule its callbacks on, and without one it would fail
// later, far from the mistake.
func New[T any](l *loop.Loop) *Future[T] {
	if l == nil {
		panic("future: New: nil loop")
	}
	return &Future[T]{loop: l}
}

// Init readies a Future embedded in a larger struct (the task package embeds one in each
// task, to save an allocation). It must be called before any other method.
func (f *Future[T]) Init(l *loop.Loop) { f.loop = l }

// Loop returns the loop the future belongs to: Future.get_loop().
func (f *Future[T]) Loop() *loop.Loop { return f.loop }

// Done reports whether the future has a result, an exception, or was cancelled.
func (f *Future[T]) Done() bool { return f.state != pending }

// Cancelled reports whether the future was cancelled.
func (f *Future[T]) Cancelled() bool { return f.state == cancelled }

// SetResult completes the future with v: Future.set_result. A future completes once;
// SetResult on a done future is an *InvalidStateError and changes nothing.
func (f *Future[T]) SetResult(v T) error {
	if f.state != pending {
		return &InvalidStateError{Op: "SetResult", State: f.state.String()}
	}
	f.value = v
	f.state = finished
	f.scheduleCallbacks()
	return nil
}

// SetException completes the future with err: Future.set_exception. A nil err is an
// error, and so is a done future (*InvalidStateError). As in asyncio, a
// *CancelledError is accepted as an exception like any other: the future is then done
// with that error, not cancelled (Cancelled reports false); use Cancel to cancel it.
//
// Should err never be retrieved (by Result, Exception, Err or an await), it is reported
// to the loop's exception handler as "Future exception was never retrieved": when the GC
// collects the future, or when the loop closes, whichever comes first. asyncio reports
// it when the future is destroyed; see the package doc.
func (f *Future[T]) SetException(err error) error {
	return f.SetExceptionOf(err, "Future", nil)
}

// SetExceptionOf is SetException for a future that stands for something larger (a task
// embeds its future): should err never be retrieved, the report names kind ("Task
// exception was never retrieved") and describes the future as
// "<kind finished detail exception=err>". detail is formatted only for the report, and
// must not refer to f, which it would keep from being collected; nil leaves it out. If
// detail also has a method Created() []runtime.Frame, the report carries what it
// returns as where the future was created (a task's creation stack in debug mode).
func (f *Future[T]) SetExceptionOf(err error, kind string, detail fmt.Stringer) error {
	if f.state != pending {
		return &InvalidStateError{Op: "SetException", State: f.state.String()}
	}
	if err == nil {
		return fmt.Errorf("future: SetException with a nil error")
	}
	f.state = finished
	f.fail(err, kind, detail)
	f.scheduleCallbacks()
	return nil
}

// Cancel cancels a pending future with msg ("" for none) and schedules its callbacks:
// Future.cancel. It reports false, and does nothing, when the future is done already.
func (f *Future[T]) Cancel(msg string) bool {
	if f.state != pending {
		return false
	}
	return f.cancelWith(&CancelledError{Msg: msg})
}

// CancelWith cancels a pending future with err as its CancelledError: the task package
// ends a task with the very error its body returned, as asyncio keeps the exception.
func (f *Future[T]) CancelWith(err *CancelledError) bool {
	if f.state != pending {
		return false
	}
	return f.cancelWith(err)
}

func (f *Future[T]) cancelWith(err *CancelledError) bool {
	f.err = err
	f.state = cancelled
	f.scheduleCallbacks()
	return true
}

// Result returns the future's result: Future.result(). A pending future is an
// *InvalidStateError, a cancelled one its *CancelledError, a failed one its exception,
// which is then retrieved: it will not be reported as never retrieved.
func (f *Future[T]) Result() (v T, err error) {
	if f.err == nil && f.state == finished {
		return f.value, nil // the common case: Result is kept small enough to inline
	}
	return v, noResult(&f.err)
}

// noResult is Result's error for a future that has no result, given its err field: nil
// only while it is pending, else its CancelledError or its exception (retrieved now). It
// is not inlined, so that Result is.
//
//go:noinline
func noResult(err *error) error {
	if *err == nil {
		return &InvalidStateError{Op: "Result", State: "pending"}
	}
	return retrieve(err)
}

// Exception returns the exception the future ended with, nil after a result:
// Future.exception(). Its second result is what asyncio raises instead: an
// *InvalidStateError for a pending future, the *CancelledError of a cancelled one.
func (f *Future[T]) Exception() (exception, err error) {
	switch f.state {
	case pending:
		return nil, &InvalidStateError{Op: "Exception", State: "pending"}
	case cancelled:
		return nil, f.err
	}
	return retrieve(&f.err), nil
}

// Err returns the error the future ended with: nil while pending or after a result, the
// exception, or the *CancelledError of a cancelled future. It is the untyped view that
// [Waitable] offers. Like Result and Exception, it retrieves the exception: it will not
// be reported as never retrieved.
func (f *Future[T]) Err() error {
	if f.err == nil {
		return nil
	}
	return retrieve(&f.err)
}

// AddDoneCallback registers fn to be called with the future once it is done:
// Future.add_done_callback. fn is scheduled with the loop's CallSoon, never called
// directly, even when the future is done already; callbacks run in registration order.
// A nil fn panics.
func (f *Future[T]) AddDoneCallback(fn func(*Future[T])) {
	if fn == nil {
		// Here, where the mistake is, rather than as a nil call reported from the loop.
		panic("future: AddDoneCallback: nil callback")
	}
	f.addCallback(&boundCallback[T]{fn: fn, f: f})
}

// RemoveDoneCallback removes every registration of fn and returns how many there were:
// Future.remove_done_callback. Go cannot compare func values, so fn is matched by
// identity: the same top-level function, or the same closure value that was registered
// (keep the closure in a variable to remove it later).
func (f *Future[T]) RemoveDoneCallback(fn func(*Future[T])) int {
	id := funcID(fn)
	return f.callbacks.remove(func(r loop.Runner) bool {
		b, ok := r.(*boundCallback[T])
		return ok && funcID(b.fn) == id
	})
}

// AddDoneRunner registers r to be scheduled (with the loop's Post) once the future is
// done: the allocation-free, untyped form of AddDoneCallback that tasks and
// RunUntilComplete use.
func (f *Future[T]) AddDoneRunner(r loop.Runner) {
	f.addCallback(r)
}

// RemoveDoneRunner removes every registration of r and returns how many there were.
// Runners are compared with ==, so r should be a pointer.
func (f *Future[T]) RemoveDoneRunner(r loop.Runner) int {
	return f.callbacks.remove(func(c loop.Runner) bool { return sameRunner(c, r) })
}

func (f *Future[T]) addCallback(r loop.Runner) {
	if f.state != pending {
		_ = f.loop.Post(r)
		return
	}
	f.callbacks.add(r)
}

// scheduleCallbacks posts every callback, in order, and forgets them. On a closed loop
// they are dropped: nothing can run anyway.
func (f *Future[T]) scheduleCallbacks() {
	cs := f.callbacks
	if cs.first == nil {
		return
	}
	f.callbacks = callbacks{}
	_ = f.loop.Post(cs.first)
	if cs.rest != nil {
		for _, r := range *cs.rest {
			_ = f.loop.Post(r)
		}
	}
}

// String describes the future, as asyncio's repr does.
func (f *Future[T]) String() string {
	switch {
	case f.state == pending:
		return "<Future pending>"
	case f.state == cancelled:
		return "<Future cancelled>"
	case f.err != nil:
		return fmt.Sprintf("<Future finished exception=%v>", peek(f.err))
	}
	return fmt.Sprintf("<Future finished result=%v>", f.value)
}

// funcID is the identity of a func value: the pointer to its closure record. Two
// registrations of the same function or the same closure value share it; distinct
// closures do not.
func funcID[F any](fn F) uintptr { return *(*uintptr)(unsafe.Pointer(&fn)) }

// sameRunner compares runners without panicking on uncomparable dynamic types.
func sameRunner(a, b loop.Runner) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}
