package loop

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Scope is what a context carries to say where code runs: the loop itself, or a task on
// it (a task's context carries the task, which knows its loop). One context value serves
// both; a task holds its [ScopeContext], so its context costs no allocation at all.
type Scope interface {
	Loop() *Loop
}

// Loop returns l, so that a *Loop is a [Scope].
func (l *Loop) Loop() *Loop { return l }

type scopeKey struct{}

// WithScope returns a copy of ctx that carries s. A nil ctx panics, as it does for
// context.WithValue.
func WithScope(ctx context.Context, s Scope) context.Context {
	if ctx == nil {
		panic("loop: WithScope: nil parent context")
	}
	c := new(ScopeContext)
	c.Init(ctx, s)
	return c
}

// ScopeContext is the context WithScope makes, as a type that the scope's own struct can
// hold (every task holds one), so that giving a task its context costs no allocation.
// It answers for the scope and passes everything else (values, deadline, cancellation)
// to its parent, as context.WithValue does. Set it up with Init; it must not be copied
// after that.
type ScopeContext struct {
	parent context.Context
	scope  Scope
}

// Init makes c a child of parent that carries s.
func (c *ScopeContext) Init(parent context.Context, s Scope) { c.parent, c.scope = parent, s }

// Scope returns the scope c was set up with.
func (c *ScopeContext) Scope() Scope { return c.scope }

// Deadline is the parent's.
func (c *ScopeContext) Deadline() (time.Time, bool) { return c.parent.Deadline() }

// Done is the parent's.
func (c *ScopeContext) Done() <-chan struct{} { return c.parent.Done() }

// Err is the parent's.
func (c *ScopeContext) Err() error { return c.parent.Err() }

// Value returns the scope for the loop's key, and asks the parent for any other.
func (c *ScopeContext) Value(key any) any {
	if _, ok := key.(scopeKey); ok {
		return c.scope
	}
	return c.parent.Value(key)
}

// String describes the context as context.WithValue's do.
func (c *ScopeContext) String() string {
	return fmt.Sprintf("%v.WithScope(%v)", c.parent, c.scope)
}

// ScopeFrom returns the scope ctx carries, or nil. A nil ctx carries none.
func ScopeFrom(ctx context.Context) Scope {
	// A task's own context is a *ScopeContext, and every await asks it for its task:
	// answering without the Value call (an interface call and a type switch on the key)
	// is a measurable part of a task switch.
	if c, ok := ctx.(*ScopeContext); ok {
		return c.scope
	}
	if ctx == nil {
		return nil
	}
	s, _ := ctx.Value(scopeKey{}).(Scope)
	return s
}

// ErrNoLoop is returned by [Get] for a context that carries no loop.
var ErrNoLoop = errors.New("loop: no running event loop in this context")

// Get returns the loop ctx belongs to: asyncio.get_running_loop. It is [ErrNoLoop] for a
// context that is not a loop's or a task's.
func Get(ctx context.Context) (*Loop, error) {
	if s := ScopeFrom(ctx); s != nil {
		return s.Loop(), nil
	}
	return nil, ErrNoLoop
}
