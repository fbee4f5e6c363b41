package layering

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const module = "github.com/goasyncio/asyncio/"

// order is DESIGN.md's package table: a package may import only those before it.
var order = []string{"loop", "future", "task", "gather", "timeout", "executor", "locks", "queue", "debug"}

// TestImportsPointDown checks every runtime package's non-test imports of this module.
func TestImportsPointDown(t *testing.T) {
	for i, pkg := range order {
		p, err := build.ImportDir(filepath.Join("..", "..", pkg), 0)
		require.NoError(t, err, pkg)
		for _, imp := range p.Imports {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok || strings.HasPrefix(dep, "internal/") {
				continue
			}
			j := slices.Index(order, dep)
			assert.True(t, j >= 0 && j < i, "%s imports %s, which is not above it in DESIGN.md's table", pkg, dep)
			assert.NotEqual(t, "debug", dep, "%s imports debug: no runtime package may", pkg)
		}
	}
}
