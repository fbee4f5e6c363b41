package examples_test

// The snippets of docs/debugging.md, compiled and run.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/goasyncio/asyncio/debug"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// msgOnly is a slog handler that prints a record's message up to " took", so the
// output does not depend on how long the slow step really took.
type msgOnly struct{ slog.Handler }

func (msgOnly) Enabled(context.Context, slog.Level) bool { return true }
func (msgOnly) Handle(_ context.Context, r slog.Record) error {
	msg, _, _ := strings.Cut(r.Message, " took ")
	fmt.Println(r.Level, msg)
	return nil
}

// Debug mode logs a task step that blocked the loop longer than SlowCallbackDuration.
func Example_debuggingSlowCallback() {
	main := func(ctx context.Context) error {
		l, _ := loop.Get(ctx)
		l.SetSlowCallbackDuration(50 * time.Millisecond) // default 100 ms, loop.DefaultSlowCallbackDuration
		t := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			time.Sleep(60 * time.Millisecond) // a blocking call: the mistake
			return 0, nil
		}, task.WithName("reader"))
		_, err := t.Await(ctx)
		return err
	}
	err := task.Run(main, loop.WithDebug(), loop.WithLogger(slog.New(msgOnly{})))
	fmt.Println(err)
	// Output:
	// WARN Executing <Task finished name='reader' coro=examples_test.Example_debuggingSlowCallback>
	// <nil>
}

// Hooks see every callback and task step.
func Example_debuggingHooks() {
	l := loop.New(loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	steps := 0
	l.SetHooks(loop.Hooks{
		After: func(r loop.Runner, took time.Duration) {
			steps++
			if took > 10*time.Millisecond {
				fmt.Printf("slow: %v took %v\n", r, took)
			}
		},
	})
	l.CallSoon(func() {})
	l.CallLater(time.Second, l.Stop)
	_ = l.RunForever()
	_ = l.Close()
	fmt.Println(steps, "callbacks ran")
	// Output:
	// 2 callbacks ran
}

// A panic in a callback goes to the exception handler; the loop goes on.
func Example_debuggingExceptionHandler() {
	l := loop.New()
	l.SetExceptionHandler(func(l *loop.Loop, c loop.ExceptionContext) {
		fmt.Println("handler:", c.Message, "-", c.Err)
	})
	l.CallSoon(func() { panic("boom") })
	l.CallSoon(func() { fmt.Println("the loop goes on"); l.Stop() })
	_ = l.RunForever()
	_ = l.Close()
	// Output:
	// handler: Exception in callback <Handle examples_test.Example_debuggingExceptionHandler.func2> - panic: boom
	// the loop goes on
}

// A panic in a task body ends the task with a *loop.PanicError.
func Example_debuggingPanic() {
	_ = task.Run(func(ctx context.Context) error {
		t := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			panic("boom")
		})
		_, err := t.Await(ctx)
		var pe *loop.PanicError
		if errors.As(err, &pe) {
			fmt.Println("task panicked:", pe.Value) // pe.Stack has the stack
		}
		fmt.Println(len(pe.Stack) > 0, t)
		return nil
	})
	// Output:
	// task panicked: boom
	// true <Task finished name='Task-2' coro=examples_test.Example_debuggingPanic>
}

// The errors of leftover tasks go to the exception handler when task.Run ends.
func Example_debuggingLeftovers() {
	var l *loop.Loop
	_ = task.Run(func(ctx context.Context) error {
		l, _ = loop.Get(ctx)
		l.SetExceptionHandler(func(l *loop.Loop, c loop.ExceptionContext) {
			fmt.Println("handler:", c.Message, "-", c.Err, "-", c.Origin)
		})
		task.Spawn(ctx, func(ctx context.Context) (int, error) {
			if err := task.Sleep(ctx, time.Hour); err != nil {
				return 0, errors.New("cleanup failed")
			}
			return 0, nil
		}, task.WithName("forgotten"))
		fmt.Println(task.All(ctx))
		return nil
	}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
	// Output:
	// [<Task pending name='Task-1' coro=examples_test.Example_debuggingLeftovers> <Task pending name='forgotten' coro=examples_test.Example_debuggingLeftovers>]
	// handler: unhandled exception during task.Run() shutdown - cleanup failed - <Task finished name='forgotten' coro=examples_test.Example_debuggingLeftovers>
}

// The watchdog reports a blocked loop while it blocks.
func Example_debuggingWatchdog() {
	reports := make(chan debug.Report, 1)
	main := func(ctx context.Context) error {
		t := task.Spawn(ctx, func(ctx context.Context) (int, error) {
			r := <-reports // a blocking call: the loop is stuck until the watchdog reports
			fmt.Println(strings.HasPrefix(r.Message(), "Executing <Task pending name='reader'"), r.Blocked >= 20*time.Millisecond, r.Stacks != "")
			return 0, nil
		}, task.WithName("reader"))
		_, err := t.Await(ctx)
		return err
	}
	err := task.Run(main, debug.Watchdog(debug.Threshold(20*time.Millisecond), debug.OnBlocked(func(r debug.Report) {
		reports <- r
	})))
	fmt.Println(err)

	// On a loop you hold: closing it stops the watchdog.
	l := loop.New()
	debug.Enable(l)
	_ = l.Close()
	// Output:
	// true true true
	// <nil>
}
