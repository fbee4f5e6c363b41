package loop

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Runner is one unit of work for the ready queue: a callback, a task step.
//
// Packages built on the loop schedule their own types as Runners (a task schedules
// itself), so that the hot paths of futures and tasks allocate nothing per callback.
// A Runner that implements [fmt.Stringer] is named by it in debug logs.
type Runner interface{ Run() }

// Func adapts a plain function to a [Runner], as [net/http.HandlerFunc] does for handlers.
type Func func()

// Run calls f.
func (f Func) Run() { f() }

// Errors returned by the loop. Each matches with [errors.Is].
var (
	// ErrClosed is returned when a closed loop is run or scheduled on (asyncio's
	// "Event loop is closed").
	ErrClosed = errors.New("loop: event loop is closed")
	// ErrRunning is returned when a loop that is already running is run again, or closed.
	ErrRunning = errors.New("loop: event loop is already running")
	// ErrNested is returned when a loop is run on a goroutine that is already running a loop
	// or a task of one (asyncio's "cannot be called from a running event loop").
	ErrNested = errors.New("loop: cannot run an event loop from a running event loop")
	// ErrIdle is returned when a loop on a virtual clock has nothing left that could ever
	// wake it: no callback ready, no timer, no external work. A real loop would wait forever.
	ErrIdle = errors.New("loop: virtual clock: nothing scheduled and no external work in flight, the loop would wait forever")
	// ErrNotDone is returned by RunUntilComplete when the loop stopped before the awaited
	// future was done (asyncio's "Event loop stopped before Future completed").
	ErrNotDone = errors.New("loop: event loop stopped before the future completed")
	// ErrOtherLoop is returned by RunUntilComplete for a future of another loop (asyncio's
	// "The future belongs to a different loop than the one specified").
	ErrOtherLoop = errors.New("loop: the future belongs to another event loop")
)

// Loop is an event loop: asyncio's BaseEventLoop, without I/O.
//
// A Loop is used from the goroutine that runs it, and from the coroutines of its tasks
// while they are stepped; the methods that are safe from any goroutine say so. The zero
// Loop is not usable: create one with [New].
type Loop struct {
	ready   readyQueue // the callbacks of the next batch, in FIFO order
	handles []Handle   // a slab CallSoon's handles are cut from, saving one allocation each

	timers          timerHeap
	timerSeq        uint64 // breaks deadline ties: FIFO
	cancelledTimers int    // cancelled timers still in the heap

	inbox inbox // CallSoonThreadsafe, external work, wake-ups

	clock   Clock
	virtual *VirtualClock // nil on a real clock
	epoch   time.Time
	// virtualEpoch is the virtual clock's offset at epoch, so that now() on a virtual
	// clock is one subtraction.
	virtualEpoch int64
	sleeper      *time.Timer // reused by the real clock's waits

	// The iteration in progress: its callbacks (batchHead, recycled at its end), the
	// block being run and the position in it. They outlive a panicking callback, so that
	// the iteration goes on after it (runIterations).
	batchHead, batch *readyBlock
	batchPos         int
	inCallbacks      bool // running the batch's callbacks: a panic now is one of theirs

	running  bool
	stopping bool
	closed   bool
	goid     uint64 // goroutine running the loop, while it runs

	handler      ExceptionHandler
	logger       *slog.Logger
	debug        bool
	slow         time.Duration
	hooks        Hooks
	instrumented bool // debug or hooks: time every callback

	inits   []func(*Loop) // WithInit functions, run once by New
	onClose []func()
	values  map[any]any
}

// Option configures a [Loop] made by [New].
type Option interface{ apply(*Loop) }

type optionFunc func(*Loop)

func (f optionFunc) apply(l *Loop) { f(l) }

// WithClock makes the loop read time from c. With a [*VirtualClock] the loop never sleeps:
// when it is idle and no external work is in flight, it moves the clock to the next timer.
func WithClock(c Clock) Option {
	if c == nil {
		panic("loop: WithClock: nil clock")
	}
	return optionFunc(func(l *Loop) {
		l.clock = c
		l.virtual, _ = c.(*VirtualClock)
	})
}

// WithLogger sends the loop's logs (the default exception handler, slow callbacks) to lg
// instead of [slog.Default].
func WithLogger(lg *slog.Logger) Option {
	return optionFunc(func(l *Loop) { l.logger = lg })
}

// WithDebug turns debug mode on from the start, as PYTHONASYNCIODEBUG=1 does.
func WithDebug() Option {
	return optionFunc(func(l *Loop) { l.SetDebug(true) })
}

