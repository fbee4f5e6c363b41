package record

import (
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/asyncio/bench/internal/stopwatch"
)

func TestFloatsAlwaysReadBackAsFloats(t *testing.T) {
	line, err := Encode([]Field{{"a", Float(1)}, {"b", Round(0.1234567, 6)}, {"c", Float(1e-7)}, {"d", 3}})
	require.NoError(t, err)
	assert.Equal(t, `{"a": 1.0, "b": 0.123457, "c": 1e-07, "d": 3}`+"\n", string(line))
	_, err = Encode([]Field{{"x", Float(math.NaN())}})
	assert.ErrorContains(t, err, "not a JSON number")
}

func TestALineHasTheContractsKeysInOrder(t *testing.T) {
	l := Line{
		Workload: "w", N: 4, Impl: "rawgo", Scale: 1, Warmup: true,
		Timed: stopwatch.Stopwatch{Elapsed: 2 * time.Second, Mallocs: 2, Bytes: 10},
		Extra: []Field{{"unit", "round_trip"}},
	}
	b, err := l.Encode()
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^\{"workload": "w", "n": 4, "seconds": 2\.0, "ops_per_sec": 2\.0, `+
		`"peak_rss_kb": -?\d+, "impl": "rawgo", "go": "go[^"]*", "scale": 1\.0, "warmup": true, `+
		`"unit": "round_trip", "allocs_per_op": 0\.5, "bytes_per_op": 2\.5\}\n$`), string(b))

	l.Timed.Elapsed = 0
	_, err = l.Encode()
	assert.ErrorContains(t, err, "no measurable time")
}
