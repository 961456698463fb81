package maturity

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Status is an employee's current level for one task at a reference
// instant, as [Current] reports it.
type Status struct {
	Employee string `json:"employee"`
	Task     string `json:"task"`
	// At is the instant of the assessment the classification rests on.
	At             time.Time      `json:"at"`
	Classification Classification `json:"classification"`
	// Rater is whose rating the classification rests on: [Leader] when the
	// employee has a leader rating for the task, else [Self], else
	// [OtherRater].
	Rater Rater `json:"rater"`
	// Competence and Commitment are that assessment's normalised scores
	// (0–1).
	Competence float64 `json:"competence"`
	Commitment float64 `json:"commitment"`
	// Gap is the latest self rating minus the latest leader rating when
	// both exist, else nil.
	Gap *DiagnosisGap `json:"gap,omitempty"`
}

// Current returns each employee's latest classification per task at the
// reference instant at, sorted by employee and then task. Assessments
// after at are ignored; every assessment is validated all the same, and
// the first invalid one is returned as an error.
//
// Each (employee, task) history is read in time order and classified with
// the classifier's hysteresis, each new classification taking the one
// reported before it as the previous one, so a score hovering at a cut-off
// does not flip the reported level.
//
// Rater disagreement (library rule): the "same period" is the latest self
// and the latest leader assessment up to the instant. The classification
// rests on the latest leader rating whenever one exists, however recent
// the self rating; with no leader rating it rests on the latest self
// rating, and with neither on the latest [OtherRater] rating; [Status.Rater]
// says which. When both a self and a leader rating exist, the
// [DiagnosisGap] between the latest of each is reported.
//
// Ties are deterministic: assessments at one instant are ordered by rater
// (self, leader, other), then RatedBy, competence and commitment, and of
// two by the same kind of rater at one instant the last in that order
// counts.
func Current(assessments []Assessment, at time.Time, c Classifier) ([]Status, error) {
	if at.IsZero() {
		return nil, fmt.Errorf("%w: no reference instant", ErrInvalidAssessment)
	}
	groups, err := groupAssessments(assessments, c)
	if err != nil {
		return nil, err
	}
	var out []Status
	for _, g := range groups {
		rs, latest, err := history(g, at, c)
		if err != nil {
			return nil, err
		}
		if len(rs) == 0 {
			continue
		}
		r := rs[len(rs)-1]
		s := Status{
			Employee:       r.basis.Employee,
			Task:           r.basis.Task,
			At:             r.basis.At,
			Classification: r.class,
			Rater:          r.basis.Rater,
			Competence:     r.comp,
			Commitment:     r.commit,
		}
		if latest[Self] != nil && latest[Leader] != nil {
			gap, err := Gap(*latest[Self], *latest[Leader])
			if err != nil {
				return nil, err
			}
			s.Gap = &gap
		}
		out = append(out, s)
	}
	return out, nil
}

// TeamView is the maturity distribution of a leader's team: one status
// per (employee, task) at a reference instant. Counts, Shares and Modal
// index levels from 0 (level 1, R1 or D1) to 3 (the top level).
//
// Individual maturity records are personal HR data; a view shown to
// anyone other than the leader and HR must follow the minimum-group rule
// of enps.
type TeamView struct {
	Model Model `json:"model"`
	// N is the number of statuses: (employee, task) pairs. An employee
	// assessed on two tasks counts twice; pass one task's statuses for a
	// per-task view.
	N      int        `json:"n"`
	Counts [4]int     `json:"counts"`
	Shares [4]float64 `json:"shares"`
	// Modal is the most common level, several on a tie, ascending; nil
	// for an empty team.
	Modal []Level `json:"modal"`
	// MeanCompetence and MeanCommitment are the means of the normalised
	// scores (0–1).
	MeanCompetence float64 `json:"meanCompetence"`
	MeanCommitment float64 `json:"meanCommitment"`
	// TopShare is the share at the top level (R4 or D4): as self-driven
	// and engaged as possible, the seed's aim.
	TopShare float64 `json:"topShare"`
	// RequiredStyles are the styles the team's levels call for, ascending.
	RequiredStyles []Style `json:"requiredStyles"`
	// FlexibilityGap are the required styles the leader does not use —
	// not in the LEAD profile's Primary ∪ Secondary — ascending; nil when
	// the leader uses them all. Without a profile every required style is
	// in the gap.
	FlexibilityGap []Style `json:"flexibilityGap"`
}

