package loop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/asyncio/loop"
)

// The default handler logs a context without a message under asyncio's words for it.
//
//	logging.basicConfig(format='%(levelname)s:%(message)s')
//	loop.call_exception_handler({'message': ''})  → ERROR:Unhandled exception in event loop
//	loop.call_exception_handler({})               → ERROR:Unhandled exception in event loop
func TestReviewDefaultHandlerWithoutAMessage(t *testing.T) {
	t.Parallel()
	lg, buf := bufferLogger()
	l := newVirtual(t, loop.WithLogger(lg))
	l.CallExceptionHandler(loop.ExceptionContext{})
	assert.Contains(t, buf.String(), `level=ERROR msg="Unhandled exception in event loop"`)
}
