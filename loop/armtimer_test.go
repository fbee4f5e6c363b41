package loop_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/loop"
)

type countRunner struct{ n int }

func (c *countRunner) Run() { c.n++ }

func TestArmTimer(t *testing.T) {
	t.Parallel()
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer l.Close()
	var fired, cancelled countRunner
	var a, b loop.TimerHandle
	require.NoError(t, l.ArmTimer(&a, time.Second, &fired))
	require.ErrorContains(t, l.ArmTimer(&a, time.Second, &fired), "already scheduled")
	require.NoError(t, l.ArmTimerAt(&b, l.Time().Add(time.Second), &cancelled))
	b.Cancel()
	_, err := l.CallLater(2*time.Second, l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	assert.Equal(t, 1, fired.n)
	assert.Equal(t, 0, cancelled.n)
	assert.Equal(t, time.Unix(1, 0), a.When())
	// A timer that has run may be armed again.
	require.NoError(t, l.ArmTimer(&a, 0, &fired))
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, 2, fired.n)
	assert.ErrorContains(t, l.ArmTimer(&b, 0, nil), "nil callback")
}
