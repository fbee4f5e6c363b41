// Package conformance holds the asyncio conformance corpus (CPython programs and their
// exact output, in testdata/) and a Trace that Go ports of those programs print to, in
// Python's formatting, so a test can compare a port's output with CPython's byte for byte.
package conformance

import (
	"embed"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

//go:embed testdata
var corpus embed.FS

// Expected returns the exact CPython output of scenario name (testdata/NAME.expected).
func Expected(t testing.TB, name string) string {
	t.Helper()
	b, err := corpus.ReadFile("testdata/" + name + ".expected")
	require.NoError(t, err, "conformance: no scenario %q", name)
	return string(b)
}

// Trace collects what a Go port of a scenario prints, line by line, as Python's print.
type Trace struct {
	b strings.Builder
}

// Print appends one line: the arguments formatted as Python's print formats them
// (str() of each, separated by spaces).
func (tr *Trace) Print(args ...any) {
	for i, a := range args {
		if i > 0 {
			tr.b.WriteByte(' ')
		}
		tr.b.WriteString(Str(a))
	}
	tr.b.WriteByte('\n')
}

// String returns everything printed so far.
func (tr *Trace) String() string { return tr.b.String() }

// Check requires the trace to equal scenario name's CPython output.
func (tr *Trace) Check(t testing.TB, name string) {
	t.Helper()
	require.Equal(t, Expected(t, name), tr.String(), "conformance: %s differs from CPython", name)
}

// Tuple formats as a Python tuple: Tuple{"a"} is ('a',).
type Tuple []any

// None formats as Python's None.
var None = none{}

type none struct{}

// Seconds formats a duration as Python's round(seconds, 1): 0.0, 0.1, 2.5.
func Seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
}

// Str formats v as Python's str(): strings as they are, everything else as Repr.
func Str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return Repr(v)
}

// Repr formats v as Python's repr(): 'text', True, None, [1, 2], ('a',), 0.5.
func Repr(v any) string {
	switch v := v.(type) {
	case nil, none:
		return "None"
	case string:
		return "'" + strings.ReplaceAll(v, "'", `\'`) + "'"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s
	case Tuple:
		parts := reprAll(v)
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		items := make([]any, rv.Len())
		for i := range items {
			items[i] = rv.Index(i).Interface()
		}
		return "[" + strings.Join(reprAll(items), ", ") + "]"
	}
	return fmt.Sprint(v)
}

func reprAll(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = Repr(v)
	}
	return out
}
