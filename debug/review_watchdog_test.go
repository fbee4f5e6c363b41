package debug_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/debug"
	"github.com/goasyncio/asyncio/loop"
)

// A watchdog enabled on a closed loop would never be stopped by the close that already
// happened: Enable must not leave a goroutine behind for it.
func TestReviewEnableOnAClosedLoopStartsNoGoroutine(t *testing.T) {
	l := loop.New()
	require.NoError(t, l.Close())
	stop := debug.Enable(l)
	defer stop() // without the fix, this is what ends the goroutine, after the check
	goleak.VerifyNone(t)
}
