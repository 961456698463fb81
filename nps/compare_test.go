package nps

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reference pairs from nps-statistics.md §5.1 (95 %, points).
func TestCompareReferenceValues(t *testing.T) {
	tests := []struct {
		a, b        Tally
		diff, p     float64
		wald, mover [2]float64
	}{
		{Tally{500, 300, 200}, Tally{450, 300, 250}, 10, 0.005015, [2]float64{3.02, 16.98}, [2]float64{3.00, 16.96}},
		{Tally{45, 30, 25}, Tally{60, 25, 15}, -25, 0.0229, [2]float64{-46.54, -3.46}, [2]float64{-45.97, -3.12}},
		{Tally{7, 2, 1}, Tally{4, 3, 5}, 68.33, 0.0358, [2]float64{4.55, 132.12}, [2]float64{-3.43, 118.02}},
	}
	for _, tt := range tests {
		c, err := Compare(tt.a, tt.b)
		require.NoError(t, err)
		assert.InDelta(t, tt.diff, c.Diff, 0.005)
		assert.InDelta(t, tt.p, c.P, 0.00005)
		assert.InDelta(t, c.Diff/c.StdErr, c.Z, 1e-12)
		// Independent check of the Wald formula.
		va, _ := tt.a.Variance()
		vb, _ := tt.b.Variance()
		se := math.Sqrt(va/float64(tt.a.N()) + vb/float64(tt.b.N()))
		assert.InDelta(t, se, c.StdErr, 1e-9)
		assert.InDelta(t, math.Erfc(math.Abs(c.Z)/math.Sqrt2), c.P, 1e-15)

		w, err := DiffInterval(tt.a, tt.b, 0.95, Wald)
		require.NoError(t, err)
		assert.InDelta(t, tt.wald[0], w.Lower, 0.005)
		assert.InDelta(t, tt.wald[1], w.Upper, 0.005)
		m, err := DiffInterval(tt.a, tt.b, 0.95, nil)
		require.NoError(t, err)
		assert.Equal(t, "mover-tango", m.Method)
		assert.InDelta(t, tt.mover[0], m.Lower, 0.005)
		assert.InDelta(t, tt.mover[1], m.Upper, 0.005)
		// Swapping the groups flips the sign; the test is symmetric.
		r, err := Compare(tt.b, tt.a)
		require.NoError(t, err)
		assert.InDelta(t, -c.Diff, r.Diff, 1e-12)
		assert.InDelta(t, c.P, r.P, 1e-15)
	}
}

func TestCompareSmallSampleAndUndefined(t *testing.T) {
	c, err := Compare(Tally{7, 2, 1}, Tally{4, 3, 5})
	require.NoError(t, err)
	assert.NotZero(t, c.Caveats&SmallSample)

	_, err = Compare(Tally{1000, 0, 0}, Tally{0, 0, 1000})
	require.ErrorIs(t, err, ErrUndefined)
	_, err = DiffInterval(Tally{1000, 0, 0}, Tally{0, 0, 1000}, 0.95, Wald)
	require.ErrorIs(t, err, ErrUndefined)
	m, err := DiffInterval(Tally{1000, 0, 0}, Tally{0, 0, 1000}, 0.95, Tango)
	require.NoError(t, err)
	assert.InDelta(t, 198.92, m.Lower, 0.005)
	assert.InDelta(t, 200, m.Upper, 1e-9)

	_, err = Compare(Tally{}, Tally{1, 2, 3})
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = Compare(Tally{1, 2, 3}, Tally{-1, 2, 3})
	require.ErrorIs(t, err, ErrNegativeCount)
	_, err = DiffInterval(Tally{1, 2, 3}, Tally{1, 2, 3}, 1, nil)
	require.ErrorIs(t, err, ErrInvalidLevel)
}

func TestTinyPValuesKeepPrecision(t *testing.T) {
	c, err := Compare(Tally{600, 200, 200}, Tally{200, 200, 600})
	require.NoError(t, err)
	assert.Greater(t, c.P, 0.0, "p must come from the survival function, not 1 − CDF")
	assert.Less(t, c.P, 1e-100)
	c, err = Compare(Tally{600, 200, 200}, Tally{200, 200, 600})
	require.NoError(t, err)
	assert.InEpsilon(t, math.Erfc(c.Z/math.Sqrt2), c.P, 1e-9)
	assert.Less(t, c.P, 1e-20)
}

