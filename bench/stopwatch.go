package main

import (
	"runtime"
	"time"
)

// stopwatch times a workload's run with the monotonic clock, and counts what the process
// allocated meanwhile (the `-benchmem` view: allocs_per_op and bytes_per_op, which are
// informational). The allocation counters are read outside the timed span.
type stopwatch struct {
	start   time.Time
	elapsed time.Duration
	m0      runtime.MemStats
	mallocs uint64 // heap objects allocated while the stopwatch ran
	bytes   uint64 // bytes allocated while the stopwatch ran
}

// begin starts the stopwatch: call it just before the first piece of work is scheduled.
func (s *stopwatch) begin() {
	runtime.ReadMemStats(&s.m0)
	s.start = time.Now()
}

// end stops it: call it once the last completion has been observed.
func (s *stopwatch) end() {
	s.elapsed += time.Since(s.start)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.mallocs += m.Mallocs - s.m0.Mallocs
	s.bytes += m.TotalAlloc - s.m0.TotalAlloc
}
