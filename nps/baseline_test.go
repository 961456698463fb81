package nps

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baselineDist builds a Distribution with the tally's counts at 10, 8 and 0.
func baselineDist(t Tally) Distribution {
	return Distribution{10: t.Promoters, 8: t.Passives, 0: t.Detractors}
}

func TestNewBaseline(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	q, err := ParsePeriod("2026-Q1", cph)
	require.NoError(t, err)
	d := Distribution{10: 20, 9: 25, 8: 18, 7: 12, 6: 10, 3: 10, 0: 5}
	b, err := NewBaseline("reception", q.Start, q.End, d, 0.95)
	require.NoError(t, err)
	tally := Tally{45, 30, 25}
	iv, _ := tally.Interval(0.95, Tango)
	assert.Equal(t, Baseline{Scope: "reception", From: q.Start, To: q.End, Dist: d, Tally: tally, N: 100, NPS: 20, Interval: iv}, b)

	raw, err := json.Marshal(b)
	require.NoError(t, err)
	var back Baseline
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.True(t, back.From.Equal(b.From) && back.To.Equal(b.To))
	back.From, back.To = b.From, b.To
	assert.Equal(t, b, back)
	var fields map[string]any
	require.NoError(t, json.Unmarshal(raw, &fields))
	assert.ElementsMatch(t, []string{"scope", "from", "to", "distribution", "tally", "n", "nps", "interval"}, baselineKeys(fields))

	tests := []struct {
		name     string
		from, to time.Time
		d        Distribution
		level    float64
		want     error
	}{
		{"empty", q.Start, q.End, Distribution{}, 0.95, ErrNoResponses},
		{"negative", q.Start, q.End, Distribution{3: -1}, 0.95, ErrNegativeCount},
		{"zero from", time.Time{}, q.End, d, 0.95, ErrInvalidArgument},
		{"zero to", q.Start, time.Time{}, d, 0.95, ErrInvalidArgument},
		{"empty range", q.Start, q.Start, d, 0.95, ErrInvalidArgument},
		{"inverted range", q.End, q.Start, d, 0.95, ErrInvalidArgument},
		{"level", q.Start, q.End, d, 0, ErrInvalidLevel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewBaseline("reception", tc.from, tc.to, tc.d, tc.level)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func baselineKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// The reference pairs of the statistics note, §5.1: current vs baseline.
func TestBaselineCompare(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name              string
		current, baseline Tally
		diff, lo, hi      float64
		p                 float64 // Wald; 0 when undefined
		verdict           Verdict
	}{
		{"improved", Tally{500, 300, 200}, Tally{450, 300, 250}, 10, 3.00, 16.96, 0.005015, Improved},
		{"declined", Tally{45, 30, 25}, Tally{60, 25, 15}, -25, -45.97, -3.12, 0.0229, Declined},
		{"small teams: no clear change", Tally{7, 2, 1}, Tally{4, 3, 5}, 68.33, -3.43, 118.02, 0.0358, NoClearChange},
		{"unanimous, opposite", Tally{0, 0, 1000}, Tally{1000, 0, 0}, -200, -200, -198.92, 0, Declined},
		{"unanimous, the same", Tally{0, 12, 0}, Tally{0, 30, 0}, 0, -100, 100, 0, NoClearChange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := NewBaseline("unit", from, to, baselineDist(tc.baseline), 0.95)
			require.NoError(t, err)
			bc, err := b.Compare(tc.current, 0.95)
			require.NoError(t, err)
			assert.InDelta(t, tc.diff, bc.Diff, 0.005)
			assert.InDelta(t, bc.Current-bc.Baseline, bc.Diff, 1e-9)
			assert.Equal(t, tc.current.N(), bc.N)
			if tc.name != "unanimous, the same" {
				assert.InDelta(t, tc.lo, bc.Interval.Lower, 0.005)
				assert.InDelta(t, tc.hi, bc.Interval.Upper, 0.005)
			}
			assert.Equal(t, "mover-tango", bc.Interval.Method)
			assert.Equal(t, tc.verdict, bc.Verdict)
			if tc.p == 0 {
				assert.Nil(t, bc.Comparison)
			} else {
				require.NotNil(t, bc.Comparison)
				assert.InDelta(t, tc.p, bc.Comparison.P, 5e-5)
				assert.InDelta(t, tc.diff, bc.Comparison.Diff, 0.005)
			}
		})
	}
}

func TestBaselineCompareErrors(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := NewBaseline("unit", from, from.AddDate(1, 0, 0), Distribution{10: 5, 3: 2}, 0.95)
	require.NoError(t, err)
	_, err = b.Compare(Tally{}, 0.95)
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = b.Compare(Tally{Promoters: -1}, 0.95)
	require.ErrorIs(t, err, ErrNegativeCount)
	_, err = b.Compare(Tally{3, 2, 1}, 1)
	require.ErrorIs(t, err, ErrInvalidLevel)
	_, err = Baseline{Scope: "decoded"}.Compare(Tally{3, 2, 1}, 0.95)
	require.ErrorIs(t, err, ErrNoResponses)
	_, err = Baseline{Tally: Tally{Passives: -2}}.Compare(Tally{3, 2, 1}, 0.95)
	require.ErrorIs(t, err, ErrNegativeCount)

	bc, err := b.Compare(Tally{30, 2, 1}, 0.9)
	require.NoError(t, err)
	assert.Equal(t, 0.9, bc.Interval.Level)
	raw, err := json.Marshal(bc)
	require.NoError(t, err)
	var back BaselineChange
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, bc, back)
	assert.Contains(t, string(raw), `"verdict":"`+bc.Verdict.String()+`"`)
}

func TestVerdictText(t *testing.T) {
	for v := NoClearChange; v <= Declined; v++ {
		b, err := v.MarshalText()
		require.NoError(t, err)
		var back Verdict
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, v, back)
	}
	assert.Equal(t, "no-clear-change", NoClearChange.String())
	assert.Equal(t, "Verdict(0)", Verdict(0).String())
	_, err := Verdict(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidArgument)
	var v Verdict
	require.ErrorIs(t, v.UnmarshalText([]byte("better")), ErrInvalidArgument)
	require.NoError(t, v.UnmarshalText([]byte("Improved")))
	assert.Equal(t, Improved, v)
}
