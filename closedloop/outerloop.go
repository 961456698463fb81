package closedloop

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// Sentinel errors of the outer loop.
var (
	// ErrInvalidIssue reports an issue that is incomplete or inconsistent:
	// no ID or title, an unknown source or status, an accepted issue
	// without an accountable owner or a priority, a priority whose score
	// does not follow from its criteria, blank entries in its lists.
	ErrInvalidIssue = errors.New("closedloop: invalid issue")
	// ErrInvalidPlan reports an action plan or operational target that is
	// incomplete or inconsistent: no scope, a goal outside [−100, 100], no
	// operational target, a target without metric, unit, bound, owner or
	// deadline, or a deadline before the plan was made.
	ErrInvalidPlan = errors.New("closedloop: invalid action plan")
	// ErrUnusableEstimate reports a driver estimate ([nps.TargetEstimate])
	// that cannot set an operational target: its fit does not reach the
	// NPS goal within the observed data, or its interval is unbounded.
	ErrUnusableEstimate = errors.New("closedloop: estimate cannot set an operational target")
)

// IssueSource says where an issue of the outer loop was raised.
type IssueSource uint8

const (
	// SourceHuddle: a team raised it at a huddle, from a recurring root
	// cause ([Candidate]) or the team's experience.
	SourceHuddle IssueSource = iota + 1
	// SourceAnalysis: an analysis found it, such as a root-cause Pareto
	// ([RootCausePareto]) or a driver analysis.
	SourceAnalysis
	// SourceLeadership: the leadership review raised it.
	SourceLeadership
)

var sourceNames = [...]string{SourceHuddle: "huddle", SourceAnalysis: "analysis", SourceLeadership: "leadership"}

// String returns "huddle", "analysis" or "leadership".
func (s IssueSource) String() string {
	if int(s) < len(sourceNames) && sourceNames[s] != "" {
		return sourceNames[s]
	}
	return fmt.Sprintf("IssueSource(%d)", int(s))
}

// MarshalText encodes the source as its name.
func (s IssueSource) MarshalText() ([]byte, error) {
	if int(s) < len(sourceNames) && sourceNames[s] != "" {
		return []byte(sourceNames[s]), nil
	}
	return nil, fmt.Errorf("%w: source %d", ErrInvalidIssue, int(s))
}

// UnmarshalText decodes a source's name.
func (s *IssueSource) UnmarshalText(b []byte) error {
	if i := slices.Index(sourceNames[:], string(b)); i > 0 {
		*s = IssueSource(i)
		return nil
	}
	return fmt.Errorf("%w: unknown source %q", ErrInvalidIssue, b)
}

// IssueStatus is where an issue stands: Proposed → Accepted → InProgress →
// Done, or Rejected from any status before Done.
type IssueStatus uint8

const (
	// IssueProposed: raised, not yet decided on.
	IssueProposed IssueStatus = iota + 1
	// IssueAccepted: to be worked on, with an accountable owner and a
	// priority.
	IssueAccepted
	// IssueInProgress: being worked on.
	IssueInProgress
	// IssueDone: resolved.
	IssueDone
	// IssueRejected: not to be worked on (any longer), for a stated
	// reason.
	IssueRejected
)

var statusNames = [...]string{IssueProposed: "proposed", IssueAccepted: "accepted",
	IssueInProgress: "in progress", IssueDone: "done", IssueRejected: "rejected"}

// String returns "proposed", "accepted", "in progress", "done" or
// "rejected".
func (s IssueStatus) String() string {
	if int(s) < len(statusNames) && statusNames[s] != "" {
		return statusNames[s]
	}
	return fmt.Sprintf("IssueStatus(%d)", int(s))
}

// MarshalText encodes the status as its name.
func (s IssueStatus) MarshalText() ([]byte, error) {
	if int(s) < len(statusNames) && statusNames[s] != "" {
		return []byte(statusNames[s]), nil
	}
	return nil, fmt.Errorf("%w: status %d", ErrInvalidIssue, int(s))
}

