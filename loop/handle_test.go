package loop_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cancelled handle says so, and no longer names its callback, which it has let go.
//
//	h = loop.call_soon(cb, 'x'); h.cancel()  → <Handle cancelled>
//	th = loop.call_at(5.0, cb); th.cancel()  → <TimerHandle cancelled when=5.0>
func TestCancelledHandleStrings(t *testing.T) {
	t.Parallel()
	l := newVirtual(t)
	h := must(t, l, func() {})
	h.Cancel()
	assert.Equal(t, "<Handle cancelled>", h.String())
	th, err := l.CallAt(l.Time().Add(5*time.Second), func() {})
	require.NoError(t, err)
	th.Cancel()
	assert.Equal(t, "<TimerHandle cancelled when=5s>", th.String())
}
