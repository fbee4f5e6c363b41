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

func TestProducerConsumerPrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `0.0 producer: put 0 (queue size 1)
0.0 producer: put 1 (queue size 2)
0.0 c1: got 0
0.0 c2: got 1
0.0 producer: put 2 (queue size 1)
0.0 producer: put 3 (queue size 2)
0.3 c1: got 2
0.3 c2: got 3
0.3 producer: put 4 (queue size 1)
0.3 producer: put 5 (queue size 2)
0.6 c1: got 4
0.6 c2: got 5
0.9 main: every item processed; shutting the queue down
0.9 c1: queue shut down, 3 items processed
0.9 c2: queue shut down, 3 items processed
0.9 main: consumers processed [3 3]
`, out.String())
}
