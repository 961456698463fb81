package nps

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTangoFinite(t *testing.T) {
	team := Tally{Promoters: 7, Passives: 2, Detractors: 1} // 10 of 12 answered

	t.Run("census is the point", func(t *testing.T) {
		iv, err := team.Interval(0.95, TangoFinite{Population: 10})
		require.NoError(t, err)
		assert.Equal(t, 60.0, iv.Lower)
		assert.Equal(t, 60.0, iv.Upper)
		assert.Equal(t, Census, iv.Caveats, "a census, not a degenerate method")
		assert.Equal(t, "tango-fpc", iv.Method)
	})

	t.Run("huge population is Tango", func(t *testing.T) {
		inf, err := team.Interval(0.95, TangoFinite{Population: 1 << 40})
		require.NoError(t, err)
		tg, err := team.Interval(0.95, Tango)
		require.NoError(t, err)
		assert.InDelta(t, tg.Lower, inf.Lower, 1e-6)
		assert.InDelta(t, tg.Upper, inf.Upper, 1e-6)
	})

	t.Run("narrower as the response rate rises", func(t *testing.T) {
		prev := math.Inf(1)
		for _, pop := range []int{1000, 100, 20, 12, 11} {
			iv, err := team.Interval(0.95, TangoFinite{Population: pop})
			require.NoError(t, err)
			assert.Less(t, iv.Upper-iv.Lower, prev, "N=%d", pop)
			assert.True(t, iv.Contains(60), "N=%d", pop)
			prev = iv.Upper - iv.Lower
		}
	})

	t.Run("score statistic at the limits", func(t *testing.T) {
		// At each limit Z(Δ)·/√f equals ∓z: the defining equation.
		const pop = 12
		iv, err := team.Interval(0.95, TangoFinite{Population: pop})
		require.NoError(t, err)
		c, err := team.counts()
		require.NoError(t, err)
		f := float64(pop-10) / float64(pop-1)
		z := zQuantile(0.95)
		assert.InDelta(t, z, tangoZ(c, iv.Lower/100)/math.Sqrt(f), 1e-6)
		assert.InDelta(t, -z, tangoZ(c, iv.Upper/100)/math.Sqrt(f), 1e-6)
	})

	t.Run("all promoters keeps the upper limit at 100", func(t *testing.T) {
		iv, err := Tally{Promoters: 8}.Interval(0.95, TangoFinite{Population: 20})
		require.NoError(t, err)
		assert.Equal(t, 100.0, iv.Upper)
		assert.Less(t, iv.Lower, 100.0)
	})

	t.Run("population below n", func(t *testing.T) {
		for _, pop := range []int{0, -3, 9} {
			_, err := team.Interval(0.95, TangoFinite{Population: pop})
			require.ErrorIs(t, err, ErrInvalidArgument, "N=%d", pop)
		}
	})
}

func TestCensusCaveatText(t *testing.T) {
	var c Caveat
	require.NoError(t, c.UnmarshalText([]byte("census")))
	assert.Equal(t, Census, c)
	b, err := Census.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "census", string(b))
}
