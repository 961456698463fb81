package closedloop

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/internal/numeric"
	"github.com/servicekultur/servicekultur/nps"
)

// The report fixture: 48 calendar hours (90%) for responses received from
// 2026-01-01, then 24 business hours (80%), Monday to Friday 08:00–16:00
// UTC, from Monday 2026-03-09. The report is as of Friday 2026-03-20
// 12:00.
var (
	repMon     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // Monday, ISO week 10
	repNow     = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	repPhaseB  = time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	repFollow8 = nps.Rating(8)
)

func repPolicies(t testing.TB) (a, b Policy, ps *Policies) {
	t.Helper()
	var opts []CalendarOption
	for d := time.Monday; d <= time.Friday; d++ {
		opts = append(opts, Workday(d, "08:00", "16:00"))
	}
	cal, err := NewCalendar(time.UTC, opts...)
	require.NoError(t, err)
	a = Policy{ID: "48h", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Target: 48 * time.Hour, Clock: CalendarHours}
	b = Policy{ID: "24bh", EffectiveFrom: repPhaseB, Target: 24 * time.Hour, Clock: BusinessHours,
		Calendar: cal, AttainmentTarget: 0.8}
	ps, err = NewPolicies(a, b)
	require.NoError(t, err)
	return a, b, ps
}

func repOpen(t testing.TB, id string, p Policy, received time.Time, owner, team, touchpoint string) Case {
	t.Helper()
	r := nps.Response{ID: "r-" + id, Rating: 3, At: received, Customer: "cust-" + id, Touchpoint: touchpoint}
	c, err := OpenCase(id, r, p, owner, team, received)
	require.NoError(t, err)
	return c
}

func repDo(t testing.TB, errs ...error) {
	t.Helper()
	for _, err := range errs {
		require.NoError(t, err)
	}
}

func repDay(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }

// repCases builds thirteen cases whose figures are worked out by hand in
// TestSummarize.
func repCases(t testing.TB) ([]Case, *Policies) {
	t.Helper()
	a, b, ps := repPolicies(t)
	var cs []Case
	add := func(c Case) { cs = append(cs, c) }

	// Phase A, all received Monday 03-02 09:00, due Wednesday 09:00.
	a1 := repOpen(t, "a1", a, repMon, "anna", "front", "phone") // contacted after 24 h, recovered
	repDo(t, a1.Contact(repDay(3, 9), "anna"), a1.Close(repDay(3, 10), "anna", Recovered, nil))
	add(a1)
	a2 := repOpen(t, "a2", a, repMon, "anna", "front", "phone") // late, 72 h; follow-up rating 8
	repDo(t, a2.Contact(repDay(5, 9), "anna"), a2.Close(repDay(5, 10), "anna", NotRecovered, &repFollow8))
	add(a2)
	add(repOpen(t, "a3", a, repMon, "anna", "front", "desk")) // never contacted: overdue
	a4 := repOpen(t, "a4", a, repMon, "bo", "back", "desk")   // unreachable, past due
	repDo(t, a4.Attempt(repDay(2, 10), "bo", ""), a4.Attempt(repDay(2, 11), "bo", ""), a4.Attempt(repDay(2, 12), "bo", ""))
	require.Equal(t, Unreachable, a4.State)
	add(a4)
	// Paused 24 h: 12 h used, resumed with 36 h left, contacted exactly at
	// the moved due time, after 48 h on the clock and 72 h in real time.
	a8 := repOpen(t, "a8", a, repMon, "bo", "back", "phone")
	repDo(t, a8.Pause(repDay(2, 21), "bo", "call back tomorrow"), a8.Resume(a, repDay(3, 21), "bo"), a8.Contact(repDay(5, 9), "bo"))
	add(a8)
	a10 := repOpen(t, "a10", a, repMon, "carl", "", "phone") // paused after due: a breach
	repDo(t, a10.Pause(repDay(5, 9), "carl", ""))
	add(a10)

	// Phase B, 24 business hours (three working days).
	b1 := repOpen(t, "b1", b, repDay(9, 10), "anna", "front", "phone") // 16 business hours, 48 h
	repDo(t, b1.Contact(repDay(11, 10), "anna"))
	add(b1)
	b2 := repOpen(t, "b2", b, repDay(13, 15), "bo", "back", "phone") // Fri 15:00 → Wed 15:00: exactly 24 bh, 120 h
	require.True(t, b2.Deadlines.Due.Equal(repDay(18, 15)))
	repDo(t, b2.Contact(repDay(18, 15), "bo"))
	add(b2)
	b3 := repOpen(t, "b3", b, repDay(16, 8), "bo", "back", "desk") // due Wed 16:00, contacted Fri 09:00: 33 bh, 97 h
	repDo(t, b3.Contact(repDay(20, 9), "bo"))
	add(b3)
	add(repOpen(t, "b4", b, repDay(19, 12), "carl", "", "desk"))     // 8 of 24 bh used: under 50%
	add(repOpen(t, "b5", b, repDay(18, 8), "carl", "", "desk"))      // 20 of 24 bh used: from 75%
	b6 := repOpen(t, "b6", b, repDay(17, 8), "carl", "back", "desk") // paused after 12 bh: under 75%
	repDo(t, b6.Pause(repDay(18, 12), "carl", ""))
	add(b6)
	add(repOpen(t, "b7", b, repDay(16, 9), "carl", "back", "phone")) // due Thu 09:00: overdue
	return cs, ps
}

