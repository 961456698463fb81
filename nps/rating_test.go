package nps

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRating(t *testing.T) {
	for v := range 11 {
		r, err := ParseRating(Rating(v).String())
		require.NoError(t, err)
		assert.Equal(t, Rating(v), r)
	}
	for _, s := range []string{"", " 7", "7 ", "07", "+7", "-0", "7.0", "6.5", "11", "100", "1e1", "a", "١"} {
		_, err := ParseRating(s)
		require.ErrorIs(t, err, ErrInvalidRating, "%q", s)
		var re *RatingError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, s, re.Input)
		assert.Equal(t, -1, re.Index)
	}
}

func TestRatingConstructors(t *testing.T) {
	r, err := NewRating(10)
	require.NoError(t, err)
	assert.Equal(t, MaxRating, r)
	for _, v := range []int{-1, 11, math.MinInt} {
		_, err := NewRating(v)
		require.ErrorIs(t, err, ErrInvalidRating)
	}
	r, err = RatingFromFloat(9)
	require.NoError(t, err)
	assert.Equal(t, Rating(9), r)
	for _, f := range []float64{6.5, -1, 10.0000001, math.NaN(), math.Inf(1), -0.5} {
		_, err := RatingFromFloat(f)
		require.ErrorIs(t, err, ErrInvalidRating, "%v", f)
	}
}

func TestRatingCategory(t *testing.T) {
	want := []Category{Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Passive, Passive, Promoter, Promoter}
	for r := range Rating(11) {
		assert.Equal(t, want[r], r.Category(), "rating %d", r)
		assert.True(t, r.Valid())
	}
	// The categories partition the scale; nothing else has a category.
	for r := 11; r < 256; r++ {
		assert.False(t, Rating(r).Valid())
		assert.Equal(t, Category(0), Rating(r).Category())
	}
}

func TestRatingEncoding(t *testing.T) {
	type doc struct{ R Rating }
	b, err := json.Marshal(doc{R: 9})
	require.NoError(t, err)
	assert.JSONEq(t, `{"R":9}`, string(b))
	var d doc
	require.NoError(t, json.Unmarshal(b, &d))
	assert.Equal(t, Rating(9), d.R)
	for _, in := range []string{`7.0`, `7e0`, `-0`} {
		require.NoError(t, json.Unmarshal([]byte(`{"R":`+in+`}`), &d), in)
	}
	for _, in := range []string{`6.5`, `11`, `"7"`, `null`, `-1`, `true`, `1e400`} {
		err := json.Unmarshal([]byte(`{"R":`+in+`}`), &d)
		require.ErrorIs(t, err, ErrInvalidRating, in)
	}
	for _, in := range []string{"", "+7", ".5", "0x7", "Inf", "NaN", "7.", "7e", "01"} {
		var r Rating
		require.ErrorIs(t, r.UnmarshalJSON([]byte(in)), ErrInvalidRating, in)
	}
	_, err = json.Marshal(doc{R: 11})
	require.True(t, errors.Is(err, ErrInvalidRating))

	txt, err := Rating(10).MarshalText()
	require.NoError(t, err)
	var r Rating
	require.NoError(t, r.UnmarshalText(txt))
	assert.Equal(t, Rating(10), r)
	require.ErrorIs(t, r.UnmarshalText([]byte("x")), ErrInvalidRating)
}

func TestCategory(t *testing.T) {
	for _, c := range []Category{Detractor, Passive, Promoter} {
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back Category
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back)
	}
	var c Category
	require.NoError(t, c.UnmarshalText([]byte("Promoter")))
	assert.Equal(t, Promoter, c)
	require.ErrorIs(t, c.UnmarshalText([]byte("fan")), ErrInvalidArgument)
	_, err := Category(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, "Category(0)", Category(0).String())
	assert.Equal(t, []int{-1, 0, 1}, []int{Detractor.Score(), Passive.Score(), Promoter.Score()})
	assert.Equal(t, []int{0, 1, 2, -1}, []int{Detractor.Index(), Passive.Index(), Promoter.Index(), Category(9).Index()})
}
