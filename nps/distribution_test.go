package nps

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDistribution(t *testing.T) {
	var d Distribution
	require.NoError(t, d.AddRatings([]Rating{0, 3, 6, 7, 8, 9, 10, 10}))
	require.NoError(t, d.Add(10))
	require.NoError(t, d.AddSeq(slices.Values([]Rating{5})))
	assert.Equal(t, 10, d.N())
	tl, err := d.Tally()
	require.NoError(t, err)
	assert.Equal(t, Tally{Promoters: 4, Passives: 2, Detractors: 4}, tl)
	share, err := d.Share(10)
	require.NoError(t, err)
	assert.InDelta(t, 0.3, share, 1e-15)
	mean, err := d.Mean()
	require.NoError(t, err)
	assert.InDelta(t, 6.8, mean, 1e-12)
	assert.Equal(t, "0:1 1:0 2:0 3:1 4:0 5:1 6:1 7:1 8:1 9:1 10:3", d.String())
	n := 0
	for r, c := range d.All() {
		assert.Equal(t, d[r], c)
		n++
	}
	assert.Equal(t, 11, n)

	before := d
	var re *RatingError
	require.ErrorAs(t, d.AddRatings([]Rating{1, 2, 42}), &re)
	assert.Equal(t, 2, re.Index)
	require.ErrorAs(t, d.AddSeq(slices.Values([]Rating{42})), &re)
	require.ErrorIs(t, d.Add(11), ErrInvalidRating)
	assert.Equal(t, before, d)
}

func TestDistributionErrors(t *testing.T) {
	var empty Distribution
	_, err := empty.Share(10)
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = empty.Mean()
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = empty.Share(11)
	require.ErrorIs(t, err, ErrInvalidRating)
	bad := Distribution{3: -1}
	_, err = bad.Tally()
	require.ErrorIs(t, err, ErrNegativeCount)
	huge := Distribution{0: math.MaxInt, 10: 1}
	require.ErrorIs(t, huge.Validate(), ErrOverflow)
	d := Distribution{4: math.MaxInt}
	require.ErrorIs(t, d.Add(4), ErrOverflow)
	require.ErrorIs(t, d.Merge(Distribution{4: 1}), ErrOverflow)
	assert.Equal(t, Distribution{4: math.MaxInt}, d)
}
