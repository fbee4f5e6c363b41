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

func TestSemaphorePrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `0.0 download 0: in  (inside: 1)
0.0 download 1: in  (inside: 2)
0.1 download 1: out
0.1 download 2: in  (inside: 2)
0.3 download 0: out
0.3 download 2: out
0.3 download 3: in  (inside: 1)
0.3 download 4: in  (inside: 2)
0.4 download 3: out
0.5 download 4: out
0.5 all done: [0 1 2 3 4]; <Semaphore [unlocked, value:2]>
0.5 download 10: in  (inside: 1)
0.5 download 11: in  (inside: 2)
0.6 download 12: cancelled while waiting for a permit
0.7 download 10: out
0.7 download 11: out
0.7 after the cancellation: <Semaphore [unlocked, value:2]>
0.7 bounded: Release without Acquire: locks: BoundedSemaphore released too many times
`, out.String())
}
