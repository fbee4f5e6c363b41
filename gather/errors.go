package gather

import "errors"

var (
	// errNilAwaitable is the error of a nil argument.
	errNilAwaitable = errors.New("gather: nil awaitable")
	// errNoTask is returned by the awaiting forms when ctx carries no task.
	errNoTask = errors.New("gather: the context carries no task (await a gather from a task's body)")
)
