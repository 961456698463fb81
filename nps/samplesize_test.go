package nps

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Planning values from nps-statistics.md §7.
func TestSampleSizeReferenceValues(t *testing.T) {
	thirds, fiveTwo := Tally{1, 1, 1}, Tally{5, 3, 2}
	tests := []struct {
		margin   float64
		expected Tally
		want     int
	}{
		{5, Tally{}, 1537}, {5, thirds, 1025}, {5, fiveTwo, 938},
		{10, Tally{}, 385}, {10, thirds, 257}, {10, fiveTwo, 235},
	}
	for _, tt := range tests {
		n, err := SampleSize(tt.margin, 0.95, tt.expected)
		require.NoError(t, err)
		assert.Equal(t, tt.want, n, "±%v with %v", tt.margin, tt.expected)
	}
	for pop, want := range map[int]int{50: 49, 200: 178, 1000: 607} {
		n, err := SampleSizeFinite(5, 0.95, Tally{}, pop)
		require.NoError(t, err)
		assert.Equal(t, want, n, "population %d", pop)
	}
	for _, tt := range []struct {
		delta, power float64
		want         int
	}{{10, 0.8, 1570}, {10, 0.9, 2102}, {20, 0.8, 393}} {
		n, err := SampleSizeDiff(tt.delta, 0.95, tt.power, Tally{}, Tally{})
		require.NoError(t, err)
		assert.Equal(t, tt.want, n, "δ=%v power=%v", tt.delta, tt.power)
	}
}

func TestSampleSizeAchievesMargin(t *testing.T) {
	// Property: with the planned n and the expected shares, the Wald margin
	// is at most the target, and with one response fewer it is above.
	for _, exp := range []Tally{{5, 3, 2}, {1, 1, 1}, {6, 3, 1}, {2, 1, 7}} {
		for _, m := range []float64{2, 5, 10} {
			n, err := SampleSize(m, 0.9, exp)
			require.NoError(t, err)
			v, _ := exp.Variance()
			z := zQuantile(0.9)
			assert.LessOrEqual(t, z*math.Sqrt(v/float64(n)), m+1e-12)
			assert.Greater(t, z*math.Sqrt(v/float64(n-1)), m)
		}
	}
}

func TestSampleSizeErrors(t *testing.T) {
	for _, m := range []float64{0, -1, math.NaN(), math.Inf(1), 201} {
		_, err := SampleSize(m, 0.95, Tally{})
		require.ErrorIs(t, err, ErrInvalidArgument, "margin %v", m)
	}
	_, err := SampleSize(5, 1.2, Tally{})
	require.ErrorIs(t, err, ErrInvalidLevel)
	_, err = SampleSize(5, 0.95, Tally{-1, 0, 0})
	require.ErrorIs(t, err, ErrNegativeCount)
	_, err = SampleSize(5, 0.95, Tally{3, 0, 0})
	require.ErrorIs(t, err, ErrInvalidArgument, "zero planning variance")
	_, err = SampleSize(1e-200, 0.95, Tally{})
	require.ErrorIs(t, err, ErrOverflow)
	_, err = SampleSizeFinite(5, 0.95, Tally{}, 0)
	require.ErrorIs(t, err, ErrInvalidArgument)
	n, err := SampleSizeFinite(5, 0.95, Tally{}, 1)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = SampleSizeDiff(10, 0.95, 1, Tally{}, Tally{})
	require.ErrorIs(t, err, ErrInvalidLevel)
	_, err = SampleSizeDiff(10, 0.95, 0.8, Tally{}, Tally{0, 2, 0})
	require.ErrorIs(t, err, ErrInvalidArgument)
}
