// Package record writes the benchmark's JSON lines (the output contract of
// bench/README.md), for bench and bench/floor alike, so that the two print the same
// keys in the same order and the same number formats as peer_asyncio.py.
package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"

	"github.com/goasyncio/asyncio/bench/internal/proc"
	"github.com/goasyncio/asyncio/bench/internal/stopwatch"
)

// Field is one key of a JSON line. Lines are written field by field, not from a map or a
// struct, because the contract fixes the order of the required keys and each workload
// appends its own extras after them.
type Field struct {
	Key   string
	Value any
}

// KV is the field key: value.
func KV(key string, value any) Field { return Field{Key: key, Value: value} }

// Float is a JSON number that always reads back as a float ("1.0", not "1"), as Python's
// json.dumps writes floats: the contract types seconds and ops_per_sec as floats.
type Float float64

// MarshalJSON writes f in the shortest form that round-trips, with a decimal point.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("bench: %v is not a JSON number", v)
	}
	format := byte('f') // Python's repr switches to exponents outside [1e-4, 1e16)
	if a := math.Abs(v); a != 0 && (a < 1e-4 || a >= 1e16) {
		format = 'g'
	}
	b := strconv.AppendFloat(nil, v, format, -1, 64)
	if !bytes.ContainsAny(b, ".eE") {
		b = append(b, '.', '0')
	}
	return b, nil
}

// Round returns v rounded to the given number of decimals, as Python's round does.
func Round(v float64, decimals int) Float {
	p := math.Pow(10, float64(decimals))
	return Float(math.Round(v*p) / p)
}

// Encode renders fields as one JSON object, keys in the given order.
func Encode(fields []Field) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		k, err := json.Marshal(f.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, fmt.Errorf("bench: field %q: %w", f.Key, err)
		}
		b.Write(k)
		b.WriteString(": ")
		b.Write(v)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// Line is one workload's timed run, as the contract reports it.
type Line struct {
	Workload string
	N        int // operations timed
	Impl     string
	Scale    float64
	Warmup   bool // whether the run was warmed up
	Timed    stopwatch.Stopwatch
	Extra    []Field // the workload's own keys, in order
}

// Encode renders the line: the required keys (workload, n, seconds, ops_per_sec,
// peak_rss_kb read now, impl), then go, scale, warmup, the extras, and last
// allocs_per_op and bytes_per_op.
func (l Line) Encode() ([]byte, error) {
	secs := l.Timed.Elapsed.Seconds()
	if secs <= 0 {
		return nil, errors.New("the timed run took no measurable time")
	}
	if l.N <= 0 {
		return nil, fmt.Errorf("n = %d operations", l.N)
	}
	fields := []Field{
		{"workload", l.Workload},
		{"n", l.N},
		{"seconds", Round(secs, 6)},
		{"ops_per_sec", Round(float64(l.N)/secs, 1)},
		{"peak_rss_kb", proc.PeakRSSKB()},
		{"impl", l.Impl},
		{"go", runtime.Version()},
		{"scale", Float(l.Scale)},
		{"warmup", l.Warmup},
	}
	fields = append(fields, l.Extra...)
	fields = append(fields,
		Field{"allocs_per_op", Round(float64(l.Timed.Mallocs)/float64(l.N), 2)},
		Field{"bytes_per_op", Round(float64(l.Timed.Bytes)/float64(l.N), 1)},
	)
	return Encode(fields)
}
