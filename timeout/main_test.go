package timeout_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/internal/virtual"
	"github.com/goasyncio/asyncio/timeout"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The helpers the test files here share: see internal/virtual.
var (
	run       = func(main func(ctx context.Context) error) error { return virtual.Run(main) }
	since     = virtual.Since
	now       = virtual.Now
	cancelMsg = virtual.CancelMessage
)

// describe names an error the way the CPython scripts of these tests print exceptions.
func describe(err error) string {
	switch {
	case err == nil:
		return "nil"
	case future.IsCancelled(err):
		return "CancelledError"
	case isTimeout(err):
		return "TimeoutError"
	}
	return err.Error()
}

func isTimeout(err error) bool {
	_, ok := err.(*timeout.Error)
	return ok
}

// runScope runs body in a scope of timeout d, as timeout.Run does, and returns the scope
// with Run's error, for the tests that look at the scope once it has ended.
func runScope(ctx context.Context, d time.Duration, body func(ctx context.Context, tm *timeout.Timeout) error) (*timeout.Timeout, error) {
	var scope *timeout.Timeout
	err := timeout.Run(ctx, d, func(ctx context.Context, tm *timeout.Timeout) error {
		scope = tm
		return body(ctx, tm)
	})
	return scope, err
}
