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
// that any storage can implement it. The package's other records are kept
// by optional interfaces — [ChecklistStore], [CultureStore],
// [ContentStore] and [LEADStore] — that a host detects with a type
// assertion, as [io/fs] detects a file system's optional abilities:
//
//	if cs, ok := s.(maturity.ChecklistStore); ok {
//		// keep checklist records in s too
//	}
//
// The rules below hold for their methods as for Store's.
//
// Assessments, observations and the records of the optional interfaces
// are personal HR data about named employees and leaders: restrict who
// can read the tables behind a Store to the employee, their leader and HR,
// and honour erasure with [Store.Erase].
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
// [OtherRater]; [LeaderSelf], [EmployeeReport], [Observer]), not by name,
// and so are checklist items, refresh kinds and LEAD forms.
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
	// the leader describe how they led someone else and are kept.
	//
	// A store that implements the optional interfaces removes and counts
	// the employee's records there too: their checklist records
	// ([ChecklistStore]), the stance observations whose subject they are
	// ([CultureStore]), their role starts and refreshes ([ContentStore])
	// and the LEAD records in which they are the leader ([LEADStore]),
	// since those describe them. LEAD-Other answers they gave about
	// another leader describe that leader and are kept, like observations
	// in which they lead; a host that must not keep a rater's ID there
	// records raters under pseudonyms.
	//
	// Erasing again removes nothing and returns 0 and no error, so an
	// erasure can be retried; afterwards the employee's keys are free
	// again.
	Erase(ctx context.Context, employee string) (int, error)
}

// ChecklistStore is an optional [Store] ability: it keeps the
// [ChecklistRecord]s that [Checklist] reads. The rules of [Store] hold for
// its methods, and [Store.Erase] removes an employee's records.
type ChecklistStore interface {
	// SaveChecklistRecord stores a checklist record, keyed by (Employee,
	// Item, At), At as an instant. The key is the whole record, so saving
	// one again does nothing and returns nil, and no save conflicts. A
	// record that fails [ChecklistRecord.Validate] is an error wrapping
	// the error of Validate, and nothing is stored.
	SaveChecklistRecord(ctx context.Context, r ChecklistRecord) error
	// ChecklistRecords streams the records of the employees listed,
	// compared byte by byte (one listed twice counts once), or of every
	// employee when none are listed, ordered by At as instants, then by
	// Employee and then by Item.
	//
	// [Checklist] refuses records of employees outside its population, so
	// list the population here: an empty population yields every
	// employee's records.
	ChecklistRecords(ctx context.Context, employees []string) iter.Seq2[ChecklistRecord, error]
}

// CultureStore is an optional [Store] ability: it keeps the
// [StanceObservation]s that [StanceDistribution] reads. The rules of
// [Store] hold for its methods, and [Store.Erase] removes the
// observations of a subject: a person, or a team erased by its ID.
type CultureStore interface {
	// SaveStance stores a stance observation, keyed by (Subject, At), At
	// as an instant, so only its Stance can conflict: a subject has one
	// stance at an instant. An observation that fails
	// [StanceObservation.Validate] is an error wrapping the error of
	// Validate, and nothing is stored. Saving an equal observation again
	// does nothing and returns nil; another stance under an existing key
	// fails with an error wrapping [ErrConflict] and nothing is
	// overwritten.
	SaveStance(ctx context.Context, o StanceObservation) error
	// Stances streams the observations of the subjects listed, compared
	// byte by byte (one listed twice counts once), or of every subject
	// when none are listed, ordered by At as instants and then by
	// Subject.
	Stances(ctx context.Context, subjects []string) iter.Seq2[StanceObservation, error]
}