func repSeq(cs []Case) iter.Seq2[Case, error] {
	return func(yield func(Case, error) bool) {
		for _, c := range cs {
			if !yield(c, nil) {
				return
			}
		}
	}
}

// repCounts returns the counts of a report, without the shares.
func repCounts(f Figures) [9]int {
	return [9]int{f.Cases, f.Matured, f.InTime, f.Breaches, f.Overdue, f.Backlog, f.Contacted, f.Unreachable, f.Recovered}
}

func TestSummarize(t *testing.T) {
	cs, ps := repCases(t)
	total, groups, err := Summarize(repSeq(cs), ps, repNow, 0.95, nil)
	require.NoError(t, err)
	assert.Nil(t, groups, "no key function, no groups")
	assert.Empty(t, total.Key)
	assert.True(t, total.Now.Equal(repNow))

	//                 cases matured inTime breaches overdue backlog contacted unreachable recovered
	assert.Equal(t, [9]int{13, 10, 4, 6, 3, 3, 6, 1, 2}, repCounts(total.Figures))
	require.Len(t, total.Phases, 2)
	pa, pb := total.Phases[0], total.Phases[1]
	assert.Equal(t, "48h", pa.PolicyID)
	assert.Equal(t, 48*time.Hour, pa.Target)
	assert.Equal(t, CalendarHours, pa.Clock)
	assert.Equal(t, [9]int{6, 6, 2, 4, 2, 0, 3, 1, 2}, repCounts(pa.Figures))
	assert.Equal(t, "24bh", pb.PolicyID)
	assert.Equal(t, 24*time.Hour, pb.Target)
	assert.Equal(t, BusinessHours, pb.Clock)
	assert.Equal(t, [9]int{7, 4, 2, 2, 1, 3, 3, 0, 0}, repCounts(pb.Figures))

	t.Run("attainment", func(t *testing.T) {
		a := total.Attainment
		assert.Equal(t, Share{Count: 4, N: 10, Defined: true, Value: 0.4}, a.Share)
		assert.InDelta(t, 0.86, a.Target, 1e-12, "(6·90% + 4·80%)/10 matured")
		assert.InDelta(t, 0.168180, a.Lower, 1e-6)
		assert.InDelta(t, 0.687326, a.Upper, 1e-6)
		assert.Equal(t, 0.95, a.Level)
		assert.Equal(t, TargetMissed, a.Verdict)

		assert.Equal(t, Share{Count: 2, N: 6, Defined: true, Value: 2.0 / 6}, pa.Attainment.Share)
		assert.Equal(t, 0.9, pa.Attainment.Target)
		assert.InDelta(t, 0.096771, pa.Attainment.Lower, 1e-6)
		assert.InDelta(t, 0.700007, pa.Attainment.Upper, 1e-6)
		assert.Equal(t, TargetMissed, pa.Attainment.Verdict)

		assert.Equal(t, Share{Count: 2, N: 4, Defined: true, Value: 0.5}, pb.Attainment.Share)
		assert.Equal(t, 0.8, pb.Attainment.Target)
		assert.InDelta(t, 0.150039, pb.Attainment.Lower, 1e-6)
		assert.InDelta(t, 0.849961, pb.Attainment.Upper, 1e-6)
		assert.Equal(t, TargetUnclear, pb.Attainment.Verdict, "4 matured cases cannot tell 50% from 80%")
	})

	t.Run("rates", func(t *testing.T) {
		assert.Equal(t, shareOf(1, 7), total.UnreachableRate, "unreachable of contacted + unreachable")
		assert.Equal(t, shareOf(2, 6), total.RecoveryRate, "recovered or follow-up ≥ 7, of contacted")
		assert.Equal(t, shareOf(1, 4), pa.UnreachableRate)
		assert.Equal(t, shareOf(2, 3), pa.RecoveryRate)
		assert.Equal(t, Share{Count: 0, N: 3, Defined: true}, pb.RecoveryRate, "contacted, not closed: not recovered")
	})

	t.Run("time to contact", func(t *testing.T) {
		h := func(n int) time.Duration { return time.Duration(n) * time.Hour }
		// On the clock: A 24, 48 (72 minus the 24 h pause), 72; B 16, 24, 33.
		assert.Equal(t, Durations{Clock: CalendarHours, N: 3, Median: h(48), P90: h(72)}, pa.TimeToContact)
		assert.Equal(t, Durations{Clock: BusinessHours, N: 3, Median: h(24), P90: h(33)}, pb.TimeToContact)
		assert.Equal(t, []Durations{pa.TimeToContact, pb.TimeToContact}, total.TimeToContact,
			"one entry per clock, never mixed")
		// In calendar hours: A 24, 72, 72; B 48, 120, 97.
		assert.Equal(t, Durations{Clock: CalendarHours, N: 3, Median: h(72), P90: h(72)}, pa.CalendarTimeToContact)
		assert.Equal(t, Durations{Clock: CalendarHours, N: 3, Median: h(97), P90: h(120)}, pb.CalendarTimeToContact)
		assert.Equal(t, Durations{Clock: CalendarHours, N: 6, Median: h(72), P90: h(120)}, total.CalendarTimeToContact)
	})

	t.Run("backlog by age", func(t *testing.T) {
		assert.Equal(t, BacklogAges{}, pa.BacklogByAge)
		want := BacklogAges{Under50: 1, Under75: 1, From75: 1, Paused: 1}
		assert.Equal(t, want, pb.BacklogByAge)
		assert.Equal(t, want, total.BacklogByAge)
	})

	t.Run("invariants", func(t *testing.T) {
		for _, f := range []Figures{total.Figures, pa.Figures, pb.Figures} {
			assert.Equal(t, f.Cases, f.InTime+f.Breaches+f.Backlog)
			assert.Equal(t, f.Matured, f.InTime+f.Breaches)
			ages := f.BacklogByAge
			assert.Equal(t, f.Backlog, ages.Under50+ages.Under75+ages.From75)
		}
	})
}

