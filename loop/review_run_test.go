package loop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RunUntilComplete of nothing is an error that says so, not a nil-pointer panic, and
// the loop does not run (asyncio: "An asyncio.Future, a coroutine or an awaitable is
// required").
func TestReviewRunUntilCompleteOfNil(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	ran := false
	must(t, l, func() { ran = true })
	var err error
	require.NotPanics(t, func() { err = l.RunUntilComplete(nil) })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nil")
	assert.False(t, ran)
	assert.False(t, l.IsRunning())
}
