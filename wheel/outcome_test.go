package wheel

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcomeUnits: five units. "hire" scores 10…50 against eNPS 2, 4, 5, 4,
// 5: r = 6/√60 = 0.774597, ρ = 7/√90 = 0.737865 (ties at 2.5 and 4.5).
// "develop" is the same everywhere (no correlation); "retain" follows the
// eNPS exactly (r = 1). Four units have an NPS: hire 10…40 against −10,
// 30, 0, 50 gives r = 0.703211 and ρ = 0.8.
func outcomeUnits() []UnitOutcome {
	return []UnitOutcome{
		{Unit: "a", Stages: map[string]float64{"hire": 10, "develop": 60, "retain": 40}, ENPS: 2, NPS: -10, HasNPS: true},
		{Unit: "b", Stages: map[string]float64{"hire": 20, "develop": 60, "retain": 80}, ENPS: 4, NPS: 30, HasNPS: true},
		{Unit: "c", Stages: map[string]float64{"hire": 30, "develop": 60, "retain": 100}, ENPS: 5, NPS: 0, HasNPS: true},
		{Unit: "d", Stages: map[string]float64{"hire": 40, "develop": 60, "retain": 80}, ENPS: 4, NPS: 50, HasNPS: true},
		{Unit: "e", Stages: map[string]float64{"hire": 50, "develop": 60, "retain": 100, "support": 10}, ENPS: 5, NPS: math.NaN()},
	}
}

func TestLinkOutcomes(t *testing.T) {
	links, err := LinkOutcomes(outcomeUnits(), 0)
	require.NoError(t, err)
	want := []Link{
		// Fisher: tanh(atanh(0.774597) ∓ 1.959964/√2).
		{Stage: "hire", Outcome: "enps", Units: 5, Pearson: 0.774597, Lower: -0.340082, Upper: 0.984236, Spearman: 0.737865, Level: 0.95, FewUnits: true},
		// tanh(atanh(0.703211) ∓ 1.959964/√1).
		{Stage: "hire", Outcome: "nps", Units: 4, Pearson: 0.703211, Lower: -0.795538, Upper: 0.993109, Spearman: 0.8, Level: 0.95, FewUnits: true},
		{Stage: "retain", Outcome: "enps", Units: 5, Pearson: 1, Lower: 1, Upper: 1, Spearman: 1, Level: 0.95, FewUnits: true},
		// retain 40, 80, 100, 80 against NPS −10, 30, 0, 50: checked below.
	}
	require.Len(t, links, 4, "develop has no variance and support one unit: both left out")
	for i, w := range want {
		g := links[i]
		assert.Equal(t, [3]any{w.Stage, w.Outcome, w.Units}, [3]any{g.Stage, g.Outcome, g.Units}, "link %d", i)
		assert.InDelta(t, w.Pearson, g.Pearson, 1e-6, "link %d", i)
		assert.InDelta(t, w.Lower, g.Lower, 1e-6, "link %d", i)
		assert.InDelta(t, w.Upper, g.Upper, 1e-6, "link %d", i)
		assert.InDelta(t, w.Spearman, g.Spearman, 1e-6, "link %d", i)
		assert.Equal(t, w.Level, g.Level)
		assert.Equal(t, w.FewUnits, g.FewUnits)
	}
	// retain × NPS: x = 40, 80, 100, 80 (mean 75), y = −10, 30, 0, 50
	// (mean 17.5): Sxy = 750, Sxx = 1900, Syy = 2275, r = 0.360740;
	// ranks x 1, 2.5, 4, 2.5 and y 1, 3, 2, 4: Sxy = 1.5, Sxx = 4.5,
	// Syy = 5, ρ = 1/√10.
	g := links[3]
	assert.Equal(t, [3]any{"retain", "nps", 4}, [3]any{g.Stage, g.Outcome, g.Units})
	assert.InDelta(t, 750/math.Sqrt(1900*2275), g.Pearson, 1e-12)
	assert.InDelta(t, 0.360740, g.Pearson, 1e-6)
	assert.InDelta(t, 1/math.Sqrt(10), g.Spearman, 1e-12)
}

func TestLinkOutcomesLevel(t *testing.T) {
	links, err := LinkOutcomes(outcomeUnits(), 0.90)
	require.NoError(t, err)
	// tanh(atanh(0.774597) ∓ 1.644854/√2).
	assert.InDelta(t, -0.130618, links[0].Lower, 1e-6)
	assert.InDelta(t, 0.975493, links[0].Upper, 1e-6)
	assert.Equal(t, 0.90, links[0].Level)
}

func TestLinkOutcomesManyUnits(t *testing.T) {
	// Twelve units on a line but for two: no FewUnits flag, and a
	// negative association keeps its sign.
	var units []UnitOutcome
	for i := range 12 {
		e := float64(100 - 10*i)
		if i == 3 || i == 8 {
			e += 15
		}
		units = append(units, UnitOutcome{Unit: string(rune('a' + i)), Stages: map[string]float64{"support": float64(5 * i)}, ENPS: e})
	}
	links, err := LinkOutcomes(units, 0)
	require.NoError(t, err)
	require.Len(t, links, 1)
	l := links[0]
	assert.Equal(t, 12, l.Units)
	assert.False(t, l.FewUnits)
	assert.Less(t, l.Pearson, -0.95)
	assert.Less(t, l.Lower, l.Pearson)
	assert.Greater(t, l.Upper, l.Pearson)
	assert.Less(t, l.Upper, 0.0)
	assert.Less(t, l.Spearman, -0.95)
}

