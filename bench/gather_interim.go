package main

import (
	"context"

	"github.com/goasyncio/asyncio/task"
)

// gatherTasks awaits tasks in order. Interim, until the gather package lands.
func gatherTasks[T any](ctx context.Context, tasks []*task.Task[T]) ([]T, error) {
	res := make([]T, len(tasks))
	for i, t := range tasks {
		v, err := t.Await(ctx)
		if err != nil {
			return nil, err
		}
		res[i] = v
	}
	return res, nil
}

// gatherCoros spawns coros as tasks and awaits them in order. Interim, until the gather
// package lands.
func gatherCoros[T any](ctx context.Context, coros []task.Coro[T]) ([]T, error) {
	tasks := make([]*task.Task[T], len(coros))
	for i, c := range coros {
		tasks[i] = task.Spawn(ctx, c)
	}
	return gatherTasks(ctx, tasks)
}
