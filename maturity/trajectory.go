package maturity

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Step is an employee's level for a task from an instant on.
type Step struct {
	At    time.Time `json:"at"`
	Level Level     `json:"level"`
	// Rater is whose rating the level rests on (see [Current]).
	Rater Rater `json:"rater"`
}

// CycleKind says which way a level change went.
type CycleKind uint8

// Cycle kinds (Hersey, Blanchard & Johnson, Management of Organizational
// Behavior). The zero CycleKind is not valid.
const (
	// Developmental: the level rose. The leader reduces direction step by
	// step and reinforces the progress.
	Developmental CycleKind = iota + 1
	// Regressive: the level fell. The leader steps back to more
	// direction.
	Regressive
)

// String returns "developmental" or "regressive".
func (k CycleKind) String() string {
	switch k {
	case Developmental:
		return "developmental"
	case Regressive:
		return "regressive"
	}
	return fmt.Sprintf("CycleKind(%d)", uint8(k))
}

// Cycle is one level change: developmental when the level rose,
// regressive when it fell.
type Cycle struct {
	Kind CycleKind `json:"kind"`
	From Level     `json:"from"`
	To   Level     `json:"to"`
	At   time.Time `json:"at"`
}

// Path is one employee's history of levels on one task up to an instant.
type Path struct {
	Employee string `json:"employee"`
	Task     string `json:"task"`
	Model    Model  `json:"model"`
	// Until is the instant the path runs to.
	Until time.Time `json:"until"`
	// Reviews are the level after each assessment the status rested on,
	// in time order; Steps only those where the level changed, the first
	// classification included.
	Reviews []Step `json:"reviews"`
	Steps   []Step `json:"steps"`
	// TimeAt is the time spent at each level (index 0 is level 1) from
	// the first assessment up to Until.
	TimeAt [4]time.Duration `json:"timeAt"`
	// TimeToTop is the time from the first assessment to the first at the
	// top level (R4 or D4); zero unless ReachedTop.
	TimeToTop  time.Duration `json:"timeToTop"`
	ReachedTop bool          `json:"reachedTop"`
	// Cycles are the level changes after the first classification.
	Cycles []Cycle `json:"cycles"`
}

// Trajectory classifies one employee's assessments of one task up to and
// including until, in time order and with hysteresis, under the same rater
// rule as [Current]: a level rests on the latest leader rating, else self,
// else other. Its last step is the level Current reports at until.
//
// No assessment, an assessment of another employee or task, or a zero
// until is an error wrapping [ErrInvalidAssessment]; invalid assessments
// and classifiers give their own errors. Assessments after until are
// ignored, so a path may have no steps.
func Trajectory(assessments []Assessment, c Classifier, until time.Time) (Path, error) {
	switch {
	case until.IsZero():
		return Path{}, fmt.Errorf("%w: no end instant", ErrInvalidAssessment)
	case len(assessments) == 0:
		return Path{}, fmt.Errorf("%w: no assessments", ErrInvalidAssessment)
	}
	groups, err := groupAssessments(assessments, c)
	if err != nil {
		return Path{}, err
	}
	if len(groups) > 1 {
		return Path{}, fmt.Errorf("%w: a trajectory is one employee on one task; got %s/%s and %s/%s",
			ErrInvalidAssessment, groups[0][0].Employee, groups[0][0].Task, groups[1][0].Employee, groups[1][0].Task)
	}
	rs, _, err := history(groups[0], until, c)
	if err != nil {
		return Path{}, err
	}
	p := Path{Employee: groups[0][0].Employee, Task: groups[0][0].Task, Model: c.Model, Until: until}
	for _, r := range rs {
		s := Step{At: r.basis.At, Level: r.class.Level, Rater: r.basis.Rater}
		p.Reviews = append(p.Reviews, s)
		if n := len(p.Steps); n == 0 || p.Steps[n-1].Level != s.Level {
			p.Steps = append(p.Steps, s)
		}
	}
	for i, s := range p.Steps {
		end := until
		if i+1 < len(p.Steps) {
			end = p.Steps[i+1].At
		}
		p.TimeAt[s.Level-1] += end.Sub(s.At)
		if s.Level == Top && !p.ReachedTop {
			p.ReachedTop = true
			p.TimeToTop = s.At.Sub(p.Steps[0].At)
		}
		if i > 0 {
			from := p.Steps[i-1].Level
			k := Developmental
			if s.Level < from {
				k = Regressive
			}
			p.Cycles = append(p.Cycles, Cycle{Kind: k, From: from, To: s.Level, At: s.At})
		}
	}
	return p, nil
}

// LevelAt returns the level at instant t: that of the last review at or
// before t, or 0 before the first.
func (p Path) LevelAt(t time.Time) Level {
	var l Level
	for _, r := range p.Reviews {
		if r.At.After(t) {
			break
		}
		l = r.Level
	}
	return l
}

// NextStyle moves a leader's style step styles (one when step is zero or
// negative; the library default is one per review) from current towards
// the recommended one, in either direction, never past it: towards S4 as
// readiness rises (the developmental cycle), towards S1 when it falls
// (the regressive cycle). With no valid current style it returns the
// recommendation; with no valid recommendation, current.
func NextStyle(current, recommended Style, step int) Style {
	switch {
	case !current.Valid():
		return recommended
	case !recommended.Valid():
		return current
	}
	if step <= 0 {
		step = 1
	}
	d := int(recommended) - int(current)
	if d > step {
		d = step
	} else if d < -step {
		d = -step
	}
	return Style(int(current) + d)
}

