package closedloop

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

var olT0 = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

const olCriteria = "frequency: cases in 90 days; impact: 1–5; effort: person-weeks"

func olPriority(t *testing.T) Priority {
	t.Helper()
	p, err := NewPriority(12, 4, 3, olCriteria)
	require.NoError(t, err)
	return p
}

// olIssue returns an issue in status s, with an owner and a priority.
func olIssue(t *testing.T, s IssueStatus) Issue {
	t.Helper()
	i, err := NewIssue("iss-1", "Nobody calls back", SourceHuddle, olT0, "lise")
	require.NoError(t, err)
	i.Owner, i.Priority, i.Status = "lise", olPriority(t), s
	require.NoError(t, i.Validate())
	return i
}

func TestNewPriority(t *testing.T) {
	p := olPriority(t)
	assert.Equal(t, Priority{Frequency: 12, Impact: 4, Effort: 3, Score: 16, Criteria: olCriteria}, p)

	for _, tc := range []struct {
		name                      string
		frequency, impact, effort float64
		criteria                  string
	}{
		{"zero effort", 1, 1, 0, olCriteria},
		{"negative effort", 1, 1, -2, olCriteria},
		{"negative frequency", -1, 1, 1, olCriteria},
		{"negative impact", 1, -1, 1, olCriteria},
		{"NaN", math.NaN(), 1, 1, olCriteria},
		{"infinite impact", 1, math.Inf(1), 1, olCriteria},
		{"overflow", math.MaxFloat64, 10, 0.5, olCriteria},
		{"no criteria", 1, 1, 1, "  "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPriority(tc.frequency, tc.impact, tc.effort, tc.criteria)
			require.ErrorIs(t, err, ErrInvalidIssue)
		})
	}

	p.Score = 17
	require.ErrorIs(t, p.Validate(), ErrInvalidIssue, "a score that does not follow from the criteria")
	p.Score = 16 * (1 + 1e-12)
	require.NoError(t, p.Validate(), "rounding is tolerated")
}

func TestIssueTransitions(t *testing.T) {
	all := []IssueStatus{IssueProposed, IssueAccepted, IssueInProgress, IssueDone, IssueRejected}
	allowed := map[[2]IssueStatus]bool{
		{IssueProposed, IssueAccepted}: true, {IssueProposed, IssueRejected}: true,
		{IssueAccepted, IssueInProgress}: true, {IssueAccepted, IssueRejected}: true,
		{IssueInProgress, IssueDone}: true, {IssueInProgress, IssueRejected}: true,
	}
	for _, from := range all {
		for _, to := range all {
			t.Run(from.String()+" to "+to.String(), func(t *testing.T) {
				i := olIssue(t, from)
				before := i.Clone()
				err := i.SetStatus(olT0.Add(time.Hour), "lise", to, "because")
				if !allowed[[2]IssueStatus{from, to}] {
					require.ErrorIs(t, err, ErrInvalidTransition)
					assert.Equal(t, before, i, "nothing changes on an error")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, to, i.Status)
				last := i.History[len(i.History)-1]
				assert.Equal(t, IssueChange{At: olT0.Add(time.Hour), By: "lise", Status: to,
					Detail: from.String() + " → " + to.String() + ": because"}, last)
				require.NoError(t, i.Validate())
			})
		}
	}
	_, err := func() (Issue, error) {
		i := olIssue(t, IssueProposed)
		i.Status = 0
		return i, i.SetStatus(olT0, "lise", IssueAccepted, "")
	}()
	require.ErrorIs(t, err, ErrInvalidTransition, "an unknown status moves nowhere")
}

