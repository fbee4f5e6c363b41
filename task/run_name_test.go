package task_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/task"
)

// mainTaskSeenAs is what mainThatNamesItself saw; a top-level function is needed for a
// stable coroutine name.
var mainTaskSeenAs string

func mainThatNamesItself(ctx context.Context) error {
	mainTaskSeenAs = task.Current(ctx).String()
	return nil
}

// Run wraps main in a Coro of its own; logs must still name the user's function, as
// asyncio's repr shows coro=<main()>.
func TestRunNamesTheMainTaskAfterTheUsersFunction(t *testing.T) {
	require.NoError(t, task.Run(mainThatNamesItself, virtualClock()))
	assert.Equal(t, "<Task pending name='Task-1' coro=task_test.mainThatNamesItself>", mainTaskSeenAs)
}
