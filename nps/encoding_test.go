package nps

import (
	"encoding"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	_ encoding.BinaryAppender    = Tally{}
	_ encoding.BinaryUnmarshaler = (*Tally)(nil)
	_ encoding.BinaryAppender    = Distribution{}
	_ encoding.BinaryAppender    = WeightedTally{}
	_ encoding.TextAppender      = Rating(0)
	_ json.Unmarshaler           = (*WeightedTally)(nil)
)

func TestTallyRoundTrip(t *testing.T) {
	for _, tl := range []Tally{{}, {1, 2, 3}, {math.MaxInt, 0, 0}, {0, 1 << 40, 7}} {
		b, err := tl.MarshalBinary()
		require.NoError(t, err)
		var back Tally
		require.NoError(t, back.UnmarshalBinary(b))
		assert.Equal(t, tl, back)

		j, err := json.Marshal(tl)
		require.NoError(t, err)
		back = Tally{}
		require.NoError(t, json.Unmarshal(j, &back))
		assert.Equal(t, tl, back)
	}
	j, _ := json.Marshal(Tally{45, 30, 25})
	assert.JSONEq(t, `{"promoters":45,"passives":30,"detractors":25}`, string(j))
	b, _ := Tally{1, 2, 3}.MarshalBinary()
	assert.Equal(t, []byte{1, 1, 1, 2, 3}, b, "version, kind, three uvarints")
}

func TestTallyDecodeErrors(t *testing.T) {
	orig := Tally{9, 9, 9}
	for _, in := range [][]byte{nil, {1}, {2, 1, 0, 0, 0}, {1, 2, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 0, 0, 0, 0},
		{1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0}} {
		tl := orig
		require.ErrorIs(t, tl.UnmarshalBinary(in), ErrInvalidEncoding, "%v", in)
		assert.Equal(t, orig, tl)
	}
	// Counts valid alone but overflowing together.
	b := appendCount(appendCount(appendCount([]byte{1, 1}, math.MaxInt), 1), 0)
	var tl Tally
	err := tl.UnmarshalBinary(b)
	require.ErrorIs(t, err, ErrInvalidEncoding)
	require.ErrorIs(t, err, ErrOverflow)

	for _, in := range []string{`{"promoters":-1}`, `{"promoters":1.5}`, `{"fans":3}`, `null`, `[]`, `{"promoters":1}{}`, `{"promoters":"1"}`, ``} {
		tl := orig
		require.ErrorIs(t, tl.UnmarshalJSON([]byte(in)), ErrInvalidEncoding, in)
		assert.Equal(t, orig, tl)
	}
	require.ErrorIs(t, json.Unmarshal([]byte(`{"promoters":-1}`), &tl), ErrNegativeCount)
	_, err = Tally{-1, 0, 0}.MarshalBinary()
	require.ErrorIs(t, err, ErrNegativeCount)
}

func TestDistributionRoundTrip(t *testing.T) {
	d := Distribution{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.MaxInt / 2}
	b, err := d.MarshalBinary()
	require.NoError(t, err)
	var back Distribution
	require.NoError(t, back.UnmarshalBinary(b))
	assert.Equal(t, d, back)
	j, err := json.Marshal(d)
	require.NoError(t, err)
	back = Distribution{}
	require.NoError(t, json.Unmarshal(j, &back))
	assert.Equal(t, d, back)

	for _, in := range []string{`[1,2,3]`, `[0,0,0,0,0,0,0,0,0,0,0,0]`, `[0,0,0,0,0,0,0,0,0,0,-1]`, `{}`, `null`} {
		require.ErrorIs(t, json.Unmarshal([]byte(in), &back), ErrInvalidEncoding, in)
	}
	require.ErrorIs(t, back.UnmarshalBinary([]byte{1, 1, 0, 0, 0}), ErrInvalidEncoding)
	assert.Equal(t, d, back)
}

func TestWeightedRoundTrip(t *testing.T) {
	var wt WeightedTally
	require.NoError(t, wt.Add(10, 1.5))
	require.NoError(t, wt.Add(3, 0.25))
	require.NoError(t, wt.Add(8, 0))
	b, err := wt.MarshalBinary()
	require.NoError(t, err)
	var back WeightedTally
	require.NoError(t, back.UnmarshalBinary(b))
	assert.Equal(t, wt, back)
	j, err := json.Marshal(wt)
	require.NoError(t, err)
	back = WeightedTally{}
	require.NoError(t, json.Unmarshal(j, &back))
	assert.Equal(t, wt, back)

	require.ErrorIs(t, json.Unmarshal([]byte(`{"promoters":{"n":1,"sum":-2,"sum_sq":4}}`), &back), ErrInvalidEncoding)
	bad := append([]byte{1, 3}, appendFloat(appendFloat(appendCount(nil, 1), math.NaN()), 1)...)
	require.ErrorIs(t, back.UnmarshalBinary(bad), ErrInvalidEncoding)
	assert.Equal(t, wt, back)
}

func TestUnmarshalJSONTrailingData(t *testing.T) {
	for _, in := range []string{`{"promoters":1}]`, `{"promoters":1}}`, `{"promoters":1} 2`} {
		var tl Tally
		assert.ErrorIs(t, tl.UnmarshalJSON([]byte(in)), ErrInvalidEncoding, in)
	}
	var tl Tally
	require.NoError(t, tl.UnmarshalJSON([]byte(" {\"promoters\":1} \n")))
	assert.Equal(t, Tally{Promoters: 1}, tl)
}
