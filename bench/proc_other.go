//go:build !unix

package main

// peakRSSKB is not measured off Unix.
func peakRSSKB() int64 { return -1 }

// vmRSSKB is not measured off Unix.
func vmRSSKB() int64 { return -1 }
