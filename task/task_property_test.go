package task_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
	"pgregory.net/rapid"

	"github.com/goasyncio/asyncio/future"
	"github.com/goasyncio/asyncio/loop"
	"github.com/goasyncio/asyncio/task"
)

// These property tests count goroutines after every case, so they do not run in
// parallel with other tests.

// op is one await of a scripted task.
type op struct {
	kind  int           // opSleep, opAwaitTask, opAwaitFuture
	d     time.Duration // opSleep
	index int           // the task (an earlier one: no cycles) or the future awaited
}

const (
	opSleep = iota
	opAwaitTask
	opAwaitFuture
)

// script is what one task does: its awaits in order, and whether it swallows a
// cancellation (and goes on with its next await) or returns it.
type script struct {
	ops     []op
	swallow bool
}

func drawScripts(rt *rapid.T, nFutures int) []script {
	n := rapid.IntRange(1, 25).Draw(rt, "tasks")
	scripts := make([]script, n)
	for i := range scripts {
		s := &scripts[i]
		s.swallow = rapid.Bool().Draw(rt, "swallow")
		for range rapid.IntRange(0, 5).Draw(rt, "ops") {
			o := op{kind: rapid.IntRange(opSleep, opAwaitFuture).Draw(rt, "kind")}
			switch {
			case o.kind == opAwaitTask && i > 0:
				o.index = rapid.IntRange(0, i-1).Draw(rt, "awaited task")
			case o.kind == opAwaitFuture && nFutures > 0:
				o.index = rapid.IntRange(0, nFutures-1).Draw(rt, "awaited future")
			default:
				o.kind = opSleep
				o.d = time.Duration(rapid.IntRange(0, 20).Draw(rt, "sleep ms")) * time.Millisecond
			}
			s.ops = append(s.ops, o)
		}
	}
	return scripts
}

// TestPropertyRandomCancellationLeavesEveryTaskDone runs random sets of tasks that sleep,
// await each other and await futures completed by timers, cancels random tasks at random
// (virtual) times, and ends either through task.Run (main returns at a random time: the
// leftovers are cancelled) or by stopping the loop and closing it with tasks parked.
// Every task whose body started must have unwound and be done, Run must leave every
// task done, and no goroutine may outlive the loop.
func TestPropertyRandomCancellationLeavesEveryTaskDone(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		defer goleak.VerifyNone(rt, goleak.IgnoreCurrent())
		nFutures := rapid.IntRange(0, 4).Draw(rt, "futures")
		scripts := drawScripts(rt, nFutures)
		type cancelAt struct {
			task int
			at   time.Duration
			msg  string
		}
		var cancels []cancelAt
		for i := range rapid.IntRange(0, 2*len(scripts)).Draw(rt, "cancels") {
			cancels = append(cancels, cancelAt{
				task: rapid.IntRange(0, len(scripts)-1).Draw(rt, "cancelled task"),
				at:   time.Duration(rapid.IntRange(0, 60).Draw(rt, "cancel at ms")) * time.Millisecond,
				msg:  fmt.Sprint("cancel ", i),
			})
		}
		futureAt := make([]time.Duration, nFutures)
		for i := range futureAt {
			futureAt[i] = time.Duration(rapid.IntRange(0, 60).Draw(rt, "future done at ms")) * time.Millisecond
		}
		mainFor := time.Duration(rapid.IntRange(0, 80).Draw(rt, "main returns at ms")) * time.Millisecond
		viaRun := rapid.Bool().Draw(rt, "via Run")

		started := make([]bool, len(scripts))
		returned := make([]bool, len(scripts))
		tasks := make([]*task.Task[int], len(scripts))

		setup := func(ctx context.Context, l *loop.Loop) {
			futs := make([]*future.Future[int], nFutures)
			for i := range futs {
				futs[i] = future.New[int](l)
				_, _ = l.CallLater(futureAt[i], func() { _ = futs[i].SetResult(i) })
			}
			for i, s := range scripts {
				tasks[i] = task.Spawn(ctx, func(ctx context.Context) (int, error) {
					started[i] = true
					defer func() { returned[i] = true }()
					for _, o := range s.ops {
						var err error
						switch o.kind {
						case opSleep:
							err = task.Sleep(ctx, o.d)
						case opAwaitTask:
							_, err = tasks[o.index].Await(ctx)
						case opAwaitFuture:
							_, err = futs[o.index].Await(ctx)
						}
						if err != nil && !(s.swallow && future.IsCancelled(err)) {
							return 0, err
						}
					}
					return i, nil
				})
			}
			for _, c := range cancels {
				_, _ = l.CallLater(c.at, func() { tasks[c.task].Cancel(c.msg) })
			}
		}

		// Every task ends cancelled or with its result: nothing is reported as never
		// retrieved. A loop closed by hand reports each task still pending, once.
		// (The handler records; a failure inside it would be logged and dropped.)
		var destroyed []task.Any
		var unexpected []string
		report := func(_ *loop.Loop, c loop.ExceptionContext) {
			if c.Message != "Task was destroyed but it is pending!" {
				unexpected = append(unexpected, fmt.Sprintf("%s: %v", c.Message, c.Err))
				return
			}
			destroyed = append(destroyed, c.Origin.(task.Any))
		}
		clock := loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0)))
		var pendingAtClose []task.Any
		if viaRun {
			err := task.Run(func(ctx context.Context) error {
				l, _ := loop.Get(ctx)
				l.SetExceptionHandler(report)
				setup(ctx, l)
				return task.Sleep(ctx, mainFor)
			}, clock)
			if err != nil {
				rt.Fatalf("Run: %v", err)
			}
		} else {
			l := loop.New(clock)
			l.SetExceptionHandler(report)
			setup(loop.WithScope(context.Background(), l), l)
			_, _ = l.CallLater(mainFor, l.Stop)
			if err := l.RunForever(); err != nil {
				rt.Fatalf("RunForever: %v", err)
			}
			for _, tk := range tasks {
				if !tk.Done() {
					pendingAtClose = append(pendingAtClose, tk)
				}
			}
			if err := l.Close(); err != nil {
				rt.Fatalf("Close: %v", err)
			}
		}
		if len(unexpected) > 0 {
			rt.Fatalf("unexpected reports: %q", unexpected)
		}
		if len(destroyed) != len(pendingAtClose) {
			rt.Fatalf("%d tasks reported destroyed, %d were pending at Close", len(destroyed), len(pendingAtClose))
		}
		for i := range destroyed {
			if destroyed[i] != pendingAtClose[i] {
				rt.Fatalf("report %d names %v, want %v (creation order)", i, destroyed[i], pendingAtClose[i])
			}
		}

		for i, tk := range tasks {
			if started[i] && !returned[i] {
				rt.Fatalf("task %d started but its body never returned", i)
			}
			if started[i] && !tk.Done() {
				rt.Fatalf("task %d ran but is not done", i)
			}
			if viaRun && !tk.Done() {
				rt.Fatalf("task %d is not done after Run", i)
			}
			if tk.Cancelled() && !future.IsCancelled(tk.Err()) {
				rt.Fatalf("task %d is cancelled with %v", i, tk.Err())
			}
			if v, err := tk.Result(); tk.Done() && err == nil && v != i {
				rt.Fatalf("task %d returned %d", i, v)
			}
		}
	})
}