func TestSummarizeGroups(t *testing.T) {
	cs, ps := repCases(t)
	weekly, err := ByPeriod(nps.Weekly, time.UTC)
	require.NoError(t, err)
	both := func(c Case) []string { return []string{c.Team, c.Owner, c.Owner, ""} }
	tests := []struct {
		name      string
		by        func(Case) []string
		want      map[string][9]int // key → counts
		keys      []string          // in order
		partition bool              // every case under exactly one key
	}{
		{"owner", ByOwner, map[string][9]int{
			"anna": {4, 4, 2, 2, 1, 0, 3, 0, 2},
			"bo":   {4, 4, 2, 2, 0, 0, 3, 1, 0},
			"carl": {5, 2, 0, 2, 2, 3, 0, 0, 0},
		}, []string{"anna", "bo", "carl"}, true},
		{"team, empty team left out", ByTeam, map[string][9]int{
			"back":  {6, 5, 2, 3, 1, 1, 3, 1, 0},
			"front": {4, 4, 2, 2, 1, 0, 3, 0, 2},
		}, []string{"back", "front"}, false},
		{"touchpoint", ByTouchpoint, map[string][9]int{
			"desk":  {6, 3, 0, 3, 1, 3, 1, 1, 0},
			"phone": {7, 7, 4, 3, 2, 0, 5, 0, 2},
		}, []string{"desk", "phone"}, true},
		{"ISO week of receipt", weekly, map[string][9]int{
			"2026-W10": {6, 6, 2, 4, 2, 0, 3, 1, 2},
			"2026-W11": {2, 2, 2, 0, 0, 0, 2, 0, 0},
			"2026-W12": {5, 2, 0, 2, 1, 3, 1, 0, 0},
		}, []string{"2026-W10", "2026-W11", "2026-W12"}, true},
		{"several keys, repeats and empties once", both, nil,
			[]string{"anna", "back", "bo", "carl", "front"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, groups, err := Summarize(repSeq(cs), ps, repNow, 0.95, tt.by)
			require.NoError(t, err)
			assert.Equal(t, 13, total.Cases, "the total counts every case once")
			var keys []string
			cases := 0
			for _, g := range groups {
				keys = append(keys, g.Key)
				cases += g.Cases
				if tt.want != nil {
					assert.Equal(t, tt.want[g.Key], repCounts(g.Figures), g.Key)
				}
				assert.True(t, g.Now.Equal(repNow))
			}
			assert.Equal(t, tt.keys, keys, "sorted by key")
			if tt.partition {
				assert.Equal(t, 13, cases)
			}
		})
	}

	t.Run("a group with one phase reports that phase's target", func(t *testing.T) {
		_, groups, err := Summarize(repSeq(cs), ps, repNow, 0.95, weekly)
		require.NoError(t, err)
		require.Len(t, groups, 3)
		assert.Equal(t, 0.9, groups[0].Attainment.Target)
		assert.Equal(t, 0.8, groups[2].Attainment.Target)
		require.Len(t, groups[2].Phases, 1)
		assert.Equal(t, []Durations{{Clock: BusinessHours, N: 1, Median: 33 * time.Hour, P90: 33 * time.Hour}},
			groups[2].TimeToContact)
		w11 := groups[1].Attainment
		assert.Equal(t, Share{Count: 2, N: 2, Defined: true, Value: 1}, w11.Share)
		assert.Equal(t, 1.0, w11.Upper)
		assert.Equal(t, TargetUnclear, w11.Verdict, "2 of 2 cannot show 80%")
	})
}

