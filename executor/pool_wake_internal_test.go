package executor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests drive a Pool through its work interface directly, from plain goroutines,
// to attack the one-wake-up-at-a-time scheme (waking, arrived, lost) without a loop in
// the way.

// probe is a work item that counts how it ended and watches the pool's bound.
type probe struct {
	p      *Pool
	fn     func()
	ran    atomic.Int32
	drops  atomic.Int32
	done   chan struct{}
	once   sync.Once
	maxSaw *atomic.Int32
}

func newProbe(p *Pool, maxSaw *atomic.Int32, fn func()) *probe {
	return &probe{p: p, fn: fn, done: make(chan struct{}), maxSaw: maxSaw}
}

func (w *probe) run() {
	w.ran.Add(1)
	if w.maxSaw != nil {
		n := int32(w.p.Workers())
		for {
			m := w.maxSaw.Load()
			if n <= m || w.maxSaw.CompareAndSwap(m, n) {
				break
			}
		}
	}
	defer w.once.Do(func() { close(w.done) }) // also when fn calls runtime.Goexit
	if w.fn != nil {
		w.fn()
	}
}

func (w *probe) drop() {
	w.drops.Add(1)
	w.once.Do(func() { close(w.done) })
}

// Calls that each block until all of them run at once must all get a worker whenever
// their number is within the bound, whatever mix of parked and new workers serves them:
// here 0 to max workers are warmed up (left idle) first, and the calls are submitted
// from several goroutines at once.
func TestPoolBlockingCallsWithinTheBoundNeverDeadlock(t *testing.T) {
	for _, max := range []int{1, 2, 3, 8} {
		for warm := 0; warm <= max; warm++ {
			for _, submitters := range []int{1, 3} {
				p, err := NewPool(max)
				require.NoError(t, err)
				// Warm up: warm calls running at once, so that warm workers exist, then
				// all of them park idle.
				var warmGate sync.WaitGroup
				warmGate.Add(warm)
				var warmups []*probe
				for range warm {
					w := newProbe(p, nil, func() { warmGate.Done(); warmGate.Wait() })
					require.NoError(t, p.submit(w))
					warmups = append(warmups, w)
				}
				for _, w := range warmups {
					<-w.done
				}
				var all sync.WaitGroup
				all.Add(max)
				var maxSaw atomic.Int32
				probes := make([]*probe, max)
				for i := range probes {
					probes[i] = newProbe(p, &maxSaw, func() { all.Done(); all.Wait() })
				}
				var sub sync.WaitGroup
				for s := range submitters {
					sub.Add(1)
					go func() {
						defer sub.Done()
						for i := s; i < max; i += submitters {
							assert.NoError(t, p.submit(probes[i]))
						}
					}()
				}
				sub.Wait()
				for _, w := range probes {
					<-w.done // a deadlock hangs here: the test binary's timeout reports it
				}
				p.Shutdown(true, false)
				assert.LessOrEqual(t, maxSaw.Load(), int32(max))
				assert.Equal(t, 0, p.Workers())
			}
		}
	}
}

// Bursts from several goroutines at once, of calls that take turns at blocking: every
// call runs exactly once, the pool never counts more workers than its bound, and
// Shutdown(wait) leaves none.
func TestPoolBurstsFromSeveralSubmittersRunEveryCallOnceWithinTheBound(t *testing.T) {
	const max, submitters, perSubmitter = 4, 6, 500
	p, err := NewPool(max)
	require.NoError(t, err)
	var maxSaw atomic.Int32
	var inFlight, maxInFlight atomic.Int32
	all := make([][]*probe, submitters)
	var wg sync.WaitGroup
	for s := range submitters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perSubmitter {
				w := newProbe(p, &maxSaw, func() {
					n := inFlight.Add(1)
					for {
						m := maxInFlight.Load()
						if n <= m || maxInFlight.CompareAndSwap(m, n) {
							break
						}
					}
					if i%50 == 0 {
						runtime.Gosched()
					}
					inFlight.Add(-1)
				})
				all[s] = append(all[s], w)
				assert.NoError(t, p.submit(w))
			}
		}()
	}
	wg.Wait()
	for _, ws := range all {
		for _, w := range ws {
			<-w.done
			assert.Equal(t, int32(1), w.ran.Load())
		}
	}
	p.Shutdown(true, false)
	assert.LessOrEqual(t, maxSaw.Load(), int32(max))
	assert.LessOrEqual(t, maxInFlight.Load(), int32(max))
	assert.Equal(t, 0, p.Workers())
}

