package nps

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWeightedEqualWeights(t *testing.T) {
	// With equal weights the weighted figures reduce to the unweighted ones.
	var wt WeightedTally
	tl := Tally{45, 30, 25}
	for range tl.Promoters {
		require.NoError(t, wt.Add(10, 2))
	}
	for range tl.Passives {
		require.NoError(t, wt.Add(7, 2))
	}
	for range tl.Detractors {
		require.NoError(t, wt.Add(0, 2))
	}
	assert.Equal(t, tl, wt.Unweighted())
	assert.Equal(t, 100, wt.N())
	nps, err := wt.NPS()
	require.NoError(t, err)
	assert.InDelta(t, 20, nps, 1e-12)
	neff, err := wt.EffectiveN()
	require.NoError(t, err)
	assert.InDelta(t, 100, neff, 1e-9)
	wald, _ := tl.StdErr()
	kish, err := wt.KishStdErr()
	require.NoError(t, err)
	assert.InDelta(t, wald, kish, 1e-9)
	lin, err := wt.StdErr()
	require.NoError(t, err)
	assert.InDelta(t, wald*math.Sqrt(100.0/99), lin, 1e-9)

	iv, err := wt.Interval(0.95, Tango)
	require.NoError(t, err)
	ref, _ := tl.Interval(0.95, Tango)
	assert.InDelta(t, ref.Lower, iv.Lower, 1e-9)
	assert.InDelta(t, ref.Upper, iv.Upper, 1e-9)
	assert.Equal(t, Approximate, iv.Caveats)
	assert.Equal(t, 100, iv.N)
}

func TestWeightedUnequalWeights(t *testing.T) {
	ratings := []Rating{10, 9, 9, 8, 7, 6, 3, 0, 10, 5}
	weights := []float64{0.5, 1, 2, 1, 0.5, 3, 1, 1, 0.25, 2}
	var wt WeightedTally
	for i, r := range ratings {
		require.NoError(t, wt.Add(r, weights[i]))
	}
	// Respondent-level reference computation.
	var sw, sws, sw2 float64
	for i, r := range ratings {
		s := float64(r.Category().Score())
		sw += weights[i]
		sws += weights[i] * s
		sw2 += weights[i] * weights[i]
	}
	mu := sws / sw
	var ss float64
	for i, r := range ratings {
		d := weights[i] * (float64(r.Category().Score()) - mu)
		ss += d * d
	}
	n := float64(len(ratings))
	nps, err := wt.NPS()
	require.NoError(t, err)
	assert.InDelta(t, 100*mu, nps, 1e-12)
	se, err := wt.StdErr()
	require.NoError(t, err)
	assert.InDelta(t, 100*math.Sqrt(n/(n-1)*ss)/sw, se, 1e-12)
	neff, err := wt.EffectiveN()
	require.NoError(t, err)
	assert.InDelta(t, sw*sw/sw2, neff, 1e-12)
	assert.Less(t, neff, n)
}

func TestWeightedErrors(t *testing.T) {
	var wt WeightedTally
	for _, w := range []float64{-1, math.NaN(), math.Inf(1), math.Inf(-1)} {
		require.ErrorIs(t, wt.Add(9, w), ErrInvalidWeight, "%v", w)
	}
	require.ErrorIs(t, wt.Add(11, 1), ErrInvalidRating)
	assert.Equal(t, WeightedTally{}, wt)
	_, err := wt.NPS()
	require.ErrorIs(t, err, ErrNoResponses)
	require.NoError(t, wt.Add(9, 0))
	_, err = wt.NPS()
	require.ErrorIs(t, err, ErrNoResponses, "only zero weights")
	require.NoError(t, wt.Add(9, 1))
	_, err = wt.StdErr()
	require.NoError(t, err)
	one := WeightedTally{}
	require.NoError(t, one.Add(9, 1))
	_, err = one.StdErr()
	require.ErrorIs(t, err, ErrUndefined)
	require.ErrorIs(t, WeightedTally{Passives: WeightedCount{N: -1}}.Validate(), ErrNegativeCount)
	require.ErrorIs(t, WeightedTally{Passives: WeightedCount{N: 0, Sum: 1}}.Validate(), ErrInvalidWeight)
	big := WeightedTally{Promoters: WeightedCount{N: 1, Sum: math.MaxFloat64, SumSq: 1}}
	require.ErrorIs(t, big.Merge(big), ErrOverflow)
}
