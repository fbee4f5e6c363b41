package debug_test

import (
	"testing"
	"time"

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

// A report handler may stop the watchdog that called it (report once, then stop): the
// stop must not wait for the very goroutine it runs on.
func TestReviewStopFromTheReportHandler(t *testing.T) {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer l.Close()
	stopped := make(chan struct{})
	var stop func()
	stop = debug.Enable(l, debug.Threshold(time.Millisecond), debug.OnBlocked(func(debug.Report) {
		stop()
		close(stopped)
	}))
	var returned bool
	_, err := l.CallSoon(func() {
		// Block the loop until the handler has stopped the watchdog, or give up.
		select {
		case <-stopped:
			returned = true
		case <-time.After(10 * time.Second):
		}
	})
	require.NoError(t, err)
	_, err = l.CallSoon(l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	require.True(t, returned, "stop, called from the report handler, never returned")
}