// UnmarshalText decodes a status's name.
func (s *IssueStatus) UnmarshalText(b []byte) error {
	if i := slices.Index(statusNames[:], string(b)); i > 0 {
		*s = IssueStatus(i)
		return nil
	}
	return fmt.Errorf("%w: unknown status %q", ErrInvalidIssue, b)
}

// Final reports whether the issue is settled: Done or Rejected.
func (s IssueStatus) Final() bool { return s == IssueDone || s == IssueRejected }

// issueNext lists the statuses each status may move to.
var issueNext = [...][]IssueStatus{
	IssueProposed:   {IssueAccepted, IssueRejected},
	IssueAccepted:   {IssueInProgress, IssueRejected},
	IssueInProgress: {IssueDone, IssueRejected},
}

// Priority is an issue's prioritisation by explicit, documented criteria,
// as the outer loop asks: how often the problem occurs, how much it hurts
// when it does, and what fixing it costs, scored as
//
//	Score = Frequency × Impact ÷ Effort
//
// so that frequent, harmful problems that are cheap to fix come first. The
// scales are the host's — cases in the last 90 days, NPS points lost per
// case or a 1–5 rating, person-days — and Criteria states them in words.
// Criteria and scores are stored together, so a later reader sees why an
// issue ranked where it did; compare scores only between issues scored on
// the same criteria. Build one with [NewPriority]. The zero Priority means
// not yet prioritised.
type Priority struct {
	Frequency float64 `json:"frequency"` // how often, ≥ 0
	Impact    float64 `json:"impact"`    // how much it hurts, ≥ 0
	Effort    float64 `json:"effort"`    // what fixing it costs, > 0
	Score     float64 `json:"score"`     // Frequency × Impact ÷ Effort
	Criteria  string  `json:"criteria"`  // the scales, in words
}

// NewPriority scores an issue on the criteria described (see [Priority]).
// Negative, NaN or infinite inputs, an effort that is not positive, blank
// criteria or a score that overflows are errors wrapping [ErrInvalidIssue].
func NewPriority(frequency, impact, effort float64, criteria string) (Priority, error) {
	p := Priority{Frequency: frequency, Impact: impact, Effort: effort, Criteria: criteria,
		Score: frequency * impact / effort}
	return p, p.Validate()
}

// Validate reports whether the priority is complete and its score follows
// from its inputs (to a relative 1e-9). Errors wrap [ErrInvalidIssue].
func (p Priority) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case !finite(p.Frequency) || !finite(p.Impact) || !finite(p.Effort) || !finite(p.Score):
		return fmt.Errorf("%w: priority with a value that is not finite: %+v", ErrInvalidIssue, p)
	case p.Frequency < 0 || p.Impact < 0:
		return fmt.Errorf("%w: negative frequency %g or impact %g", ErrInvalidIssue, p.Frequency, p.Impact)
	case p.Effort <= 0:
		return fmt.Errorf("%w: effort %g is not positive", ErrInvalidIssue, p.Effort)
	case strings.TrimSpace(p.Criteria) == "":
		return fmt.Errorf("%w: priority without criteria: state the scales", ErrInvalidIssue)
	}
	if want := p.Frequency * p.Impact / p.Effort; math.Abs(p.Score-want) > 1e-9*max(1, math.Abs(want)) {
		return fmt.Errorf("%w: score %g is not frequency × impact ÷ effort = %g", ErrInvalidIssue, p.Score, want)
	}
	return nil
}

// Communication records that an issue was made known to units: when, by
// whom, and to which.
type Communication struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
	To []string  `json:"to"`
}

// IssueChange is one entry of an issue's history: when, who, the status
// after the change, and what changed.
type IssueChange struct {
	At     time.Time   `json:"at"`
	By     string      `json:"by"`
	Status IssueStatus `json:"status"`
	Detail string      `json:"detail"`
}

