package closedloop

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/servicekultur/servicekultur/internal/numeric"
	"github.com/servicekultur/servicekultur/nps"
)

// Verdict reads an attainment interval against the attainment target, as
// the nps package reads a change against zero. The zero value, NoVerdict,
// says there was nothing to judge.
type Verdict uint8

// The verdicts on an attainment.
const (
	// NoVerdict: no case has matured, so there is no attainment to judge,
	// which is not an attainment of 0.
	NoVerdict Verdict = iota
	// TargetMet: the whole interval lies at or above the target.
	TargetMet
	// TargetMissed: the whole interval lies below the target.
	TargetMissed
	// TargetUnclear: the interval straddles the target. The matured cases
	// are too few to tell, whichever side the observed share falls on.
	TargetUnclear
)

var verdictNames = [...]string{NoVerdict: "no data", TargetMet: "met", TargetMissed: "missed", TargetUnclear: "unclear"}

// String returns "no data", "met", "missed" or "unclear".
func (v Verdict) String() string {
	if int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// MarshalText encodes the verdict as its String form. An unknown verdict
// is an error wrapping [ErrInvalidReport].
func (v Verdict) MarshalText() ([]byte, error) {
	if int(v) >= len(verdictNames) {
		return nil, reportError("verdict %d", int(v))
	}
	return []byte(verdictNames[v]), nil
}

// UnmarshalText decodes a verdict's String form.
func (v *Verdict) UnmarshalText(b []byte) error {
	if i := slices.Index(verdictNames[:], string(b)); i >= 0 {
		*v = Verdict(i)
		return nil
	}
	return reportError("unknown verdict %q", b)
}

// verdictOf reads a Wilson interval against the target.
func verdictOf(lower, upper, target float64) Verdict {
	switch {
	case lower >= target:
		return TargetMet
	case upper < target:
		return TargetMissed
	}
	return TargetUnclear
}

// Share is Count cases out of N.
type Share struct {
	Count int `json:"count"`
	N     int `json:"n"`
	// Defined is false when N is 0: a share of no cases is undefined,
	// never 0.
	Defined bool `json:"defined"`
	// Value is Count/N when Defined, and 0 otherwise.
	Value float64 `json:"value"`
}

func shareOf(count, n int) Share {
	s := Share{Count: count, N: n}
	if n > 0 {
		s.Defined, s.Value = true, float64(count)/float64(n)
	}
	return s
}

// Attainment is the share of matured cases first contacted within their
// target: Count of N is InTime of Matured. When any case has matured
// (Defined) it carries the Wilson score interval at Level and a [Verdict]
// against Target; otherwise Value, Lower and Upper are 0 and the verdict
// is [NoVerdict].
//
// The interval is Wilson's score interval (Wilson 1927; recommended by
// Agresti & Coull 1998 over the Wald interval, which collapses to a point
// at 0 and 100%). With p̂ = InTime/Matured, n = Matured and z the normal
// quantile at (1 + Level)/2:
//
//	centre = (p̂ + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
//
// clamped to [0, 1]; it always contains p̂. 9 of 10 at 95% gives
// [0.596, 0.982].
//
// The verdict is [TargetMet] when Lower ≥ Target, [TargetMissed] when
// Upper < Target and [TargetUnclear] otherwise. A target of 100% can be
// missed but never shown to be met. Whether the observed share reached the
// target regardless of uncertainty is simply Value ≥ Target.
type Attainment struct {
	Share
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// Level is the confidence level of the interval, e.g. 0.95.
	Level float64 `json:"level"`
	// Target is the attainment target, e.g. 0.9 (see [Policy.Attainment]).
	Target  float64 `json:"target"`
	Verdict Verdict `json:"verdict"`
}

func attainmentOf(inTime, matured int, target, level, z float64) Attainment {
	a := Attainment{Share: shareOf(inTime, matured), Level: level, Target: target}
	if a.Defined {
		a.Lower, a.Upper = numeric.Wilson(inTime, matured, z)
		a.Verdict = verdictOf(a.Lower, a.Upper, target)
	}
	return a
}

// Durations summarises times to first contact on one clock: their number,
// median and 90th percentile. Both percentiles are nearest-rank (Hyndman
// & Fan 1996, definition 1, the inverse of the empirical distribution
// function): the q-quantile of n sorted times is the ⌈q·n⌉-th, an observed
// time. So at least 90% of the contacts took P90 or less, and P90 ≤ the
// target means at least 90% of contacted cases were reached within it;
// the median of an even number is the lower middle time. With N = 0 there
// are no times and Median and P90 are 0.
type Durations struct {
	Clock  Clock         `json:"clock"`
	N      int           `json:"n"`
	Median time.Duration `json:"median"`
	P90    time.Duration `json:"p90"`
}

func durationsOf(clock Clock, ds []time.Duration) Durations {
	d := Durations{Clock: clock, N: len(ds)}
	if len(ds) > 0 {
		slices.Sort(ds)
		d.Median, d.P90 = nearestRank(ds, 1, 2), nearestRank(ds, 9, 10)
	}
	return d
}

// nearestRank returns the ⌈(num/den)·n⌉-th of the n > 0 sorted values,
// in integer arithmetic.
func nearestRank(sorted []time.Duration, num, den int) time.Duration {
	r := (num*len(sorted) + den - 1) / den
	return sorted[max(r, 1)-1]
}

// BacklogAges counts the backlog (the cases that have not matured) by how
// much of its target each has used on its clock as of the report's
// instant, paused time excluded. Bucketing by the share of the target
// rather than by hours makes 48 and 24 hours, and calendar and business
// hours, comparable; 75% is the default reminder.
type BacklogAges struct {
	// Under50 have used less than half their target.
	Under50 int `json:"under_50"`
	// Under75 have used from 50% to less than 75%.
	Under75 int `json:"under_75"`
	// From75 have used 75% or more: reminded by default, and due soon.
	From75 int `json:"from_75"`
	// Paused counts those of the three that wait on the customer with the
	// clock stopped.
	Paused int `json:"paused"`
}

// Figures are the counts and rates of a [Report] or [Phase], as of the
// report's instant. Every case is exactly one of InTime, Breaches and
// Backlog.
type Figures struct {
	// Cases is the number of cases in the group.
	Cases int `json:"cases"`
	// Matured counts the cases that were contacted or whose due time has
	// passed: InTime + Breaches.
	Matured int `json:"matured"`
	// InTime counts the cases first contacted by their due time.
	InTime int `json:"in_time"`
	// Breaches counts the matured cases not contacted in time: contacted
	// late, or open or unreachable past their due time (paused only after
	// it), as [Case.Breached] says.
	Breaches int `json:"breaches"`
	// Overdue counts the breaches still open: never contacted, not
	// unreachable, past their due time.
	Overdue int `json:"overdue"`
	// Backlog counts the cases that have not matured: not contacted and
	// not yet due. A case made unreachable before its due time waits here
	// and becomes a breach when the due time passes.
	Backlog int `json:"backlog"`
	// Contacted counts the cases with a first contact.
	Contacted int `json:"contacted"`
	// Unreachable counts the cases whose attempts ran out without contact,
	// closed later or not.
	Unreachable int `json:"unreachable"`
	// Recovered counts the contacted cases closed as [Recovered] or with a
	// follow-up rating of 7 or more.
	Recovered int `json:"recovered"`

	// Attainment is InTime of Matured against the attainment target.
	Attainment Attainment `json:"attainment"`
	// UnreachableRate is Unreachable of the cases whose attempts have
	// ended, Contacted + Unreachable: open cases may still go either way.
	UnreachableRate Share `json:"unreachable_rate"`
	// RecoveryRate is Recovered of Contacted. A contacted case not yet
	// closed counts as not recovered.
	RecoveryRate Share `json:"recovery_rate"`
	// CalendarTimeToContact is the real time from receipt to first
	// contact of the contacted cases, nights, weekends and pauses
	// included: the customer's wait. Its Clock is CalendarHours.
	CalendarTimeToContact Durations `json:"calendar_time_to_contact"`
	// BacklogByAge breaks Backlog down by the share of the target used.
	BacklogByAge BacklogAges `json:"backlog_by_age"`
}

// Phase is the part of a [Report] under one policy: its cases were
// received while the policy was in force, so they share a target and a
// clock, such as 48 calendar hours at first and 24 business hours later.
// Attainment.Target is the policy's attainment target.
type Phase struct {
	// PolicyID names the policy.
	PolicyID string `json:"policy_id"`
	// Target and Clock are the target time and its clock, as stored on
	// the cases when they opened.
	Target time.Duration `json:"target"`
	Clock  Clock         `json:"clock"`
	Figures
	// TimeToContact is the time to first contact on Clock, paused time
	// excluded: what the target is measured against.
	TimeToContact Durations `json:"time_to_contact"`
}

// Report is the follow-up report of a group of cases (one owner, team,
// touchpoint or period, or all of them) as of the instant Now; see
// [Summarize] for the definitions.
//
// Attainment.Target is the target of the group's phases. When phases with
// different attainment targets mix, it is their mean weighted by matured
// cases (by cases while none has matured): the attainment the group would
// have if every phase met its own target exactly. Each phase is reported
// on its own in Phases too. A report without cases has the target of the
// policy in force at Now (of the first policy if none is in force yet).
type Report struct {
	// Key is the group's key; empty for the total.
	Key string `json:"key"`
	// Now is the instant the report is as of.
	Now time.Time `json:"now"`
	Figures
	// TimeToContact is the time to first contact on the policies' clocks,
	// paused time excluded: one entry per clock among the phases,
	// calendar hours first. Business and calendar hours are never mixed.
	TimeToContact []Durations `json:"time_to_contact"`
	// Phases reports each policy separately, in the order the policies
	// took effect.
	Phases []Phase `json:"phases"`
}

// Summarize reports on the cases a sequence yields (typically
// [Store.Cases] with a [CaseFilter] on the period of receipt), as of now,
// with attainment intervals at level. It returns the total over all cases
// and, when by is not nil, one report per key by returns, sorted by key; a
// case counts once under each distinct non-empty key ([ByOwner], [ByTeam],
// [ByTouchpoint], [ByPeriod]) and once in the total.
//
// As of now, a case has matured when it was contacted or its due time has
// passed; it is in time when first contacted by its due time, and
// otherwise a breach, as [Case.Breached] says: contacted late, or open or
// unreachable at or past the due time, or paused after it. A case not yet
// matured is backlog, left out of the attainment. Attainment is in-time
// cases ÷ matured cases, with its Wilson interval and verdict against the
// attainment target (see [Attainment]). Each case is measured against its
// own due time, so phases with different targets and clocks can be
// summed; Phases shows them apart, each with its target and clock.
//
// Time to first contact is measured twice: on the case's clock with
// paused time excluded, which is what the target is measured against
// (Case.Used plus the clock time from Case.RunFrom to [Case.ClockStop],
// on the calendar of the policy the case names, as it is now), and in
// calendar hours from receipt (FirstContactAt − ReceivedAt), the
// customer's wait. A case contacted while paused stopped its clock at the
// pause, as [Case.Breached] says; its calendar hours count the pause. Median and P90 are nearest-rank (see
// [Durations]).
//
// Now should not be earlier than the cases' last change: a case is read
// as it is stored, so a contact recorded after now still counts.
//
// Memory grows with the groups and the contacted cases (two durations
// each, per group the case is in), not with the cases otherwise. A
// failing sequence stops Summarize with the sequence's error, and nothing
// is reported. A case that fails [Case.Validate], or whose state and
// first contact disagree, is an error wrapping [ErrInvalidCase]; one
// naming a policy ps does not hold, one wrapping [ErrNoPolicy]. A nil
// sequence, a zero now or a level outside (0, 1) is an error wrapping
// [ErrInvalidReport] (the level's also wraps [nps.ErrInvalidLevel]); nil
// or empty policies one wrapping [ErrInvalidPolicy].
func Summarize(cases iter.Seq2[Case, error], ps *Policies, now time.Time, level float64,
	by func(Case) []string) (total Report, groups []Report, err error) {
	switch {
	case cases == nil:
		return Report{}, nil, reportError("nil case sequence")
	case now.IsZero():
		return Report{}, nil, reportError("zero report instant")
	case !(level > 0 && level < 1):
		return Report{}, nil, fmt.Errorf("%w: %w: %v", ErrInvalidReport, nps.ErrInvalidLevel, level)
	case ps == nil || len(ps.list) == 0:
		return Report{}, nil, fmt.Errorf("%w: no policies to report against", ErrInvalidPolicy)
	}
	z := distuv.UnitNormal.Quantile((1 + level) / 2)

	policies := make(map[string]reportPolicy, len(ps.list))
	for i, p := range ps.list {
		policies[p.ID] = reportPolicy{calendar: p.Calendar, attainment: p.Attainment(), order: i}
	}
	all := new(reportGroup)
	byKey := map[string]*reportGroup{}
	for c, err := range cases {
		if err != nil {
			return Report{}, nil, err
		}
		f, err := reportFactsOf(&c, policies, now)
		if err != nil {
			return Report{}, nil, err
		}
		all.add(&f)
		if by == nil {
			continue
		}
		keys := by(c)
		for i, k := range keys {
			if k == "" || slices.Contains(keys[:i], k) {
				continue
			}
			g := byKey[k]
			if g == nil {
				g = new(reportGroup)
				byKey[k] = g
			}
			g.add(&f)
		}
	}

	fallback := ps.list[0].Attainment()
	if p, err := ps.At(now); err == nil {
		fallback = p.Attainment()
	}
	total = all.report("", now, level, z, fallback)
	if by != nil {
		groups = make([]Report, 0, len(byKey))
		for _, k := range slices.Sorted(maps.Keys(byKey)) {
			groups = append(groups, byKey[k].report(k, now, level, z, fallback))
		}
	}
	return total, groups, nil
}

// ByOwner is a key function for [Summarize]: the case's owner, who must
// follow up.
func ByOwner(c Case) []string { return reportKey(c.Owner) }

// ByTeam is a key function for [Summarize]: the case's team. Cases without
// one are left out of the groups (not of the total).
func ByTeam(c Case) []string { return reportKey(c.Team) }

// ByTouchpoint is a key function for [Summarize]: the case's touchpoint.
// Cases without one are left out of the groups (not of the total).
func ByTouchpoint(c Case) []string { return reportKey(c.Touchpoint) }

// ByPeriod returns a key function for [Summarize] that keys each case by
// the period of granularity g in zone loc in which its response was
// received, labelled as [nps.Period.String] labels it ("2026-03",
// "2026-W05", "2026-Q1"), so the reports come out in time order. An
// invalid granularity or a nil zone is an error wrapping
// [ErrInvalidReport]. A case received outside the years 1–9999 has no
// period and is left out of the groups.
func ByPeriod(g nps.Granularity, loc *time.Location) (func(Case) []string, error) {
	if _, err := nps.PeriodOf(time.Unix(0, 0), g, loc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidReport, err)
	}
	return func(c Case) []string {
		p, err := nps.PeriodOf(c.ReceivedAt, g, loc)
		if err != nil {
			return nil
		}
		return []string{p.String()}
	}, nil
}

