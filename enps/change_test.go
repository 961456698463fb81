package enps

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

// waveOf builds a wave with the people (employee IDs given) and their
// ratings, and its report.
func waveOf(t *testing.T, id string, units []Unit, people map[string]person) (Wave, Report) {
	t.Helper()
	w := Wave{ID: id, Opens: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Scale: StandardScale(), Units: units}
	var rs []Response
	for emp, p := range people {
		w.Population = append(w.Population, Member{Employee: emp, Unit: p.unit, Attributes: p.attrs})
		if p.rating >= 0 {
			rs = append(rs, Response{Wave: id, Respondent: pseudonym(testKey, id, emp), Unit: p.unit, Rating: p.rating, At: w.Opens})
		}
	}
	o, err := w.Org()
	require.NoError(t, err)
	rep, _, err := compute(input{wave: w, org: o, responses: rs, salt: []byte("s")})
	require.NoError(t, err)
	return w, rep
}

func TestCompareWaves(t *testing.T) {
	units := []Unit{{ID: "co", Manager: "ceo"}, {ID: "a", Parent: "co", Manager: "ann"}, {ID: "b", Parent: "co", Manager: "bo"}}
	q1, q2 := map[string]person{}, map[string]person{}
	for i := range 30 {
		q1[fmt.Sprint("a", i)] = person{unit: "a", rating: []int{3, 5, 8, 9, 10, 6}[i%6]}
		q2[fmt.Sprint("a", i)] = person{unit: "a", rating: []int{9, 10, 8, 9, 10, 7}[i%6]}
	}
	for i := range 10 { // b: half the team replaced
		q1[fmt.Sprint("b", i)] = person{unit: "b", rating: 9 - i%4}
		q2[fmt.Sprint("b", i+5)] = person{unit: "b", rating: 9 - i%4}
	}
	w1, r1 := waveOf(t, "q1", units, q1)
	w2, r2 := waveOf(t, "q2", units, q2)
	chs, err := CompareWaves(w1, w2, r1, r2, 0, 0)
	require.NoError(t, err)
	got := map[string]WaveChange{}
	for _, c := range chs {
		got[c.Key.Unit] = c
	}
	a := got["a"]
	require.True(t, a.Comparable)
	assert.Equal(t, nps.Improved, a.Verdict)
	assert.Less(t, a.P, 0.01)
	assert.InDelta(t, a.Interval.Estimate, a.Diff, 1e-9)
	assert.Zero(t, a.Churn)
	assert.False(t, a.MembershipChanged)

	b := got["b"]
	assert.InDelta(t, 1-5.0/15, b.Churn, 1e-12, "5 stayed of 15 who were ever there")
	assert.True(t, b.MembershipChanged)

	_, err = CompareWaves(w2, w1, r1, r2, 0, 0)
	require.ErrorIs(t, err, ErrInvalidRequest, "reports in the wrong order")
	_, err = CompareWaves(w1, w2, r1, r2, 0, 1.5)
	require.ErrorIs(t, err, ErrInvalidRequest)
}

func TestWaveTrendWithGap(t *testing.T) {
	units := []Unit{{ID: "u"}}
	var reports []Report
	for q, shift := range []int{0, 1, -99, 2, 3} {
		people := map[string]person{}
		for i := range 12 {
			r := min(10, 4+i%7+shift)
			if shift < 0 {
				r = 2 // unanimous detractors: withheld as homogeneous
			}
			people[fmt.Sprint(i)] = person{unit: "u", rating: r}
		}
		_, rep := waveOf(t, fmt.Sprint("q", q), units, people)
		reports = append(reports, rep)
	}
	require.Equal(t, Homogeneous, reports[2].Cells[0].Reason)
	tr, err := WaveTrend(reports, CellKey{Unit: "u"})
	require.NoError(t, err)
	assert.Greater(t, tr.Slope, 0.0, "rising, the withheld wave a gap, not a −100")
	_, err = WaveTrend(reports[:2], CellKey{Unit: "u"})
	require.ErrorIs(t, err, nps.ErrNoResponses)
}

func TestKPI(t *testing.T) {
	units := []Unit{{ID: "co", Manager: "ceo"}, {ID: "a", Parent: "co", Manager: "ann"}, {ID: "b", Parent: "co", Manager: "bo"}, {ID: "c", Parent: "co"}}
	people := map[string]person{}
	for i := range 40 {
		people[fmt.Sprint("a", i)] = person{unit: "a", rating: []int{9, 10, 10, 8}[i%4]}
	}
	for i := range 3 {
		people[fmt.Sprint("b", i)] = person{unit: "b", rating: 5}
	}
	for i := range 40 {
		people[fmt.Sprint("c", i)] = person{unit: "c", rating: []int{2, 9, 4, 7}[i%4]}
	}
	_, rep := waveOf(t, "q", units, people)
	ks, err := rep.KPI(20)
	require.NoError(t, err)
	byLeader := map[string]KPIResult{}
	for _, k := range ks {
		byLeader[k.Leader] = k
	}
	require.Len(t, byLeader, 3, "unit c has no manager")
	assert.Equal(t, AboveTarget, byLeader["ann"].Attainment)
	assert.True(t, byLeader["ann"].Met)
	assert.Equal(t, Withheld, byLeader["bo"].Attainment)
	assert.Equal(t, BelowMinimum, byLeader["bo"].Reason)
	assert.Zero(t, byLeader["bo"].ENPS)
	assert.InDelta(t, byLeader["ceo"].ENPS-20, byLeader["ceo"].Gap, 1e-12)
	_, err = rep.KPI(101)
	require.ErrorIs(t, err, ErrInvalidRequest)
}

func TestSurveyCompare(t *testing.T) {
	ctx := t.Context()
	s, _, w := launched(t, 10)
	w2 := w.Clone()
	w2.ID, w2.Opens, w2.Closes = "q3", w.Opens.AddDate(0, 3, 0), w.Closes.AddDate(0, 3, 0)
	require.NoError(t, s.Launch(ctx, w2))
	for i := range 10 {
		require.NoError(t, s.Submit(ctx, "q2", fmt.Sprint("e", i), Answer{Rating: i}, w.Opens))
		require.NoError(t, s.Submit(ctx, "q3", fmt.Sprint("e", i), Answer{Rating: min(10, i+3)}, w2.Opens))
	}
	chs, err := s.Compare(ctx, "q2", "q3", Request{Audience: "hr"}, w2.Closes)
	require.NoError(t, err)
	require.Len(t, chs, 1)
	assert.True(t, chs[0].Comparable)
	assert.Greater(t, chs[0].Diff, 0.0)
}
