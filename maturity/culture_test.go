package maturity

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStanceText(t *testing.T) {
	tests := []struct {
		s                  Stance
		name, notation, da string
	}{
		{NotOKOthersOK, "not-ok-others-ok", "I-U+", "Jeg er ikke ok, men andre i organisationen er"},
		{OKOthersNotOK, "ok-others-not-ok", "I+U-", "Jeg er ok, men det er de andre i organisationen ikke"},
		{WeAreOK, "we-are-ok", "I+U+", "Vi er ok, og sammen kan vi"},
		{NotOKNotOK, "not-ok-not-ok", "I-U-", "Jeg er ikke ok, og det er de andre i organisationen heller ikke"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, tt.s.Valid())
			assert.Equal(t, tt.name, tt.s.String())
			assert.Equal(t, tt.notation, tt.s.Notation())
			assert.Equal(t, tt.da, tt.s.LabelDA())
			b, err := tt.s.MarshalText()
			require.NoError(t, err)
			var back Stance
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, tt.s, back)
		})
	}
	assert.False(t, Stance(0).Valid())
	assert.Equal(t, "Stance(5)", Stance(5).String())
	assert.Empty(t, Stance(5).Notation())
	assert.Empty(t, Stance(0).LabelDA())
	_, err := Stance(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidObservation)
	var s Stance
	require.ErrorIs(t, s.UnmarshalText([]byte("I+U+")), ErrInvalidObservation)
}

func TestStanceDistribution(t *testing.T) {
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return at.AddDate(0, 0, d) }
	obs := []StanceObservation{
		{"team-a", NotOKOthersOK, day(-60)},
		{"team-a", WeAreOK, day(-10)}, // latest for team-a
		{"team-b", OKOthersNotOK, day(-5)},
		{"team-b", WeAreOK, day(3)}, // future-dated: ignored
		{"team-c", WeAreOK, day(-1)},
		{"team-d", NotOKNotOK, day(-2)},
		{"team-d", NotOKOthersOK, day(-2)}, // same instant: the later in obs counts
		{"team-e", WeAreOK, day(1)},        // only future: not counted at all
	}
	d, err := StanceDistribution(obs, at)
	require.NoError(t, err)
	assert.Equal(t, 4, d.N)
	assert.Equal(t, [NumStances]int{1, 1, 2, 0}, d.Counts)
	assert.Equal(t, [NumStances]float64{0.25, 0.25, 0.5, 0}, d.Shares)
	assert.Equal(t, 0.5, d.TargetShare)
	assert.Equal(t, 2, d.Count(WeAreOK))
	assert.Equal(t, 0.25, d.Share(OKOthersNotOK))
	assert.Zero(t, d.Count(0))
	assert.Zero(t, d.Share(9))

	later, err := StanceDistribution(obs, day(5))
	require.NoError(t, err)
	assert.Equal(t, 5, later.N)
	assert.Equal(t, 4, later.Count(WeAreOK))
	assert.InDelta(t, 0.8, later.TargetShare, 1e-12)

	empty, err := StanceDistribution(nil, at)
	require.NoError(t, err)
	assert.Equal(t, CultureDistribution{}, empty)

	b, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, `{"n":4,"counts":[1,1,2,0],"shares":[0.25,0.25,0.5,0],"targetShare":0.5}`, string(b))
}

func TestStanceDistributionErrors(t *testing.T) {
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		obs  []StanceObservation
		at   time.Time
	}{
		{"no subject", []StanceObservation{{Stance: WeAreOK, At: at}}, at},
		{"unknown stance", []StanceObservation{{"a", 0, at}}, at},
		{"stance off the end", []StanceObservation{{"a", 5, at}}, at},
		{"no instant", []StanceObservation{{"a", WeAreOK, time.Time{}}}, at},
		{"invalid and future-dated", []StanceObservation{{"a", 7, at.AddDate(1, 0, 0)}}, at},
		{"no reference instant", []StanceObservation{{"a", WeAreOK, at}}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := StanceDistribution(tt.obs, tt.at)
			require.ErrorIs(t, err, ErrInvalidObservation)
		})
	}
}

func TestPresenceGap(t *testing.T) {
	tests := []struct {
		name            string
		pairs           []PresencePair
		n               int
		present, absent float64
		gap, sd         float64
		interval        bool
		lower, upper    float64
	}{
		{
			// d = 1, 2, 0, 2: mean 1.25, s² = 2.75/3, se = s/2,
			// t(0.975, 3) = 3.182446305284263.
			name: "four pairs",
			pairs: []PresencePair{
				{"a", 4, 3}, {"b", 5, 3}, {"c", 3, 3}, {"d", 4, 2},
			},
			n: 4, present: 4, absent: 2.75, gap: 1.25, sd: 0.9574271077563381,
			interval: true, lower: -0.2734801808290781, upper: 2.773480180829078,
		},
		{
			// d = 3, 1: mean 2, s = √2, se = 1, t(0.975, 1) = 12.706204736174698.
			name:  "two pairs",
			pairs: []PresencePair{{"x", 5, 2}, {"y", 4, 3}},
			n:     2, present: 4.5, absent: 2.5, gap: 2, sd: math.Sqrt2,
			interval: true, lower: 2 - 12.706204736174698, upper: 2 + 12.706204736174698,
		},
		{
			name:  "identical differences: a zero-width interval",
			pairs: []PresencePair{{"x", 5, 4}, {"y", 3, 2}, {"z", 4, 3}},
			n:     3, present: 4, absent: 3, gap: 1, sd: 0,
			interval: true, lower: 1, upper: 1,
		},
		{
			name:  "one pair: no interval",
			pairs: []PresencePair{{"x", 2, 4}},
			n:     1, present: 2, absent: 4, gap: -2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := PresenceGap(tt.pairs)
			require.NoError(t, err)
			assert.Equal(t, tt.n, r.N)
			assert.InDelta(t, tt.present, r.MeanPresent, 1e-12)
			assert.InDelta(t, tt.absent, r.MeanAbsent, 1e-12)
			assert.InDelta(t, tt.gap, r.Gap, 1e-12)
			assert.InDelta(t, tt.sd, r.SD, 1e-12)
			assert.Equal(t, tt.interval, r.HasInterval)
			assert.InDelta(t, tt.lower, r.Lower, 1e-9)
			assert.InDelta(t, tt.upper, r.Upper, 1e-9)
		})
	}
}

func TestPresenceGapOrderIndependent(t *testing.T) {
	a := []PresencePair{{"a", 0.1, 0.7}, {"b", 0.2, 0.3}, {"c", 0.3, 0.11}, {"d", 1e9, 0.1}}
	b := []PresencePair{a[3], a[1], a[0], a[2]}
	ra, err := PresenceGap(a)
	require.NoError(t, err)
	rb, err := PresenceGap(b)
	require.NoError(t, err)
	assert.Equal(t, ra, rb)
}

func TestPresenceGapErrors(t *testing.T) {
	tests := []struct {
		name  string
		pairs []PresencePair
	}{
		{"no pairs", nil},
		{"no subject", []PresencePair{{"", 1, 2}}},
		{"NaN present", []PresencePair{{"a", math.NaN(), 2}}},
		{"infinite absent", []PresencePair{{"a", 1, math.Inf(-1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PresenceGap(tt.pairs)
			require.ErrorIs(t, err, ErrInvalidObservation)
		})
	}
}
