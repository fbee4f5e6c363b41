// Package proc reads the process's resident set, as peer_asyncio.py reads it: the peak
// from getrusage and the current VmRSS from /proc/self/status.
package proc
