//go:build unix

package proc

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// PeakRSSKB is getrusage(RUSAGE_SELF).ru_maxrss: the process's peak resident set, in KB
// on Linux.
func PeakRSSKB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Maxrss)
}

// VmRSSKB is the VmRSS line of /proc/self/status: the resident set now, in KB, read the
// way peer_asyncio.py reads it. It is -1 where /proc is missing.
func VmRSSKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := bytes.CutPrefix(s.Bytes(), []byte("VmRSS:")); ok {
			fs := bytes.Fields(rest)
			if len(fs) > 0 {
				if kb, err := strconv.ParseInt(string(fs[0]), 10, 64); err == nil {
					return kb
				}
			}
		}
	}
	return -1
}