func TestSummarizeUndefinedAttainment(t *testing.T) {
	_, b, ps := repPolicies(t)
	cs := []Case{repOpen(t, "b4", b, repDay(19, 12), "carl", "", "desk")}
	total, _, err := Summarize(repSeq(cs), ps, repNow, 0.95, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, total.Backlog)
	assert.Zero(t, total.Matured)
	a := total.Attainment
	assert.False(t, a.Defined, "nothing matured: no attainment, not 0%")
	assert.Equal(t, NoVerdict, a.Verdict)
	assert.Equal(t, 0.8, a.Target)
	assert.False(t, total.RecoveryRate.Defined)
	assert.False(t, total.UnreachableRate.Defined)
	assert.Equal(t, Durations{Clock: CalendarHours}, total.CalendarTimeToContact)
	assert.Equal(t, []Durations{{Clock: BusinessHours}}, total.TimeToContact)

	t.Run("no cases at all", func(t *testing.T) {
		total, groups, err := Summarize(repSeq(nil), ps, repNow, 0.9, ByOwner)
		require.NoError(t, err)
		assert.Empty(t, groups)
		assert.Zero(t, total.Cases)
		assert.Equal(t, NoVerdict, total.Attainment.Verdict)
		assert.Equal(t, 0.8, total.Attainment.Target, "the policy in force at Now")
		assert.Equal(t, 0.9, total.Attainment.Level)
		assert.Empty(t, total.Phases)
		assert.Empty(t, total.TimeToContact)
	})
}

