package numeric

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pearsonRef is r from raw sums, the one-pass textbook form
// (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)): independent of the
// centred two-pass sums gonum uses, and fine for the moderate values it is
// given here.
func pearsonRef(x, y []float64) float64 {
	var sx, sy, sxx, syy, sxy float64
	for k := range x {
		sx, sy = sx+x[k], sy+y[k]
		sxx, syy, sxy = sxx+x[k]*x[k], syy+y[k]*y[k], sxy+x[k]*y[k]
	}
	n := float64(len(x))
	return (n*sxy - sx*sy) / math.Sqrt((n*sxx-sx*sx)*(n*syy-sy*sy))
}

// Anscombe's (1973) first data set: r = 0.816, and the Spearman ρ from
// Σd² = 40 over 11 untied pairs is 1 − 6·40/(11·120) = 9/11.
var (
	anscombeX = []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	anscombeY = []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
)

// Hand-computed data sets shared by the tests below.
var (
	// Five units: "hire" 10…50 against eNPS 2, 4, 5, 4, 5: r = 6/√60,
	// ρ = 7/√90 (ties at 2.5 and 4.5).
	hireX, hireY = []float64{10, 20, 30, 40, 50}, []float64{2, 4, 5, 4, 5}
	// hire 10…40 (mean 25) against NPS −10, 30, 0, 50 (mean 17.5):
	// Sxy = 750, Sxx = 500, Syy = 2275, r = 0.703211; ρ = 0.8.
	npsX, npsY = []float64{10, 20, 30, 40}, []float64{-10, 30, 0, 50}
	// x = 40, 80, 100, 80 (mean 75), y = −10, 30, 0, 50 (mean 17.5):
	// Sxy = 750, Sxx = 1900, Syy = 2275; ranks x 1, 2.5, 4, 2.5 and y 1,
	// 3, 2, 4: Sxy = 1.5, Sxx = 4.5, Syy = 5, ρ = 1/√10.
	retainX, retainY = []float64{40, 80, 100, 80}, []float64{-10, 30, 0, 50}
	// ranks x 1, 2.5, 2.5, 4 against 1…4: ρ = 4.5/√(4.5·5) = 3/√10.
	tiesX, tiesY = []float64{0.1, 0.5, 0.5, 0.9}, []float64{-20, 0, 10, 40}
	// monotone but not linear: ρ = 1, r < 1.
	monoX, monoY = []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []float64{1, 4, 9, 16, 25, 36, 49, 64, 81, 100}
	// one outlying point drives r negative, but not ρ.
	outX, outY = []float64{0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.95}, []float64{-10, -5, 0, 5, 10, 15, 20, -90}
	// magnitudes whose sums of squares overflow (x) or underflow (y)
	// without scaling.
	bigX, tinyY = []float64{1e308, -1e308, 5e307, 0}, []float64{1e-300, -1e-300, 4e-301, 1e-310}
	lineX       = []float64{0.2, 0.4, 0.5, 0.7, 0.9}
)

func TestPearson(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"Anscombe I", anscombeX, anscombeY, 0.81642051634484},
		{"hire × eNPS", hireX, hireY, 6 / math.Sqrt(60)},
		{"hire × NPS", npsX, npsY, 750 / math.Sqrt(500*2275)},
		{"retain × NPS", retainX, retainY, 750 / math.Sqrt(1900*2275)},
		{"ties", tiesX, tiesY, pearsonRef(tiesX, tiesY)},
		{"monotone", monoX, monoY, pearsonRef(monoX, monoY)},
		{"outlier", outX, outY, pearsonRef(outX, outY)},
		{"extreme magnitudes", bigX, tinyY, pearsonRef([]float64{1, -1, 0.5, 0}, []float64{1, -1, 0.4, 1e-10})},
		{"perfect positive", lineX, []float64{0.4, 0.8, 1.0, 1.4, 1.8}, 1},
		{"perfect negative", lineX, []float64{-0.2, -0.4, -0.5, -0.7, -0.9}, -1},
		{"two points", []float64{1, 2}, []float64{5, 3}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y := slices.Clone(tt.x), slices.Clone(tt.y)
			r, ok := Pearson(x, y)
			require.True(t, ok)
			assert.InDelta(t, tt.want, r, 1e-12)
			assert.GreaterOrEqual(t, r, -1.0)
			assert.LessOrEqual(t, r, 1.0)
			assert.Equal(t, tt.x, x, "x unchanged")
			assert.Equal(t, tt.y, y, "y unchanged")
			rs, ok := Pearson(y, x)
			require.True(t, ok)
			assert.Equal(t, r, rs, "symmetric")
		})
	}
	t.Run("rescaling", func(t *testing.T) {
		// eNPS on −100…100 vs −1…1, and huge finite values, change nothing.
		y100 := make([]float64, len(anscombeY))
		big := make([]float64, len(anscombeY))
		for k, v := range anscombeY {
			y100[k], big[k] = 100*v-700, v*1e300
		}
		r, _ := Pearson(anscombeX, anscombeY)
		r100, ok := Pearson(anscombeX, y100)
		require.True(t, ok)
		assert.InDelta(t, r, r100, 1e-12)
		rbig, ok := Pearson(anscombeX, big)
		require.True(t, ok)
		assert.InDelta(t, r, rbig, 1e-12)
	})
}

