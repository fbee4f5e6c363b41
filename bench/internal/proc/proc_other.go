//go:build !unix

package proc

// PeakRSSKB is not measured off Unix.
func PeakRSSKB() int64 { return -1 }

// VmRSSKB is not measured off Unix.
func VmRSSKB() int64 { return -1 }
