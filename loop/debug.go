package loop

import (
	"fmt"
	"time"
)

// DefaultSlowCallbackDuration is asyncio's default loop.slow_callback_duration.
const DefaultSlowCallbackDuration = 100 * time.Millisecond

// Hooks let a debugging tool watch every callback the loop runs (the debug package's
// watchdog is built on them). Before is called on the loop goroutine just before r runs,
// After just after, with the wall time it took. Either may be nil.
type Hooks struct {
	Before func(r Runner)
	After  func(r Runner, took time.Duration)
}

// SetHooks installs h, replacing earlier hooks. Installing hooks makes the loop time
// every callback, as debug mode does.
func (l *Loop) SetHooks(h Hooks) {
	l.hooks = h
	l.instrumented = l.debug || h.Before != nil || h.After != nil
}

// SetDebug turns debug mode on or off: asyncio's loop.set_debug. In debug mode every
// callback and task step is timed, and one that takes at least SlowCallbackDuration is
// logged at level Warn in asyncio's words: "Executing <Task ...> took 0.400 seconds".
// Debug mode also checks that CallSoon, CallLater, CallAt and Post are called on the
// loop's goroutine (or a coroutine of its tasks) while it runs, and panics with the
// name of the call when they are not.
func (l *Loop) SetDebug(on bool) {
	l.debug = on
	l.SetHooks(l.hooks)
}

// Debug reports whether debug mode is on: asyncio's loop.get_debug.
func (l *Loop) Debug() bool { return l.debug }

// SetSlowCallbackDuration sets the duration past which a callback is logged as slow in
// debug mode: asyncio's loop.slow_callback_duration (default 100ms).
func (l *Loop) SetSlowCallbackDuration(d time.Duration) { l.slow = d }

// SlowCallbackDuration returns the threshold set by SetSlowCallbackDuration.
func (l *Loop) SlowCallbackDuration() time.Duration { return l.slow }

// runInstrumented runs r between the hooks and, in debug mode, logs it if it was slow.
// Callbacks are timed with the wall clock even on a virtual clock: what is measured is
// how long the loop goroutine was blocked.
func (l *Loop) runInstrumented(r Runner) {
	if l.hooks.Before != nil {
		l.hooks.Before(r)
	}
	start := time.Now()
	l.runProtected(r)
	took := time.Since(start)
	if l.hooks.After != nil {
		l.hooks.After(r, took)
	}
	if l.debug && took >= l.slow {
		l.logger.Warn(fmt.Sprintf("Executing %s took %.3f seconds", describe(r), took.Seconds()))
	}
}