// Issue is a problem the outer loop works on: a cause of unhappy customers
// that no single follow-up can fix, with the cases and comments that show
// it, a priority by explicit criteria, and an accountable owner. It is a
// plain value the host stores; its methods validate each change, record it
// in History with who and when, and change nothing when they return an
// error. An action the status does not allow is an error wrapping
// [ErrInvalidTransition]; an invalid argument one wrapping
// [ErrInvalidIssue]. Changes must come in time order: an instant before
// the last change is refused.
type Issue struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// RootCauses are the root-cause tags the issue is about (see
	// [DefaultRootCauses]).
	RootCauses []string `json:"root_causes,omitempty"`
	// LinkedCases are IDs of follow-up cases that show the issue.
	LinkedCases []string `json:"linked_cases,omitempty"`
	// LinkedComments are IDs of responses, NPS or eNPS, whose comments
	// show the issue.
	LinkedComments []string    `json:"linked_comments,omitempty"`
	Source         IssueSource `json:"source"`
	Priority       Priority    `json:"priority,omitzero"`
	// Owner is accountable for the issue; required from acceptance on.
	Owner        string          `json:"owner,omitempty"`
	Status       IssueStatus     `json:"status"`
	Communicated []Communication `json:"communicated,omitempty"`
	History      []IssueChange   `json:"history"`
}

// NewIssue proposes an issue raised from source, at the instant at, by the
// actor by. A blank ID, title or actor,
// an unknown source or a zero instant is an error wrapping
// [ErrInvalidIssue].
func NewIssue(id, title string, source IssueSource, at time.Time, by string) (Issue, error) {
	i := Issue{ID: id, Title: title, Source: source, Status: IssueProposed}
	switch {
	case strings.TrimSpace(by) == "":
		return Issue{}, fmt.Errorf("%w: issue %q proposed by nobody", ErrInvalidIssue, id)
	case at.IsZero():
		return Issue{}, fmt.Errorf("%w: issue %q proposed at a zero instant", ErrInvalidIssue, id)
	}
	i.History = []IssueChange{{At: at, By: by, Status: IssueProposed, Detail: "proposed from " + source.String()}}
	if err := i.Validate(); err != nil {
		return Issue{}, err
	}
	return i, nil
}

// Propose turns the candidate into a proposed issue raised at a huddle: its
// cause is the title and the root cause, its cases are linked. Errors are
// those of [NewIssue].
func (c Candidate) Propose(id string, at time.Time, by string) (Issue, error) {
	i, err := NewIssue(id, c.Cause, SourceHuddle, at, by)
	if err != nil {
		return Issue{}, err
	}
	i.RootCauses, i.LinkedCases = []string{c.Cause}, slices.Clone(c.Cases)
	return i, nil
}

func (i *Issue) deny(action, reason string) error {
	return fmt.Errorf("%w: issue %s is %s: cannot %s: %s", ErrInvalidTransition, i.ID, i.Status, action, reason)
}

// check validates the actor and instant of a change.
func (i *Issue) check(action string, at time.Time, by string) error {
	switch {
	case strings.TrimSpace(by) == "":
		return i.deny(action, "no actor")
	case at.IsZero():
		return i.deny(action, "zero instant")
	case len(i.History) > 0 && at.Before(i.History[len(i.History)-1].At):
		return i.deny(action, fmt.Sprintf("%v is before the last change at %v", at, i.History[len(i.History)-1].At))
	}
	return nil
}

func (i *Issue) record(at time.Time, by, detail string) {
	i.History = append(i.History, IssueChange{At: at, By: by, Status: i.Status, Detail: detail})
}

// SetStatus moves the issue to status to: Proposed → Accepted →
// InProgress → Done, or to Rejected from any status before Done.
// Accepting needs an accountable owner ([Issue.Assign]) and a priority
// ([Issue.Prioritise]), so that every issue worked on has both; rejecting
// needs the reason as note, which the history keeps. Any other move, or
// staying put, is an error wrapping [ErrInvalidTransition].
func (i *Issue) SetStatus(at time.Time, by string, to IssueStatus, note string) error {
	action := "move to " + to.String()
	if err := i.check(action, at, by); err != nil {
		return err
	}
	var next []IssueStatus
	if int(i.Status) < len(issueNext) {
		next = issueNext[i.Status]
	}
	switch {
	case len(next) == 0:
		return i.deny(action, "settled or unknown status")
	case !slices.Contains(next, to):
		return i.deny(action, fmt.Sprintf("allowed next: %v", next))
	case to == IssueAccepted && strings.TrimSpace(i.Owner) == "":
		return i.deny(action, "no accountable owner: assign one first")
	case to == IssueAccepted && i.Priority == (Priority{}):
		return i.deny(action, "not prioritised: state the criteria and scores first")
	case to == IssueRejected && strings.TrimSpace(note) == "":
		return i.deny(action, "give the reason")
	}
	detail := i.Status.String() + " → " + to.String()
	if note != "" {
		detail += ": " + note
	}
	i.Status = to
	i.record(at, by, detail)
	return nil
}

