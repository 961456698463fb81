package nps

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTallyAdd(t *testing.T) {
	var tl Tally
	for _, r := range []Rating{0, 6, 7, 8, 9, 10} {
		require.NoError(t, tl.Add(r))
	}
	assert.Equal(t, Tally{Promoters: 2, Passives: 2, Detractors: 2}, tl)
	require.ErrorIs(t, tl.Add(11), ErrInvalidRating)
	assert.Equal(t, 6, tl.N())

	full := Tally{Promoters: math.MaxInt}
	require.ErrorIs(t, full.Add(10), ErrOverflow)
	assert.Equal(t, Tally{Promoters: math.MaxInt}, full)
}

func TestTallyAddRatingsAllOrNothing(t *testing.T) {
	tl := Tally{1, 1, 1}
	rs := []Rating{10, 9, 8, 3, 12, 7}
	err := tl.AddRatings(rs)
	var re *RatingError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 4, re.Index)
	assert.Equal(t, "12", re.Input)
	assert.Equal(t, Tally{1, 1, 1}, tl, "unchanged on error")

	require.NoError(t, tl.AddRatings(rs[:4]))
	assert.Equal(t, Tally{3, 2, 2}, tl)

	require.NoError(t, tl.AddSeq(slices.Values([]Rating{10, 0})))
	assert.Equal(t, Tally{4, 2, 3}, tl)
	err = tl.AddSeq(slices.Values([]Rating{10, 0, 200}))
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Index)
	assert.Equal(t, Tally{4, 2, 3}, tl)

	big := Tally{Detractors: math.MaxInt}
	require.ErrorIs(t, big.AddRatings([]Rating{1}), ErrOverflow)
}

func TestTallyMergeAndValidate(t *testing.T) {
	a := Tally{1, 2, 3}
	require.NoError(t, a.Merge(Tally{4, 5, 6}))
	assert.Equal(t, Tally{5, 7, 9}, a)
	require.ErrorIs(t, a.Merge(Tally{-1, 0, 0}), ErrNegativeCount)
	require.ErrorIs(t, a.Merge(Tally{math.MaxInt, 0, 0}), ErrOverflow)
	assert.Equal(t, Tally{5, 7, 9}, a)
	require.ErrorIs(t, Tally{math.MaxInt, 1, 0}.Validate(), ErrOverflow)
	require.ErrorIs(t, Tally{0, -5, 0}.Validate(), ErrNegativeCount)
	require.NoError(t, Tally{}.Validate())
	assert.Equal(t, "45/30/25", Tally{45, 30, 25}.String())
}

// Values from the R package NPS's own tests (tests/testthat/test_01_basics.R);
// R counts are c(detractors, passives, promoters).
func TestEstimatesMatchRPackage(t *testing.T) {
	tests := []struct {
		t        Tally
		nps, v   float64
		se       float64
		seDigits float64
	}{
		{Tally{Detractors: 1, Passives: 2, Promoters: 3}, 100.0 / 3, 5.0 / 9, 0.304, 0.001},
		{Tally{Detractors: 1, Passives: 0, Promoters: 1}, 0, 1, 0.707, 0.001},
		{Tally{Detractors: 0, Passives: 1, Promoters: 1}, 50, 0.25, 0.354, 0.001},
		{Tally{Detractors: 1, Passives: 1, Promoters: 1}, 0, 2.0 / 3, 0.471, 0.001},
	}
	for _, tt := range tests {
		n, err := tt.t.NPS()
		require.NoError(t, err)
		assert.InDelta(t, tt.nps, n, 1e-12)
		v, err := tt.t.Variance()
		require.NoError(t, err)
		assert.InDelta(t, 1e4*tt.v, v, 1e-9, "variance is in points², ×10⁴")
		se, err := tt.t.StdErr()
		require.NoError(t, err)
		assert.InDelta(t, 100*tt.se, se, 100*tt.seDigits)
		assert.InDelta(t, 100*math.Sqrt(tt.v/float64(tt.t.N())), se, 1e-9)
	}
	// 3/5/10 (R order): variance 5709.9 points², not 57.1.
	v, err := Tally{Detractors: 3, Passives: 5, Promoters: 10}.Variance()
	require.NoError(t, err)
	assert.InDelta(t, 5709.9, v, 0.05)
}

func TestEmptyTallyIsAnError(t *testing.T) {
	var empty Tally
	_, err := empty.NPS()
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = empty.StdErr()
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = empty.Variance()
	require.ErrorIs(t, err, ErrNoResponses)
	_, _, _, err = empty.Shares()
	require.ErrorIs(t, err, ErrNoResponses)
	for _, m := range []Method{nil, Tango, AdjustedWald, Wald, Jeffreys} {
		_, err = empty.Interval(0.95, m)
		require.ErrorIs(t, err, ErrNoResponses)
	}
	_, err = Tally{-1, 3, 3}.NPS()
	require.ErrorIs(t, err, ErrNegativeCount)
}

func TestShares(t *testing.T) {
	p, m, d, err := Tally{45, 30, 25}.Shares()
	require.NoError(t, err)
	assert.InDelta(t, 0.45, p, 1e-15)
	assert.InDelta(t, 0.30, m, 1e-15)
	assert.InDelta(t, 0.25, d, 1e-15)
}

func TestStdErrFinite(t *testing.T) {
	// A team of 12 with 10 responses (7/2/1): 21.0 → 8.9 points.
	tl := Tally{7, 2, 1}
	se, err := tl.StdErr()
	require.NoError(t, err)
	assert.InDelta(t, 21.0, se, 0.05)
	fpc, err := tl.StdErrFinite(12)
	require.NoError(t, err)
	assert.InDelta(t, 8.9, fpc, 0.05)
	all, err := tl.StdErrFinite(10)
	require.NoError(t, err)
	assert.Zero(t, all, "a census has no sampling error")
	_, err = tl.StdErrFinite(9)
	require.ErrorIs(t, err, ErrInvalidArgument)
}
