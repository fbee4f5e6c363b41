package loop_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

// The purge rebuilds the heap from the timers left: with none left, or one, or a heap
// whose last parent has fewer than four children, the timers still fire in order.
func TestTimerPurgeKeepsOrderWhateverIsLeft(t *testing.T) {
	for _, kept := range []int{0, 1, 2, 5, 6, 7, 8, 9, 61} {
		t.Run("", func(t *testing.T) {
			l := loop.New(loop.WithClock(loop.NewVirtualClock(virtualStart)))
			defer l.Close()
			const total = 300 // over the purge threshold of 100, with most cancelled
			var fired []int
			var handles []*loop.TimerHandle
			for i := range total {
				// Deadlines run backwards so that the rebuilt heap has work to do.
				h, err := l.CallLater(time.Duration(total-i)*time.Millisecond, func() { fired = append(fired, i) })
				require.NoError(t, err)
				handles = append(handles, h)
			}
			for i, h := range handles {
				if i%(total/max(kept, 1)) != 0 || i/(total/max(kept, 1)) >= kept {
					h.Cancel()
				}
			}
			// No timer stops the loop: it runs until nothing is left (ErrIdle on a
			// virtual clock), so that with kept = 0 the purge leaves an empty heap.
			require.ErrorIs(t, l.RunForever(), loop.ErrIdle)

			require.Len(t, fired, kept)
			for j := 1; j < len(fired); j++ {
				assert.Greater(t, fired[j-1], fired[j], "the later registered timer has the earlier deadline")
			}
		})
	}
}
