package future_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/future"
)

func TestAsCancelledFindsTheCancelledError(t *testing.T) {
	t.Parallel()
	ce := &future.CancelledError{Msg: "stop"}
	assert.Same(t, ce, future.AsCancelled(ce))
	assert.Same(t, ce, future.AsCancelled(fmt.Errorf("cleanup: %w", ce)), "through wrapping")
	assert.Same(t, ce, future.AsCancelled(errors.Join(errors.New("other"), ce)), "through a join")
	assert.Nil(t, future.AsCancelled(nil))
	assert.Nil(t, future.AsCancelled(context.Canceled), "a plain context.Canceled is not asyncio's CancelledError")
	assert.False(t, future.IsCancelled(errors.New("x")))
}
