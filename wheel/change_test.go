package wheel

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// Student t quantiles from printed tables.
const (
	t975df20 = 2.085963447 // t(0.975; 20)
	t975df9  = 2.262157163 // t(0.975; 9)
	t95df20  = 1.724718243 // t(0.95; 20)
)

// changeDim is a scored dimension for the Compare tests.
func changeDim(id string, score, se float64, n int) DimensionScore {
	return DimensionScore{Dimension: id, Score: score, StdErr: se, N: n, Band: Bands{}.Of(score)}
}

func TestCompare(t *testing.T) {
	prev := Scores{
		Published: true, N: 11,
		Dimensions: []DimensionScore{
			changeDim("1.1", 60, 2, 11),        // → 68: +8 ± t(20)·√8, improved
			changeDim("1.2", 70, 0, 5),         // → 60 (SE 3, N 10): ν = 9, declined
			changeDim("1.3", 50, 2, 11),        // → 52: no clear change
			changeDim("2.1", 50, 0, 9),         // → 55, both SE 0: the interval is 5 itself
			changeDim("2.2", 50, 0, 9),         // → 50, both SE 0: no change
			changeDim("2.3", 50, 2, 1),         // N 1: not compared
			{Dimension: "3.1", Score: 0, N: 2}, // withheld (band 0): not compared
			changeDim("3.2", 40, 1, 8),         // only in prev: left out
		},
		Stages: []StageScore{
			{Stage: "hire", Score: 60, Band: Developing, N: 10, StdErr: 2},
			{Stage: "develop", Score: 50, Band: Developing, N: 11, StdErr: 2},
		},
		Overall: 55, OverallBand: Developing, OverallN: 11, OverallStdErr: 2,
	}
	curr := Scores{
		Published: true, N: 12,
		Dimensions: []DimensionScore{
			changeDim("1.2", 60, 3, 10),
			changeDim("1.1", 68, 2, 11),
			changeDim("1.3", 52, 2, 11),
			changeDim("2.1", 55, 0, 9),
			changeDim("2.2", 50, 0, 9),
			changeDim("2.3", 60, 2, 12),
			changeDim("3.1", 70, 2, 12),
			changeDim("4.1", 40, 1, 8), // only in curr: left out
		},
		Stages: []StageScore{
			{Stage: "develop", Score: 49, Band: Weak, N: 11, StdErr: 2},
			{Stage: "hire", Score: 66, Band: Developing, N: 12, StdErr: 3},
			{Stage: "retain", Score: 70, Band: Developing, N: 12, StdErr: 3},
		},
		Overall: 60, OverallBand: Developing, OverallN: 11, OverallStdErr: 2,
	}
	h20 := t975df20 * math.Sqrt(8) // 5.899996
	h9 := t975df9 * 3              // 6.786471
	// hire: SE 2 (ν 9) and 3 (ν 11), ν = 13²/(4²/9 + 9²/11) = 18.48729.
	hHire := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 18.48729}.Quantile(0.975) * math.Sqrt(13)
	want := []Change{
		{Level: "dimension", ID: "1.2", Prev: 70, Curr: 60, PrevN: 5, CurrN: 10, Delta: -10, Lower: -10 - h9, Upper: -10 + h9, Verdict: Declined},
		{Level: "dimension", ID: "1.1", Prev: 60, Curr: 68, PrevN: 11, CurrN: 11, Delta: 8, Lower: 8 - h20, Upper: 8 + h20, Verdict: Improved},
		{Level: "dimension", ID: "1.3", Prev: 50, Curr: 52, PrevN: 11, CurrN: 11, Delta: 2, Lower: 2 - h20, Upper: 2 + h20, Verdict: NoClearChange},
		{Level: "dimension", ID: "2.1", Prev: 50, Curr: 55, PrevN: 9, CurrN: 9, Delta: 5, Lower: 5, Upper: 5, Verdict: Improved},
		{Level: "dimension", ID: "2.2", Prev: 50, Curr: 50, PrevN: 9, CurrN: 9, Verdict: NoClearChange},
		{Level: "dimension", ID: "2.3", Prev: 50, Curr: 60, PrevN: 1, CurrN: 12, Verdict: NotCompared},
		{Level: "dimension", ID: "3.1", Prev: 0, Curr: 70, PrevN: 2, CurrN: 12, Verdict: NotCompared},
		{Level: "stage", ID: "develop", Prev: 50, Curr: 49, PrevN: 11, CurrN: 11, Delta: -1, Lower: -1 - h20, Upper: -1 + h20, Verdict: NoClearChange},
		{Level: "stage", ID: "hire", Prev: 60, Curr: 66, PrevN: 10, CurrN: 12, Delta: 6, Lower: 6 - hHire, Upper: 6 + hHire, Verdict: NoClearChange},
		{Level: "overall", Prev: 55, Curr: 60, PrevN: 11, CurrN: 11, Delta: 5, Lower: 5 - h20, Upper: 5 + h20, Verdict: NoClearChange},
	}
	got, err := Compare(prev, curr, 0)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		assert.Equal(t, [4]any{w.Level, w.ID, w.Verdict, [2]int{w.PrevN, w.CurrN}}, [4]any{g.Level, g.ID, g.Verdict, [2]int{g.PrevN, g.CurrN}}, "change %d", i)
		assert.Equal(t, [2]float64{w.Prev, w.Curr}, [2]float64{g.Prev, g.Curr}, "change %d", i)
		assert.InDelta(t, w.Delta, g.Delta, 1e-12, "change %d", i)
		assert.InDelta(t, w.Lower, g.Lower, 1e-6, "change %d", i)
		assert.InDelta(t, w.Upper, g.Upper, 1e-6, "change %d", i)
	}
	// Hand-checked values of the two table intervals.
	assert.InDelta(t, 2.100004, got[1].Lower, 1e-5)
	assert.InDelta(t, -16.786471, got[0].Lower, 1e-5)
	assert.InDelta(t, -3.213529, got[0].Upper, 1e-5)
	// 13²/(4²/9 + 9²/11) by hand; hHire rests on it.
	assert.InDelta(t, 18.48729, 169/(16.0/9+81.0/11), 1e-5)
	assert.Less(t, 6-hHire, 0.0)
}

