package debug_test

import (
	"context"
	"fmt"
	"time"

	"github.com/goasyncio/asyncio/debug"
	"github.com/goasyncio/asyncio/task"
)

// A task that blocks the loop (here on a channel, as a blocking call would) is reported
// while it blocks, with the stacks of the loop's goroutines: the report below arrives
// before the step returns.
func Example() {
	reported := make(chan debug.Report, 1)
	_ = task.Run(func(ctx context.Context) error {
		blocker := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			r := <-reported // blocks the loop until the watchdog has spoken
			fmt.Println(r.Message()[:len("Executing <Task pending name='blocking'")])
			return 0, nil
		}, task.WithName("blocking"))
		_, err := blocker.Await(ctx)
		return err
	}, debug.Watchdog(debug.Threshold(10*time.Millisecond), debug.OnBlocked(func(r debug.Report) {
		reported <- r
	})))
	// Output:
	// Executing <Task pending name='blocking'
}
