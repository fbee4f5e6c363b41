package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// field is one key of a JSON line. Lines are written field by field, not from a map or a
// struct, because the contract fixes the order of the required keys and each workload
// appends its own extras after them.
type field struct {
	key   string
	value any
}

// float is a JSON number that always reads back as a float ("1.0", not "1"), as Python's
// json.dumps writes floats: the contract types seconds and ops_per_sec as floats.
type float float64

// MarshalJSON writes f in the shortest form that round-trips, with a decimal point.
func (f float) MarshalJSON() ([]byte, error) {
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

// round returns v rounded to the given number of decimals, as Python's round does.
func round(v float64, decimals int) float {
	p := math.Pow(10, float64(decimals))
	return float(math.Round(v*p) / p)
}

// encodeLine renders fields as one JSON object, keys in the given order.
func encodeLine(fields []field) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		k, err := json.Marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, fmt.Errorf("bench: field %q: %w", f.key, err)
		}
		b.Write(k)
		b.WriteString(": ")
		b.Write(v)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}
