package maturity

import (
	"fmt"
	"math"
	"time"
)

// RefreshKind is the kind of new job content an employee was given.
type RefreshKind uint8

// Refresh kinds, prefixed to keep them apart from the [ChecklistItem]s
// of the same names. The zero RefreshKind is not valid.
const (
	RefreshResponsibility RefreshKind = iota + 1 // a new area of responsibility
	RefreshRotation                              // a job rotation
	RefreshProject                               // a new project
	RefreshProgramme                             // a development programme
)

var refreshNames = [...]string{"", "new-responsibility", "rotation", "project", "development-programme"}

// String returns "new-responsibility", "rotation", "project" or
// "development-programme".
func (k RefreshKind) String() string {
	if !k.Valid() {
		return fmt.Sprintf("RefreshKind(%d)", uint8(k))
	}
	return refreshNames[k]
}

// Valid reports whether k is a known kind.
func (k RefreshKind) Valid() bool { return k >= RefreshResponsibility && k <= RefreshProgramme }

// MarshalText implements [encoding.TextMarshaler].
func (k RefreshKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w: unknown refresh kind %d", ErrInvalidObservation, uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *RefreshKind) UnmarshalText(b []byte) error {
	for v := RefreshResponsibility; v <= RefreshProgramme; v++ {
		if string(b) == v.String() {
			*k = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown refresh kind %q", ErrInvalidObservation, b)
}

// Refresh is new job content given to an employee at an instant.
type Refresh struct {
	Kind RefreshKind `json:"kind"`
	At   time.Time   `json:"at"`
}

// Validate checks the refresh: a known kind and an instant. Errors wrap
// [ErrInvalidObservation].
func (r Refresh) Validate() error {
	switch {
	case !r.Kind.Valid():
		return fmt.Errorf("%w: unknown refresh kind %d", ErrInvalidObservation, uint8(r.Kind))
	case r.At.IsZero():
		return fmt.Errorf("%w: refresh without an instant", ErrInvalidObservation)
	}
	return nil
}

// ContentAge returns how long the employee's job content has gone without
// renewal at the instant at: at − max(roleStart, last refresh). Refreshes
// before roleStart belong to an earlier role and those after at have not
// happened yet; both are ignored. A zero roleStart or at, an at before
// roleStart, or an invalid refresh is an error wrapping
// [ErrInvalidObservation].
func ContentAge(roleStart time.Time, refreshes []Refresh, at time.Time) (time.Duration, error) {
	anchor, err := contentAnchor(roleStart, refreshes, at)
	if err != nil {
		return 0, err
	}
	return at.Sub(anchor), nil
}

// contentAnchor returns max(roleStart, last refresh up to at).
func contentAnchor(roleStart time.Time, refreshes []Refresh, at time.Time) (time.Time, error) {
	switch {
	case roleStart.IsZero() || at.IsZero():
		return time.Time{}, fmt.Errorf("%w: role start and reference instant are required", ErrInvalidObservation)
	case at.Before(roleStart):
		return time.Time{}, fmt.Errorf("%w: reference instant %s before the role start %s",
			ErrInvalidObservation, at.Format(time.RFC3339), roleStart.Format(time.RFC3339))
	}
	anchor := roleStart
	for _, r := range refreshes {
		if err := r.Validate(); err != nil {
			return time.Time{}, err
		}
		if r.At.After(anchor) && !r.At.After(at) {
			anchor = r.At
		}
	}
	return anchor, nil
}

// KatzStage is a stage of job longevity after Katz (MIT WP 932-77, 1977;
// Administrative Science Quarterly, 1978): how strongly satisfaction
// responds to task characteristics depends on how long a person has been
// in the job.
type KatzStage uint8

// Katz stages. The zero KatzStage is not valid.
const (
	// Learning: new to the content, still socialising into it.
	Learning KatzStage = iota + 1
	// Responsive: satisfaction responds to the task characteristics.
	Responsive
	// Unresponsive: it no longer does; new content is due.
	Unresponsive
)

// String returns "learning", "responsive" or "unresponsive".
func (s KatzStage) String() string {
	switch s {
	case Learning:
		return "learning"
	case Responsive:
		return "responsive"
	case Unresponsive:
		return "unresponsive"
	}
	return fmt.Sprintf("KatzStage(%d)", uint8(s))
}

// ContentOptions tune the content-age reading. Zero fields take the
// library's defaults, conveniences rather than findings: Katz names the
// stages but the boundaries are ours. Negative fields, or a learning stage
// not shorter than the unresponsive boundary, are an error wrapping
// [ErrInvalidThresholds].
type ContentOptions struct {
	// LearningMonths ends the learning stage; 6 when zero.
	LearningMonths int `json:"learningMonths,omitempty"`
	// UnresponsiveMonths ends the responsive stage: content older than
	// this is unresponsive; 36 when zero.
	UnresponsiveMonths int `json:"unresponsiveMonths,omitempty"`
	// StaleMonths is the age from which content is stale; 24 when zero.
	StaleMonths int `json:"staleMonths,omitempty"`
	// HalfLifeMonths is the novelty curve's half-life; 24 when zero.
	HalfLifeMonths int `json:"halfLifeMonths,omitempty"`
}

func (o ContentOptions) withDefaults() (ContentOptions, error) {
	if o.LearningMonths < 0 || o.UnresponsiveMonths < 0 || o.StaleMonths < 0 || o.HalfLifeMonths < 0 {
		return o, fmt.Errorf("%w: negative months in %+v", ErrInvalidThresholds, o)
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.LearningMonths, 6)
	def(&o.UnresponsiveMonths, 36)
	def(&o.StaleMonths, 24)
	def(&o.HalfLifeMonths, 24)
	if o.LearningMonths >= o.UnresponsiveMonths {
		return o, fmt.Errorf("%w: learning stage of %d months not shorter than the %d before unresponsive",
			ErrInvalidThresholds, o.LearningMonths, o.UnresponsiveMonths)
	}
	return o, nil
}

// Validate reports options out of range; the error wraps
// [ErrInvalidThresholds].
func (o ContentOptions) Validate() error {
	_, err := o.withDefaults()
	return err
}

// meanMonth is the mean Gregorian month, 365.2425/12 days = 30.436875
// days = 2,629,746 s.
const meanMonth = 2629746 * time.Second

// KatzStageOf reads a bare content age as a Katz stage: Learning below
// opts.LearningMonths (6), Responsive up to and including
// opts.UnresponsiveMonths (36), Unresponsive above. A bare duration has no
// calendar, so a month here is the mean Gregorian month (30.436875 days);
// [Content], which knows the dates, counts calendar months instead and
// may differ by a day or two at a boundary. A negative age is an error
// wrapping [ErrInvalidObservation].
func KatzStageOf(age time.Duration, opts ContentOptions) (KatzStage, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return 0, err
	}
	if age < 0 {
		return 0, fmt.Errorf("%w: negative content age %v", ErrInvalidObservation, age)
	}
	switch {
	case age < time.Duration(o.LearningMonths)*meanMonth:
		return Learning, nil
	case age > time.Duration(o.UnresponsiveMonths)*meanMonth:
		return Unresponsive, nil
	}
	return Responsive, nil
}

// ContentReport reads how fresh an employee's job content is.
type ContentReport struct {
	// Anchor is when the current content began: the role start or the
	// last refresh.
	Anchor time.Time     `json:"anchor"`
	Age    time.Duration `json:"age"`
	Stage  KatzStage     `json:"stage"`
	// Stale is true from opts.StaleMonths (24) calendar months on.
	Stale bool `json:"stale"`
	// Urgent is true when the content is stale and measured commitment is
	// falling.
	Urgent bool `json:"urgent"`
	// Novelty is the planning curve 2^(−t/H), t the age and H the
	// half-life (24 months), in mean Gregorian months. It is a library
	// convention to rank nudges, not a finding, and never changes a
	// measured commitment score.
	Novelty float64 `json:"novelty"`
	// Recommendation is "add new job content" when stale, worded more
	// strongly when urgent, and empty otherwise.
	Recommendation string `json:"recommendation,omitempty"`
}

// Content reads the age of an employee's job content at the instant at
// (see [ContentAge]) against the options.
//
// Job content devalues over the years (the seed: "jobindhold typisk
// devaluerer med årene"), and most employees need new content added
// continually to keep their enthusiasm and engagement. Research agrees in
// direction: Katz ("Job Longevity as a Situational Factor in Job
// Satisfaction", Administrative Science Quarterly, 1978; MIT WP 932-77,
// 1977) found that satisfaction tracks task characteristics such as skill
// variety and autonomy only in a middle, responsive stage of job
// longevity, and Boswell, Boudreau & Tichy (2005) found satisfaction
// peaking after a job change and declining afterwards, the
// honeymoon–hangover pattern. The stage boundaries, the stale age and the
// novelty curve are library defaults, not findings.
//
// The month thresholds count calendar months from the anchor with
// [time.Time.AddDate], which normalises: 31 August plus six months is 3
// March (2 March in a leap year). commitmentFalling, the caller's reading
// of measured commitment, only strengthens the recommendation. Errors are
// those of [ContentAge] and [ContentOptions.Validate].
func Content(roleStart time.Time, refreshes []Refresh, at time.Time, commitmentFalling bool, opts ContentOptions) (ContentReport, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return ContentReport{}, err
	}
	anchor, err := contentAnchor(roleStart, refreshes, at)
	if err != nil {
		return ContentReport{}, err
	}
	months := func(n int) time.Time { return anchor.AddDate(0, n, 0) }
	r := ContentReport{Anchor: anchor, Age: at.Sub(anchor), Stage: Responsive}
	switch {
	case at.Before(months(o.LearningMonths)):
		r.Stage = Learning
	case at.After(months(o.UnresponsiveMonths)):
		r.Stage = Unresponsive
	}
	r.Stale = !at.Before(months(o.StaleMonths))
	r.Urgent = r.Stale && commitmentFalling
	r.Novelty = math.Exp2(-float64(r.Age) / (float64(o.HalfLifeMonths) * float64(meanMonth)))
	switch {
	case r.Urgent:
		r.Recommendation = "add new job content now: the content is stale and commitment is falling"
	case r.Stale:
		r.Recommendation = "add new job content"
	}
	return r, nil
}
