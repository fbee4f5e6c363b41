// Package linetest checks the benchmark's JSON lines against the output contract of
// bench/README.md, for the tests of bench and bench/floor. It reads a line keeping its
// keys in order and telling ints from floats by their text, as Python's json module does.
package linetest

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Kind is a JSON type as the contract names it.
type Kind int

// The kinds.
const (
	String Kind = iota
	Int
	Float
	Bool
	Number // int or float
)

func (k Kind) String() string {
	return [...]string{"string", "int", "float", "bool", "number"}[k]
}

// Required is the contract's required keys, in order.
var Required = []struct {
	Key  string
	Kind Kind
}{
	{"workload", String},
	{"n", Int},
	{"seconds", Float},
	{"ops_per_sec", Float},
	{"peak_rss_kb", Int},
	{"impl", String},
}

// Value is one key of a decoded line, with its raw JSON kind.
type Value struct {
	Key  string
	Kind Kind
	Raw  any // string, bool, or the number's text
}

// Decode reads one JSON object, keys in order.
func Decode(t *testing.T, line []byte) []Value {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok, "a line is one JSON object")
	var vs []Value
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		key, ok := k.(string)
		require.True(t, ok)
		tok, err := dec.Token()
		require.NoError(t, err)
		v := Value{Key: key, Raw: tok}
		switch x := tok.(type) {
		case string:
			v.Kind = String
		case bool:
			v.Kind = Bool
		case json.Number:
			v.Raw = string(x)
			v.Kind = Int
			if strings.ContainsAny(string(x), ".eE") {
				v.Kind = Float
			}
		default:
			t.Fatalf("key %q: unexpected JSON value %v", key, tok)
		}
		vs = append(vs, v)
	}
	tok, err = dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('}'), tok)
	_, err = dec.Token()
	require.ErrorIs(t, err, io.EOF, "nothing follows the object")
	return vs
}

// Matches tells whether a value of kind k is what want asks for.
func Matches(k, want Kind) bool {
	return k == want || (want == Number && (k == Int || k == Float))
}

// Check decodes one line and checks it against the contract: the required keys first, in
// order and of their kinds, no key twice, the workload and impl named, every key of extras
// present with its kind, n and seconds positive. It returns the line's values by key.
func Check(t *testing.T, line []byte, workload, impl string, extras map[string]Kind) map[string]Value {
	t.Helper()
	vs := Decode(t, line)
	require.GreaterOrEqual(t, len(vs), len(Required))
	for i, r := range Required {
		assert.Equal(t, r.Key, vs[i].Key, "required key %d", i)
		assert.Equal(t, r.Kind, vs[i].Kind, "type of %q", r.Key)
	}
	byKey := map[string]Value{}
	for _, v := range vs {
		_, dup := byKey[v.Key]
		require.False(t, dup, "key %q appears twice", v.Key)
		byKey[v.Key] = v
	}
	assert.Equal(t, workload, byKey["workload"].Raw)
	assert.Equal(t, impl, byKey["impl"].Raw)
	for key, k := range extras {
		v, ok := byKey[key]
		if assert.True(t, ok, "workload extra %q missing", key) {
			assert.True(t, Matches(v.Kind, k), "%q is a %v, want a %v", key, v.Kind, k)
		}
	}
	n, err := strconv.Atoi(byKey["n"].Raw.(string))
	require.NoError(t, err)
	assert.Positive(t, n)
	secs, err := strconv.ParseFloat(byKey["seconds"].Raw.(string), 64)
	require.NoError(t, err)
	assert.Positive(t, secs)
	return byKey
}

// Lines splits a program's output into its lines, checking it ends with a newline.
func Lines(t *testing.T, out []byte) [][]byte {
	t.Helper()
	require.True(t, bytes.HasSuffix(out, []byte("\n")), "the output ends with a newline")
	return bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
}
