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

func TestGatherPrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `0.1 b: done
0.2 c: done
0.3 a: done
0.3 gather: ["A" "B" "C"] <nil>
0.4 x: failing
0.4 gather: error x failed (y is still running)
0.5 y: done
0.7 p: done
0.7 q: failing
0.7 slot 0: value "P", error <nil>
0.7 slot 1: value "", error q failed
0.8 n: done
0.8 gather2: 42 "N" <nil>
0.9 slow1: cancelled
0.9 slow2: cancelled
0.9 gathering: cancelled: enough, errors.Is(err, context.Canceled) = true
`, out.String())
}
