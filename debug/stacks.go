package debug

import (
	"bytes"
	"runtime"
	"slices"
	"strconv"

	"github.com/goasyncio/asyncio/loop"
)

// loopStacks returns the stacks of l's goroutines, cut out of a dump of every goroutine
// (Go has no way to ask for another goroutine's stack alone).
func loopStacks(l *loop.Loop) string {
	ids := l.Goroutines()
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out bytes.Buffer
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		if slices.Contains(ids, goroutineID(block)) {
			out.Write(block)
			out.WriteString("\n\n")
		}
	}
	return out.String()
}

// goroutineID reads N from a stack block's first line, "goroutine N [state]:".
func goroutineID(block []byte) uint64 {
	rest, ok := bytes.CutPrefix(block, []byte("goroutine "))
	if !ok {
		return 0
	}
	if i := bytes.IndexByte(rest, ' '); i > 0 {
		rest = rest[:i]
	}
	id, _ := strconv.ParseUint(string(rest), 10, 64)
	return id
}

// currentGoroutine returns the calling goroutine's id, from the first line of its stack.
func currentGoroutine() uint64 {
	var buf [64]byte
	return goroutineID(buf[:runtime.Stack(buf[:], false)])
}