func TestLinkOutcomesStageOrder(t *testing.T) {
	var units []UnitOutcome
	for i, e := range []float64{-20, 10, 0, 40} {
		v := float64(10 * (i + 1))
		units = append(units, UnitOutcome{Unit: string(rune('a' + i)), ENPS: e, Stages: map[string]float64{
			"zeta": v, "retain": v, "alpha": v, "hire": v, "support": v,
		}})
	}
	links, err := LinkOutcomes(units, 0)
	require.NoError(t, err)
	var order []string
	for _, l := range links {
		order = append(order, l.Stage+"/"+l.Outcome)
	}
	assert.Equal(t, []string{"hire/enps", "support/enps", "retain/enps", "alpha/enps", "zeta/enps"}, order,
		"the wheel's stages clockwise, then others lexically; no NPS anywhere")
}

func TestLinkOutcomesScaleInvariant(t *testing.T) {
	// Huge finite values give the same correlations as small ones.
	small, big := outcomeUnits()[:4], outcomeUnits()[:4]
	for i := range big {
		big[i].ENPS *= 1e300
		big[i].Stages = map[string]float64{"hire": small[i].Stages["hire"] * 1e300}
	}
	a, err := LinkOutcomes(small, 0)
	require.NoError(t, err)
	b, err := LinkOutcomes(big, 0)
	require.NoError(t, err)
	assert.InDelta(t, a[0].Pearson, b[0].Pearson, 1e-12)
	assert.InDelta(t, a[0].Spearman, b[0].Spearman, 1e-12)
}

func TestLinkOutcomesNoVariance(t *testing.T) {
	units := outcomeUnits()
	for i := range units {
		units[i].Stages = map[string]float64{"develop": 60}
	}
	links, err := LinkOutcomes(units, 0)
	require.NoError(t, err, "enough units, only no variance")
	assert.Empty(t, links)
	assert.NotNil(t, links)

	units = outcomeUnits()
	for i := range units {
		units[i].ENPS = 0
		units[i].HasNPS = false
	}
	links, err = LinkOutcomes(units, 0)
	require.NoError(t, err)
	assert.Empty(t, links, "the same eNPS everywhere")
}

func TestLinkOutcomesErrors(t *testing.T) {
	edit := func(f func(u []UnitOutcome) []UnitOutcome) []UnitOutcome { return f(outcomeUnits()) }
	tests := []struct {
		name  string
		units []UnitOutcome
		level float64
		err   error
	}{
		{"level 1", outcomeUnits(), 1, ErrInvalidOptions},
		{"negative level", outcomeUnits(), -0.1, ErrInvalidOptions},
		{"NaN level", outcomeUnits(), math.NaN(), ErrInvalidOptions},
		{"unit without ID", edit(func(u []UnitOutcome) []UnitOutcome { u[2].Unit = ""; return u }), 0, ErrInvalidOptions},
		{"unit twice", edit(func(u []UnitOutcome) []UnitOutcome { u[2].Unit = "a"; return u }), 0, ErrInvalidOptions},
		{"NaN eNPS", edit(func(u []UnitOutcome) []UnitOutcome { u[1].ENPS = math.NaN(); return u }), 0, ErrInvalidOptions},
		{"infinite eNPS", edit(func(u []UnitOutcome) []UnitOutcome { u[1].ENPS = math.Inf(1); return u }), 0, ErrInvalidOptions},
		{"infinite NPS", edit(func(u []UnitOutcome) []UnitOutcome { u[1].NPS = math.Inf(-1); return u }), 0, ErrInvalidOptions},
		{"NaN stage score", edit(func(u []UnitOutcome) []UnitOutcome { u[3].Stages["develop"] = math.NaN(); return u }), 0, ErrInvalidOptions},
		{"three units", outcomeUnits()[:3], 0, ErrTooFewUnits},
		{"no units", nil, 0, ErrTooFewUnits},
		{"no stage scores", edit(func(u []UnitOutcome) []UnitOutcome {
			for i := range u {
				u[i].Stages = nil
			}
			return u
		}), 0, ErrTooFewUnits},
		{"three units per stage", edit(func(u []UnitOutcome) []UnitOutcome {
			for i := range u {
				u[i].Stages = map[string]float64{string(rune('p' + i%2)): float64(i)}
			}
			return u[:5]
		}), 0, ErrTooFewUnits},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			links, err := LinkOutcomes(tc.units, tc.level)
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, links)
		})
	}
	_, err := LinkOutcomes(outcomeUnits()[:3], 0)
	assert.EqualError(t, err, "wheel: too few units: 3 units, and no stage and outcome with at least 4 of them")
	// A NaN NPS without HasNPS is ignored (unit e above).
	_, err = LinkOutcomes(outcomeUnits(), 0)
	require.NoError(t, err)
}

func TestLinkJSON(t *testing.T) {
	b, err := json.Marshal(Link{Stage: "hire", Outcome: "enps", Units: 5, Pearson: 0.5, Lower: -0.25, Upper: 0.75, Spearman: 0.5, Level: 0.95, FewUnits: true})
	require.NoError(t, err)
	assert.JSONEq(t, `{"stage":"hire","outcome":"enps","units":5,"pearson":0.5,"lower":-0.25,"upper":0.75,"spearman":0.5,"level":0.95,"fewUnits":true}`, string(b))
}