// Assign makes owner accountable for the issue, replacing any earlier
// owner; assigning the current owner changes nothing. A settled issue
// cannot be reassigned.
func (i *Issue) Assign(at time.Time, by, owner string) error {
	if err := i.check("assign", at, by); err != nil {
		return err
	}
	switch {
	case i.Status.Final():
		return i.deny("assign", "settled")
	case strings.TrimSpace(owner) == "":
		return i.deny("assign", "no owner")
	case owner == i.Owner:
		return nil
	}
	detail := "owner " + owner
	if i.Owner != "" {
		detail = "owner " + i.Owner + " → " + owner
	}
	i.Owner = owner
	i.record(at, by, detail)
	return nil
}

// Prioritise sets the issue's priority, replacing any earlier one; the
// history keeps the scores and criteria of each. An invalid priority is an
// error wrapping [ErrInvalidIssue]; a settled issue cannot be
// reprioritised.
func (i *Issue) Prioritise(at time.Time, by string, p Priority) error {
	if err := i.check("prioritise", at, by); err != nil {
		return err
	}
	if i.Status.Final() {
		return i.deny("prioritise", "settled")
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("issue %s: %w", i.ID, err)
	}
	i.Priority = p
	i.record(at, by, fmt.Sprintf("priority %g = frequency %g × impact %g ÷ effort %g (%s)",
		p.Score, p.Frequency, p.Impact, p.Effort, p.Criteria))
	return nil
}

// Communicate records that the issue, in whatever status, was made known
// to units (teams, departments), so that the employees concerned learn
// what is done about what customers said. Repeated units are recorded
// once; no unit, or a blank one, is an error wrapping [ErrInvalidIssue].
func (i *Issue) Communicate(at time.Time, by string, units ...string) error {
	if err := i.check("communicate", at, by); err != nil {
		return err
	}
	if len(units) == 0 || slices.ContainsFunc(units, blankText) {
		return fmt.Errorf("%w: issue %s communicated to no unit or a blank one: %q", ErrInvalidIssue, i.ID, units)
	}
	to := slices.Clone(units)
	slices.Sort(to)
	to = slices.Compact(to)
	i.Communicated = append(i.Communicated, Communication{At: at, By: by, To: to})
	i.record(at, by, "communicated to "+strings.Join(to, ", "))
	return nil
}

// Validate reports whether the issue is complete and consistent: an ID and
// a title, a known source and status, an accountable owner and a priority
// once accepted (Accepted, InProgress, Done), a valid priority if any, no
// blank entries in its lists, and a history. Errors wrap
// [ErrInvalidIssue].
func (i Issue) Validate() error {
	bad := func(what string) error { return fmt.Errorf("%w: issue %q: %s", ErrInvalidIssue, i.ID, what) }
	worked := i.Status == IssueAccepted || i.Status == IssueInProgress || i.Status == IssueDone
	switch {
	case blankText(i.ID):
		return bad("empty ID")
	case blankText(i.Title):
		return bad("empty title")
	case int(i.Source) >= len(sourceNames) || sourceNames[i.Source] == "":
		return bad(fmt.Sprintf("unknown source %d", int(i.Source)))
	case int(i.Status) >= len(statusNames) || statusNames[i.Status] == "":
		return bad(fmt.Sprintf("unknown status %d", int(i.Status)))
	case worked && blankText(i.Owner):
		return bad("no accountable owner")
	case worked && i.Priority == (Priority{}):
		return bad("not prioritised")
	case slices.ContainsFunc(i.RootCauses, blankText), slices.ContainsFunc(i.LinkedCases, blankText),
		slices.ContainsFunc(i.LinkedComments, blankText):
		return bad("blank root cause, case or comment")
	case len(i.History) == 0:
		return bad("no history")
	}
	if i.Priority != (Priority{}) {
		if err := i.Priority.Validate(); err != nil {
			return fmt.Errorf("issue %q: %w", i.ID, err)
		}
	}
	for _, c := range i.Communicated {
		if c.At.IsZero() || len(c.To) == 0 || slices.ContainsFunc(c.To, blankText) {
			return bad("communication without instant or units")
		}
	}
	return nil
}