func TestSummarizeMixedTargetBeforeMaturity(t *testing.T) {
	a, b, ps := repPolicies(t)
	cs := []Case{
		repOpen(t, "a", a, repPhaseB.Add(-time.Hour), "anna", "", ""),
		repOpen(t, "b1", b, repPhaseB.Add(time.Hour), "anna", "", ""),
		repOpen(t, "b2", b, repPhaseB.Add(2*time.Hour), "anna", "", ""),
	}
	total, _, err := Summarize(repSeq(cs), ps, repPhaseB.Add(3*time.Hour), 0.95, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, total.Backlog)
	assert.InDelta(t, (0.9+2*0.8)/3, total.Attainment.Target, 1e-12, "weighted by cases while none matured")
	assert.Equal(t, []Durations{{Clock: CalendarHours}, {Clock: BusinessHours}}, total.TimeToContact)
}

// A customer who comes back while the case is paused stopped the clock at
// the pause: the case is in time, its time to contact on the clock is the
// time before the pause, and its calendar hours count the customer's wait.
func TestSummarizeContactWhilePaused(t *testing.T) {
	a, _, ps := repPolicies(t)
	c := repOpen(t, "p", a, repMon, "anna", "", "")
	repDo(t, c.Pause(repMon.Add(12*time.Hour), "anna", ""), c.Contact(repMon.Add(50*time.Hour), "anna"))
	require.False(t, c.Breached(repNow))
	assert.True(t, c.ClockStop().Equal(repMon.Add(12*time.Hour)))
	total, _, err := Summarize(repSeq([]Case{c}), ps, repNow, 0.95, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, total.Breaches)
	assert.Equal(t, 1, total.InTime)
	assert.Equal(t, 12*time.Hour, total.TimeToContact[0].Median)
	assert.Equal(t, 50*time.Hour, total.CalendarTimeToContact.Median)
}

func TestWilson(t *testing.T) {
	z95 := 1.959963984540054
	tests := []struct {
		k, n         int
		z            float64
		lower, upper float64
	}{
		{9, 10, z95, 0.595850, 0.982124}, // the example
		// Newcombe (1998), Table I, method 3 (score, no continuity correction).
		{81, 263, z95, 0.2553, 0.3662},
		{15, 148, z95, 0.0624, 0.1605},
		{0, 20, z95, 0, 0.1611},
		{1, 29, z95, 0.0061, 0.1718},
		{10, 10, z95, 0.722460, 1},
		{1, 1, z95, 0.206549, 1},
		{0, 1, z95, 0, 0.793451},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d of %d", tt.k, tt.n), func(t *testing.T) {
			lo, hi := numeric.Wilson(tt.k, tt.n, tt.z)
			assert.InDelta(t, tt.lower, lo, 5e-5)
			assert.InDelta(t, tt.upper, hi, 5e-5)
			p := float64(tt.k) / float64(tt.n)
			assert.True(t, 0 <= lo && lo <= p && p <= hi && hi <= 1)
		})
	}
}

func TestAttainmentVerdict(t *testing.T) {
	z := 1.959963984540054
	tests := []struct {
		name        string
		in, matured int
		target      float64
		want        Verdict
	}{
		{"nothing matured", 0, 0, 0.9, NoVerdict},
		{"9 of 10 straddles 90%", 9, 10, 0.9, TargetUnclear},
		{"100 of 100 clears 90%", 100, 100, 0.9, TargetMet},
		{"5 of 10 below 90%", 5, 10, 0.9, TargetMissed},
		{"10 of 10 straddles 80%", 10, 10, 0.8, TargetUnclear},
		{"a 100% target is never shown met", 1000, 1000, 1, TargetUnclear},
		{"a 100% target is missed", 999, 1000, 1, TargetMissed},
		{"a lower limit equal to the target meets it", 0, 5, 0, TargetMet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := attainmentOf(tt.in, tt.matured, tt.target, 0.95, z)
			assert.Equal(t, tt.want, a.Verdict)
			assert.Equal(t, tt.matured > 0, a.Defined)
		})
	}
}

