package executor

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"sync"
)

// work is one item of a pool's queue. run is called on a worker; drop instead of run
// when the pool is shut down with cancelPending before a worker got to it.
type work interface {
	run()
	drop()
}

// Pool is a bounded pool of worker goroutines: concurrent.futures.ThreadPoolExecutor.
//
// Workers are started lazily, as Python's are, up to the bound; the queue is unbounded
// and served first in, first out. Idle workers stay parked until [Pool.Shutdown].
//
// Unlike ThreadPoolExecutor, a Pool wakes at most one worker at a time: a submission
// wakes an idle worker (or starts one) only when no other is already on its way, and a
// worker that arrives to find more work queued wakes the next. Waking a parked goroutine
// costs a few microseconds of the submitter's time, more than a short function takes to
// run, so a burst of short calls is served by the workers already running instead of
// waking one each; slow calls still spread over every worker, one wake-up after another.
//
// A Pool is safe for concurrent use, and may serve several loops. Work reaches it through
// [RunIn] and [ToThread]. Make one with [NewPool]; the zero Pool is not usable.
type Pool struct {
	max  int
	name string

	mu       sync.Mutex
	queue    queue
	idle     []*worker // parked workers, the last parked first out (its stack is warm)
	workers  int       // started and not exited
	waking   bool      // a worker was handed work and has not yet arrived to run it
	shutdown bool
	exited   sync.WaitGroup
}

// worker is one goroutine of a pool; wake hands it its next work (nil: exit).
type worker struct {
	wake chan work
}

// PoolOption configures a [Pool] made by [NewPool].
type PoolOption interface{ apply(*Pool) }

type poolOption func(*Pool)

func (f poolOption) apply(p *Pool) { f(p) }

// WithName names the pool, as ThreadPoolExecutor's thread_name_prefix does: its workers
// carry the pprof label executor.pool=name, so profiles and goroutine dumps show which
// pool a worker belongs to.
func WithName(name string) PoolOption {
	return poolOption(func(p *Pool) { p.name = name })
}

// DefaultMaxWorkers is the size of a loop's default pool: min(32, runtime.NumCPU()+4),
// ThreadPoolExecutor's default.
func DefaultMaxWorkers() int { return min(32, runtime.NumCPU()+4) }

// NewPool returns a pool of at most maxWorkers workers, which must be at least 1 (as
// ThreadPoolExecutor's max_workers must be).
func NewPool(maxWorkers int, opts ...PoolOption) (*Pool, error) {
	if maxWorkers < 1 {
		return nil, fmt.Errorf("executor: NewPool: maxWorkers must be greater than 0, got %d", maxWorkers)
	}
	p := &Pool{max: maxWorkers}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("executor: NewPool: nil option")
		}
		o.apply(p)
	}
	return p, nil
}

// MaxWorkers returns the pool's bound.
func (p *Pool) MaxWorkers() int { return p.max }

// Workers returns how many workers are running or parked idle.
func (p *Pool) Workers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.workers
}

// String describes the pool for logs.
func (p *Pool) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("<Pool %q max=%d workers=%d idle=%d queued=%d shutdown=%t>",
		p.name, p.max, p.workers, len(p.idle), p.queue.len(), p.shutdown)
}

// submit queues w, and wakes a worker for it unless one is already on its way.
func (p *Pool) submit(w work) error {
	if p.max < 1 { // a zero Pool: no worker would ever start to run w
		return ErrZeroPool
	}
	p.mu.Lock()
	if p.shutdown {
		p.mu.Unlock()
		return ErrShutdown
	}
	p.queue.push(w)
	wk, next := p.summonLocked()
	p.mu.Unlock()
	p.dispatch(wk, next)
	return nil
}

// summonLocked picks who runs the oldest queued work, when no worker is on its way
// already: an idle worker, or a new one (wk == nil) while the pool is below its bound.
// It returns a nil next when there is nobody to summon or nothing to run; dispatch does
// the waking, after p.mu is released.
func (p *Pool) summonLocked() (wk *worker, next work) {
	if p.waking || p.queue.len() == 0 {
		return nil, nil
	}
	if n := len(p.idle); n > 0 {
		wk = p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
	} else if p.workers < p.max {
		p.workers++
		p.exited.Add(1)
	} else {
		return nil, nil // every worker is busy: the first to finish takes it
	}
	next, _ = p.queue.pop()
	p.waking = true
	return wk, next
}

