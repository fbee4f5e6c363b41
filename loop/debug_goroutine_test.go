package loop_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

func TestDebugModeCatchesCallsFromOtherGoroutines(t *testing.T) {
	t.Parallel()
	var fromOther any
	var fromTask error
	err := task.Run(func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		_, fromTask = l.CallSoon(func() {}) // a task's coroutine counts as the loop's goroutine
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() { fromOther = recover() }()
			_, _ = l.CallSoon(func() {})
		}()
		<-done
		return nil
	}, loop.WithDebug())
	require.NoError(t, err)
	assert.NoError(t, fromTask)
	assert.Contains(t, fromOther, "loop: CallSoon called from a goroutine that is not running the loop")
}
