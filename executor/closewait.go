package executor

import (
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"
)

// closeWaitWarning is how long a closing loop waits for a pool's workers before it warns
// that calls still run: asyncio.run gives up on its executor after 300 s and warns; a
// closing loop here goes on waiting, so that no goroutine outlives it, but says why.
// Tests shorten it.
var closeWaitWarning = 10 * time.Second

// closeWait is the timer of one wait for a pool's workers.
type closeWait struct {
	mu      sync.Mutex // held while the warning is logged, so that stop waits for it
	stopped bool
	timer   *time.Timer
}

// warnWhileWaiting starts a timer that, if it fires before the returned stop is called
// and p still has busy workers, logs that closing the loop waits for them, naming the
// functions of calls (the loop's own calls in flight) that run on p at that moment;
// calls of other loops sharing p are counted. It touches no loop state: lg is the loop's
// logger, safe from any goroutine, and the loop's goroutine is inside Close, which runs
// no callback, while the timer may fire. stop returns only once no warning can come.
func warnWhileWaiting(lg *slog.Logger, p *Pool, calls []inflightCall) (stop func()) {
	w := &closeWait{}
	w.timer = time.AfterFunc(closeWaitWarning, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.stopped {
			return
		}
		busy := p.busyWorkers()
		if busy == 0 {
			return
		}
		var fns []string
		for _, c := range calls {
			if fn, ok := c.runningOn(p); ok {
				fns = append(fns, fn)
			}
		}
		if others := busy - len(fns); others > 0 {
			fns = append(fns, fmt.Sprintf("%d of other loops", others))
		}
		lg.Warn(fmt.Sprintf("executor: closing the loop has waited %v for %d call(s) still running on pool %q although their context is cancelled: %s; a function that ignores its ctx keeps Close waiting until it returns",
			closeWaitWarning, max(busy, len(fns)), p.name, strings.Join(fns, ", ")))
	})
	return func() {
		w.mu.Lock()
		w.stopped = true
		w.mu.Unlock()
		w.timer.Stop()
	}
}

// funcName names fn for a log: package.Function.
func funcName(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}
