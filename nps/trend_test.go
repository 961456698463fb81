package nps

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"
)

func TestFitTrendPerfectLine(t *testing.T) {
	periods := []Tally{{40, 30, 30}, {45, 30, 25}, {50, 30, 20}, {55, 30, 15}}
	tr, err := FitTrend(periods)
	require.NoError(t, err)
	assert.InDelta(t, 10, tr.Slope, 1e-9)
	assert.InDelta(t, 10, tr.Intercept, 1e-9)
	assert.InDelta(t, 0, tr.ChiSq, 1e-18)
	assert.Equal(t, 1.0, tr.Inflation)
	assert.Equal(t, 2, tr.DF)
	assert.Equal(t, 4, tr.Periods)
	assert.Equal(t, 400, tr.N)
	// SE = 1/√Σw(t − t̄)², computed independently.
	var sw, swt float64
	w := make([]float64, len(periods))
	for i, p := range periods {
		v, _ := p.Variance()
		w[i] = float64(p.N()) / (v / 1e4)
		sw += w[i]
		swt += w[i] * float64(i)
	}
	var sxx float64
	for i := range periods {
		d := float64(i) - swt/sw
		sxx += w[i] * d * d
	}
	assert.InDelta(t, 100/math.Sqrt(sxx), tr.StdErr, 1e-9)
	assert.InDelta(t, math.Erfc(tr.Z/math.Sqrt2), tr.P, 1e-12)
	assert.InDelta(t, 40, tr.Fitted(3), 1e-9)
}

func TestFitTrendScatterInflates(t *testing.T) {
	periods := []Tally{{300, 400, 300}, {500, 300, 200}, {250, 400, 350}, {450, 350, 200}, {350, 300, 350}, {520, 300, 180}}
	tr, err := FitTrend(periods)
	require.NoError(t, err)
	// The slope is the weighted least-squares slope (gonum as reference).
	xs := make([]float64, len(periods))
	ys := make([]float64, len(periods))
	ws := make([]float64, len(periods))
	for i, p := range periods {
		xs[i] = float64(i)
		ys[i], _ = p.NPS()
		se, _ := p.StdErr()
		ws[i] = 1 / (se * se)
	}
	alpha, beta := stat.LinearRegression(xs, ys, ws, false)
	assert.InDelta(t, beta, tr.Slope, 1e-9)
	assert.InDelta(t, alpha, tr.Intercept, 1e-9)
	var chi2 float64
	for i := range xs {
		r := ys[i] - alpha - beta*xs[i]
		chi2 += ws[i] * r * r
	}
	assert.InDelta(t, chi2, tr.ChiSq, 1e-6)
	assert.Greater(t, tr.Dispersion, 1.0)
	assert.InDelta(t, math.Sqrt(chi2/4), tr.Inflation, 1e-9)
	assert.Less(t, tr.HeterogeneityP, 0.001)
	lo, hi, err := tr.SlopeInterval(0.95)
	require.NoError(t, err)
	assert.InDelta(t, tr.Slope, (lo+hi)/2, 1e-9)
	assert.InDelta(t, 1.959963984540054*tr.StdErr, (hi-lo)/2, 1e-9)
}

func TestFitTrendGapsAndEdgeCases(t *testing.T) {
	// An empty period keeps its index.
	tr, err := FitTrend([]Tally{{40, 30, 30}, {}, {50, 30, 20}, {55, 30, 15}})
	require.NoError(t, err)
	assert.Equal(t, 3, tr.Periods)
	assert.InDelta(t, 10, tr.Slope, 1e-9, "indices 0, 2, 3 carry NPS 10, 30, 40")

	// A unanimous period gets a finite (adjusted-Wald) weight.
	tr, err = FitTrend([]Tally{{40, 30, 30}, {45, 30, 25}, {10, 0, 0}})
	require.NoError(t, err)
	assert.Equal(t, []int{2}, tr.Unanimous)
	assert.False(t, math.IsInf(tr.StdErr, 0) || math.IsNaN(tr.StdErr) || tr.StdErr == 0)

	_, err = FitTrend([]Tally{{1, 1, 1}, {}, {2, 2, 2}})
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = FitTrend(nil)
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = FitTrend([]Tally{{1, 1, 1}, {-1, 0, 0}, {2, 2, 2}, {1, 1, 1}})
	require.ErrorIs(t, err, ErrNegativeCount)
	assert.Contains(t, err.Error(), "period 1")
	_, _, err = Trend{}.SlopeInterval(0)
	require.ErrorIs(t, err, ErrInvalidLevel)
}
