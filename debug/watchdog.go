package debug

import (
	"context"
	"fmt"
	"runtime/trace"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goasyncio/asyncio/loop"
)

// Report describes a callback that has been blocking its loop for longer than the
// watchdog's threshold.
type Report struct {
	Callback string        // the callback or task step, as asyncio names it: <Task pending name='Task-1' coro=main.main>
	Blocked  time.Duration // how long it had been running when the report was made
	Stacks   string        // the stacks of the loop's goroutines (the loop's and its tasks' coroutines)
}

// Message is the report's first line, in the words of asyncio's slow-callback log.
func (r Report) Message() string {
	return fmt.Sprintf("Executing %s has been blocking the loop for %.3f seconds", r.Callback, r.Blocked.Seconds())
}

// Option configures the watchdog.
type Option interface{ apply(*config) }

type config struct {
	threshold time.Duration
	onBlocked func(Report)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// Threshold sets how long a callback may run before it is reported; the default is the
// loop's SlowCallbackDuration (100ms, as asyncio's slow_callback_duration).
func Threshold(d time.Duration) Option {
	return optionFunc(func(c *config) { c.threshold = d })
}

// OnBlocked sends reports to fn instead of logging them. fn runs on the watchdog's
// goroutine, never on the loop's (which is blocked).
func OnBlocked(fn func(Report)) Option {
	return optionFunc(func(c *config) { c.onBlocked = fn })
}

// Watchdog is a [loop.Option] that enables the watchdog on the loop it configures:
// task.Run(main, debug.Watchdog()).
func Watchdog(opts ...Option) loop.Option {
	if slices.Contains(opts, nil) {
		panic("debug: Watchdog: nil option")
	}
	return loop.WithInit(func(l *loop.Loop) { Enable(l, opts...) })
}

// Enable turns debug mode on for l and starts a watchdog: a goroutine that, every quarter
// of the threshold, looks at the callback the loop is running and reports it, once, if
// it has run for longer than the threshold, with the stacks of the loop's goroutines.
// It also makes every callback a runtime/trace region while tracing is on. Reports are
// logged through the loop's logger ([loop.WithLogger]) at level Warn unless [OnBlocked]
// says otherwise.
//
// Enable replaces the loop's hooks. The returned function stops the watchdog and removes
// the hooks; closing the loop does the same, so task.Run leaves no goroutine behind.
// Call Enable before running the loop, or from the loop's goroutine. On a closed loop it
// does nothing: there is nothing left to watch, and no close to stop the watchdog. A nil
// l or option panics.
func Enable(l *loop.Loop, opts ...Option) (stop func()) {
	if l == nil {
		panic("debug: Enable: nil loop")
	}
	if slices.Contains(opts, nil) {
		panic("debug: Enable: nil option")
	}
	if l.IsClosed() {
		return func() {}
	}
	cfg := config{threshold: l.SlowCallbackDuration()}
	for _, o := range opts {
		o.apply(&cfg)
	}
	if cfg.threshold <= 0 {
		cfg.threshold = loop.DefaultSlowCallbackDuration
	}
	if cfg.onBlocked == nil {
		logger := l.Logger()
		cfg.onBlocked = func(r Report) {
			logger.Warn(r.Message(), "stacks", r.Stacks)
		}
	}
	w := &watchdog{loop: l, cfg: cfg, done: make(chan struct{})}
	l.SetDebug(true)
	l.SetHooks(loop.Hooks{Before: w.before, After: w.after})
	w.wg.Add(1)
	go w.watch()
	var once sync.Once
	halt := func() {
		once.Do(func() { close(w.done) })
		// A report handler that stops its own watchdog runs on the goroutine that would
		// be waited for: it returns, and the watchdog ends once the handler does.
		if currentGoroutine() != w.watcher.Load() {
			w.wg.Wait()
		}
	}
	l.OnClose(halt)
	return func() {
		halt()
		l.SetHooks(loop.Hooks{})
	}
}

// watchdog shares the callback being run between the loop goroutine (before/after) and
// its own goroutine (watch).
type watchdog struct {
	loop *loop.Loop
	cfg  config
	done chan struct{}
	wg   sync.WaitGroup
	// watcher is the id of the goroutine running watch, which calls the report handler.
	watcher atomic.Uint64

	mu       sync.Mutex
	running  string    // the callback's description; "" between callbacks
	started  time.Time // when it started
	seq      uint64    // counts callbacks, so each is reported once
	reported uint64

	region *trace.Region // the open trace region, loop goroutine only
}

func (w *watchdog) before(r loop.Runner) {
	desc := describe(r)
	if trace.IsEnabled() {
		w.region = trace.StartRegion(context.Background(), desc)
	}
	w.mu.Lock()
	w.running, w.started = desc, time.Now()
	w.seq++
	w.mu.Unlock()
}

func (w *watchdog) after(loop.Runner, time.Duration) {
	w.mu.Lock()
	w.running = ""
	w.mu.Unlock()
	if w.region != nil {
		w.region.End()
		w.region = nil
	}
}

func (w *watchdog) watch() {
	defer w.wg.Done()
	w.watcher.Store(currentGoroutine())
	tick := time.NewTicker(max(w.cfg.threshold/4, time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-tick.C:
		}
		w.mu.Lock()
		desc, blocked, seq := w.running, time.Since(w.started), w.seq
		due := desc != "" && blocked >= w.cfg.threshold && seq != w.reported
		if due {
			w.reported = seq
		}
		w.mu.Unlock()
		if due {
			w.cfg.onBlocked(Report{Callback: desc, Blocked: blocked, Stacks: loopStacks(w.loop)})
		}
	}
}

// describe names a callback as the loop's slow-callback log does.
func describe(r loop.Runner) string {
	if s, ok := r.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("<%T>", r)
}