func TestPearsonUndefined(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		x, y []float64
	}{
		{"no points", nil, nil},
		{"one point", []float64{1}, []float64{2}},
		{"constant x", []float64{0.4, 0.4, 0.4, 0.4, 0.4}, []float64{1, 2, 3, 4, 5}},
		{"constant y", []float64{0.1, 0.2, 0.3, 0.4}, []float64{7, 7, 7, 7}},
		{"all zero", []float64{0, 0, 0, 0}, []float64{0, 0, 0, 0}},
		{"NaN", []float64{1, 2, nan, 4}, []float64{1, 2, 3, 4}},
		{"infinity", []float64{1, 2, 3, 4}, []float64{1, -inf, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := Pearson(tt.x, tt.y)
			assert.False(t, ok)
			assert.Zero(t, r)
		})
	}
	assert.Panics(t, func() { Pearson([]float64{1, 2}, []float64{1}) })
}

func TestRanks(t *testing.T) {
	tests := []struct {
		in, want []float64
	}{
		{nil, []float64{}},
		{[]float64{5}, []float64{1}},
		{[]float64{3, 1, 2}, []float64{3, 1, 2}},
		{[]float64{3, 1, 3, 2, 3}, []float64{4, 1, 4, 2, 4}},
		{[]float64{2, 2, 1, 1}, []float64{3.5, 3.5, 1.5, 1.5}},
		{[]float64{0, math.Copysign(0, -1), 1}, []float64{1.5, 1.5, 3}},
		{[]float64{3, 1, 2, 2}, []float64{4, 1, 2.5, 2.5}},
		{[]float64{7, 7, 7}, []float64{2, 2, 2}},
		{[]float64{math.Inf(1), -1e308, math.Inf(-1)}, []float64{3, 2, 1}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		assert.Equal(t, tt.want, Ranks(in), "%v", tt.in)
		assert.Equal(t, tt.in, in, "input unchanged")
	}
}

func TestSpearman(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"Anscombe I", anscombeX, anscombeY, 9.0 / 11},
		{"hire × eNPS", hireX, hireY, 7 / math.Sqrt(90)},
		{"hire × NPS", npsX, npsY, 0.8},
		{"retain × NPS", retainX, retainY, 1 / math.Sqrt(10)},
		{"ties", tiesX, tiesY, 3 / math.Sqrt(10)},
		{"monotone", monoX, monoY, 1},
		{"outlier", outX, outY, 1 - 6*(1+1+1+1+1+1+1+49)/(8*63.0)},
		{"extreme magnitudes", bigX, tinyY, 1},
		{"perfect negative", lineX, []float64{-0.2, -0.4, -0.5, -0.7, -0.9}, -1},
		{"infinities rank", []float64{math.Inf(-1), 0, 1, math.Inf(1)}, []float64{1, 2, 3, 4}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rho, ok := Spearman(tt.x, tt.y)
			require.True(t, ok)
			assert.InDelta(t, tt.want, rho, 1e-12)
		})
	}
	for _, bad := range [][2][]float64{
		{nil, nil},
		{{1, 1, 1, 1}, {1, 2, 3, 4}},
		{{1, 2, 3, 4}, {1, math.NaN(), 3, 4}},
	} {
		rho, ok := Spearman(bad[0], bad[1])
		assert.False(t, ok, "%v", bad)
		assert.Zero(t, rho)
	}
	assert.Panics(t, func() { Spearman([]float64{1, 2}, []float64{1}) })
}

