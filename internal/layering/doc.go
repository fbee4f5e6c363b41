// Package layering holds the test that keeps the module's imports pointing down the
// package table of DESIGN.md: loop, future, task, gather, timeout, executor, locks,
// queue, then debug, which no runtime package imports.
package layering
