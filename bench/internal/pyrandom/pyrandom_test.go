package pyrandom

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUniformDrawsPythonsDelays(t *testing.T) {
	// python3 -c 'import random; r = random.Random(12345); print([r.uniform(0, 0.05) for _ in range(5)])'
	want := []float64{0.02083099362726706, 0.000508458472853418, 0.04126032546268716,
		0.01493199275997964, 0.018420584474423785}
	r := New(12345)
	for i, w := range want {
		assert.Equal(t, w, r.Uniform(0, 0.05), "draw %d", i)
	}
}
