package numeric

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWilson(t *testing.T) {
	// 81 of 263 at 95%: 0.2553–0.3662 (Newcombe 1998, Table I, example).
	lo, hi := Wilson(81, 263, 1.959963984540054)
	assert.InDelta(t, 0.2553, lo, 5e-5)
	assert.InDelta(t, 0.3662, hi, 5e-5)
	lo, hi = Wilson(0, 10, 1.96)
	assert.Zero(t, lo)
	assert.Less(t, hi, 1.0)
	lo, hi = Wilson(10, 10, 1.96)
	assert.Equal(t, 1.0, hi)
	assert.Greater(t, lo, 0.0)
}
