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

func TestArmTimerRefusesATimerThatIsDueButHasNotRun(t *testing.T) {
	t.Parallel()
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	defer l.Close()
	var fired countRunner
	var tm loop.TimerHandle
	require.NoError(t, l.ArmTimer(&tm, 0, &fired))
	var rearm error
	// This callback runs in the iteration where the timer is due: the timer waits behind
	// it in the ready queue, out of the heap but not run.
	_, err := l.CallSoon(func() { rearm = l.ArmTimer(&tm, 0, &fired) })
	require.NoError(t, err)
	_, _ = l.CallLater(time.Second, l.Stop)
	require.NoError(t, l.RunForever())
	assert.ErrorContains(t, rearm, "already scheduled")
	assert.Equal(t, 1, fired.n, "the timer ran once")
}