func TestCompareLevel(t *testing.T) {
	s := func(score float64) Scores {
		return Scores{Published: true, Overall: score, OverallBand: Developing, OverallN: 11, OverallStdErr: 2}
	}
	got, err := Compare(s(60), s(65), 0.90)
	require.NoError(t, err)
	require.Len(t, got, 1)
	h := t95df20 * math.Sqrt(8) // 4.878240
	assert.InDelta(t, 5-h, got[0].Lower, 1e-6)
	assert.InDelta(t, 5+h, got[0].Upper, 1e-6)
	assert.Equal(t, Improved, got[0].Verdict, "at 90%% the interval excludes 0")

	got, err = Compare(s(60), s(65), 0.95)
	require.NoError(t, err)
	assert.Equal(t, NoClearChange, got[0].Verdict, "at 95%% it does not")

	got, err = Compare(Scores{Published: true, OverallN: 1}, Scores{Published: true, OverallN: 30}, 0)
	require.NoError(t, err)
	assert.Equal(t, []Change{{Level: "overall", PrevN: 1, CurrN: 30}}, got, "the overall index is always listed")
}

func TestCompareTinyAndLargeErrors(t *testing.T) {
	// Standard errors whose fourth powers under- or overflow still give
	// the Welch interval: equal errors and ν₁ = ν₂ = 10 give ν = 20.
	for _, se := range []float64{1e-160, 1e150} {
		s := func(score float64) Scores {
			return Scores{Published: true, Overall: score, OverallBand: Developing, OverallN: 11, OverallStdErr: se}
		}
		got, err := Compare(s(50), s(60), 0)
		require.NoError(t, err)
		h := t975df20 * math.Sqrt2 * se
		assert.InEpsilon(t, 10+h, got[0].Upper, 1e-6, "se %v", se)
	}
}

