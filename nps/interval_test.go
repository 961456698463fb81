package nps

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntervalProperties(t *testing.T) {
	tallies := []Tally{{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {3, 0, 3}, {10, 5, 3}, {0, 0, 40}, {1000000, 1, 0}, {2, 7, 999}}
	for _, tl := range tallies {
		est, _ := tl.NPS()
		for _, m := range []StandardMethod{Tango, AdjustedWald, Wald} {
			for _, level := range []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999999} {
				iv, err := tl.Interval(level, m)
				require.NoError(t, err)
				assert.GreaterOrEqual(t, iv.Lower, -100.0)
				assert.LessOrEqual(t, iv.Upper, 100.0)
				assert.LessOrEqual(t, iv.Lower, iv.Upper)
				assert.Equal(t, level, iv.Level)
				assert.Equal(t, tl.N(), iv.N)
				assert.Equal(t, m.String(), iv.Method)
				assert.InDelta(t, est, iv.Estimate, 1e-12)
				if m == Tango {
					assert.True(t, iv.Contains(est), "tango contains the estimate: %v %v", tl, iv)
					assert.Greater(t, iv.Upper-iv.Lower, 0.0, "never zero width")
				}
			}
		}
	}
}

func TestIntervalWidensWithLevel(t *testing.T) {
	tl := Tally{12, 5, 4}
	prev := 0.0
	for _, level := range []float64{0.5, 0.8, 0.9, 0.95, 0.99} {
		iv, err := tl.Interval(level, nil)
		require.NoError(t, err)
		assert.Greater(t, iv.HalfWidth(), prev)
		prev = iv.HalfWidth()
	}
}

func TestTangoSolvesScoreEquation(t *testing.T) {
	z := zQuantile(0.95)
	for _, tl := range []Tally{{10, 5, 3}, {7, 2, 1}, {4, 3, 5}, {45, 30, 25}, {1, 0, 1}} {
		iv, err := tl.Interval(0.95, Tango)
		require.NoError(t, err)
		c, _ := tl.counts()
		assert.InDelta(t, z, tangoZ(c, iv.Lower/100), 1e-8, "%v lower", tl)
		assert.InDelta(t, -z, tangoZ(c, iv.Upper/100), 1e-8, "%v upper", tl)
	}
}

func TestIntervalCaveats(t *testing.T) {
	iv, err := Tally{10, 0, 0}.Interval(0.95, Wald)
	require.NoError(t, err)
	assert.Equal(t, SmallSample|ZeroWidth, iv.Caveats)
	assert.Equal(t, "small-sample,zero-width", iv.Caveats.String())
	assert.Contains(t, iv.String(), "[small-sample,zero-width]")

	iv, err = Tally{7, 2, 1}.Interval(0.95, Wald)
	require.NoError(t, err)
	assert.Equal(t, SmallSample|Clamped, iv.Caveats)
	assert.Equal(t, 100.0, iv.Upper)

	iv, err = Tally{19, 1, 0}.Interval(0.95, AdjustedWald)
	require.NoError(t, err)
	assert.Equal(t, Clamped, iv.Caveats)

	iv, err = Tally{45, 30, 25}.Interval(0.95, Tango)
	require.NoError(t, err)
	assert.Equal(t, Caveat(0), iv.Caveats)
	assert.Equal(t, "none", iv.Caveats.String())
	assert.Equal(t, "20.0 [3.6, 35.2] (95% tango, n=100)", iv.String())
	assert.Equal(t, "Caveat(128)", Caveat(128).String())
}

func TestIntervalBadInput(t *testing.T) {
	tl := Tally{3, 2, 1}
	for _, level := range []float64{0, 1, -0.5, 95, math.NaN(), math.Inf(1)} {
		_, err := tl.Interval(level, nil)
		require.ErrorIs(t, err, ErrInvalidLevel, "level %v", level)
	}
	_, err := tl.Interval(0.95, StandardMethod(0))
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = tl.Interval(0.95, StandardMethod(99))
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, "StandardMethod(99)", StandardMethod(99).String())
	_, err = Tally{-3, 2, 1}.Interval(0.95, nil)
	require.ErrorIs(t, err, ErrNegativeCount)
}

func TestMarginOfError(t *testing.T) {
	tl := Tally{500, 300, 200}
	moe, err := tl.MarginOfError(0.95, Wald)
	require.NoError(t, err)
	se, _ := tl.StdErr()
	assert.InDelta(t, zQuantile(0.95)*se, moe, 1e-9, "Wald margin is z·SE, not the full width")
	_, err = Tally{}.MarginOfError(0.95, nil)
	require.ErrorIs(t, err, ErrNoResponses)
}

func TestCaveatText(t *testing.T) {
	for _, c := range []Caveat{0, SmallSample, SmallSample | ZeroWidth, Clamped | Approximate, SmallSample | ZeroWidth | Clamped | Approximate} {
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back Caveat
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back, string(b))
	}
	var c Caveat
	require.ErrorIs(t, c.UnmarshalText([]byte("small-sample,nonsense")), ErrInvalidArgument)
	_, err := Caveat(64).MarshalText()
	require.ErrorIs(t, err, ErrInvalidArgument)
}