// AlertKind names a condition in a trajectory that calls for the leader's
// attention.
type AlertKind uint8

// Alert kinds. The zero AlertKind is not valid.
const (
	// Regression: the level fell at the last assessment.
	Regression AlertKind = iota + 1
	// Stagnation: no level change for a long time (18 months by default)
	// while below the top level.
	Stagnation
	// PersistentMismatch: the style used did not match the level on
	// several consecutive observations (2 by default).
	PersistentMismatch
)

// String returns "regression", "stagnation" or "persistent-mismatch".
func (k AlertKind) String() string {
	switch k {
	case Regression:
		return "regression"
	case Stagnation:
		return "stagnation"
	case PersistentMismatch:
		return "persistent-mismatch"
	}
	return fmt.Sprintf("AlertKind(%d)", uint8(k))
}

// AlertOptions tune [Alerts]. Zero or negative fields take the library's
// defaults, which are conveniences, not findings.
type AlertOptions struct {
	// StagnationMonths is how many calendar months without a level change
	// below the top level raise Stagnation; 18 when zero. Months are
	// counted with [time.Time.AddDate], which normalises: 31 August plus
	// 18 months is 3 March (2 March in a leap year).
	StagnationMonths int `json:"stagnationMonths,omitempty"`
	// Mismatches is how many consecutive observations must miss the
	// recommended style to raise PersistentMismatch; 2 when zero.
	Mismatches int `json:"mismatches,omitempty"`
}

// Alert is a condition in one employee's trajectory on one task.
type Alert struct {
	Kind     AlertKind `json:"kind"`
	Employee string    `json:"employee"`
	Task     string    `json:"task"`
	// At is when the condition began: the assessment at which the level
	// fell (Regression), the last level change (Stagnation), or the first
	// observation of the mismatching run (PersistentMismatch).
	At time.Time `json:"at"`
	// Level is the level at the reference instant.
	Level Level `json:"level"`
	// From is the level before the fall (Regression only).
	From Level `json:"from,omitempty"`
	// Count is the length of the mismatching run and Fit the latest
	// observation's fit (PersistentMismatch only).
	Count int `json:"count,omitempty"`
	Fit   Fit `json:"fit,omitzero"`
}

// Alerts returns the conditions that hold in the path at the reference
// instant at, in the order Regression, Stagnation, PersistentMismatch.
// Only reviews and observations at or before at count.
//
//   - Regression: the last assessment lowered the level.
//   - Stagnation: the level has not changed for opts.StagnationMonths
//     calendar months while below the top level.
//   - PersistentMismatch: the latest opts.Mismatches or more observations
//     of a leader's style with this employee on this task all miss the
//     recommended style (fit ≠ [Match]), each judged against the level
//     current at its own instant. Observations of other employees or
//     tasks, invalid ones, and those before the first assessment are
//     skipped; observations at one instant are ordered by leader, source
//     and style.
func Alerts(p Path, observations []StyleObservation, at time.Time, opts AlertOptions) []Alert {
	months := opts.StagnationMonths
	if months <= 0 {
		months = 18
	}
	need := opts.Mismatches
	if need <= 0 {
		need = 2
	}
	level := p.LevelAt(at)
	var out []Alert
	alert := func(k AlertKind, since time.Time) Alert {
		return Alert{Kind: k, Employee: p.Employee, Task: p.Task, At: since, Level: level}
	}

	var rs []Step
	for _, r := range p.Reviews {
		if !r.At.After(at) {
			rs = append(rs, r)
		}
	}
	if n := len(rs); n >= 2 && rs[n-1].Level < rs[n-2].Level {
		a := alert(Regression, rs[n-1].At)
		a.From = rs[n-2].Level
		out = append(out, a)
	}

	var last *Step
	for i := range p.Steps {
		if !p.Steps[i].At.After(at) {
			last = &p.Steps[i]
		}
	}
	if last != nil && last.Level < Top && !at.Before(last.At.AddDate(0, months, 0)) {
		out = append(out, alert(Stagnation, last.At))
	}

	var obs []StyleObservation
	for _, o := range observations {
		if o.Employee == p.Employee && o.Task == p.Task && o.Validate() == nil && !o.At.After(at) && p.LevelAt(o.At).Valid() {
			obs = append(obs, o)
		}
	}
	slices.SortFunc(obs, func(a, b StyleObservation) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Leader, b.Leader), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Style, b.Style))
	})
	run := 0
	var latest Fit
	for i := len(obs) - 1; i >= 0; i-- {
		f, err := FitOf(obs[i].Style, p.LevelAt(obs[i].At))
		if err != nil || f.Kind == Match {
			break
		}
		if run == 0 {
			latest = f
		}
		run++
	}
	if run >= need {
		a := alert(PersistentMismatch, obs[len(obs)-run].At)
		a.Count, a.Fit = run, latest
		out = append(out, a)
	}
	return out
}