// WithInit runs fn on the new loop once its other options are applied: the way for
// packages built on the loop to configure the loops that task.Run makes (the debug
// package's watchdog is installed this way).
func WithInit(fn func(*Loop)) Option {
	if fn == nil {
		panic("loop: WithInit: nil function")
	}
	return optionFunc(func(l *Loop) { l.inits = append(l.inits, fn) })
}

// New returns a new loop, not running: asyncio.new_event_loop.
func New(opts ...Option) *Loop {
	l := &Loop{
		clock: realClock{},
		slow:  DefaultSlowCallbackDuration,
	}
	l.inbox.init()
	for _, o := range opts {
		if o == nil {
			panic("loop: New: nil option")
		}
		o.apply(l)
	}
	if l.logger == nil {
		l.logger = slog.Default()
	}
	l.epoch = l.clock.Now()
	if l.virtual != nil {
		l.virtualEpoch = l.virtual.nanos.Load()
	}
	for _, fn := range l.inits {
		fn(l)
	}
	l.inits = nil
	return l
}

// Time returns the loop's current time, read from its clock: asyncio's loop.time().
// Differences of Times are what matter; on a real clock they are monotonic.
func (l *Loop) Time() time.Time { return l.clock.Now() }

// now is the loop's time as nanoseconds since its epoch: what the timer heap orders by.
func (l *Loop) now() int64 {
	switch c := l.clock.(type) {
	case realClock:
		return int64(time.Since(l.epoch)) // the monotonic reading alone: no wall clock
	case *VirtualClock:
		return c.nanos.Load() - l.virtualEpoch
	}
	return int64(l.clock.Now().Sub(l.epoch))
}

// IsRunning reports whether the loop is running: asyncio's loop.is_running().
func (l *Loop) IsRunning() bool { return l.running }

// IsClosed reports whether the loop was closed: asyncio's loop.is_closed().
func (l *Loop) IsClosed() bool { return l.closed }

// String describes the loop for logs.
func (l *Loop) String() string {
	return fmt.Sprintf("<Loop running=%t closed=%t debug=%t>", l.running, l.closed, l.debug)
}

// Logger returns the logger the loop writes to: the one given to [WithLogger], or
// [slog.Default] as it was when the loop was made.
func (l *Loop) Logger() *slog.Logger { return l.logger }

// Value returns the value stored under key by [Loop.SetValue], or nil.
// Packages built on the loop keep their per-loop state here (the task registry, the
// default executor), so that the loop itself needs to know nothing of them.
func (l *Loop) Value(key any) any { return l.values[key] }

// SetValue stores v under key; see [Loop.Value]. Use an unexported key type, as with
// [context.WithValue].
func (l *Loop) SetValue(key, v any) {
	if l.values == nil {
		l.values = make(map[any]any)
	}
	l.values[key] = v
}

// OnClose registers fn to run when the loop is closed, after its queues are dropped.
// Packages built on the loop release what they hold there (parked coroutines, worker
// pools). Hooks run in registration order; one registered while the loop closes (by a
// hook, say) runs after those registered before. A nil fn panics here, rather than in
// Close, where it would stop the hooks after it.
func (l *Loop) OnClose(fn func()) {
	if fn == nil {
		panic("loop: OnClose: nil hook")
	}
	l.onClose = append(l.onClose, fn)
}

// Close closes the loop: asyncio's loop.close(). Pending callbacks and timers are dropped,
// then the OnClose hooks run (they stop what packages built on the loop still hold: the
// default executor is shut down and waited for, unlike asyncio's, so no goroutine
// outlives the loop). Closing a closed loop does nothing; closing a running loop is
// [ErrRunning].
func (l *Loop) Close() error {
	if l.running {
		return fmt.Errorf("loop: Close: %w", ErrRunning)
	}
	if l.closed {
		return nil
	}
	l.closed = true
	l.inbox.close()
	l.ready.drop()
	l.batchHead, l.batch, l.batchPos = nil, nil, 0 // an iteration left by runtime.Goexit
	l.handles = nil
	for _, e := range l.timers {
		e.t.fn, e.t.r = nil, nil
	}
	l.timers = nil
	if l.sleeper != nil {
		l.sleeper.Stop()
	}
	for len(l.onClose) > 0 { // hooks registered by hooks run after them
		hooks := l.onClose
		l.onClose = nil
		for _, fn := range hooks {
			fn()
		}
	}
	return nil
}
