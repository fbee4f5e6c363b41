package loop

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
)

// PanicError is a panic recovered from a callback or a task body, with the stack of the
// goroutine that panicked. A panicking task ends with it as its error; a panicking
// callback is reported to the loop's exception handler. Either way the loop goes on.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the panicking goroutine's stack, as [runtime/debug.Stack] prints it
}

// NewPanicError wraps a recovered value with the current goroutine's stack. Call it in
// the deferred function that recovered, so the stack still shows the panic's origin.
func NewPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// Error reports the panic value.
func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap returns the panic value when it is an error, so errors.Is and errors.As see
// through the panic.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// ExceptionContext describes an error the loop could not return to anyone: asyncio's
// exception-handler context dict.
type ExceptionContext struct {
	Message string // what happened, in asyncio's words
	Err     error  // the error, often a *PanicError; may be nil
	Origin  any    // the callback, task or future involved; may be nil
	// Created is where the task involved was created, innermost call first, when its
	// loop was in debug mode: asyncio's source_traceback. Nil otherwise.
	Created []runtime.Frame
}

// ExceptionHandler receives errors that have nowhere else to go; see
// [Loop.SetExceptionHandler].
type ExceptionHandler func(l *Loop, c ExceptionContext)

// SetExceptionHandler installs h as the loop's exception handler:
// asyncio's loop.set_exception_handler. A nil h restores the default handler, which logs.
func (l *Loop) SetExceptionHandler(h ExceptionHandler) { l.handler = h }

// ExceptionHandler returns the handler installed by SetExceptionHandler, or nil when the
// default one is in use: asyncio's loop.get_exception_handler.
func (l *Loop) ExceptionHandler() ExceptionHandler { return l.handler }

// CallExceptionHandler passes c to the loop's exception handler:
// asyncio's loop.call_exception_handler. A handler that panics is logged and its panic
// dropped, as asyncio does, so an error report can never stop the loop.
func (l *Loop) CallExceptionHandler(c ExceptionContext) {
	if l.handler == nil {
		l.DefaultExceptionHandler(c)
		return
	}
	defer func() {
		if p := recover(); p != nil {
			l.logger.Error("Unhandled error in exception handler",
				"panic", fmt.Sprint(p), "context", c.Message, "stack", string(debug.Stack()))
		}
	}()
	l.handler(l, c)
}

// DefaultExceptionHandler logs c through the loop's [log/slog] logger at level Error:
// asyncio's loop.default_exception_handler. A PanicError's stack is logged with it. A
// context without a message is logged as asyncio logs it: "Unhandled exception in event
// loop".
func (l *Loop) DefaultExceptionHandler(c ExceptionContext) {
	if c.Message == "" {
		c.Message = "Unhandled exception in event loop"
	}
	attrs := []slog.Attr{}
	if c.Err != nil {
		attrs = append(attrs, slog.String("error", c.Err.Error()))
		if p, ok := c.Err.(*PanicError); ok {
			attrs = append(attrs, slog.String("stack", string(p.Stack)))
		}
	}
	if c.Origin != nil {
		attrs = append(attrs, slog.String("origin", fmt.Sprint(c.Origin)))
	}
	if len(c.Created) > 0 {
		attrs = append(attrs, slog.String("created", formatFrames(c.Created)))
	}
	l.logger.LogAttrs(context.Background(), slog.LevelError, c.Message, attrs...)
}

// formatFrames writes frames as a goroutine's stack prints them.
func formatFrames(frames []runtime.Frame) string {
	var b strings.Builder
	for _, f := range frames {
		fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Function, f.File, f.Line)
	}
	return b.String()
}

// runProtected runs one callback; a panic becomes a report to the exception handler.
func (l *Loop) runProtected(r Runner) {
	defer func() {
		if p := recover(); p != nil {
			l.reportPanic(r, p)
		}
	}()
	r.Run()
}

func (l *Loop) reportPanic(r Runner, p any) {
	l.CallExceptionHandler(ExceptionContext{
		Message: fmt.Sprintf("Exception in callback %s", describe(r)),
		Err:     NewPanicError(p),
		Origin:  r,
	})
}

// describe names a callback for logs.
func describe(r Runner) string {
	switch r := r.(type) {
	case fmt.Stringer:
		return r.String()
	case Func:
		return "<Handle " + funcName((func())(r)) + ">"
	}
	return fmt.Sprintf("<%T>", r)
}