func reportKey(k string) []string {
	if k == "" {
		return nil
	}
	return []string{k}
}

// reportError returns an error wrapping [ErrInvalidReport] for an unusable
// report parameter.
func reportError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidReport, fmt.Sprintf(format, args...))
}

// reportPolicy is what Summarize needs of a policy.
type reportPolicy struct {
	calendar   *Calendar
	attainment float64
	order      int // position by EffectiveFrom
}

// phaseKey identifies a phase: the policy and the target and clock the
// case stored when it opened.
type phaseKey struct {
	policy string
	target time.Duration
	clock  Clock
}

// reportFacts is what a report needs of one case.
type reportFacts struct {
	phase       phaseKey
	order       int
	attainment  float64
	matured     bool
	inTime      bool
	overdue     bool
	contacted   bool
	unreachable bool
	recovered   bool
	paused      bool
	age         int           // backlog bucket: 0 under 50%, 1 under 75%, 2 from 75%
	onClock     time.Duration // time to first contact on the clock, when contacted
	elapsed     time.Duration // calendar time to first contact, when contacted
}

func reportFactsOf(c *Case, policies map[string]reportPolicy, now time.Time) (reportFacts, error) {
	if err := c.Validate(); err != nil {
		return reportFacts{}, err
	}
	contacted := !c.FirstContactAt.IsZero()
	if c.State == Contacted && !contacted || (c.State == Open || c.State == Unreachable) && contacted {
		return reportFacts{}, fmt.Errorf("%w: case %q is %s with first contact %v", ErrInvalidCase, c.ID, c.State, c.FirstContactAt)
	}
	p, ok := policies[c.PolicyID]
	if !ok {
		return reportFacts{}, fmt.Errorf("%w: case %q names policy %q, which the policies do not hold", ErrNoPolicy, c.ID, c.PolicyID)
	}
	var cal *Calendar
	if c.Clock == BusinessHours {
		if cal = p.calendar; cal == nil {
			return reportFacts{}, fmt.Errorf("%w: case %q is on business hours but policy %q has no calendar", ErrInvalidPolicy, c.ID, c.PolicyID)
		}
	}
	breached := c.Breached(now)
	f := reportFacts{
		phase: phaseKey{c.PolicyID, c.Target, c.Clock}, order: p.order, attainment: p.attainment,
		matured: contacted || breached, inTime: contacted && !breached,
		contacted:   contacted,
		unreachable: !contacted && (c.State == Unreachable || c.State == Closed),
		overdue:     !contacted && c.State == Open && breached,
		recovered:   contacted && (c.Outcome == Recovered || c.FollowUp != nil && *c.FollowUp >= 7),
	}
	switch {
	case contacted:
		f.onClock = addSaturating(c.Used, cal.Between(c.RunFrom, c.ClockStop()))
		f.elapsed = c.FirstContactAt.Sub(c.ReceivedAt)
	case !f.matured:
		end := now
		if c.Paused() {
			f.paused = true
			if c.PausedAt.Before(end) {
				end = c.PausedAt
			}
		}
		switch used := float64(addSaturating(c.Used, cal.Between(c.RunFrom, end))) / float64(c.Target); {
		case used < 0.5:
			f.age = 0
		case used < 0.75:
			f.age = 1
		default:
			f.age = 2
		}
	}
	return f, nil
}

