package future

import (
	"container/list"
	"fmt"
	"runtime"

	"github.com/goasyncio/asyncio/loop"
)

// asyncio reports "Future exception was never retrieved" (for a task, "Task exception
// was never retrieved") through the loop's exception handler when a future that failed
// is destroyed before anyone asked for its exception: a failure nobody saw. Go has no
// destructor to hang the report on, so it is built from two parts:
//
//   - A failed future keeps its exception wrapped in an unretrieved record until it is
//     retrieved (Result, Exception, Err, or an await, which calls Result), and a
//     runtime cleanup attached to the future posts the report to the loop if the GC
//     collects the future first.
//   - The GC keeps its own schedule: a short program would exit before any collection
//     and lose the report that CPython, which frees the task at once, prints. So the
//     loop also reports, when it closes, every failure not retrieved by then.
//
// Only the failure path pays: a record, a cleanup and a list element per exception set.

// unretrieved is a future's exception that nobody has retrieved yet. It stands in the
// err field of a failed future, so a Future needs no field for it; it never leaves the
// package (every read of a failed future's err goes through retrieve or peek). It must
// not point to the future: the cleanup that reports it would then never run.
type unretrieved struct {
	err    error        // the exception
	kind   string       // what the future stands for: "Future", "Task"
	detail fmt.Stringer // more of the description, formatted only for a report; may be nil

	list    *unretrievedList
	cleanup runtime.Cleanup
	elem    *list.Element // in list.pending until retrieved or reported; nil after
}

func (u *unretrieved) Error() string { return u.err.Error() }

// unretrievedList is one loop's failures not retrieved yet, oldest first. It is used on
// the loop goroutine only: the cleanups, which run on a goroutine of the runtime's,
// reach it through the loop's CallSoonThreadsafe.
type unretrievedList struct {
	loop    *loop.Loop
	pending list.List // of *unretrieved; only failures pay for an element
	closing bool      // reportAll has put itself behind the loop's other close hooks
}

type unretrievedKey struct{}

// unretrievedOf returns l's list, creating it on first use; the list reports what is
// left in it when l closes.
func unretrievedOf(l *loop.Loop) *unretrievedList {
	if s, ok := l.Value(unretrievedKey{}).(*unretrievedList); ok {
		return s
	}
	s := &unretrievedList{loop: l}
	l.SetValue(unretrievedKey{}, s)
	l.OnClose(s.reportAll)
	return s
}

// fail stores err as f's exception, to be reported if it is never retrieved (see
// SetExceptionOf for kind and detail). A future of a closed loop keeps err as it is:
// nothing could retrieve it any more, and the task package reports what a closing loop
// destroys in its own words.
func (f *Future[T]) fail(err error, kind string, detail fmt.Stringer) {
	f.err = err
	if f.loop == nil || f.loop.IsClosed() {
		return
	}
	s := unretrievedOf(f.loop)
	u := &unretrieved{err: err, kind: kind, detail: detail, list: s}
	f.err = u
	u.elem = s.pending.PushBack(u)
	u.cleanup = runtime.AddCleanup(f, collected, u)
}

// collected runs once the GC has found the future of u unreachable, on a goroutine of
// the runtime's: the report is made on the loop. A closed loop refuses the post, and has
// reported u already as it closed.
func collected(u *unretrieved) {
	_, _ = u.list.loop.CallSoonThreadsafe(u.report)
}

// report passes u to the loop's exception handler, unless it was retrieved or reported
// meanwhile.
func (u *unretrieved) report() {
	if u.elem == nil {
		return
	}
	u.unlist()
	c := loop.ExceptionContext{
		Message: u.kind + " exception was never retrieved",
		Err:     u.err,
		Origin:  u.describe(),
	}
	if d, ok := u.detail.(interface{ Created() []runtime.Frame }); ok {
		c.Created = d.Created()
	}
	u.list.loop.CallExceptionHandler(c)
}

// describe describes the future as its String would have when it failed:
// <Task finished name='Task-2' coro=main.work exception=boom>.
func (u *unretrieved) describe() string {
	if u.detail == nil {
		return fmt.Sprintf("<%s finished exception=%v>", u.kind, u.err)
	}
	return fmt.Sprintf("<%s finished %v exception=%v>", u.kind, u.detail, u.err)
}

// retrieve returns the error in *err, a future's err field, and marks an exception as
// retrieved: it will not be reported. Result, Exception and Err call it. It is not a
// method of Future[T] so that Result, which calls it, stays small enough to inline.
func retrieve(err *error) error {
	if u, ok := (*err).(*unretrieved); ok {
		*err = u.err
		u.cleanup.Stop()
		if u.elem != nil {
			u.unlist()
		}
	}
	return *err
}

// peek returns a future's error, err, without marking it retrieved: String describes a
// future without retrieving its exception, as asyncio's repr does.
func peek(err error) error {
	if u, ok := err.(*unretrieved); ok {
		return u.err
	}
	return err
}

// unlist takes u out of its loop's list of failures not retrieved yet.
func (u *unretrieved) unlist() {
	u.list.pending.Remove(u.elem)
	u.elem = nil
}

// reportAll reports every failure still in the list, oldest first: the loop is closing.
// It runs after the loop's other close hooks, whatever the order they were registered
// in: the task package's unwinds the bodies still parked, and what they read then is
// retrieved.
func (s *unretrievedList) reportAll() {
	if !s.closing {
		s.closing = true
		s.loop.OnClose(s.reportAll) // again, after the hooks registered before this one ran
		return
	}
	for e := s.pending.Front(); e != nil; e = s.pending.Front() {
		u := e.Value.(*unretrieved)
		u.cleanup.Stop()
		u.report()
	}
}
