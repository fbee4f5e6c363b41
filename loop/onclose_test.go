package loop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCloseRunsItsHooksInOrderAndThoseTheyRegisterAfter(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	var order []string
	l.OnClose(func() {
		order = append(order, "first")
		l.OnClose(func() { order = append(order, "registered by first") })
	})
	l.OnClose(func() { order = append(order, "second") })
	require.NoError(t, l.Close())
	assert.Equal(t, []string{"first", "second", "registered by first"}, order)

	require.NoError(t, l.Close(), "closing again does nothing")
	assert.Len(t, order, 3)
}
