package executor_test

import "runtime"

// runtimeGoexit is runtime.Goexit, what t.FailNow calls on a worker goroutine.
func runtimeGoexit() { runtime.Goexit() }
