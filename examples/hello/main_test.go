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

func TestHelloPrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `0.0 inline: started
1.0 hello
3.0 world
3.0 inline: finished, the sleeps added up
0.0 tasks: started
1.0 hello
2.0 world
2.0 tasks: finished, the sleeps overlapped
`, out.String())
}
