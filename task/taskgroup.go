package task

type TaskGroup struct{}

func (g *TaskGroup) add(t Any) error { return nil }
