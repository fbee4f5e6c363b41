// Package differential checks goasyncio's locks and queues against CPython 3.13's
// asyncio, scenario by scenario, with no Python needed at test time.
//
// testdata/*.json holds random scenarios recorded from CPython by gen.py: short
// programs in which the main task spawns tasks that wait on a Semaphore,
// BoundedSemaphore, Lock, Condition (Wait and WaitFor), Barrier, Event, Queue,
// LifoQueue or PriorityQueue, and cancels them, releases, notifies, sets, clears,
// resets, aborts, puts, gets, joins, calls TaskDone, shuts down and yields (sleep(0)),
// in a random order; each scenario stores the exact log CPython printed, the
// primitive's repr after every step included. The test replays every scenario on a
// virtual clock and requires goasyncio's log to be the same line for line: the order
// in which waiters are woken, who gets a permit, an item or a barrier index, what a
// cancellation at each point does, and the state the String methods show. On a
// mismatch it names the scenario (its seed, e.g. "lock-17"), the first line that
// differs and both logs.
//
// To regenerate the corpus (after changing gen.py, whose header documents it),
// from the repository root, with CPython 3.13:
//
//	PYENV_VERSION=3.13.0 python3 internal/differential/gen.py
//
// The seeds are fixed, so the files come out the same byte for byte; a new op or
// log line must be added to gen.py and to the replay in replay_test.go together.
// "gen.py lock-17" prints one scenario.
package differential
