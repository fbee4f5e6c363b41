package conformance

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestReprFollowsPython(t *testing.T) {
	assert.Equal(t, "[1, 2, 'S']", Repr([]any{1, 2, "S"}))
	assert.Equal(t, "('a',)", Repr(Tuple{"a"}))
	assert.Equal(t, "()", Repr(Tuple{}))
	assert.Equal(t, "None", Repr(None))
	assert.Equal(t, "True False", Str(true)+" "+Str(false))
	assert.Equal(t, "1.0", Repr(1.0))
	assert.Equal(t, "0.2", Seconds(200*time.Millisecond))
	assert.Equal(t, "0.0", Seconds(20*time.Millisecond))
}

func TestTracePrintsLikePython(t *testing.T) {
	var tr Trace
	tr.Print("run", "a", 3, []string{"x"})
	assert.Equal(t, "run a 3 ['x']\n", tr.String())
}

func TestEveryScenarioHasExpectedOutput(t *testing.T) {
	entries, err := corpus.ReadDir("testdata")
	assert.NoError(t, err)
	n := 0
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".py"); ok {
			n++
			assert.NotEmpty(t, Expected(t, name))
		}
	}
	assert.Equal(t, 24, n)
}
