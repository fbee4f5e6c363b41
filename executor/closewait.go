package executor

import (
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"time"
)

// closeWaitWarning is how long a closing loop waits for a pool's workers before it warns
// that calls still run: asyncio.run gives up on its executor after 300 s and warns; a
// closing loop here goes on waiting, so that no goroutine outlives it, but says why.
// Tests shorten it.
var closeWaitWarning = 10 * time.Second

// warnWhileWaiting starts a timer that logs, if it fires before the returned stop is
// called, that closing the loop waits for the functions fns still running on pool p
// although their contexts are cancelled. It touches no loop state: lg is the loop's
// logger, safe from any goroutine.
func warnWhileWaiting(lg *slog.Logger, p *Pool, fns []string) (stop func()) {
	if len(fns) == 0 {
		return func() {}
	}
	t := time.AfterFunc(closeWaitWarning, func() {
		lg.Warn(fmt.Sprintf("executor: closing the loop has waited %v for %d call(s) still running on pool %q although their context is cancelled: %s; a function that ignores its ctx keeps Close waiting until it returns",
			closeWaitWarning, len(fns), p.name, strings.Join(fns, ", ")))
	})
	return func() { t.Stop() }
}

// funcName names fn for a log: package.Function.
func funcName(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}