// ContentStore is an optional [Store] ability: it keeps the role starts
// and refreshes that [Content] and [ContentAge] read. The rules of [Store]
// hold for its methods, and [Store.Erase] removes an employee's history.
type ContentStore interface {
	// SaveRoleStart stores that the employee started in a role, keyed by
	// (employee, At), At as an instant, so only the Role can conflict. An
	// empty employee is an error wrapping [ErrInvalidObservation], a role
	// start that fails [RoleStart.Validate] an error wrapping the error
	// of Validate, and nothing is stored. Saving an equal role start
	// again does nothing and returns nil; another Role under an existing
	// key fails with an error wrapping [ErrConflict] and nothing is
	// overwritten.
	SaveRoleStart(ctx context.Context, employee string, r RoleStart) error
	// SaveRefresh stores new job content given to the employee, keyed by
	// (employee, Kind, At), At as an instant. The key is the whole
	// record, so saving one again does nothing and returns nil, and no
	// save conflicts. An empty employee is an error wrapping
	// [ErrInvalidObservation], a refresh that fails [Refresh.Validate] an
	// error wrapping the error of Validate, and nothing is stored.
	SaveRefresh(ctx context.Context, employee string, r Refresh) error
	// ContentHistory returns every role start and refresh stored for the
	// employee, each ordered as [ContentHistory] says; an employee with
	// none has an empty history and no error. The slices are the
	// caller's: changing them does not change the store.
	ContentHistory(ctx context.Context, employee string) (ContentHistory, error)
}

// LEADStore is an optional [Store] ability: it keeps leaders' LEAD answers
// ([LEADRecord]) that [ScoreLEAD] reads. The rules of [Store] hold for its
// methods, and [Store.Erase] removes the records of a leader.
type LEADStore interface {
	// SaveLEAD stores a leader's LEAD answers, keyed by (Leader, Form,
	// Rater, At), At as an instant, so only the Answers can conflict. A
	// record that fails [LEADRecord.Validate] is an error wrapping the
	// error of Validate, and nothing is stored. Saving an equal record
	// again does nothing and returns nil; other answers under an existing
	// key fail with an error wrapping [ErrConflict] and nothing is
	// overwritten.
	SaveLEAD(ctx context.Context, r LEADRecord) error
	// LEADRecords streams the records of the leaders listed, compared
	// byte by byte (one listed twice counts once), or of every leader
	// when none are listed, ordered by At as instants, then by Leader,
	// Form and Rater.
	LEADRecords(ctx context.Context, leaders []string) iter.Seq2[LEADRecord, error]
}

// RoleStart is the start of an employee's role, which a [ContentStore]
// keeps: the anchor of [ContentAge] until the role's first [Refresh].
type RoleStart struct {
	// Role names the role, such as a job title or a position's ID. It is
	// optional.
	Role string    `json:"role,omitempty"`
	At   time.Time `json:"at"`
}

// Validate checks the role start: an instant set. Errors wrap
// [ErrInvalidObservation].
func (r RoleStart) Validate() error {
	if r.At.IsZero() {
		return fmt.Errorf("%w: role start without an instant", ErrInvalidObservation)
	}
	return nil
}

// ContentHistory is an employee's job-content history, as
// [ContentStore.ContentHistory] returns it.
type ContentHistory struct {
	// RoleStarts are the employee's role starts, ordered by At as
	// instants.
	RoleStarts []RoleStart `json:"roleStarts"`
	// Refreshes are the employee's refreshes, ordered by At as instants
	// and then by Kind: those of earlier roles too, which [ContentAge]
	// ignores.
	Refreshes []Refresh `json:"refreshes"`
}

// RoleStart returns the instant of the latest role start, the one that
// [Content] and [ContentAge] take, or the zero time if there is none:
//
//	rep, err := maturity.Content(h.RoleStart(), h.Refreshes, now, falling, opts)
func (h ContentHistory) RoleStart() time.Time {
	var latest time.Time
	for _, r := range h.RoleStarts {
		if latest.IsZero() || r.At.After(latest) {
			latest = r.At
		}
	}
	return latest
}

// LEADForm says who answered a LEAD: the leader about themself or someone
// else about the leader.
type LEADForm uint8

// LEAD forms. The zero LEADForm is not valid.
const (
	LEADSelf  LEADForm = iota + 1 // LEAD-Self: the leader's own answers
	LEADOther                     // LEAD-Other: an employee's, peer's or superior's answers about the leader
)

// String returns "self" or "other".
func (f LEADForm) String() string {
	switch f {
	case LEADSelf:
		return "self"
	case LEADOther:
		return "other"
	}
	return fmt.Sprintf("LEADForm(%d)", uint8(f))
}

