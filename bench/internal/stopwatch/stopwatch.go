// Package stopwatch times a benchmark run the way the contract in bench/README.md asks:
// the monotonic clock, started just before the first piece of work and stopped once the
// last completion has been observed.
package stopwatch

import (
	"runtime"
	"time"
)

// Stopwatch times a workload's run with the monotonic clock, and counts what the process
// allocated meanwhile (the `-benchmem` view: allocs_per_op and bytes_per_op, which are
// informational). The allocation counters are read outside the timed span. Begin and End
// may alternate more than once: the spans add up.
type Stopwatch struct {
	Elapsed time.Duration // the timed spans, added up
	Mallocs uint64        // heap objects allocated while the stopwatch ran
	Bytes   uint64        // bytes allocated while the stopwatch ran

	start time.Time
	m0    runtime.MemStats
}

// Begin starts the stopwatch: call it just before the first piece of work is scheduled.
func (s *Stopwatch) Begin() {
	runtime.ReadMemStats(&s.m0)
	s.start = time.Now()
}

// End stops it: call it once the last completion has been observed.
func (s *Stopwatch) End() {
	s.Elapsed += time.Since(s.start)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.Mallocs += m.Mallocs - s.m0.Mallocs
	s.Bytes += m.TotalAlloc - s.m0.TotalAlloc
}