// Functions that call runtime.Goexit while others are queued: each lost worker is
// replaced, every queued call still runs once, the pool never counts more than its bound,
// and no worker is left behind.
func TestPoolGoexitsWhileWorkIsQueuedLoseNothing(t *testing.T) {
	for _, max := range []int{1, 2, 5} {
		p, err := NewPool(max)
		require.NoError(t, err)
		var maxSaw atomic.Int32
		var probes []*probe
		for i := range 200 {
			var fn func()
			if i%3 == 0 {
				fn = runtime.Goexit
			}
			w := newProbe(p, &maxSaw, fn)
			probes = append(probes, w)
			require.NoError(t, p.submit(w))
		}
		for i, w := range probes {
			<-w.done
			assert.Equal(t, int32(1), w.ran.Load(), "call %d", i)
		}
		p.Shutdown(true, false)
		assert.LessOrEqual(t, maxSaw.Load(), int32(max))
		assert.Equal(t, 0, p.Workers())
	}
}

// Shutdown(wait, cancelPending) racing with submissions and with workers on their way:
// every call submitted before the Shutdown either runs or is dropped, exactly once, never
// both; the ones refused come back as ErrShutdown; and Shutdown's wait returns with no
// worker left.
func TestPoolShutdownRacingWithWorkersOnTheirWay(t *testing.T) {
	for round := range 200 {
		cancel := round%2 == 0
		p, err := NewPool(1 + round%4)
		require.NoError(t, err)
		var probes []*probe
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for i := range 20 {
					var fn func()
					if i%7 == 3 {
						fn = runtime.Goexit
					}
					w := newProbe(p, nil, fn)
					if err := p.submit(w); err != nil {
						assert.ErrorIs(t, err, ErrShutdown)
						return
					}
					mu.Lock()
					probes = append(probes, w)
					mu.Unlock()
				}
			}()
		}
		close(start)
		runtime.Gosched()
		p.Shutdown(true, cancel)
		wg.Wait()
		p.Shutdown(true, false) // submissions that won the race are all settled now
		for i, w := range probes {
			<-w.done
			ran, drops := w.ran.Load(), w.drops.Load()
			assert.Equal(t, int32(1), ran+drops, "round %d call %d: ran %d times, dropped %d times", round, i, ran, drops)
			if !cancel {
				assert.Zero(t, drops, "round %d call %d: dropped without cancelPending", round, i)
			}
		}
		assert.Equal(t, 0, p.Workers())
	}
}

// The queue is served first in, first out even as workers come and go: with one worker
// whose calls sometimes Goexit (so that a replacement takes the queue over), the calls
// start in submission order.
func TestPoolFIFOAcrossReplacementWorkers(t *testing.T) {
	p, err := NewPool(1)
	require.NoError(t, err)
	var order []int // one worker at a time: its writes are ordered by the pool's lock
	var probes []*probe
	gate := make(chan struct{})
	for i := range 100 {
		w := newProbe(p, nil, func() {
			if i == 0 {
				<-gate // everything else queues behind the first call
			}
			order = append(order, i)
			if i%10 == 5 {
				runtime.Goexit()
			}
		})
		probes = append(probes, w)
		require.NoError(t, p.submit(w))
	}
	close(gate)
	for _, w := range probes {
		<-w.done
	}
	p.Shutdown(true, false)
	require.Len(t, order, 100)
	assert.IsIncreasing(t, order)
}