// Valid reports whether f is a known form.
func (f LEADForm) Valid() bool { return f == LEADSelf || f == LEADOther }

// MarshalText implements [encoding.TextMarshaler]; an invalid form is an
// error wrapping [ErrInvalidLEAD].
func (f LEADForm) MarshalText() ([]byte, error) {
	if !f.Valid() {
		return nil, fmt.Errorf("%w: unknown LEAD form %d", ErrInvalidLEAD, uint8(f))
	}
	return []byte(f.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; it reads the names
// String returns.
func (f *LEADForm) UnmarshalText(b []byte) error {
	for v := LEADSelf; v <= LEADOther; v++ {
		if string(b) == v.String() {
			*f = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown LEAD form %q", ErrInvalidLEAD, b)
}

// LEADRecord is one set of LEAD answers about a leader at an instant, as
// a [LEADStore] keeps it: the leader's own (LEAD-Self) or someone else's
// (LEAD-Other). A record is personal data about the leader, and its Rater
// names who answered: a host that promises raters anonymity records them
// under pseudonyms.
type LEADRecord struct {
	Leader string   `json:"leader"`
	Form   LEADForm `json:"form"`
	// Rater is who answered: the leader on a LEAD-Self, someone else on a
	// LEAD-Other.
	Rater   string    `json:"rater"`
	At      time.Time `json:"at"`
	Answers Answers   `json:"answers"`
}

// Validate checks the record: leader, rater and instant set, a known
// form, the rater the leader on a LEAD-Self and someone else on a
// LEAD-Other, and complete answers ([Answers.Validate]). Errors wrap
// [ErrInvalidLEAD].
func (r LEADRecord) Validate() error {
	switch {
	case r.Leader == "":
		return fmt.Errorf("%w: LEAD record without leader", ErrInvalidLEAD)
	case !r.Form.Valid():
		return fmt.Errorf("%w: unknown LEAD form %d", ErrInvalidLEAD, uint8(r.Form))
	case r.Rater == "":
		return fmt.Errorf("%w: LEAD record without rater", ErrInvalidLEAD)
	case r.Form == LEADSelf && r.Rater != r.Leader:
		return fmt.Errorf("%w: a LEAD-Self of %q answered by %q, not the leader", ErrInvalidLEAD, r.Leader, r.Rater)
	case r.Form == LEADOther && r.Rater == r.Leader:
		return fmt.Errorf("%w: a LEAD-Other of %q answered by the leader", ErrInvalidLEAD, r.Leader)
	case r.At.IsZero():
		return fmt.Errorf("%w: LEAD record without instant", ErrInvalidLEAD)
	}
	return r.Answers.Validate()
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

// storeOrderChecklist is the order of [ChecklistStore.ChecklistRecords]:
// At as instants, then Employee and Item.
func storeOrderChecklist(a, b ChecklistRecord) int {
	return cmp.Or(
		a.At.Compare(b.At),
		cmp.Compare(a.Employee, b.Employee),
		cmp.Compare(a.Item, b.Item),
	)
}

// storeOrderStances is the order of [CultureStore.Stances]: At as
// instants, then Subject.
func storeOrderStances(a, b StanceObservation) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Subject, b.Subject))
}

// storeOrderRoleStarts is the order of [ContentHistory.RoleStarts]: At as
// instants.
func storeOrderRoleStarts(a, b RoleStart) int { return a.At.Compare(b.At) }

// storeOrderRefreshes is the order of [ContentHistory.Refreshes]: At as
// instants, then Kind.
func storeOrderRefreshes(a, b Refresh) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Kind, b.Kind))
}

// storeOrderLEAD is the order of [LEADStore.LEADRecords]: At as instants,
// then Leader, Form and Rater.
func storeOrderLEAD(a, b LEADRecord) int {
	return cmp.Or(
		a.At.Compare(b.At),
		cmp.Compare(a.Leader, b.Leader),
		cmp.Compare(a.Form, b.Form),
		cmp.Compare(a.Rater, b.Rater),
	)
}
