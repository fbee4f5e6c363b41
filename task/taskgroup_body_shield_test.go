package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/task"
)

// The group's body awaits the shield of one of its children. CPython 3.13:
//
//	g:  [('body got', 'CancelledError()'), ('group', "ExceptionGroup(['ValueError(boom)'])"), ('cancelling', 0)]
//	g2: [('body got', 'CancelledError()'), ('group', "ExceptionGroup(['ValueError(boom)'])")] 7
//
// g: the shielded child fails; the group's done callback (registered first) cancels the
// parent through the pending shield before the shield's own callback runs.
// g2: the shielded child succeeds and a sibling fails in the same iteration; the shield
// is done when the group cancels the parent, so the cancellation is pending and thrown
// at the parent's step instead of the shield's value.
func TestTaskGroupBodyAwaitsTheShieldOfAChild(t *testing.T) {
	t.Parallel()
	t.Run("the shielded child fails", func(t *testing.T) {
		runMain(t, func(ctx context.Context) {
			var log []string
			gerr := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				c := task.Spawn(ctx, valueAfter(100*time.Millisecond, 0, errors.New("ValueError(boom)")), task.InGroup(tg))
				_, err := task.Shield[int](c).Await(ctx)
				log = append(log, "body got "+egString(err))
				return err
			})
			log = append(log, "group "+egString(gerr))
			assert.Equal(t, []string{"body got CancelledError()", "group ExceptionGroup([ValueError(boom)])"}, log)
			assert.Equal(t, 0, task.Current(ctx).Cancelling())
		})
	})
	t.Run("a sibling fails as the shielded child succeeds", func(t *testing.T) {
		runMain(t, func(ctx context.Context) {
			var log []string
			var c *task.Task[int]
			gerr := task.Group(ctx, func(ctx context.Context, tg *task.TaskGroup) error {
				c = task.Spawn(ctx, valueAfter(100*time.Millisecond, 7, nil), task.InGroup(tg))
				task.Spawn(ctx, valueAfter(100*time.Millisecond, 0, errors.New("ValueError(boom)")), task.InGroup(tg))
				if _, err := task.Shield[int](c).Await(ctx); err == nil {
					log = append(log, "body got value")
				} else {
					log = append(log, "body got "+egString(err))
					return err
				}
				return nil
			})
			log = append(log, "group "+egString(gerr))
			assert.Equal(t, []string{"body got CancelledError()", "group ExceptionGroup([ValueError(boom)])"}, log)
			resultIs(t, c, 7)
			assert.Equal(t, 0, task.Current(ctx).Cancelling())
		})
	})
}