// Clone returns a deep copy of the issue.
func (i Issue) Clone() Issue {
	i.RootCauses = slices.Clone(i.RootCauses)
	i.LinkedCases = slices.Clone(i.LinkedCases)
	i.LinkedComments = slices.Clone(i.LinkedComments)
	i.Communicated = slices.Clone(i.Communicated)
	for k := range i.Communicated {
		i.Communicated[k].To = slices.Clone(i.Communicated[k].To)
	}
	i.History = slices.Clone(i.History)
	return i
}

func blankText(s string) bool { return strings.TrimSpace(s) == "" }

// ParetoItem is one root cause of a [Pareto]: the cases it tags, its share
// of all tags, and the cumulative share of it and every cause before it.
type ParetoItem struct {
	Cause      string  `json:"cause"`
	Count      int     `json:"count"`
	Share      float64 `json:"share"`
	Cumulative float64 `json:"cumulative"`
}

// Pareto ranks root causes by how many cases they tag, so the outer loop
// can see the vital few. A case with two causes counts for both: shares
// are of all tags, not of cases, so that the cumulative share of the last
// cause is exactly 1.
type Pareto struct {
	// Items are the causes by count, largest first, then by name.
	Items []ParetoItem `json:"items"`
	// Cases counts the cases read, tagged or not; Untagged those without
	// a root cause, which no item includes. A large Untagged share means
	// the Pareto describes few of the cases.
	Cases    int `json:"cases"`
	Untagged int `json:"untagged"`
}

// RootCausePareto counts the root causes of the cases a stream yields (a
// [Store]'s Cases with a [CaseFilter] for the period and scope). Tags are
// trimmed, blank ones ignored, and a cause repeated on one case counted
// once. Memory is proportional to the distinct causes. An error from the
// stream is returned wrapped.
func RootCausePareto(cases iter.Seq2[Case, error]) (Pareto, error) {
	var p Pareto
	counts := map[string]int{}
	total := 0
	for c, err := range cases {
		if err != nil {
			return Pareto{}, fmt.Errorf("closedloop: reading cases: %w", err)
		}
		p.Cases++
		causes := distinctCauses(c.RootCauses)
		if len(causes) == 0 {
			p.Untagged++
		}
		for _, cause := range causes {
			counts[cause]++
			total++
		}
	}
	p.Items = make([]ParetoItem, 0, len(counts))
	for cause, n := range counts {
		p.Items = append(p.Items, ParetoItem{Cause: cause, Count: n})
	}
	slices.SortFunc(p.Items, func(a, b ParetoItem) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Cause, b.Cause))
	})
	cum := 0
	for k := range p.Items {
		cum += p.Items[k].Count
		p.Items[k].Share = float64(p.Items[k].Count) / float64(total)
		p.Items[k].Cumulative = float64(cum) / float64(total)
	}
	return p, nil
}

// Bound says which side of an operational target meets it.
type Bound uint8

const (
	// AtMost: values up to the target meet it, as with the hours to fix
	// a fault.
	AtMost Bound = iota + 1
	// AtLeast: values from the target up meet it, as with the share of
	// faults fixed at the first visit.
	AtLeast
)

var boundNames = [...]string{AtMost: "at most", AtLeast: "at least"}

