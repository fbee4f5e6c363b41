package gather_test

import (
	"go/build"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImportsPointDown checks DESIGN.md's layering: gather imports only loop, future and
// task of this module.
func TestImportsPointDown(t *testing.T) {
	p, err := build.ImportDir(".", 0)
	require.NoError(t, err)
	allowed := map[string]bool{"loop": true, "future": true, "task": true}
	for _, imp := range p.Imports {
		if rest, ok := strings.CutPrefix(imp, "github.com/goasyncio/asyncio/"); ok {
			require.True(t, allowed[rest], "gather may not import %s", imp)
		}
	}
}
