package task

import (
	"context"

	"github.com/goasyncio/asyncio/loop"
)

// Run runs main on a new loop and returns its error: asyncio.run(main()). See RunValue.
func Run(main func(ctx context.Context) error, opts ...loop.Option) error {
	var coro Coro[struct{}] // nil for a nil main: RunValue reports it
	if main != nil {
		coro = func(ctx context.Context) (struct{}, error) { return struct{}{}, main(ctx) }
	}
	_, err := runValue(coro, main, opts)
	return err
}

// RunValue runs main as a task on a new loop made with opts, and returns its result:
// asyncio.run(main()). When main is done, the tasks still pending are cancelled and run
// until they finish (their cleanup may still await); an error one of them ends with is
// reported to the loop's exception handler. Then the loop is closed, which shuts down its
// default executor and waits for its workers: no goroutine outlives RunValue.
//
// Calling it from a task (inside a running loop) returns [loop.ErrNested].
func RunValue[T any](main Coro[T], opts ...loop.Option) (T, error) {
	return runValue(main, nil, opts)
}

// runValue is RunValue; fn, when not nil, is the user's function that main wraps, which
// the main task is named after in logs.
func runValue[T any](main Coro[T], fn any, opts []loop.Option) (T, error) {
	l := loop.New(opts...)
	defer l.Close()
	ctx := loop.WithScope(context.Background(), l)
	var spawnOpts []Option
	if fn != nil {
		spawnOpts = append(spawnOpts, optionFunc(func(c *spawnConfig) { c.coroFunc = fn }))
	}
	t := Spawn(ctx, main, spawnOpts...)
	if err := l.RunUntilComplete(t); err != nil {
		var zero T
		return zero, err
	}
	if err := cancelAll(ctx, l); err != nil {
		var zero T
		return zero, err
	}
	return t.Result()
}

// cancelAll cancels every task still pending and runs the loop until all are done:
// asyncio.runners._cancel_all_tasks.
func cancelAll(ctx context.Context, l *loop.Loop) error {
	left := All(ctx)
	if len(left) == 0 {
		return nil
	}
	for _, t := range left {
		t.Cancel("")
	}
	all := newCountdown(l, left)
	if err := l.RunUntilComplete(all); err != nil {
		return err
	}
	for _, t := range left {
		if err := t.Err(); err != nil && !t.Cancelled() {
			l.CallExceptionHandler(loop.ExceptionContext{
				Message: "unhandled exception during task.Run() shutdown",
				Err:     err,
				Origin:  t,
			})
		}
	}
	return nil
}