func addSaturating(a, b time.Duration) time.Duration {
	if b > 0 && a > time.Duration(maxInt64)-b {
		return time.Duration(maxInt64)
	}
	return a + b
}

// reportGroup accumulates the cases of one report, phase by phase.
type reportGroup struct {
	phases []*phaseSum // few: linear search
}

type phaseSum struct {
	key        phaseKey
	order      int
	attainment float64
	fig        Figures // counts only
	onClock    []time.Duration
	elapsed    []time.Duration
}

func (g *reportGroup) add(f *reportFacts) {
	var s *phaseSum
	for _, p := range g.phases {
		if p.key == f.phase {
			s = p
			break
		}
	}
	if s == nil {
		s = &phaseSum{key: f.phase, order: f.order, attainment: f.attainment}
		g.phases = append(g.phases, s)
	}
	s.fig.add(f)
	if f.contacted {
		s.onClock = append(s.onClock, f.onClock)
		s.elapsed = append(s.elapsed, f.elapsed)
	}
}

// add counts one case.
func (fig *Figures) add(f *reportFacts) {
	count := func(n *int, b bool) {
		if b {
			*n++
		}
	}
	fig.Cases++
	count(&fig.Matured, f.matured)
	count(&fig.InTime, f.inTime)
	count(&fig.Breaches, f.matured && !f.inTime)
	count(&fig.Overdue, f.overdue)
	count(&fig.Backlog, !f.matured)
	count(&fig.Contacted, f.contacted)
	count(&fig.Unreachable, f.unreachable)
	count(&fig.Recovered, f.recovered)
	if !f.matured {
		count(&fig.BacklogByAge.Under50, f.age == 0)
		count(&fig.BacklogByAge.Under75, f.age == 1)
		count(&fig.BacklogByAge.From75, f.age == 2)
		count(&fig.BacklogByAge.Paused, f.paused)
	}
}