func TestFisherInterval(t *testing.T) {
	r := pearsonRef(anscombeX, anscombeY)
	hire := 6 / math.Sqrt(60)
	tests := []struct {
		name   string
		r      float64
		n      int
		level  float64
		lo, hi float64
		delta  float64
	}{
		// tanh(atanh(r) ∓ 1.959964/√8).
		{"Anscombe I at 95%", r, 11, 0.95, 0.42439121339321656, 0.9506932537865606, 1e-9},
		// tanh(atanh(0.774597) ∓ 1.959964/√2).
		{"hire at 95%", hire, 5, 0.95, -0.340082, 0.984236, 1e-6},
		// tanh(atanh(0.774597) ∓ 1.644854/√2).
		{"hire at 90%", hire, 5, 0.90, -0.130618, 0.975493, 1e-6},
		// tanh(atanh(0.703211) ∓ 1.959964/√1).
		{"hire × NPS at 95%", 0.703211, 4, 0.95, -0.795538, 0.993109, 1e-6},
		{"r = 1", 1, 5, 0.95, 1, 1, 0},
		{"r = −1", -1, 5, 0.9, -1, -1, 0},
		{"too few points", 0.5, 3, 0.95, -1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := FisherInterval(tt.r, tt.n, tt.level)
			assert.InDelta(t, tt.lo, lo, tt.delta)
			assert.InDelta(t, tt.hi, hi, tt.delta)
			assert.LessOrEqual(t, lo, tt.r)
			assert.GreaterOrEqual(t, hi, tt.r)
		})
	}
	t.Run("formula", func(t *testing.T) {
		for _, n := range []int{4, 5, 8, 10, 100} {
			for _, r := range []float64{-0.9, -0.3, 0, 0.42, 0.99} {
				h := 1.6448536269514722 / math.Sqrt(float64(n-3))
				lo, hi := FisherInterval(r, n, 0.9)
				assert.InDelta(t, math.Tanh(math.Atanh(r)-h), lo, 1e-12)
				assert.InDelta(t, math.Tanh(math.Atanh(r)+h), hi, 1e-12)
				assert.Less(t, lo, r)
				assert.Greater(t, hi, r)
				wlo, whi := FisherInterval(r, n, 0.99)
				assert.Less(t, wlo, lo, "a wider level widens the interval")
				assert.Greater(t, whi, hi)
			}
		}
	})
}

func TestCorrelate(t *testing.T) {
	x, y := slices.Clone(anscombeX), slices.Clone(anscombeY)
	c, ok := Correlate(x, y, 0.95)
	require.True(t, ok)
	assert.Equal(t, anscombeX, x, "x unchanged")
	assert.Equal(t, anscombeY, y, "y unchanged")
	assert.InDelta(t, 0.81642051634484, c.Pearson, 1e-12)
	assert.InDelta(t, 0.42439121339321656, c.Lower, 1e-9)
	assert.InDelta(t, 0.9506932537865606, c.Upper, 1e-9)
	assert.InDelta(t, 9.0/11, c.Spearman, 1e-12)

	c, ok = Correlate(hireX, hireY, 0.9)
	require.True(t, ok)
	assert.Equal(t, Correlation{Pearson: 0.774597, Lower: -0.130618, Upper: 0.975493, Spearman: 0.737865},
		Correlation{
			Pearson: math.Round(c.Pearson*1e6) / 1e6, Lower: math.Round(c.Lower*1e6) / 1e6,
			Upper: math.Round(c.Upper*1e6) / 1e6, Spearman: math.Round(c.Spearman*1e6) / 1e6,
		})

	c, ok = Correlate(lineX, []float64{0.4, 0.8, 1.0, 1.4, 1.8}, 0.95)
	require.True(t, ok)
	assert.Equal(t, Correlation{Pearson: 1, Lower: 1, Upper: 1, Spearman: 1}, c, "degenerate at r = 1")

	for _, bad := range [][2][]float64{
		{{0.4, 0.4, 0.4, 0.4, 0.4}, {1, 2, 3, 4, 5}},
		{{0.1, 0.2, 0.3, 0.4}, {7, 7, 7, 7}},
		{{1, 2, 3, 4}, {1, 2, math.Inf(1), 4}},
	} {
		c, ok := Correlate(bad[0], bad[1], 0.95)
		assert.False(t, ok, "%v", bad)
		assert.Equal(t, Correlation{}, c)
	}
}

func TestCorrelationPoints(t *testing.T) {
	assert.Equal(t, 4, MinCorrelationPoints, "n − 3 > 0 for the Fisher interval")
	assert.Equal(t, 10, FewCorrelationPoints)
}
