package maturity

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"
)

// ErrInvalidFilter reports a [Filter] whose To is before its From.
var ErrInvalidFilter = errors.New("maturity: invalid filter")

// Store is where the host keeps maturity assessments and style
// observations: database tables or [MemStore]. It is small on purpose, so
// that any storage can implement it.
//
// Assessments and observations are personal HR data about named employees
// and leaders: restrict who can read the tables behind a Store to the
// employee, their leader and HR, and honour erasure with [Store.Erase].
//
// Implementations must be safe for concurrent use, keep every field of a
// record (At as the same instant to the nanosecond, its location need not
// be kept; scores and scales exactly, as float64), and check ctx first:
// once ctx is done, methods return an error wrapping ctx.Err() and change
// nothing, and sequences yield the zero value with such an error once and
// stop. A sequence checks ctx before each item and queries the store
// afresh each time it is ranged over; the body of a loop over it may call
// the store's methods without deadlocking.
//
// Records are compared field by field, At as instants and scores with ==.
// Strings are compared and ordered byte by byte, raters and sources by
// their numeric values (the order of their constants: [Self], [Leader],
// [OtherRater]; [LeaderSelf], [EmployeeReport], [Observer]), not by name.
//
// Implementations should pass the conformance suite in
// [github.com/servicekultur/servicekultur/maturity/maturitytest].
type Store interface {
	// SaveAssessment stores an assessment, keyed by (Employee, Task,
	// Rater, At), At as an instant. An assessment that fails
	// [Assessment.Validate] is an error wrapping the error of Validate,
	// and nothing is stored. Saving an assessment equal to the stored one
	// under its key again does nothing and returns nil; a different
	// assessment under an existing key fails with an error wrapping
	// [ErrConflict] and nothing is overwritten.
	SaveAssessment(ctx context.Context, a Assessment) error
	// Assessments streams the assessments that match the filter
	// ([Filter.MatchAssessment]), ordered by At as instants, then by
	// Employee, Task and Rater. A filter that fails [Filter.Validate]
	// yields (Assessment{}, err) once, err wrapping [ErrInvalidFilter],
	// and stops.
	Assessments(ctx context.Context, f Filter) iter.Seq2[Assessment, error]

	// SaveObservation stores a style observation, keyed by (Leader,
	// Employee, Task, Source, At), At as an instant, so only its Style can
	// conflict. An observation that fails [StyleObservation.Validate] is
	// an error wrapping the error of Validate, and nothing is stored.
	// Saving an equal observation again does nothing and returns nil; a
	// different one under an existing key fails with an error wrapping
	// [ErrConflict] and nothing is overwritten.
	SaveObservation(ctx context.Context, o StyleObservation) error
	// Observations streams the observations that match the filter
	// ([Filter.MatchObservation]), ordered by At as instants, then by
	// Leader, Employee, Task and Source. A filter that fails
	// [Filter.Validate] yields (StyleObservation{}, err) once, err
	// wrapping [ErrInvalidFilter], and stops.
	Observations(ctx context.Context, f Filter) iter.Seq2[StyleObservation, error]

	// Erase removes everything about an employee — every assessment of
	// them and every observation in which they are the employee — and
	// reports how many records it removed. Observations in which they are
	// the leader describe how they led someone else and are kept. Erasing
	// again removes nothing and returns 0 and no error, so an erasure can
	// be retried; afterwards the employee's keys are free again.
	Erase(ctx context.Context, employee string) (int, error)
}

// Filter selects assessments and observations. A zero field selects
// everything on its dimension; the zero Filter selects every record.
type Filter struct {
	// Employees, if not empty, selects the records of these employees,
	// compared byte by byte. An employee listed twice counts once.
	Employees []string `json:"employees,omitempty"`
	// Tasks, if not empty, selects the records of these tasks.
	Tasks []string `json:"tasks,omitempty"`
	// Leader, if set, selects the observations of this leader. It applies
	// to observations only, since an assessment names no leader (RatedBy
	// is whoever rated): [Store.Assessments] ignores it, so that one
	// filter can select a team's assessments and its leader's
	// observations.
	Leader string `json:"leader,omitempty"`
	// From and To select records with From ≤ At < To, as instants. A
	// zero From or To leaves that end open; From equal to To selects
	// nothing.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// Validate reports a filter whose To is before its From, both set. The
// error wraps [ErrInvalidFilter].
func (f Filter) Validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return fmt.Errorf("%w: to %s is before from %s", ErrInvalidFilter,
			f.To.Format(time.RFC3339Nano), f.From.Format(time.RFC3339Nano))
	}
	return nil
}

// MatchAssessment reports whether the filter selects a: its employee and
// task among those listed (if any) and its instant in [From, To). Leader
// is ignored. It does not validate the filter.
func (f Filter) MatchAssessment(a Assessment) bool {
	return f.match(a.Employee, a.Task, a.At)
}

// MatchObservation reports whether the filter selects o: its employee and
// task among those listed (if any), its leader the filter's Leader (if
// set) and its instant in [From, To). It does not validate the filter.
func (f Filter) MatchObservation(o StyleObservation) bool {
	return (f.Leader == "" || o.Leader == f.Leader) && f.match(o.Employee, o.Task, o.At)
}

func (f Filter) match(employee, task string, at time.Time) bool {
	return (len(f.Employees) == 0 || slices.Contains(f.Employees, employee)) &&
		(len(f.Tasks) == 0 || slices.Contains(f.Tasks, task)) &&
		(f.From.IsZero() || !at.Before(f.From)) &&
		(f.To.IsZero() || at.Before(f.To))
}

// clone returns f with its own slices.
func (f Filter) clone() Filter {
	f.Employees = slices.Clone(f.Employees)
	f.Tasks = slices.Clone(f.Tasks)
	return f
}

// storeOrderAssessments is the order of [Store.Assessments]: At as
// instants, then Employee, Task and Rater.
func storeOrderAssessments(a, b Assessment) int {
	return cmp.Or(
		a.At.Compare(b.At),
		cmp.Compare(a.Employee, b.Employee),
		cmp.Compare(a.Task, b.Task),
		cmp.Compare(a.Rater, b.Rater),
	)
}

// storeOrderObservations is the order of [Store.Observations]: At as
// instants, then Leader, Employee, Task and Source.
func storeOrderObservations(a, b StyleObservation) int {
	return cmp.Or(
		a.At.Compare(b.At),
		cmp.Compare(a.Leader, b.Leader),
		cmp.Compare(a.Employee, b.Employee),
		cmp.Compare(a.Task, b.Task),
		cmp.Compare(a.Source, b.Source),
	)
}