func TestNearestRank(t *testing.T) {
	h := func(ns ...int) []time.Duration {
		var ds []time.Duration
		for _, n := range ns {
			ds = append(ds, time.Duration(n)*time.Hour)
		}
		return ds
	}
	tests := []struct {
		in          []time.Duration
		median, p90 time.Duration
	}{
		{h(5), 5 * time.Hour, 5 * time.Hour},
		{h(4, 1), time.Hour, 4 * time.Hour}, // the lower middle
		{h(3, 1, 2), 2 * time.Hour, 3 * time.Hour},
		{h(1, 2, 3, 4), 2 * time.Hour, 4 * time.Hour},
		{h(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 5 * time.Hour, 9 * time.Hour}, // 90% within P90
		{h(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 6 * time.Hour, 10 * time.Hour},
	}
	for _, tt := range tests {
		d := durationsOf(BusinessHours, tt.in)
		assert.Equal(t, Durations{Clock: BusinessHours, N: len(tt.in), Median: tt.median, P90: tt.p90}, d, "%v", tt.in)
	}
	assert.Equal(t, Durations{Clock: CalendarHours}, durationsOf(CalendarHours, nil))
}

func TestSummarizeErrors(t *testing.T) {
	cs, ps := repCases(t)
	boom := errors.New("store down")
	failing := func(yield func(Case, error) bool) {
		if yield(cs[0], nil) {
			yield(Case{}, boom)
		}
	}
	unknown := cs[0].Clone()
	unknown.PolicyID = "12h"
	invalid := cs[0].Clone()
	invalid.Owner = ""
	inconsistent := cs[0].Clone()
	inconsistent.State = Open // but contacted
	lost := cs[len(cs)-1].Clone()
	lost.Clock = BusinessHours
	calendarOnly, err := NewPolicies(Policy{ID: "24bh", EffectiveFrom: repPhaseB, Target: 24 * time.Hour, Clock: CalendarHours})
	require.NoError(t, err)

	tests := []struct {
		name  string
		seq   iter.Seq2[Case, error]
		ps    *Policies
		now   time.Time
		level float64
		want  []error
	}{
		{"failing stream", failing, ps, repNow, 0.95, []error{boom}},
		{"unknown policy", repSeq([]Case{cs[1], unknown}), ps, repNow, 0.95, []error{ErrNoPolicy}},
		{"invalid case", repSeq([]Case{invalid}), ps, repNow, 0.95, []error{ErrInvalidCase}},
		{"state and contact disagree", repSeq([]Case{inconsistent}), ps, repNow, 0.95, []error{ErrInvalidCase}},
		{"business hours without calendar", repSeq([]Case{lost}), calendarOnly, repNow, 0.95, []error{ErrInvalidPolicy}},
		{"nil sequence", nil, ps, repNow, 0.95, []error{ErrInvalidReport}},
		{"zero now", repSeq(cs), ps, time.Time{}, 0.95, []error{ErrInvalidReport}},
		{"level 0", repSeq(cs), ps, repNow, 0, []error{ErrInvalidReport, nps.ErrInvalidLevel}},
		{"level 95", repSeq(cs), ps, repNow, 95, []error{ErrInvalidReport, nps.ErrInvalidLevel}},
		{"level NaN", repSeq(cs), ps, repNow, repNaN(), []error{ErrInvalidReport, nps.ErrInvalidLevel}},
		{"nil policies", repSeq(cs), nil, repNow, 0.95, []error{ErrInvalidPolicy}},
		{"no policies", repSeq(cs), &Policies{}, repNow, 0.95, []error{ErrInvalidPolicy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, groups, err := Summarize(tt.seq, tt.ps, tt.now, tt.level, ByOwner)
			for _, want := range tt.want {
				require.ErrorIs(t, err, want)
			}
			assert.Zero(t, total.Cases, "nothing half-reported")
			assert.Nil(t, groups)
		})
	}

	t.Run("stops the stream", func(t *testing.T) {
		yielded := 0
		seq := func(yield func(Case, error) bool) {
			for _, c := range []Case{unknown, cs[1], cs[2]} {
				yielded++
				if !yield(c, nil) {
					return
				}
			}
		}
		_, _, err := Summarize(seq, ps, repNow, 0.95, nil)
		require.ErrorIs(t, err, ErrNoPolicy)
		assert.Equal(t, 1, yielded)
	})
}

func repNaN() float64 {
	var zero float64
	return zero / zero
}

func TestByPeriod(t *testing.T) {
	_, err := ByPeriod(nps.Granularity(0), time.UTC)
	require.ErrorIs(t, err, ErrInvalidReport)
	_, err = ByPeriod(nps.Monthly, nil)
	require.ErrorIs(t, err, ErrInvalidReport)
	require.ErrorIs(t, err, nps.ErrInvalidZone)

	cph, err := time.LoadLocation("Europe/Copenhagen")
	require.NoError(t, err)
	monthly, err := ByPeriod(nps.Monthly, cph)
	require.NoError(t, err)
	c := Case{ReceivedAt: time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC)} // 00:30 on 1 April in Copenhagen
	assert.Equal(t, []string{"2026-04"}, monthly(c))
	quarterly, err := ByPeriod(nps.Quarterly, cph)
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-Q2"}, quarterly(c))
	assert.Nil(t, monthly(Case{}), "no period, no key")

	assert.Equal(t, []string{"anna"}, ByOwner(Case{Owner: "anna"}))
	assert.Nil(t, ByTeam(Case{}))
	assert.Equal(t, []string{"desk"}, ByTouchpoint(Case{Touchpoint: "desk"}))
}

func TestVerdictText(t *testing.T) {
	for v := NoVerdict; v <= TargetUnclear; v++ {
		b, err := v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, v.String(), string(b))
		var back Verdict
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, v, back)
	}
	_, err := Verdict(9).MarshalText()
	require.ErrorIs(t, err, ErrInvalidReport)
	assert.Equal(t, "Verdict(9)", Verdict(9).String())
	var v Verdict
	require.ErrorIs(t, v.UnmarshalText([]byte("passed")), ErrInvalidReport)
}