func TestCompareErrors(t *testing.T) {
	ok := Scores{Published: true, Dimensions: []DimensionScore{changeDim("1.1", 50, 2, 10)}, Overall: 50, OverallBand: Developing, OverallN: 10, OverallStdErr: 2}
	bad := func(edit func(*DimensionScore)) Scores {
		s := ok
		s.Dimensions = []DimensionScore{ok.Dimensions[0]}
		edit(&s.Dimensions[0])
		return s
	}
	tests := []struct {
		name       string
		prev, curr Scores
		level      float64
	}{
		{"level 1", ok, ok, 1},
		{"negative level", ok, ok, -0.5},
		{"NaN level", ok, ok, math.NaN()},
		{"earlier wave unpublished", Scores{N: 3}, ok, 0},
		{"later wave unpublished", ok, Scores{N: 3, Group: Group{Unit: "sales"}}, 0},
		{"NaN score", ok, bad(func(d *DimensionScore) { d.Score = math.NaN() }), 0},
		{"score above 100", bad(func(d *DimensionScore) { d.Score = 100.1 }), ok, 0},
		{"negative standard error", ok, bad(func(d *DimensionScore) { d.StdErr = -1 }), 0},
		{"NaN standard error", ok, bad(func(d *DimensionScore) { d.StdErr = math.NaN() }), 0},
		{"infinite standard error", bad(func(d *DimensionScore) { d.StdErr = math.Inf(1) }), ok, 0},
		{"bad stage", ok, Scores{Published: true, Stages: []StageScore{{Stage: "hire", Score: math.Inf(1), Band: Strong, N: 5}}}, 0},
		{"bad overall", ok, Scores{Published: true, Overall: -1, OverallBand: Weak, OverallN: 5}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prev, curr := tc.prev, tc.curr
			if tc.name == "bad stage" {
				prev.Stages = []StageScore{{Stage: "hire", Score: 50, Band: Developing, N: 5}}
			}
			got, err := Compare(prev, curr, tc.level)
			require.ErrorIs(t, err, ErrInvalidOptions)
			assert.Nil(t, got)
		})
	}
	_, err := Compare(ok, Scores{Group: Group{Unit: "sales"}}, 0)
	assert.EqualError(t, err, "wheel: invalid options: the later scores of unit sales are not published; compare units only where both waves pass the k rule")
	_, err = Compare(ok, bad(func(d *DimensionScore) { d.StdErr = -1 }), 0)
	assert.EqualError(t, err, `wheel: invalid options: dimension "1.1" has score 50 with standard error -1`)
}

func TestVerdictText(t *testing.T) {
	assert.Equal(t, NotCompared, Verdict(0), "the zero verdict is not compared")
	for v, s := range map[Verdict]string{NotCompared: "not compared", NoClearChange: "no clear change", Improved: "improved", Declined: "declined"} {
		assert.True(t, v.Valid())
		assert.Equal(t, s, v.String())
		b, err := v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, s, string(b))
		var w Verdict
		require.NoError(t, w.UnmarshalText(b))
		assert.Equal(t, v, w)
	}
	assert.False(t, Verdict(4).Valid())
	assert.Equal(t, "Verdict(4)", Verdict(4).String())
	_, err := Verdict(4).MarshalText()
	require.ErrorIs(t, err, ErrInvalidOptions)
	var w Verdict
	require.ErrorIs(t, w.UnmarshalText([]byte("better")), ErrInvalidOptions)

	b, err := json.Marshal(Change{Level: "stage", ID: "hire", Prev: 60, Curr: 70, PrevN: 10, CurrN: 12, Delta: 10, Lower: 2, Upper: 18, Verdict: Improved})
	require.NoError(t, err)
	assert.JSONEq(t, `{"level":"stage","id":"hire","prev":60,"curr":70,"prevN":10,"currN":12,"delta":10,"lower":2,"upper":18,"verdict":"improved"}`, string(b))
}