// String returns "at most" or "at least".
func (b Bound) String() string {
	if int(b) < len(boundNames) && boundNames[b] != "" {
		return boundNames[b]
	}
	return fmt.Sprintf("Bound(%d)", int(b))
}

// MarshalText encodes the bound as its name.
func (b Bound) MarshalText() ([]byte, error) {
	if int(b) < len(boundNames) && boundNames[b] != "" {
		return []byte(boundNames[b]), nil
	}
	return nil, fmt.Errorf("%w: bound %d", ErrInvalidPlan, int(b))
}

// UnmarshalText decodes a bound's name.
func (b *Bound) UnmarshalText(s []byte) error {
	if i := slices.Index(boundNames[:], string(s)); i > 0 {
		*b = Bound(i)
		return nil
	}
	return fmt.Errorf("%w: unknown bound %q", ErrInvalidPlan, s)
}

// OperationalTarget is an NPS goal made operational: a metric the
// employees control, the value to reach, who answers for it and by when.
// Basis records how the value was set, for example from a driver analysis
// ([TargetFromDriver]).
type OperationalTarget struct {
	Metric   string    `json:"metric"` // e.g. "time to fix faults"
	Bound    Bound     `json:"bound"`
	Target   float64   `json:"target"`
	Unit     string    `json:"unit"` // e.g. "hours"
	Owner    string    `json:"owner"`
	Deadline time.Time `json:"deadline"`
	Basis    string    `json:"basis,omitempty"`
}

// Met reports whether an observed value of the metric meets the target.
func (t OperationalTarget) Met(value float64) bool {
	switch t.Bound {
	case AtMost:
		return value <= t.Target
	case AtLeast:
		return value >= t.Target
	}
	return false
}

// String describes the target, e.g. "time to fix faults at most 12 hours
// by 2027-03-31 (owner lise)".
func (t OperationalTarget) String() string {
	return fmt.Sprintf("%s %s %.4g %s by %s (owner %s)", t.Metric, t.Bound, t.Target, t.Unit,
		t.Deadline.Format(time.DateOnly), t.Owner)
}

// Validate reports whether the target is complete: a metric, a known
// bound, a finite target, a unit, an owner and a deadline. Errors wrap
// [ErrInvalidPlan].
func (t OperationalTarget) Validate() error {
	bad := func(what string) error { return fmt.Errorf("%w: target %q: %s", ErrInvalidPlan, t.Metric, what) }
	switch {
	case blankText(t.Metric):
		return bad("no metric")
	case t.Bound != AtMost && t.Bound != AtLeast:
		return bad(fmt.Sprintf("unknown bound %d", int(t.Bound)))
	case math.IsNaN(t.Target) || math.IsInf(t.Target, 0):
		return bad(fmt.Sprintf("target %g is not finite", t.Target))
	case blankText(t.Unit):
		return bad("no unit")
	case blankText(t.Owner):
		return bad("no owner")
	case t.Deadline.IsZero():
		return bad("no deadline")
	}
	return nil
}

