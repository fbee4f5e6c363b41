package gather_test

import (
	"context"
	"testing"

	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/internal/virtual"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The helpers the test files here share: see internal/virtual.
var (
	run       = func(main func(ctx context.Context) error) error { return virtual.Run(main) }
	since     = virtual.Since
	now       = virtual.Now
	cancelMsg = virtual.CancelMessage
)
