package loop

import (
	"context"
	"errors"
)

// Scope is what a context carries to say where code runs: the loop itself, or a task on
// it (a task's context carries the task, which knows its loop). One context value serves
// both, so a task's context costs a single [context.WithValue].
type Scope interface {
	Loop() *Loop
}

// Loop returns l, so that a *Loop is a [Scope].
func (l *Loop) Loop() *Loop { return l }

type scopeKey struct{}

// WithScope returns a copy of ctx that carries s.
func WithScope(ctx context.Context, s Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// ScopeFrom returns the scope ctx carries, or nil.
func ScopeFrom(ctx context.Context) Scope {
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