func TestIssueTransitionGuards(t *testing.T) {
	later := olT0.Add(time.Hour)
	for _, tc := range []struct {
		name   string
		issue  func(t *testing.T) Issue
		change func(i *Issue) error
		reason string
	}{
		{"accept without owner", func(t *testing.T) Issue { i := olIssue(t, IssueProposed); i.Owner = ""; return i },
			func(i *Issue) error { return i.SetStatus(later, "lise", IssueAccepted, "") }, "owner"},
		{"accept without priority", func(t *testing.T) Issue { i := olIssue(t, IssueProposed); i.Priority = Priority{}; return i },
			func(i *Issue) error { return i.SetStatus(later, "lise", IssueAccepted, "") }, "prioritised"},
		{"reject without reason", func(t *testing.T) Issue { return olIssue(t, IssueAccepted) },
			func(i *Issue) error { return i.SetStatus(later, "lise", IssueRejected, " ") }, "reason"},
		{"no actor", func(t *testing.T) Issue { return olIssue(t, IssueProposed) },
			func(i *Issue) error { return i.SetStatus(later, "", IssueAccepted, "") }, "actor"},
		{"zero instant", func(t *testing.T) Issue { return olIssue(t, IssueProposed) },
			func(i *Issue) error { return i.Assign(time.Time{}, "lise", "bo") }, "zero"},
		{"before the last change", func(t *testing.T) Issue { return olIssue(t, IssueProposed) },
			func(i *Issue) error { return i.SetStatus(olT0.Add(-time.Second), "lise", IssueAccepted, "") }, "before"},
		{"same status", func(t *testing.T) Issue { return olIssue(t, IssueAccepted) },
			func(i *Issue) error { return i.SetStatus(later, "lise", IssueAccepted, "") }, "allowed next: [in progress rejected]"},
		{"assign when done", func(t *testing.T) Issue { return olIssue(t, IssueDone) },
			func(i *Issue) error { return i.Assign(later, "lise", "bo") }, "settled"},
		{"assign nobody", func(t *testing.T) Issue { return olIssue(t, IssueProposed) },
			func(i *Issue) error { return i.Assign(later, "lise", " ") }, "no owner"},
		{"prioritise when rejected", func(t *testing.T) Issue { return olIssue(t, IssueRejected) },
			func(i *Issue) error { return i.Prioritise(later, "lise", olPriority(t)) }, "settled"},
		{"move on from done", func(t *testing.T) Issue { return olIssue(t, IssueDone) },
			func(i *Issue) error { return i.SetStatus(later, "lise", IssueInProgress, "") }, "settled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := tc.issue(t)
			before := i.Clone()
			err := tc.change(&i)
			require.ErrorIs(t, err, ErrInvalidTransition)
			assert.ErrorContains(t, err, tc.reason)
			assert.Equal(t, before, i)
		})
	}

	i := olIssue(t, IssueProposed)
	before := i.Clone()
	require.ErrorIs(t, i.Prioritise(later, "lise", Priority{Frequency: 1, Impact: 1, Effort: 1, Score: 2, Criteria: "x"}), ErrInvalidIssue)
	require.ErrorIs(t, i.Communicate(later, "lise"), ErrInvalidIssue)
	require.ErrorIs(t, i.Communicate(later, "lise", "front", ""), ErrInvalidIssue)
	assert.Equal(t, before, i)
}