// node is one task of a random tree: it sleeps, spawns its children, then awaits them
// in a random order.
type node struct {
	id       int
	sleep    time.Duration
	children []*node
	order    []int // the order its children are awaited in
}

func drawTree(rt *rapid.T, depth int, count *int) *node {
	n := &node{id: *count}
	*count++
	n.sleep = time.Duration(rapid.IntRange(0, 3).Draw(rt, "sleep ms")) * time.Millisecond
	if depth < 5 {
		for range rapid.IntRange(0, 5-depth).Draw(rt, "children") {
			if *count >= 400 {
				break
			}
			n.children = append(n.children, drawTree(rt, depth+1, count))
		}
	}
	if depth == 0 { // sometimes a wide burst of leaves, past the coroutine pool's 256
		for range rapid.IntRange(0, 350).Draw(rt, "extra leaves") {
			n.children = append(n.children, &node{id: *count})
			*count++
		}
	}
	if len(n.children) > 0 {
		n.order = rapid.Permutation(indices(len(n.children))).Draw(rt, "await order")
	}
	return n
}

func indices(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestPropertyTaskTreesDeliverEveryResultOnce spawns random trees of tasks (up to about
// 750, past the coroutine pool's 256) in which each task sums its own id and its children's
// results. Every result must reach its parent exactly once, every done callback run
// exactly once, the root sum be the sum of all ids, and nothing outlive the loop.
func TestPropertyTaskTreesDeliverEveryResultOnce(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		defer goleak.VerifyNone(rt, goleak.IgnoreCurrent())
		count := 0
		root := drawTree(rt, 0, &count)
		delivered := make([]int, count)
		doneCalls := make([]int, count)

		var coro func(n *node) task.Coro[int]
		coro = func(n *node) task.Coro[int] {
			return func(ctx context.Context) (int, error) {
				if err := task.Sleep(ctx, n.sleep); err != nil {
					return 0, err
				}
				kids := make([]*task.Task[int], len(n.children))
				for i, c := range n.children {
					kids[i] = task.Spawn(ctx, coro(c))
					kids[i].AddDoneCallback(func(*task.Task[int]) { doneCalls[c.id]++ })
				}
				sum := n.id
				for _, i := range n.order {
					v, err := kids[i].Await(ctx)
					if err != nil {
						return 0, err
					}
					delivered[n.children[i].id]++
					sum += v
				}
				return sum, nil
			}
		}
		got, err := task.RunValue(func(ctx context.Context) (int, error) {
			rootTask := task.Spawn(ctx, coro(root))
			rootTask.AddDoneCallback(func(*task.Task[int]) { doneCalls[root.id]++ })
			v, err := rootTask.Await(ctx)
			delivered[root.id]++
			if err == nil && len(task.All(ctx)) != 1 {
				rt.Fatalf("%d tasks still pending besides main", len(task.All(ctx))-1)
			}
			// One more iteration, so the root's done callback has run.
			return v, task.Sleep(ctx, 0)
		}, loop.WithClock(loop.NewVirtualClock(time.Unix(0, 0))))
		if err != nil {
			rt.Fatalf("RunValue: %v", err)
		}
		if want := count * (count - 1) / 2; got != want {
			rt.Fatalf("root result %d, want %d", got, want)
		}
		for id := range count {
			if delivered[id] != 1 || doneCalls[id] != 1 {
				rt.Fatalf("task %d: result delivered %d times, done callback run %d times",
					id, delivered[id], doneCalls[id])
			}
		}
	})
}