func TestComparePaired(t *testing.T) {
	// 200 respondents; rows before, columns after (D, M, P).
	pt := Paired{
		{40, 10, 5},
		{8, 50, 12},
		{3, 12, 60},
	}
	c, err := ComparePaired(pt)
	require.NoError(t, err)
	// Independent computation from the respondent-level changes.
	var n, s, s2 float64
	for i := range 3 {
		for j := range 3 {
			d := float64(j - i)
			w := float64(pt[i][j])
			n += w
			s += w * d
			s2 += w * d * d
		}
	}
	mean := s / n
	se := math.Sqrt((s2/n - mean*mean) / n)
	assert.InDelta(t, 100*mean, c.Diff, 1e-12)
	assert.InDelta(t, 100*se, c.StdErr, 1e-12)
	before, after := pt.Before(), pt.After()
	nb, _ := before.NPS()
	na, _ := after.NPS()
	assert.InDelta(t, na-nb, c.Diff, 1e-12, "the paired change equals the change in NPS")
	assert.Equal(t, 200, before.N())
	assert.Equal(t, "paired", c.Test)

	// The paired SE is smaller than the (wrong) independent one here.
	ind, err := Compare(after, before)
	require.NoError(t, err)
	assert.Less(t, c.StdErr, ind.StdErr)

	var same Paired
	require.NoError(t, same.Add(Promoter, Promoter))
	require.NoError(t, same.Add(Detractor, Detractor))
	_, err = ComparePaired(same)
	require.ErrorIs(t, err, ErrUndefined)
	_, err = ComparePaired(Paired{})
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = ComparePaired(Paired{{-1}})
	require.ErrorIs(t, err, ErrNegativeCount)
	require.ErrorIs(t, same.Add(0, Promoter), ErrInvalidArgument)
	_, err = ComparePaired(Paired{{math.MaxInt, 1}})
	require.ErrorIs(t, err, ErrOverflow)
}

func TestCompareBenchmark(t *testing.T) {
	// At 0 the score test is McNemar's z = (P − D)/√(P + D).
	tl := Tally{45, 30, 25}
	c, err := CompareBenchmark(tl, 0)
	require.NoError(t, err)
	assert.InDelta(t, 20/math.Sqrt(70), c.Z, 1e-12)
	assert.InDelta(t, 20, c.Diff, 1e-12)
	assert.Equal(t, "score", c.Test)

	// Against a non-zero benchmark the statistic is Tango's Z(Δ₀); the
	// Tango interval's limits are exactly where |Z| = z.
	iv, err := tl.Interval(0.95, Tango)
	require.NoError(t, err)
	lo, err := CompareBenchmark(tl, iv.Lower)
	require.NoError(t, err)
	assert.InDelta(t, 0.05, lo.P, 1e-9)
	hi, err := CompareBenchmark(tl, iv.Upper)
	require.NoError(t, err)
	assert.InDelta(t, 0.05, hi.P, 1e-9)

	_, err = CompareBenchmark(Tally{0, 5, 0}, 0)
	require.ErrorIs(t, err, ErrUndefined)
	for _, b := range []float64{-100, 100, math.NaN(), 150} {
		_, err = CompareBenchmark(tl, b)
		require.ErrorIs(t, err, ErrInvalidArgument, "benchmark %v", b)
	}
	_, err = CompareBenchmark(Tally{}, 10)
	require.ErrorIs(t, err, ErrNoResponses)
}

func TestAdjust(t *testing.T) {
	p := []float64{0.04, 0.001, 0.03, 0.2}
	holm, err := AdjustHolm(p)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0.09, 0.004, 0.09, 0.2}, holm, 1e-12)
	bh, err := AdjustBH(p)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0.16 / 3, 0.004, 0.16 / 3, 0.2}, bh, 1e-12)
	assert.Equal(t, []float64{0.04, 0.001, 0.03, 0.2}, p, "input untouched")

	for _, f := range []func([]float64) ([]float64, error){AdjustHolm, AdjustBH} {
		out, err := f(nil)
		require.NoError(t, err)
		assert.Empty(t, out)
		_, err = f([]float64{0.5, math.NaN()})
		require.ErrorIs(t, err, ErrInvalidArgument)
		_, err = f([]float64{1.5})
		require.ErrorIs(t, err, ErrInvalidArgument)
		out, err = f([]float64{0.9, 0.8, 0.95})
		require.NoError(t, err)
		for _, v := range out {
			assert.LessOrEqual(t, v, 1.0)
		}
	}
}
