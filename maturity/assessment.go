package maturity

import (
	"fmt"
	"math"
	"time"
)

// Scale is the declared rating scale of competence and commitment. The
// zero Scale means 1–5 (the default).
type Scale struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

func (s Scale) bounds() (lo, hi float64) {
	if s.Min == 0 && s.Max == 0 {
		return 1, 5
	}
	return s.Min, s.Max
}

// Validate reports a scale whose Max is not above Min, or that is not
// finite. The error wraps [ErrInvalidScale].
func (s Scale) Validate() error {
	lo, hi := s.bounds()
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi <= lo {
		return fmt.Errorf("%w: %v–%v", ErrInvalidScale, lo, hi)
	}
	return nil
}

// Normalise maps a score on the scale to 0–1: (x − Min)/(Max − Min). A
// score off the scale is an error wrapping [ErrInvalidScore].
func (s Scale) Normalise(x float64) (float64, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	lo, hi := s.bounds()
	if math.IsNaN(x) || x < lo || x > hi {
		return 0, fmt.Errorf("%w: %v not in %v–%v", ErrInvalidScore, x, lo, hi)
	}
	return (x - lo) / (hi - lo), nil
}

// Rater says who rated an employee.
type Rater uint8

// Raters. The zero Rater is not valid.
const (
	Self Rater = iota + 1
	Leader
	OtherRater
)

// String returns "self", "leader" or "other".
func (r Rater) String() string {
	switch r {
	case Self:
		return "self"
	case Leader:
		return "leader"
	case OtherRater:
		return "other"
	}
	return fmt.Sprintf("Rater(%d)", uint8(r))
}

// Valid reports whether r is a known rater.
func (r Rater) Valid() bool { return r >= Self && r <= OtherRater }

// MarshalText implements [encoding.TextMarshaler].
func (r Rater) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, fmt.Errorf("%w: %d", ErrInvalidRater, uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (r *Rater) UnmarshalText(b []byte) error {
	for v := Self; v <= OtherRater; v++ {
		if string(b) == v.String() {
			*r = v
			return nil
		}
	}
	return fmt.Errorf("%w: %q", ErrInvalidRater, b)
}

// Assessment rates one employee's maturity for one task at an instant.
// Maturity is task-specific, so the task is required; a whole-job
// assessment is one task. Competence is the professional ("faglig") job
// maturity — knowledge, skills, experience; commitment the psychological
// maturity — motivation and confidence, "vilje til at ville". Each may be
// one rating or the mean of several items, on the declared scale.
type Assessment struct {
	Employee   string    `json:"employee"`
	Task       string    `json:"task"`
	Rater      Rater     `json:"rater"`
	RatedBy    string    `json:"ratedBy,omitempty"` // who rated (the leader's ID, say)
	At         time.Time `json:"at"`
	Scale      Scale     `json:"scale"`
	Competence float64   `json:"competence"`
	Commitment float64   `json:"commitment"`
}

// Validate checks the assessment: employee, task and instant set, a known
// rater, a valid scale and both scores on it. Errors wrap
// [ErrInvalidAssessment], [ErrInvalidRater], [ErrInvalidScale] or
// [ErrInvalidScore].
func (a Assessment) Validate() error {
	switch {
	case a.Employee == "":
		return fmt.Errorf("%w: no employee", ErrInvalidAssessment)
	case a.Task == "":
		return fmt.Errorf("%w: no task (maturity is task-specific; use one task for the whole job)", ErrInvalidAssessment)
	case a.At.IsZero():
		return fmt.Errorf("%w: no instant", ErrInvalidAssessment)
	case !a.Rater.Valid():
		return fmt.Errorf("%w: %d", ErrInvalidRater, uint8(a.Rater))
	}
	if _, err := a.Scale.Normalise(a.Competence); err != nil {
		return fmt.Errorf("competence: %w", err)
	}
	if _, err := a.Scale.Normalise(a.Commitment); err != nil {
		return fmt.Errorf("commitment: %w", err)
	}
	return nil
}

// Normalised returns competence and commitment on 0–1.
func (a Assessment) Normalised() (competence, commitment float64, err error) {
	if err := a.Validate(); err != nil {
		return 0, 0, err
	}
	competence, _ = a.Scale.Normalise(a.Competence)
	commitment, _ = a.Scale.Normalise(a.Commitment)
	return competence, commitment, nil
}

// DiagnosisGap is the self rating minus the leader's, on 0–1, for one
// employee and task. A large gap is itself a finding worth discussing.
type DiagnosisGap struct {
	Employee   string  `json:"employee"`
	Task       string  `json:"task"`
	Competence float64 `json:"competence"`
	Commitment float64 `json:"commitment"`
}

// Gap returns the diagnosis gap between a self and a leader assessment of
// the same employee and task. Anything else is an error wrapping
// [ErrInvalidAssessment].
func Gap(self, leader Assessment) (DiagnosisGap, error) {
	if self.Rater != Self || leader.Rater != Leader || self.Employee != leader.Employee || self.Task != leader.Task {
		return DiagnosisGap{}, fmt.Errorf("%w: a gap needs a self and a leader rating of one employee and task", ErrInvalidAssessment)
	}
	sc, sm, err := self.Normalised()
	if err != nil {
		return DiagnosisGap{}, err
	}
	lc, lm, err := leader.Normalised()
	if err != nil {
		return DiagnosisGap{}, err
	}
	return DiagnosisGap{Employee: self.Employee, Task: self.Task, Competence: sc - lc, Commitment: sm - lm}, nil
}