func TestReportJSON(t *testing.T) {
	cs, ps := repCases(t)
	total, _, err := Summarize(repSeq(cs), ps, repNow, 0.95, nil)
	require.NoError(t, err)
	b, err := json.Marshal(total)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, 13.0, m["cases"], "figures are flattened")
	att := m["attainment"].(map[string]any)
	assert.Equal(t, "missed", att["verdict"])
	assert.Equal(t, 4.0, att["count"])
	assert.Equal(t, true, att["defined"])
	phases := m["phases"].([]any)
	assert.Equal(t, "business", phases[1].(map[string]any)["clock"], "every phase names its clock")

	var back Report
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, total.Figures, back.Figures)
	assert.Equal(t, total.Phases, back.Phases)
}

func BenchmarkSummarize(b *testing.B) {
	a, pb, ps := repPolicies(b)
	const n = 100_000
	cs := make([]Case, 0, n)
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for i := range n {
		received := start.Add(time.Duration(i) * 97 * time.Second) // about 112 days
		p := a
		if !received.Before(pb.EffectiveFrom) {
			p = pb
		}
		c := repOpen(b, fmt.Sprintf("c%d", i), p, received, fmt.Sprintf("owner%d", i%100), fmt.Sprintf("team%d", i%10), "phone")
		switch i % 5 {
		case 0, 1, 2:
			repDo(b, c.Contact(received.Add(time.Duration(i%60)*time.Hour), "x"))
		case 3:
			repDo(b, c.Pause(received.Add(time.Hour), "x", ""))
		}
		cs = append(cs, c)
	}
	now := start.Add(n * 97 * time.Second)
	for _, by := range []struct {
		name string
		fn   func(Case) []string
	}{{"total", nil}, {"owner", ByOwner}} {
		b.Run(by.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Summarize(repSeq(cs), ps, now, 0.95, by.fn); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
