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

func TestBlockingPrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, 50*time.Millisecond, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `== a blocking call in a task ==
0.0 ticker: tick 1
0.0 reader: blocking read, the loop stops here
0.0 reader: gave up: nothing arrived in 50ms; the sender never got a turn
0.0 sender: sending "hello"
0.1 ticker: tick 2
0.2 ticker: tick 3
== the same call in executor.ToThread ==
0.0 ticker: tick 1
0.0 reader: read in a worker goroutine, the loop goes on
0.0 sender: sending "hello"
0.0 reader: got "hello"
0.1 ticker: tick 2
0.2 ticker: tick 3
`, out.String())
}