// merge adds another phase's counts.
func (fig *Figures) merge(o *Figures) {
	fig.Cases += o.Cases
	fig.Matured += o.Matured
	fig.InTime += o.InTime
	fig.Breaches += o.Breaches
	fig.Overdue += o.Overdue
	fig.Backlog += o.Backlog
	fig.Contacted += o.Contacted
	fig.Unreachable += o.Unreachable
	fig.Recovered += o.Recovered
	fig.BacklogByAge.Under50 += o.BacklogByAge.Under50
	fig.BacklogByAge.Under75 += o.BacklogByAge.Under75
	fig.BacklogByAge.From75 += o.BacklogByAge.From75
	fig.BacklogByAge.Paused += o.BacklogByAge.Paused
}

// finish sets the shares from the counts.
func (fig *Figures) finish(elapsed []time.Duration, target, level, z float64) {
	fig.Attainment = attainmentOf(fig.InTime, fig.Matured, target, level, z)
	fig.UnreachableRate = shareOf(fig.Unreachable, fig.Contacted+fig.Unreachable)
	fig.RecoveryRate = shareOf(fig.Recovered, fig.Contacted)
	fig.CalendarTimeToContact = durationsOf(CalendarHours, elapsed)
}

// report builds the group's report; fallback is the attainment target of
// a group without cases.
func (g *reportGroup) report(key string, now time.Time, level, z, fallback float64) Report {
	slices.SortFunc(g.phases, func(a, b *phaseSum) int {
		return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.key.policy, b.key.policy),
			cmp.Compare(a.key.target, b.key.target), cmp.Compare(a.key.clock, b.key.clock))
	})
	r := Report{Key: key, Now: now, Phases: make([]Phase, 0, len(g.phases))}
	var elapsed []time.Duration
	onClock := map[Clock][]time.Duration{}
	for _, s := range g.phases {
		ph := Phase{PolicyID: s.key.policy, Target: s.key.target, Clock: s.key.clock, Figures: s.fig}
		ph.finish(s.elapsed, s.attainment, level, z)
		ph.TimeToContact = durationsOf(s.key.clock, s.onClock)
		r.Phases = append(r.Phases, ph)
		r.merge(&s.fig)
		elapsed = append(elapsed, s.elapsed...)
		onClock[s.key.clock] = append(onClock[s.key.clock], s.onClock...)
	}
	r.finish(elapsed, mixedTarget(r.Phases, fallback), level, z)
	for _, c := range []Clock{CalendarHours, BusinessHours} {
		if ds, ok := onClock[c]; ok {
			r.TimeToContact = append(r.TimeToContact, durationsOf(c, ds))
		}
	}
	return r
}

// mixedTarget returns the phases' attainment target: the common one, or
// their mean weighted by matured cases (by cases while none has matured).
func mixedTarget(phases []Phase, fallback float64) float64 {
	if len(phases) == 0 {
		return fallback
	}
	first := phases[0].Attainment.Target
	if !slices.ContainsFunc(phases, func(p Phase) bool { return p.Attainment.Target != first }) {
		return first
	}
	var sum, weight float64
	for _, p := range phases {
		w := float64(p.Matured)
		sum, weight = sum+w*p.Attainment.Target, weight+w
	}
	if weight == 0 {
		for _, p := range phases {
			w := float64(p.Cases)
			sum, weight = sum+w*p.Attainment.Target, weight+w
		}
	}
	return sum / weight
}
