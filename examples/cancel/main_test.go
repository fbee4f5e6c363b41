package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/asyncio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestCancelPrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `0.0 worker: sleeping 10 s
1.0 main: Cancel returns true; the worker has not seen it yet
1.0 worker: cancelled at its await, message "stop now"
1.0 worker: cleanup (deferred, like finally)
1.0 main: await worker: cancelled: stop now; Cancelled() = true; errors.Is(err, context.Canceled) = true
1.0 main: await early: cancelled: too early (its body never ran)
2.0 stubborn: cancelled (cancelling=1), refusing
2.0 stubborn: uncancelled (cancelling=0), finishing my work
3.0 main: await stubborn: 42, <nil>; Cancelled() = false
`, out.String())
}
