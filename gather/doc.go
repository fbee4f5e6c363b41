// Package gather runs awaitables concurrently and collects their results in argument
// order: asyncio.gather (tasks.gather and _GatheringFuture in tasks.py).
//
// [Gather] takes [future.Awaitable] values. A future or a task (anything that is a
// [future.Like]: a *future.Future[T], a *task.Task[T], a [*Gathering]) is used as it is;
// a coroutine ([task.Coro], whose Await runs it inline) or any other awaitable is spawned
// as a task, which is what asyncio.gather does with a coroutine (ensure_future). So one
// argument list mixes coroutines and futures exactly as Python's does, with the result
// type inferred:
//
//	vs, err := gather.Gather(ctx, job(1), job(2), fut, t) // []int
//
// [Coro] spells out "this argument is a coroutine" where a reader may want it said, and
// [Coros] turns a []task.Coro[T] into the []future.Awaitable[T] that a spread call
// (gather.Gather(ctx, gather.Coros(cs...)...)) needs, since Go does not convert slices of
// one type into slices of an interface.
//
// The shape was chosen so that the one interface the rest of the module already uses for
// "something you can await" is the argument type: no wrapper is needed, the typed result
// needs no casts, and [Gather2] and [Gather3] take the same arguments for results of
// different types.
//
// The rules are asyncio's (3.13):
//   - results come in argument order, whatever order the children finish in; the same
//     future given twice has its result in both slots;
//   - the first child to fail ends the gathering with its error at once, and the other
//     children are not cancelled: they keep running;
//   - cancelling the gathering (or the task that awaits it) cancels every child that is
//     not done, in argument order, and the gathering ends with a *future.CancelledError
//     once they have all finished; a child that was cancelled on its own ends the
//     gathering with its CancelledError too;
//   - [ReturnExceptions] (return_exceptions=True) waits for every child and reports each
//     slot's value or error; only a cancellation of the gathering itself is an error.
//
// Cost: a gathering adds about 0.1µs and a few words per child to what spawning and
// running the children costs (BenchmarkGatherWide: 100,000 sleeping children). That
// cost, a coroutine per live task, dominates a wide gather.
//
// Differences from asyncio: a [task.Coro] is a function value, not a coroutine object, so
// the same coroutine given twice is spawned twice (Python would run one task). A future
// or task given twice is watched twice where Python watches it once; both watchers run
// back to back when it completes, so the gathering ends at the same point.
package gather