// dispatch hands next to the worker summonLocked chose, or to a new one.
func (p *Pool) dispatch(wk *worker, next work) {
	switch {
	case next == nil:
	case wk != nil:
		wk.wake <- next // buffered: an idle worker's channel is empty
	default:
		go p.work(next)
	}
}

// arrived is a summoned worker reporting for its work: the next wake-up may go out, and
// goes out at once if more work is queued.
func (p *Pool) arrived() {
	p.mu.Lock()
	p.waking = false
	wk, next := p.summonLocked()
	p.mu.Unlock()
	p.dispatch(wk, next)
}

// work is a worker's goroutine: it runs w, then whatever is queued, then parks idle
// until it is handed more.
func (p *Pool) work(w work) {
	returned := false
	defer func() {
		if !returned { // a function called runtime.Goexit: this worker is gone
			p.lost()
		}
		p.exited.Done()
	}()
	if p.name != "" {
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("executor.pool", p.name)))
	}
	wk := &worker{wake: make(chan work, 1)}
	for {
		p.arrived()
		w.run()
		p.mu.Lock()
		for next, ok := p.queue.pop(); ok; next, ok = p.queue.pop() {
			p.mu.Unlock()
			next.run()
			p.mu.Lock()
		}
		if p.shutdown {
			p.workers--
			p.mu.Unlock()
			returned = true
			return
		}
		p.idle = append(p.idle, wk)
		p.mu.Unlock()
		if w = <-wk.wake; w == nil {
			returned = true
			return // Shutdown counted us out
		}
	}
}

// lost accounts for a worker that exited through runtime.Goexit, and summons another
// for the work still queued.
func (p *Pool) lost() {
	p.mu.Lock()
	p.workers--
	wk, next := p.summonLocked()
	p.mu.Unlock()
	p.dispatch(wk, next)
}

// busyWorkers returns how many workers are not parked idle: after Shutdown, those that
// have not exited. Idle ones do not count: the close's warning may fire before Shutdown
// has let them go.
func (p *Pool) busyWorkers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.workers - len(p.idle)
}

// Shutdown stops the pool: ThreadPoolExecutor.shutdown(wait, cancel_futures). Later
// submissions fail with [ErrShutdown]. Work already queued still runs, unless
// cancelPending: then it is dropped and its futures are cancelled. Idle workers exit at
// once, busy ones after the queue is drained.
//
// With wait, Shutdown returns once every worker has exited. A worker whose function
// ignores its ctx keeps Shutdown waiting until it returns. Two ways to wait forever, as
// with Python's threads: waiting from one of the pool's own functions (it waits for
// itself), and waiting on a loop's goroutine for a function that needs that loop to make
// progress. Shutting down twice is allowed.
func (p *Pool) Shutdown(wait, cancelPending bool) {
	p.mu.Lock()
	p.shutdown = true
	var dropped []work
	if cancelPending {
		dropped = p.queue.drain()
	}
	idle := p.idle
	p.idle = nil
	p.workers -= len(idle)
	p.mu.Unlock()
	for _, wk := range idle {
		wk.wake <- nil
	}
	for _, w := range dropped {
		w.drop()
	}
	if wait {
		p.exited.Wait()
	}
}

// queue is a FIFO ring of work.
type queue struct {
	buf        []work
	head, size int
}

func (q *queue) len() int { return q.size }

func (q *queue) push(w work) {
	if q.size == len(q.buf) {
		grown := make([]work, max(16, 2*len(q.buf)))
		for i := range q.size {
			grown[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = grown, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = w
	q.size++
}

func (q *queue) pop() (work, bool) {
	if q.size == 0 {
		return nil, false
	}
	w := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	return w, true
}

func (q *queue) drain() []work {
	out := make([]work, 0, q.size)
	for w, ok := q.pop(); ok; w, ok = q.pop() {
		out = append(out, w)
	}
	return out
}
