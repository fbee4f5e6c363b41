package main

import (
	"time"

	"github.com/goasyncio/asyncio/bench/internal/driver"
	"github.com/goasyncio/asyncio/bench/internal/pyrandom"
	"github.com/goasyncio/asyncio/bench/internal/record"
)

// callLater is call_later's floor: N timers (the same delays as bench's, Python's
// random.Random(12345) uniform over [0, 50 ms], drawn before the timer) pushed on a hand
// binary heap ordered by (deadline, sequence), then popped in order as they fall due by
// one goroutine reading the monotonic clock and sleeping until the next deadline when
// none is due. Each op is a clock read, a push and a pop in a heap of N (a scheduler of
// delayed calls cannot keep them in less than that order), a call, and its share of the
// up to 50 ms spent waiting for the last deadline. CallLater adds the TimerHandle it
// returns.
func callLater(n int) (r result, err error) {
	rnd := pyrandom.New(12345)
	delays := make([]time.Duration, n)
	for i := range delays {
		delays[i] = time.Duration(rnd.Uniform(0, 0.05) * float64(time.Second))
	}
	cnt, done := 0, false
	cb := func() {
		cnt++
		if cnt == n {
			done = true
		}
	}
	var h timerHeap
	base := time.Now()
	r.SW.Begin()
	for i, d := range delays {
		h.push(timer{when: time.Since(base) + d, seq: uint64(i), fn: cb})
	}
	for !done && len(h) > 0 {
		now := time.Since(base)
		for len(h) > 0 && h[0].when <= now {
			h.pop().fn()
		}
		if !done && len(h) > 0 {
			time.Sleep(h[0].when - time.Since(base))
		}
	}
	r.SW.End()
	if cnt != n || !done {
		return r, driver.Checkf("counter = %d, done = %t, want %d and true", cnt, done, n)
	}
	r.Extra = []record.Field{record.KV("note", "includes up to 50ms of timer delay")}
	return r, nil
}

// timer is one delayed call: when is its deadline on the run's monotonic clock, seq the
// order it was scheduled in (equal deadlines fire in that order).
type timer struct {
	when time.Duration
	seq  uint64
	fn   func()
}

func (t *timer) before(u *timer) bool {
	return t.when < u.when || (t.when == u.when && t.seq < u.seq)
}

// timerHeap is a binary min-heap of timers kept inline (no pointer to follow per
// comparison), sifting through a hole rather than swapping.
type timerHeap []timer

func (h *timerHeap) push(t timer) {
	s := append(*h, t)
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !t.before(&s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = t
	*h = s
}

func (h *timerHeap) pop() timer {
	s := *h
	top := s[0]
	last := s[len(s)-1]
	s[len(s)-1] = timer{} // drop the reference to its func
	s = s[:len(s)-1]
	if len(s) > 0 {
		i := 0
		for {
			c := 2*i + 1
			if c >= len(s) {
				break
			}
			if c+1 < len(s) && s[c+1].before(&s[c]) {
				c++
			}
			if !s[c].before(&last) {
				break
			}
			s[i] = s[c]
			i = c
		}
		s[i] = last
	}
	*h = s
	return top
}
