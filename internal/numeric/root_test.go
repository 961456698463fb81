package numeric

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBrent(t *testing.T) {
	tests := []struct {
		name string
		f    func(float64) float64
		a, b float64
		want float64
	}{
		{"cubic", func(x float64) float64 { return x*x*x - 2*x - 5 }, 2, 3, 2.0945514815423265},
		{"cos", math.Cos, 0, 3, math.Pi / 2},
		{"infinite end", func(x float64) float64 { return 1/x - 2 }, 0, 1, 0.5},
		{"decreasing", func(x float64) float64 { return math.Exp(-x) - 0.5 }, 0, 5, math.Ln2},
		{"root at end", func(x float64) float64 { return x - 1 }, 0, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Brent(tt.f, tt.a, tt.b, 1e-14)
			require.NoError(t, err)
			assert.InDelta(t, tt.want, got, 1e-12)
		})
	}
	_, err := Brent(func(x float64) float64 { return x*x + 1 }, -1, 1, 1e-12)
	require.ErrorIs(t, err, ErrNoBracket)
}
