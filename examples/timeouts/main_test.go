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

func TestTimeoutsPrintsTheLesson(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))))
	require.Equal(t, `0.5 slow: cancelled at its await, cleaning up
0.6 slow: cleanup done
0.6 scope 1: timed out; errors.As(err, &te) = true; errors.Is(err, context.DeadlineExceeded) = true; Expired() = true
0.8 quick: done
0.8 scope 2: "quick result" <nil>
0.8 scope 3: deadline moved to 2.8
1.8 rescheduled: done
1.8 scope 3: <nil>
2.3 waited-for: cancelled at its await, cleaning up
2.4 waited-for: cleanup done
2.4 wait_for: "" timed out; the task is done: true, cancelled: true
2.6 inner: cancelled at its await, cleaning up
2.7 inner: cleanup done
2.7 outer: cancelled: from outside; timeout? false; cancelled? true
`, out.String())
}
