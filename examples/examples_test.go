package examples_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every lesson is a main package with a package comment saying what it teaches, a run
// function the test can call, and a test that checks its output.
func TestEveryLessonIsDocumentedAndTested(t *testing.T) {
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	lessons := 0
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "internal" { // internal/lesson: what the lessons share
			continue
		}
		lessons++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, filepath.Join(name, "main.go"), nil, parser.ParseComments)
			require.NoError(t, err, "a lesson is a directory with a main.go")
			require.Equal(t, "main", f.Name.Name)
			require.NotNil(t, f.Doc, "main.go needs a package comment saying what it teaches")
			require.True(t, strings.HasPrefix(f.Doc.Text(), titleCase(name)),
				"the package comment starts with the lesson's name")
			hasRun := false
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "run" && fn.Recv == nil {
					hasRun = true
				}
			}
			require.True(t, hasRun, "main.go has func run(w io.Writer, ...) error for its test")
			_, err = os.Stat(filepath.Join(name, "main_test.go"))
			require.NoError(t, err, "every lesson has a main_test.go checking its output")
			require.Contains(t, string(doc), "./examples/"+name+" ", "doc.go lists every lesson")
		})
	}
	require.NotZero(t, lessons)
}

// titleCase turns producer_consumer into Producer_consumer, the first word of its
// package comment.
func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