// TargetFromDriver operationalises an NPS goal with a driver estimate
// ([nps.Driver.Target] at the goal): the target is the estimate's Value,
// the value of the metric (in unit) at which the fitted NPS reaches the
// goal, AtMost when the NPS falls with the metric and AtLeast when it
// rises. Basis records the method, the goal, the interval and any caveats.
//
// Value is a point estimate. A cautious plan may prefer the interval's
// limit on the safe side — est.Lower for AtMost, est.Upper for AtLeast —
// and set Target to it; Basis keeps both. Either way the estimate
// describes an association, not an effect (see [nps.Driver]).
//
// An estimate that does not reach the goal within the observed data
// (Reached false: a target there would be an extrapolation), whose interval
// is unbounded (the data cannot locate the value), or without a direction
// or a finite value is refused with an error wrapping
// [ErrUnusableEstimate] that says why. A blank metric, unit or owner or a
// zero deadline is an error wrapping [ErrInvalidPlan].
func TargetFromDriver(metric, unit string, est nps.TargetEstimate, owner string, deadline time.Time) (OperationalTarget, error) {
	if blankText(metric) || blankText(unit) || blankText(owner) || deadline.IsZero() {
		return OperationalTarget{}, fmt.Errorf("%w: target %q needs a metric, a unit, an owner and a deadline",
			ErrInvalidPlan, metric)
	}
	refuse := func(why string) (OperationalTarget, error) {
		return OperationalTarget{}, fmt.Errorf("%w: %s for NPS %g: %s", ErrUnusableEstimate, metric, est.Target, why)
	}
	switch {
	case !est.Reached:
		return refuse(fmt.Sprintf("the fit does not reach it within the observed %g–%g %s; a target there would be an extrapolation",
			est.Min, est.Max, unit))
	case !est.Bounded():
		return refuse(fmt.Sprintf("the %g%% interval [%g, %g] is unbounded: the data cannot locate the value",
			100*est.Level, est.Lower, est.Upper))
	case est.Direction != -1 && est.Direction != 1:
		return refuse(fmt.Sprintf("no direction (%d): the estimate does not say whether less or more is better", est.Direction))
	case math.IsNaN(est.Value) || math.IsInf(est.Value, 0):
		return refuse(fmt.Sprintf("value %g is not finite", est.Value))
	}
	t := OperationalTarget{Metric: metric, Bound: AtMost, Target: est.Value, Unit: unit, Owner: owner, Deadline: deadline}
	if est.Direction > 0 {
		t.Bound = AtLeast
	}
	t.Basis = fmt.Sprintf("%s fit of %d responses: NPS %g at %.4g %s, %g%% interval %.4g–%.4g",
		est.Method, est.N, est.Target, est.Value, unit, 100*est.Level, est.Lower, est.Upper)
	if est.Caveats != 0 {
		t.Basis += "; caveats: " + est.Caveats.String()
	}
	return t, nil
}

// ActionPlan is the outer loop's plan for a scope (a unit, a department,
// the company): an NPS goal, operationalised into targets the employees
// control, the actions that will get there, the issues it addresses and
// the units it was communicated to, so that every employee concerned
// knows it.
type ActionPlan struct {
	Scope string `json:"scope"`
	// Goal is the NPS to reach, in points, e.g. 80.
	Goal float64 `json:"goal"`
	// Targets operationalise the goal; a plan needs at least one.
	Targets []OperationalTarget `json:"targets"`
	Actions []string            `json:"actions,omitempty"`
	// Issues are the IDs of the issues the plan addresses.
	Issues         []string  `json:"issues,omitempty"`
	CommunicatedTo []string  `json:"communicated_to,omitempty"` // units
	Created        time.Time `json:"created"`
}

// Validate reports whether the plan is complete: a scope, a goal in
// [−100, 100], a creation instant, at least one valid target whose
// deadline is after the plan was made, and no blank or (for units)
// repeated entries in its lists. Errors wrap [ErrInvalidPlan].
func (p ActionPlan) Validate() error {
	bad := func(what string) error { return fmt.Errorf("%w: plan for %q: %s", ErrInvalidPlan, p.Scope, what) }
	switch {
	case blankText(p.Scope):
		return bad("no scope")
	case math.IsNaN(p.Goal) || p.Goal < -100 || p.Goal > 100:
		return bad(fmt.Sprintf("goal %g is outside [−100, 100]", p.Goal))
	case p.Created.IsZero():
		return bad("no creation instant")
	case len(p.Targets) == 0:
		return bad("no operational target: the goal is not operationalised")
	case slices.ContainsFunc(p.Actions, blankText), slices.ContainsFunc(p.Issues, blankText),
		slices.ContainsFunc(p.CommunicatedTo, blankText):
		return bad("blank action, issue or unit")
	}
	for k, u := range p.CommunicatedTo {
		if slices.Contains(p.CommunicatedTo[:k], u) {
			return bad(fmt.Sprintf("unit %q listed twice", u))
		}
	}
	for _, t := range p.Targets {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("plan for %q: %w", p.Scope, err)
		}
		if !t.Deadline.After(p.Created) {
			return bad(fmt.Sprintf("target %q is due %v, not after the plan was made", t.Metric, t.Deadline))
		}
	}
	return nil
}