func TestIssueLifecycle(t *testing.T) {
	c := Candidate{Cause: "communication", Cases: []string{"c1", "c2"}}
	i, err := c.Propose("iss-7", olT0, "lise")
	require.NoError(t, err)
	assert.Equal(t, "communication", i.Title)
	assert.Equal(t, []string{"communication"}, i.RootCauses)
	assert.Equal(t, []string{"c1", "c2"}, i.LinkedCases)
	assert.Equal(t, SourceHuddle, i.Source)
	assert.Equal(t, IssueProposed, i.Status)
	c.Cases[0] = "changed"
	assert.Equal(t, "c1", i.LinkedCases[0], "the issue owns its lists")

	h := func(n int) time.Time { return olT0.Add(time.Duration(n) * time.Hour) }
	require.NoError(t, i.Assign(h(1), "lise", "bo"))
	require.NoError(t, i.Assign(h(1), "lise", "bo"), "assigning the owner again changes nothing")
	require.NoError(t, i.Assign(h(2), "lise", "kim"))
	require.NoError(t, i.Prioritise(h(2), "lise", olPriority(t)))
	require.NoError(t, i.SetStatus(h(3), "ceo", IssueAccepted, ""))
	require.NoError(t, i.SetStatus(h(4), "kim", IssueInProgress, ""))
	require.NoError(t, i.Communicate(h(5), "kim", "front", "back", "front"))
	require.NoError(t, i.SetStatus(h(6), "kim", IssueDone, "call-back rota in place"))
	require.NoError(t, i.Communicate(h(7), "kim", "front"), "a settled issue can still be told")
	require.NoError(t, i.Validate())

	assert.Equal(t, "kim", i.Owner)
	assert.Equal(t, []Communication{
		{At: h(5), By: "kim", To: []string{"back", "front"}},
		{At: h(7), By: "kim", To: []string{"front"}},
	}, i.Communicated)
	var got []string
	for _, e := range i.History {
		got = append(got, e.Status.String()+": "+e.By+": "+e.Detail)
	}
	assert.Equal(t, []string{
		"proposed: lise: proposed from huddle",
		"proposed: lise: owner bo",
		"proposed: lise: owner bo → kim",
		"proposed: lise: priority 16 = frequency 12 × impact 4 ÷ effort 3 (" + olCriteria + ")",
		"accepted: ceo: proposed → accepted",
		"in progress: kim: accepted → in progress",
		"in progress: kim: communicated to back, front",
		"done: kim: in progress → done: call-back rota in place",
		"done: kim: communicated to front",
	}, got)

	b, err := json.Marshal(i)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"status":"done"`)
	assert.Contains(t, string(b), `"source":"huddle"`)
	var back Issue
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, i, back)

	cl := i.Clone()
	cl.Communicated[0].To[0] = "changed"
	cl.History[0].By = "changed"
	assert.Equal(t, "back", i.Communicated[0].To[0])
	assert.Equal(t, "lise", i.History[0].By)
}

func TestIssueValidate(t *testing.T) {
	_, err := NewIssue("", "t", SourceAnalysis, olT0, "lise")
	require.ErrorIs(t, err, ErrInvalidIssue)
	_, err = NewIssue("i", " ", SourceAnalysis, olT0, "lise")
	require.ErrorIs(t, err, ErrInvalidIssue)
	_, err = NewIssue("i", "t", 0, olT0, "lise")
	require.ErrorIs(t, err, ErrInvalidIssue)
	_, err = NewIssue("i", "t", SourceLeadership, time.Time{}, "lise")
	require.ErrorIs(t, err, ErrInvalidIssue)
	_, err = NewIssue("i", "t", SourceLeadership, olT0, "")
	require.ErrorIs(t, err, ErrInvalidIssue)

	for _, tc := range []struct {
		name  string
		spoil func(i *Issue)
	}{
		{"unknown status", func(i *Issue) { i.Status = 9 }},
		{"unknown source", func(i *Issue) { i.Source = 9 }},
		{"accepted without owner", func(i *Issue) { i.Owner = "" }},
		{"in progress without priority", func(i *Issue) { i.Status, i.Priority = IssueInProgress, Priority{} }},
		{"inconsistent priority", func(i *Issue) { i.Priority.Score = 1 }},
		{"blank linked case", func(i *Issue) { i.LinkedCases = []string{"c1", ""} }},
		{"blank linked comment", func(i *Issue) { i.LinkedComments = []string{" "} }},
		{"blank root cause", func(i *Issue) { i.RootCauses = []string{""} }},
		{"no history", func(i *Issue) { i.History = nil }},
		{"empty communication", func(i *Issue) { i.Communicated = []Communication{{At: olT0}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := olIssue(t, IssueAccepted)
			tc.spoil(&i)
			require.ErrorIs(t, i.Validate(), ErrInvalidIssue)
		})
	}
	i := olIssue(t, IssueRejected)
	i.Owner, i.Priority = "", Priority{}
	require.NoError(t, i.Validate(), "a rejected issue needs neither owner nor priority")
}

func TestIssueEnumsText(t *testing.T) {
	for s := SourceHuddle; s <= SourceLeadership; s++ {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back IssueSource
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	for s := IssueProposed; s <= IssueRejected; s++ {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back IssueStatus
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
		assert.Equal(t, s == IssueDone || s == IssueRejected, s.Final())
	}
	for b := AtMost; b <= AtLeast; b++ {
		text, err := b.MarshalText()
		require.NoError(t, err)
		var back Bound
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, b, back)
	}
	_, err := IssueSource(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidIssue)
	_, err = IssueStatus(6).MarshalText()
	require.ErrorIs(t, err, ErrInvalidIssue)
	_, err = Bound(3).MarshalText()
	require.ErrorIs(t, err, ErrInvalidPlan)
	var s IssueStatus
	require.ErrorIs(t, s.UnmarshalText([]byte("open")), ErrInvalidIssue)
	var src IssueSource
	require.ErrorIs(t, src.UnmarshalText([]byte("")), ErrInvalidIssue)
	var b Bound
	require.ErrorIs(t, b.UnmarshalText([]byte("exactly")), ErrInvalidPlan)
	assert.Equal(t, "IssueStatus(0)", IssueStatus(0).String())
	assert.Equal(t, "IssueSource(7)", IssueSource(7).String())
	assert.Equal(t, "Bound(0)", Bound(0).String())
}

func TestRootCausePareto(t *testing.T) {
	tagged := func(id string, causes ...string) Case { return Case{ID: id, RootCauses: causes} }
	cases := []Case{
		tagged("c1", "communication", "prices and terms"),
		tagged("c2", "communication"),
		tagged("c3", "communication", "communication "), // counted once
		tagged("c4", "processes and rules"),
		tagged("c5", "prices and terms"),
		tagged("c6"),
		tagged("c7", " "), // blank only: untagged
		tagged("c8", "personal fit"),
	}
	p, err := RootCausePareto(dgSeq(cases...))
	require.NoError(t, err)
	assert.Equal(t, 8, p.Cases)
	assert.Equal(t, 2, p.Untagged)
	want := []struct {
		cause             string
		count             int
		share, cumulative float64
	}{
		{"communication", 3, 3.0 / 7, 3.0 / 7},
		{"prices and terms", 2, 2.0 / 7, 5.0 / 7},
		{"personal fit", 1, 1.0 / 7, 6.0 / 7},
		{"processes and rules", 1, 1.0 / 7, 1},
	}
	require.Len(t, p.Items, len(want))
	for k, w := range want {
		it := p.Items[k]
		assert.Equal(t, w.cause, it.Cause)
		assert.Equal(t, w.count, it.Count)
		assert.InDelta(t, w.share, it.Share, 1e-15)
		assert.InDelta(t, w.cumulative, it.Cumulative, 1e-15)
	}
	assert.Equal(t, 1.0, p.Items[len(p.Items)-1].Cumulative, "exactly 1")

	p, err = RootCausePareto(dgSeq(tagged("c1"), tagged("c2")))
	require.NoError(t, err)
	assert.Equal(t, Pareto{Items: []ParetoItem{}, Cases: 2, Untagged: 2}, p, "no causes: no items, no NaN")

	boom := errors.New("boom")
	_, err = RootCausePareto(dgFailing(boom, cases...))
	require.ErrorIs(t, err, boom)
}

func olEstimate() nps.TargetEstimate {
	return nps.TargetEstimate{Target: 80, Value: 12.5, Lower: 9.75, Upper: 16, Reached: true, ProbReached: 0.98,
		Level: 0.95, Method: "isotonic", Resamples: 1000, Direction: -1, Min: 0.5, Max: 72, N: 412}
}

func TestTargetFromDriver(t *testing.T) {
	deadline := olT0.AddDate(0, 4, 0)
	tg, err := TargetFromDriver("time to fix faults", "hours", olEstimate(), "lise", deadline)
	require.NoError(t, err)
	assert.Equal(t, OperationalTarget{Metric: "time to fix faults", Bound: AtMost, Target: 12.5, Unit: "hours",
		Owner: "lise", Deadline: deadline,
		Basis: "isotonic fit of 412 responses: NPS 80 at 12.5 hours, 95% interval 9.75–16"}, tg)
	assert.True(t, tg.Met(12.5))
	assert.False(t, tg.Met(13))
	assert.Equal(t, "time to fix faults at most 12.5 hours by 2027-03-23 (owner lise)", tg.String())

	e := olEstimate()
	e.Direction, e.Caveats = 1, nps.SmallSample
	tg, err = TargetFromDriver("first-visit fixes", "%", e, "lise", deadline)
	require.NoError(t, err)
	assert.Equal(t, AtLeast, tg.Bound)
	assert.True(t, tg.Met(13))
	assert.False(t, tg.Met(12))
	assert.Contains(t, tg.Basis, "caveats: "+nps.SmallSample.String())

	for _, tc := range []struct {
		name   string
		change func(e *nps.TargetEstimate)
		reason string
	}{
		{"not reached", func(e *nps.TargetEstimate) { e.Reached = false; e.Value = 0.5 }, "extrapolation"},
		{"lower unbounded", func(e *nps.TargetEstimate) { e.Lower = math.Inf(-1) }, "unbounded"},
		{"upper unbounded", func(e *nps.TargetEstimate) { e.Upper = math.Inf(1) }, "unbounded"},
		{"no direction", func(e *nps.TargetEstimate) { e.Direction = 0 }, "direction"},
		{"NaN value", func(e *nps.TargetEstimate) { e.Value = math.NaN() }, "not finite"},
		{"zero estimate", func(e *nps.TargetEstimate) { *e = nps.TargetEstimate{} }, "extrapolation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := olEstimate()
			tc.change(&e)
			_, err := TargetFromDriver("time to fix faults", "hours", e, "lise", deadline)
			require.ErrorIs(t, err, ErrUnusableEstimate)
			assert.ErrorContains(t, err, tc.reason)
		})
	}
	for name, call := range map[string]func() (OperationalTarget, error){
		"no metric": func() (OperationalTarget, error) {
			return TargetFromDriver("", "hours", olEstimate(), "lise", deadline)
		},
		"no unit":  func() (OperationalTarget, error) { return TargetFromDriver("m", " ", olEstimate(), "lise", deadline) },
		"no owner": func() (OperationalTarget, error) { return TargetFromDriver("m", "hours", olEstimate(), "", deadline) },
		"no deadline": func() (OperationalTarget, error) {
			return TargetFromDriver("m", "hours", olEstimate(), "lise", time.Time{})
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := call()
			require.ErrorIs(t, err, ErrInvalidPlan)
		})
	}
}

// TestTargetFromDriverEstimate runs a real driver analysis into a plan.
func TestTargetFromDriverEstimate(t *testing.T) {
	var d nps.Driver
	for hours, counts := range map[float64][3]int{
		1: {32, 6, 2}, 2: {30, 7, 3}, 4: {25, 9, 6}, 8: {22, 9, 9}, 12: {20, 9, 11},
		24: {15, 10, 15}, 48: {10, 10, 20}, 72: {8, 9, 23},
	} {
		for k, r := range []nps.Rating{10, 8, 3} {
			require.NoError(t, d.AddN(hours, r, counts[k]))
		}
	}
	opts := nps.TargetOptions{Source: rand.NewPCG(1, 2)}
	e, err := d.Target(50, opts)
	require.NoError(t, err)
	tg, err := TargetFromDriver("time to fix faults", "hours", e, "lise", olT0.AddDate(0, 3, 0))
	require.NoError(t, err)
	assert.Equal(t, AtMost, tg.Bound)
	assert.InDelta(t, e.Value, tg.Target, 0)
	assert.Greater(t, tg.Target, 1.0)
	assert.Less(t, tg.Target, 72.0)

	e, err = d.Target(90, nps.TargetOptions{Source: rand.NewPCG(1, 2)})
	require.NoError(t, err)
	require.False(t, e.Reached)
	_, err = TargetFromDriver("time to fix faults", "hours", e, "lise", olT0.AddDate(0, 3, 0))
	require.ErrorIs(t, err, ErrUnusableEstimate)
}

func TestActionPlanValidate(t *testing.T) {
	valid := func() ActionPlan {
		return ActionPlan{
			Scope: "service", Goal: 80, Created: olT0,
			Targets: []OperationalTarget{{Metric: "time to fix faults", Bound: AtMost, Target: 12, Unit: "hours",
				Owner: "lise", Deadline: olT0.AddDate(0, 3, 0)}},
			Actions:        []string{"second shift on Mondays"},
			Issues:         []string{"iss-7"},
			CommunicatedTo: []string{"front", "back"},
		}
	}
	require.NoError(t, valid().Validate())
	for _, tc := range []struct {
		name  string
		spoil func(p *ActionPlan)
	}{
		{"no scope", func(p *ActionPlan) { p.Scope = "" }},
		{"goal above 100", func(p *ActionPlan) { p.Goal = 101 }},
		{"goal below -100", func(p *ActionPlan) { p.Goal = -100.5 }},
		{"NaN goal", func(p *ActionPlan) { p.Goal = math.NaN() }},
		{"no creation", func(p *ActionPlan) { p.Created = time.Time{} }},
		{"not operationalised", func(p *ActionPlan) { p.Targets = nil }},
		{"blank action", func(p *ActionPlan) { p.Actions = append(p.Actions, " ") }},
		{"blank issue", func(p *ActionPlan) { p.Issues = []string{""} }},
		{"blank unit", func(p *ActionPlan) { p.CommunicatedTo = []string{""} }},
		{"unit twice", func(p *ActionPlan) { p.CommunicatedTo = []string{"front", "back", "front"} }},
		{"target without metric", func(p *ActionPlan) { p.Targets[0].Metric = "" }},
		{"target without bound", func(p *ActionPlan) { p.Targets[0].Bound = 0 }},
		{"infinite target", func(p *ActionPlan) { p.Targets[0].Target = math.Inf(1) }},
		{"target without unit", func(p *ActionPlan) { p.Targets[0].Unit = "" }},
		{"target without owner", func(p *ActionPlan) { p.Targets[0].Owner = "" }},
		{"target without deadline", func(p *ActionPlan) { p.Targets[0].Deadline = time.Time{} }},
		{"deadline at creation", func(p *ActionPlan) { p.Targets[0].Deadline = p.Created }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := valid()
			tc.spoil(&p)
			require.ErrorIs(t, p.Validate(), ErrInvalidPlan)
		})
	}
	assert.False(t, OperationalTarget{Target: 1}.Met(0), "no bound, never met")

	p := valid()
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"bound":"at most"`)
	var back ActionPlan
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)
}