// Team summarises statuses — typically [Current]'s for one leader's
// employees — against the leader's LEAD profile, which may be nil. An
// empty team gives the zero view. Statuses under different models, or
// with an invalid level, are an error wrapping [ErrInvalidModel]; two
// statuses for one employee and task an error wrapping
// [ErrInvalidAssessment].
func Team(statuses []Status, lead *LEADProfile) (TeamView, error) {
	var v TeamView
	if len(statuses) == 0 {
		return v, nil
	}
	v.Model = statuses[0].Classification.Model
	type key struct{ employee, task string }
	seen := make(map[key]bool, len(statuses))
	for _, s := range statuses {
		cl := s.Classification
		switch {
		case !cl.Model.Valid() || !cl.Level.Valid():
			return TeamView{}, fmt.Errorf("%w: %s/%s has level %s", ErrInvalidModel, s.Employee, s.Task, cl.Label())
		case cl.Model != v.Model:
			return TeamView{}, fmt.Errorf("%w: the team mixes %s and %s levels", ErrInvalidModel, v.Model, cl.Model)
		}
		k := key{s.Employee, s.Task}
		if seen[k] {
			return TeamView{}, fmt.Errorf("%w: two statuses for %s/%s", ErrInvalidAssessment, s.Employee, s.Task)
		}
		seen[k] = true
		v.Counts[cl.Level-1]++
		v.MeanCompetence += s.Competence
		v.MeanCommitment += s.Commitment
	}
	v.N = len(statuses)
	n := float64(v.N)
	v.MeanCompetence /= n
	v.MeanCommitment /= n
	top := slices.Max(v.Counts[:])
	for i, c := range v.Counts {
		v.Shares[i] = float64(c) / n
		if c == 0 {
			continue
		}
		l := Level(i + 1)
		if c == top {
			v.Modal = append(v.Modal, l)
		}
		s := Recommend(l)
		v.RequiredStyles = append(v.RequiredStyles, s)
		if lead == nil || !lead.Uses(s) {
			v.FlexibilityGap = append(v.FlexibilityGap, s)
		}
	}
	v.TopShare = v.Shares[Top-1]
	return v, nil
}

// validate checks the classifier's model and thresholds.
func (c Classifier) validate() error {
	if !c.Model.Valid() {
		return fmt.Errorf("%w: model %d", ErrInvalidModel, c.Model)
	}
	return c.Thresholds.Validate()
}

// compareAssessments orders assessments by employee, task, instant, rater,
// RatedBy, competence and commitment.
func compareAssessments(a, b Assessment) int {
	return cmp.Or(
		cmp.Compare(a.Employee, b.Employee),
		cmp.Compare(a.Task, b.Task),
		a.At.Compare(b.At),
		cmp.Compare(a.Rater, b.Rater),
		cmp.Compare(a.RatedBy, b.RatedBy),
		cmp.Compare(a.Competence, b.Competence),
		cmp.Compare(a.Commitment, b.Commitment),
	)
}

// groupAssessments validates the classifier and the assessments and
// returns them sorted and split per (employee, task).
func groupAssessments(assessments []Assessment, c Classifier) ([][]Assessment, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	for _, a := range assessments {
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("%s/%s at %s: %w", a.Employee, a.Task, a.At.Format(time.RFC3339), err)
		}
	}
	sorted := slices.Clone(assessments)
	slices.SortFunc(sorted, compareAssessments)
	var groups [][]Assessment
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].Employee == sorted[i].Employee && sorted[j].Task == sorted[i].Task {
			j++
		}
		groups = append(groups, sorted[i:j:j])
		i = j
	}
	return groups, nil
}

// review is the reported status after an instant whose assessments
// changed the rating it rests on.
type review struct {
	basis        Assessment
	class        Classification
	comp, commit float64
}

// history walks one (employee, task) history, sorted and validated, up to
// and including at. After each instant the status rests on the latest
// leader rating, else the latest self rating, else the latest other
// rating; when that rating is new it is classified with the previous
// status as hysteresis state. It returns the reviews and the latest
// assessment per rater.
func history(as []Assessment, at time.Time, c Classifier) ([]review, [OtherRater + 1]*Assessment, error) {
	var (
		latest [OtherRater + 1]*Assessment
		out    []review
		cur    Classification
	)
	for i := 0; i < len(as) && !as[i].At.After(at); {
		instant := as[i].At
		for ; i < len(as) && as[i].At.Equal(instant); i++ {
			latest[as[i].Rater] = &as[i]
		}
		basis := latest[OtherRater]
		if latest[Self] != nil {
			basis = latest[Self]
		}
		if latest[Leader] != nil {
			basis = latest[Leader]
		}
		if !basis.At.Equal(instant) {
			continue // a rating that does not count came in
		}
		comp, commit, err := basis.Normalised()
		if err != nil {
			return nil, latest, err
		}
		cur, err = c.Classify(comp, commit, cur)
		if err != nil {
			return nil, latest, err
		}
		out = append(out, review{basis: *basis, class: cur, comp: comp, commit: commit})
	}
	return out, latest, nil
}
