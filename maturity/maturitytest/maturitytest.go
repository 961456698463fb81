package maturitytest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/internal/conformance"
	"github.com/servicekultur/servicekultur/maturity"
)

// Run runs the conformance suite as subtests of t, one per rule, each on a
// fresh empty store from newStore. A failure names the rule broken and
// what the store did. The subtests of the optional interfaces
// ([maturity.ChecklistStore], [maturity.CultureStore],
// [maturity.ContentStore], [maturity.LEADStore]) are skipped for stores
// that do not implement them, and those that check them together for
// stores that implement none.
func Run(t *testing.T, newStore func() maturity.Store) {
	t.Helper()
	suite.Run(t, newStore)
}

// Test runs every check of the suite on s, which must hold no records,
// and returns nil or an error joining every failure, each naming its check
// and rule. It leaves what it saved in s. Checks of optional interfaces s
// does not implement are left out.
func Test(s maturity.Store) error { return suite.Test(s) }

// suite runs the checks.
var suite = &conformance.Suite[maturity.Store, *env]{
	Name:       "maturitytest",
	Checks:     checks,
	Empty:      checkEmpty,
	Env:        newEnv,
	StuckAfter: stuckAfter,
	Stuck: func(after time.Duration) error {
		return fmt.Errorf("the check %w within %v", conformance.ErrStuck, after)
	},
}

// check is one rule of the contract: its name, the rule stated for the
// implementer, and the function that checks it.
type check = conformance.Check[*env]

// checks are the rules. Each check's index gives it its own window of
// time, so keep appending.
var checks = []check{
	{"AssessmentRoundTrip", "Assessments yields every assessment SaveAssessment stored, every field kept: scores and scales exactly as float64, RatedBy, At as the same instant to the nanosecond (its location need not be kept); each range over a sequence reads afresh", checkAssessmentRoundTrip},
	{"ObservationRoundTrip", "Observations yields every observation SaveObservation stored, every field kept, At as the same instant to the nanosecond (its location need not be kept); each range over a sequence reads afresh", checkObservationRoundTrip},
	{"Keys", "assessments are keyed by (Employee, Task, Rater, At) and observations by (Leader, Employee, Task, Source, At): records that differ in any of these, strings by a byte or instants by 1ns, are all kept; the same instant in another location is the same key", checkKeys},
	{"Idempotent", "SaveAssessment and SaveObservation of a record equal to the one stored under its key (At in another location) do nothing and return no error", checkIdempotent},
	{"Conflict", "SaveAssessment of an assessment that differs from the one stored under its key in RatedBy, Scale, Competence or Commitment (by one unit in the last place, even), and SaveObservation of another Style under a stored key, are errors wrapping maturity.ErrConflict, and the stored record is kept", checkConflict},
	{"Invalid", "SaveAssessment of an assessment that fails Validate and SaveObservation of an observation that fails Validate are errors wrapping the sentinel that Validate wraps, and store nothing", checkInvalid},
	{"Filter", "Assessments and Observations yield exactly the records the filter selects: employees and tasks among those listed (byte by byte; none listed: any; one listed twice: once), the observation's leader if Leader is set (Assessments ignores Leader), From ≤ At < To as instants with a zero end open; a filter whose To is before its From yields (zero value, err) once, err wrapping maturity.ErrInvalidFilter, and stops", checkFilter},
	{"Order", "Assessments yields assessments ordered by At as instants, then by Employee and Task byte by byte, then by Rater as a number (self, leader, other); Observations orders by At, then Leader, Employee and Task, then Source as a number (leader-self, employee-report, observer)", checkOrder},
	{"Erase", "Erase removes every assessment of the employee and every observation in which they are the employee, and nothing else (not the observations in which they lead, nor those of employees whose names differ by case or extend theirs), and returns how many it removed; erasing again removes nothing and returns 0 with no error; the keys are free afterwards", checkErase},
	{"Cancel", "with a done ctx every method returns an error wrapping ctx.Err() and stores or erases nothing, and every sequence yields (zero value, err) once and stops, before looking at its filter; a sequence checks ctx before each item", checkCancel},
	{"EarlyBreak", "breaking out of a loop over a sequence stops the sequence and leaves the store usable", checkEarlyBreak},
	{"CallsInsideLoop", "the body of a loop over Assessments or Observations may call every method of the store without deadlocking", checkCallsInsideLoop},
	{"ConcurrentSave", "SaveAssessment of 16 different assessments under one key from 16 goroutines at once stores exactly one of them: that call returns no error and the others errors wrapping maturity.ErrConflict; 16 SaveObservations under one key with four styles store one style, and exactly the calls with that style succeed; 16 saves of one record all succeed and store it once", checkConcurrentSave},
	{"Concurrent", "SaveAssessment, SaveObservation, Erase, Assessments and Observations from many goroutines at once are safe and leave what the calls would leave one after another; Erase counts exactly what it removes", checkConcurrent},
	{"ChecklistStore", "a maturity.ChecklistStore's ChecklistRecords yields every record SaveChecklistRecord stored, At as the same instant to the nanosecond (its location need not be kept); records are keyed by (Employee, Item, At), so records that differ by a byte, an item or 1ns are all kept, and saving one again (At in another location) does nothing and returns no error; a record that fails Validate is an error wrapping maturity.ErrInvalidObservation and stores nothing; ChecklistRecords yields the records of the employees listed (byte by byte; one listed twice: once; none listed: every employee's), ordered by At as instants, then by Employee byte by byte, then by Item as a number; each range over a sequence reads afresh", checkChecklistStore},
	{"CultureStore", "a maturity.CultureStore's Stances yields every stance observation SaveStance stored, At as the same instant to the nanosecond (its location need not be kept); observations are keyed by (Subject, At): ones that differ by a byte or 1ns are all kept, saving an equal one again (At in another location) does nothing and returns no error, and another Stance under a stored key is an error wrapping maturity.ErrConflict that keeps the stored one; an observation that fails Validate is an error wrapping maturity.ErrInvalidObservation and stores nothing; Stances yields the observations of the subjects listed (byte by byte; one listed twice: once; none listed: every subject's), ordered by At as instants, then by Subject byte by byte; each range over a sequence reads afresh", checkCultureStore},
	{"ContentStore", "a maturity.ContentStore's ContentHistory returns every role start SaveRoleStart and every refresh SaveRefresh stored for the employee and no other's (byte by byte), every field kept, At as the same instant to the nanosecond (its location need not be kept): role starts ordered by At as instants, refreshes by At, then by Kind as a number; an employee with none has an empty history and no error; role starts are keyed by (employee, At), so another Role under a stored key is an error wrapping maturity.ErrConflict that keeps the stored one, and refreshes by (employee, Kind, At); saving an equal record again (At in another location) does nothing and returns no error; an empty employee or a record that fails Validate is an error wrapping maturity.ErrInvalidObservation and stores nothing; changing the slices returned does not change the store", checkContentStore},
	{"LEADStore", "a maturity.LEADStore's LEADRecords yields every LEAD record SaveLEAD stored, every field kept, At as the same instant to the nanosecond (its location need not be kept); records are keyed by (Leader, Form, Rater, At): ones that differ by a byte or 1ns are all kept, saving an equal one again (At in another location) does nothing and returns no error, and other Answers under a stored key (one answer changed, even) are an error wrapping maturity.ErrConflict that keeps the stored ones; a record that fails Validate is an error wrapping maturity.ErrInvalidLEAD and stores nothing; LEADRecords yields the records of the leaders listed (byte by byte; one listed twice: once; none listed: every leader's), ordered by At as instants, then by Leader byte by byte, then by Form as a number (self, other), then by Rater byte by byte; each range over a sequence reads afresh", checkLEADStore},
	{"OptionalErase", "in the optional interfaces the store implements, Erase also removes every checklist record of the employee, every stance observation whose subject they are, their role starts and refreshes and every LEAD record in which they are the leader, and nothing else (not LEAD records they rated of another leader, nor the records of people whose names differ by case or extend theirs), and counts all it removes; erasing again removes nothing and returns 0 with no error; the keys are free afterwards", checkOptionalErase},
	{"OptionalCancel", "with a done ctx every method of the optional interfaces returns an error wrapping ctx.Err() (ContentHistory with an empty history) and stores nothing, and every sequence yields (zero value, err) once and stops; a sequence checks ctx before each item", checkOptionalCancel},
	{"OptionalLoops", "breaking out of a loop over ChecklistRecords, Stances or LEADRecords stops the sequence and leaves the store usable; the body of a loop over one may call every method of the store and of the optional interfaces it implements without deadlocking", checkOptionalLoops},
	{"OptionalConcurrent", "16 SaveStances under one key with four stances store one stance, and exactly the calls with that stance succeed; 16 SaveLEADs with different answers under one key, and 16 SaveRoleStarts with different roles, store exactly one: that call returns no error and the others errors wrapping maturity.ErrConflict; 16 saves of one record all succeed and store it once; saves, erasures and reads of the optional interfaces from many goroutines at once are safe and leave what the calls would leave one after another", checkOptionalConcurrent},
}

// t0 is the start of the first check's window, a Monday, with
// nanoseconds.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// window is the span of time each check has to itself.
const window = 40 * 24 * time.Hour

// maxDiffs is how many differences a failure lists.
const maxDiffs = 8

// stuckAfter is how long a check may take.
const stuckAfter = 2 * time.Minute

var (
	cet     = time.FixedZone("CET", 3600)
	eet     = time.FixedZone("EET", 2*3600)
	tokyo   = time.FixedZone("JST", 9*3600)
	kolkata = time.FixedZone("IST", 5*3600+1800)
	newYork = time.FixedZone("EST", -5*3600)
)

// sentinels names the errors the suite expects, for messages.
var sentinels = conformance.Sentinels{
	maturity.ErrConflict:           "maturity.ErrConflict",
	maturity.ErrInvalidFilter:      "maturity.ErrInvalidFilter",
	maturity.ErrInvalidAssessment:  "maturity.ErrInvalidAssessment",
	maturity.ErrInvalidObservation: "maturity.ErrInvalidObservation",
	maturity.ErrInvalidRater:       "maturity.ErrInvalidRater",
	maturity.ErrInvalidScale:       "maturity.ErrInvalidScale",
	maturity.ErrInvalidScore:       "maturity.ErrInvalidScore",
	maturity.ErrInvalidLEAD:        "maturity.ErrInvalidLEAD",
	context.Canceled:               "context.Canceled",
	context.DeadlineExceeded:       "context.DeadlineExceeded",
}

// checkEmpty reports unless s holds no assessment and no observation,
// and, in the optional interfaces it implements that can list everything,
// no checklist record, stance observation or LEAD record.
func checkEmpty(ctx context.Context, s maturity.Store) error {
	for a, err := range s.Assessments(ctx, maturity.Filter{}) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds an assessment of %q", a.Employee)
	}
	for o, err := range s.Observations(ctx, maturity.Filter{}) {
		if err != nil {
			return fmt.Errorf("reading the store: %w", err)
		}
		return fmt.Errorf("the store is not empty: it holds an observation of %q leading %q", o.Leader, o.Employee)
	}
	if cs, ok := s.(maturity.ChecklistStore); ok {
		for r, err := range cs.ChecklistRecords(ctx, nil) {
			if err != nil {
				return fmt.Errorf("reading the store: %w", err)
			}
			return fmt.Errorf("the store is not empty: it holds a checklist record of %q", r.Employee)
		}
	}
	if cs, ok := s.(maturity.CultureStore); ok {
		for o, err := range cs.Stances(ctx, nil) {
			if err != nil {
				return fmt.Errorf("reading the store: %w", err)
			}
			return fmt.Errorf("the store is not empty: it holds a stance observation of %q", o.Subject)
		}
	}
	if ls, ok := s.(maturity.LEADStore); ok {
		for r, err := range ls.LEADRecords(ctx, nil) {
			if err != nil {
				return fmt.Errorf("reading the store: %w", err)
			}
			return fmt.Errorf("the store is not empty: it holds a LEAD record of %q", r.Leader)
		}
	}
	return nil
}

// env is what a check works with: the store and the optional interfaces
// it implements (nil where it does not), the check's namespace and its
// window of time.
type env struct {
	ctx       context.Context
	s         maturity.Store
	checklist maturity.ChecklistStore
	culture   maturity.CultureStore
	content   maturity.ContentStore
	lead      maturity.LEADStore
	name      string
	base      time.Time
}

// newEnv returns the environment of check i, named name: its namespace and
// its window of time.
func newEnv(ctx context.Context, s maturity.Store, i int, name string) *env {
	e := &env{ctx: ctx, s: s, name: name, base: t0.Add(time.Duration(i) * window)}
	e.checklist, _ = s.(maturity.ChecklistStore)
	e.culture, _ = s.(maturity.CultureStore)
	e.content, _ = s.(maturity.ContentStore)
	e.lead, _ = s.(maturity.LEADStore)
	return e
}

func (e *env) prefix() string { return "maturitytest-" + e.name + "-" }

// id returns the name of one of the check's employees or leaders.
func (e *env) id(short string) string { return e.prefix() + short }

func (e *env) short(id string) string { return strings.TrimPrefix(id, e.prefix()) }

func (e *env) mine(id string) bool { return strings.HasPrefix(id, e.prefix()) }

// ids returns the names of some of the check's employees.
func (e *env) ids(shorts ...string) []string {
	ids := make([]string, len(shorts))
	for i, s := range shorts {
		ids[i] = e.id(s)
	}
	return ids
}

// at returns an instant in the check's window.
func (e *env) at(d time.Duration) time.Time { return e.base.Add(d) }

// all selects the check's window: every record of the check.
func (e *env) all() maturity.Filter { return maturity.Filter{From: e.base, To: e.base.Add(window)} }

// assessment returns a valid assessment of employee emp on task, by the
// rater, d into the check's window, with every field set.
func (e *env) assessment(emp, task string, r maturity.Rater, d time.Duration) maturity.Assessment {
	return maturity.Assessment{
		Employee:   e.id(emp),
		Task:       task,
		Rater:      r,
		RatedBy:    e.id("boss"),
		At:         e.at(d),
		Scale:      maturity.Scale{Min: 0, Max: 10},
		Competence: 6.25,
		Commitment: 3.5,
	}
}

// observation returns a valid observation of leader leading emp on task,
// reported by src, d into the check's window, with style S2.
func (e *env) observation(leader, emp, task string, src maturity.Source, d time.Duration) maturity.StyleObservation {
	return maturity.StyleObservation{
		Leader:   e.id(leader),
		Employee: e.id(emp),
		Task:     task,
		Style:    2,
		Source:   src,
		At:       e.at(d),
	}
}

// filter describes a filter in messages, with the check's names short.
func (e *env) filter(f maturity.Filter) string {
	var parts []string
	short := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = e.short(id)
		}
		return out
	}
	if f.Employees != nil {
		parts = append(parts, fmt.Sprintf("employees %q", short(f.Employees)))
	}
	if f.Tasks != nil {
		parts = append(parts, fmt.Sprintf("tasks %q", f.Tasks))
	}
	if f.Leader != "" {
		parts = append(parts, fmt.Sprintf("leader %q", e.short(f.Leader)))
	}
	if !f.From.IsZero() {
		parts = append(parts, "from "+conformance.FormatTime(f.From))
	}
	if !f.To.IsZero() {
		parts = append(parts, "to "+conformance.FormatTime(f.To))
	}
	if f.From.Equal(e.base) && f.To.Equal(e.base.Add(window)) && f.Employees == nil && f.Tasks == nil && f.Leader == "" {
		return "the check's window"
	}
	return strings.Join(parts, ", ")
}

// kind is what the suite needs to know of one of the two record types.
type kind[T any] struct {
	noun   string // "assessment"
	method string // the sequence's method, "Assessments"
	seq    func(s maturity.Store, ctx context.Context, f maturity.Filter) iter.Seq2[T, error]
	key    func(e *env, v T) string // names v by its key in messages
	order  func(a, b T) int         // the order of the sequence
	match  func(f maturity.Filter, v T) bool
	mine   func(e *env, v T) bool
}

var assessments = kind[maturity.Assessment]{
	noun:   "assessment",
	method: "Assessments",
	seq: func(s maturity.Store, ctx context.Context, f maturity.Filter) iter.Seq2[maturity.Assessment, error] {
		return s.Assessments(ctx, f)
	},
	key: func(e *env, a maturity.Assessment) string {
		return fmt.Sprintf("(%q, %q, %s, %s)", e.short(a.Employee), a.Task, a.Rater, conformance.FormatTime(a.At))
	},
	order: func(a, b maturity.Assessment) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Employee, b.Employee), strings.Compare(a.Task, b.Task), cmp.Compare(a.Rater, b.Rater))
	},
	match: maturity.Filter.MatchAssessment,
	mine:  func(e *env, a maturity.Assessment) bool { return e.mine(a.Employee) },
}

var observations = kind[maturity.StyleObservation]{
	noun:   "observation",
	method: "Observations",
	seq: func(s maturity.Store, ctx context.Context, f maturity.Filter) iter.Seq2[maturity.StyleObservation, error] {
		return s.Observations(ctx, f)
	},
	key: func(e *env, o maturity.StyleObservation) string {
		return fmt.Sprintf("(%q leading %q, %q, %s, %s)", e.short(o.Leader), e.short(o.Employee), o.Task, o.Source, conformance.FormatTime(o.At))
	},
	order: func(a, b maturity.StyleObservation) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Leader, b.Leader), strings.Compare(a.Employee, b.Employee),
			strings.Compare(a.Task, b.Task), cmp.Compare(a.Source, b.Source))
	},
	match: maturity.Filter.MatchObservation,
	mine:  func(e *env, o maturity.StyleObservation) bool { return e.mine(o.Employee) },
}

// read returns the check's records that the kind's sequence yields for f,
// and reports a sequence out of order, yielding a record twice or one the
// filter does not select, whoever's it is.
func read[T any](e *env, k kind[T], f maturity.Filter) ([]T, error) {
	what := k.method + "(" + e.filter(f) + ")"
	all, err := conformance.Collect(what, k.seq(e.s, e.ctx, f))
	if err != nil {
		return nil, err
	}
	var mine []T
	for i, v := range all {
		if i > 0 {
			switch c := k.order(all[i-1], v); {
			case c == 0:
				return nil, fmt.Errorf("%s: yields %s %s twice", what, k.noun, k.key(e, v))
			case c > 0:
				return nil, fmt.Errorf("%s: yields %s %s before %s", what, k.noun, k.key(e, all[i-1]), k.key(e, v))
			}
		}
		if !k.match(f, v) {
			return nil, fmt.Errorf("%s: yields %s %s, which the filter does not select", what, k.noun, k.key(e, v))
		}
		if k.mine(e, v) {
			mine = append(mine, v)
		}
	}
	return mine, nil
}

// expect reports unless the kind's sequence yields for f exactly want of
// the check's records, in order, every field kept.
func expect[T any](e *env, k kind[T], what string, f maturity.Filter, want ...T) error {
	got, err := read(e, k, f)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return same(e, k, fmt.Sprintf("%s: %s(%s)", what, k.method, e.filter(f)), got, want)
}

// same reports unless got holds the records of want, once each, every
// field kept, and no other.
func same[T any](e *env, k kind[T], what string, got, want []T) error {
	return sameRecords(e, k.noun, k.key, what, got, want)
}

// sameRecords reports unless got holds the records of want, once each,
// every field kept, and no other, naming a record as the noun and its key.
func sameRecords[T any](e *env, noun string, keyOf func(*env, T) string, what string, got, want []T) error {
	k := struct {
		noun string
		key  func(*env, T) string
	}{noun, keyOf}
	left := make(map[string]int)
	byKey := make(map[string]T)
	for _, v := range got {
		key := k.key(e, v)
		left[key]++
		byKey[key] = v
	}
	wanted := make(map[string]bool)
	var lines []string
	var missing []T
	for _, w := range want {
		key := k.key(e, w)
		wanted[key] = true
		if left[key] == 0 {
			missing = append(missing, w)
			continue
		}
		left[key]--
		if d := conformance.Diff(byKey[key], w); len(d) > 0 {
			lines = append(lines, fmt.Sprintf("%s %s differs:\n\t%s", k.noun, key, strings.Join(conformance.Limit(d, maxDiffs), "\n\t")))
		}
	}
	var extra []T
	for _, v := range got {
		key := k.key(e, v)
		if left[key] == 0 {
			continue
		}
		left[key]--
		if wanted[key] {
			lines = append(lines, fmt.Sprintf("%s %s yielded once too often", k.noun, key))
		} else {
			extra = append(extra, v)
		}
	}
	// A record yielded with another instant, all else equal, is one whose
	// instant the store did not keep.
	for _, w := range missing {
		i := slices.IndexFunc(extra, func(v T) bool {
			d := conformance.Diff(v, w)
			return len(d) == 1 && strings.HasPrefix(d[0], "At: ")
		})
		if i < 0 {
			lines = append(lines, fmt.Sprintf("%s %s missing", k.noun, k.key(e, w)))
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %s yielded with another instant: %s", k.noun, k.key(e, w), conformance.Diff(extra[i], w)[0]))
		extra = slices.Delete(extra, i, i+1)
	}
	for _, v := range extra {
		lines = append(lines, fmt.Sprintf("%s %s yielded, want none under that key", k.noun, k.key(e, v)))
	}
	if len(lines) == 0 {
		return nil
	}
	return fmt.Errorf("%s:\n\t%s", what, strings.Join(conformance.Limit(lines, maxDiffs), "\n\t"))
}

// expectBoth reports unless Assessments and Observations yield exactly as
// and os of the check's records for f.
func (e *env) expectBoth(what string, f maturity.Filter, as []maturity.Assessment, os []maturity.StyleObservation) error {
	return errors.Join(expect(e, assessments, what, f, as...), expect(e, observations, what, f, os...))
}

func (e *env) saveAssessments(as ...maturity.Assessment) error {
	for _, a := range as {
		if err := e.s.SaveAssessment(e.ctx, a); err != nil {
			return fmt.Errorf("SaveAssessment%s: %w", assessments.key(e, a), err)
		}
	}
	return nil
}

func (e *env) saveObservations(os ...maturity.StyleObservation) error {
	for _, o := range os {
		if err := e.s.SaveObservation(e.ctx, o); err != nil {
			return fmt.Errorf("SaveObservation%s: %w", observations.key(e, o), err)
		}
	}
	return nil
}

// save saves as and then os.
func (e *env) save(as []maturity.Assessment, os []maturity.StyleObservation) error {
	if err := e.saveAssessments(as...); err != nil {
		return err
	}
	return e.saveObservations(os...)
}

func checkAssessmentRoundTrip(e *env) error {
	full := e.assessment("ada", "sales", maturity.Leader, time.Hour-987654321)
	full.At = full.At.In(tokyo)
	full.Competence, full.Commitment = 0, 10 // 0 is a point on 0–10
	// plain has the default scale and no RatedBy.
	plain := maturity.Assessment{
		Employee: e.id("bo"), Task: "service", Rater: maturity.Self,
		At: e.at(2*time.Hour + 1).In(kolkata), Competence: 1, Commitment: 5,
	}
	seven := maturity.Assessment{
		Employee: e.id("Åse Ø \"x\" <y>"), Task: "kundeservice — telefon", Rater: maturity.OtherRater,
		RatedBy: "peer: 'Ø' \\ 1", At: e.at(2*time.Hour + 999999999).In(cet),
		Scale: maturity.Scale{Min: 1, Max: 7}, Competence: 22.0 / 7, Commitment: math.Nextafter(7, 0),
	}
	negative := maturity.Assessment{
		Employee: e.id("cy"), Task: "sales", Rater: maturity.Leader, RatedBy: e.id("lea"),
		At: e.at(3*time.Hour + 1000), Scale: maturity.Scale{Min: -3, Max: 3}, Competence: -0.5, Commitment: 1e-9,
	}
	hundred := maturity.Assessment{
		Employee: e.id("cy"), Task: "service", Rater: maturity.Self,
		At: e.at(3*time.Hour + 1000).In(newYork), Scale: maturity.Scale{Min: 0, Max: 100},
		Competence: 200.0 / 3, Commitment: 12.5,
	}
	want := []maturity.Assessment{full, plain, seven, negative, hundred}
	if err := e.saveAssessments(want...); err != nil {
		return err
	}
	var errs []error
	seq := e.s.Assessments(e.ctx, e.all())
	got, err := conformance.Collect("Assessments(the check's window)", seq)
	if err == nil {
		err = same(e, assessments, "first range over Assessments(the check's window)", got, want)
	}
	errs = append(errs, err)
	for _, a := range want {
		errs = append(errs, expect(e, assessments, "after SaveAssessment", maturity.Filter{Employees: []string{a.Employee}, Tasks: []string{a.Task}, From: a.At, To: a.At.Add(1)}, a))
	}
	late := e.assessment("ada", "sales", maturity.Self, 4*time.Hour)
	if err := e.saveAssessments(late); err != nil {
		return errors.Join(append(errs, err)...)
	}
	got, err = conformance.Collect("Assessments(the check's window)", seq)
	if err == nil {
		err = same(e, assessments, "second range over the same sequence, after another SaveAssessment", got, append(want, late))
	}
	return errors.Join(append(errs, err)...)
}

func checkObservationRoundTrip(e *env) error {
	var want []maturity.StyleObservation
	zones := []*time.Location{time.UTC, tokyo, kolkata, newYork}
	for i, src := range []maturity.Source{maturity.LeaderSelf, maturity.EmployeeReport, maturity.Observer} {
		for style := maturity.Style(1); style <= 4; style++ {
			o := e.observation("lea", "ada", "sales", src, time.Duration(i)*time.Hour+time.Duration(style)*time.Minute+time.Duration(style))
			o.Style = style
			o.At = o.At.In(zones[style-1])
			want = append(want, o)
		}
	}
	unicode := maturity.StyleObservation{
		Leader: e.id("Åse — \"leder\""), Employee: e.id("Ø 'x' \\ <y>"), Task: "kundeservice — telefon",
		Style: 4, Source: maturity.Observer, At: e.at(5*time.Hour + 999999999).In(cet),
	}
	want = append(want, unicode)
	if err := e.saveObservations(want...); err != nil {
		return err
	}
	var errs []error
	seq := e.s.Observations(e.ctx, e.all())
	got, err := conformance.Collect("Observations(the check's window)", seq)
	if err == nil {
		err = same(e, observations, "first range over Observations(the check's window)", got, want)
	}
	errs = append(errs, err)
	errs = append(errs, expect(e, observations, "after SaveObservation", maturity.Filter{Leader: unicode.Leader}, unicode))
	late := e.observation("lou", "bo", "service", maturity.EmployeeReport, 6*time.Hour)
	if err := e.saveObservations(late); err != nil {
		return errors.Join(append(errs, err)...)
	}
	got, err = conformance.Collect("Observations(the check's window)", seq)
	if err == nil {
		err = same(e, observations, "second range over the same sequence, after another SaveObservation", got, append(want, late))
	}
	return errors.Join(append(errs, err)...)
}

func checkKeys(e *env) error {
	a := e.assessment("ada", "sales", maturity.Leader, time.Hour)
	wantA := []maturity.Assessment{a}
	for i, change := range []func(*maturity.Assessment){
		func(a *maturity.Assessment) { a.Rater = maturity.Self },
		func(a *maturity.Assessment) { a.Rater = maturity.OtherRater },
		func(a *maturity.Assessment) { a.Task = "Sales" },
		func(a *maturity.Assessment) { a.Task = "sales " },
		func(a *maturity.Assessment) { a.Employee = e.id("Ada") },
		func(a *maturity.Assessment) { a.Employee = e.id("ada2") },
		func(a *maturity.Assessment) { a.At = a.At.Add(time.Nanosecond) },
		func(a *maturity.Assessment) { a.At = a.At.Add(-time.Nanosecond).In(tokyo) },
		func(a *maturity.Assessment) { a.At = a.At.Add(time.Microsecond) },
	} {
		v := a
		change(&v)
		v.Competence = float64(i) + 0.5
		wantA = append(wantA, v)
	}
	o := e.observation("lea", "ada", "sales", maturity.LeaderSelf, time.Hour)
	wantO := []maturity.StyleObservation{o}
	for i, change := range []func(*maturity.StyleObservation){
		func(o *maturity.StyleObservation) { o.Leader = e.id("lou") },
		func(o *maturity.StyleObservation) { o.Leader = e.id("Lea") },
		func(o *maturity.StyleObservation) { o.Employee = e.id("bo") },
		func(o *maturity.StyleObservation) { o.Task = "service" },
		func(o *maturity.StyleObservation) { o.Source = maturity.EmployeeReport },
		func(o *maturity.StyleObservation) { o.Source = maturity.Observer },
		func(o *maturity.StyleObservation) { o.At = o.At.Add(time.Nanosecond) },
		func(o *maturity.StyleObservation) { o.At = o.At.Add(-time.Nanosecond).In(kolkata) },
		func(o *maturity.StyleObservation) { o.At = o.At.Add(time.Microsecond) },
	} {
		v := o
		change(&v)
		v.Style = maturity.Style(i%4 + 1)
		wantO = append(wantO, v)
	}
	var errs []error
	for _, v := range wantA {
		conformance.NoErr(&errs, "SaveAssessment"+assessments.key(e, v), e.s.SaveAssessment(e.ctx, v))
	}
	for _, v := range wantO {
		conformance.NoErr(&errs, "SaveObservation"+observations.key(e, v), e.s.SaveObservation(e.ctx, v))
	}
	errs = append(errs, e.expectBoth("after saving records under different keys", e.all(), wantA, wantO))

	elsewhere := a
	elsewhere.At, elsewhere.Competence = a.At.In(eet), 9
	sentinels.WantErr(&errs, "SaveAssessment of another competence under a stored key, At in another location",
		e.s.SaveAssessment(e.ctx, elsewhere), maturity.ErrConflict)
	elsewhereO := o
	elsewhereO.At, elsewhereO.Style = o.At.In(newYork), 4
	sentinels.WantErr(&errs, "SaveObservation of another style under a stored key, At in another location",
		e.s.SaveObservation(e.ctx, elsewhereO), maturity.ErrConflict)
	errs = append(errs, e.expectBoth("after the conflicts", e.all(), wantA, wantO))
	return errors.Join(errs...)
}

func checkIdempotent(e *env) error {
	a := e.assessment("ada", "sales", maturity.Leader, time.Hour)
	plain := maturity.Assessment{Employee: e.id("bo"), Task: "service", Rater: maturity.Self, At: e.at(2 * time.Hour), Competence: 2, Commitment: 4}
	o := e.observation("lea", "ada", "sales", maturity.EmployeeReport, time.Hour)
	if err := e.save([]maturity.Assessment{a, plain}, []maturity.StyleObservation{o}); err != nil {
		return err
	}
	var errs []error
	for i, zone := range []*time.Location{time.UTC, eet, newYork} {
		what := fmt.Sprintf("the stored %%s again, At in %s (save %d)", zone, i+2)
		again := a
		again.At = a.At.In(zone)
		conformance.NoErr(&errs, "SaveAssessment of "+fmt.Sprintf(what, "assessment"), e.s.SaveAssessment(e.ctx, again))
		again = plain
		again.At = plain.At.In(zone)
		conformance.NoErr(&errs, "SaveAssessment of "+fmt.Sprintf(what, "assessment without scale and RatedBy"), e.s.SaveAssessment(e.ctx, again))
		againO := o
		againO.At = o.At.In(zone)
		conformance.NoErr(&errs, "SaveObservation of "+fmt.Sprintf(what, "observation"), e.s.SaveObservation(e.ctx, againO))
	}
	errs = append(errs, e.expectBoth("after saving again", e.all(), []maturity.Assessment{a, plain}, []maturity.StyleObservation{o}))
	return errors.Join(errs...)
}

func checkConflict(e *env) error {
	a := e.assessment("ada", "sales", maturity.Leader, time.Hour)
	o := e.observation("lea", "ada", "sales", maturity.Observer, time.Hour)
	if err := e.save([]maturity.Assessment{a}, []maturity.StyleObservation{o}); err != nil {
		return err
	}
	var errs []error
	for _, v := range []struct {
		what   string
		change func(*maturity.Assessment)
	}{
		{"another RatedBy", func(a *maturity.Assessment) { a.RatedBy = e.id("hr") }},
		{"no RatedBy", func(a *maturity.Assessment) { a.RatedBy = "" }},
		{"the scale 1–7", func(a *maturity.Assessment) { a.Scale = maturity.Scale{Min: 1, Max: 7} }},
		{"the scale 0–100", func(a *maturity.Assessment) { a.Scale.Max = 100 }},
		{"another competence", func(a *maturity.Assessment) { a.Competence += 0.25 }},
		{"another commitment", func(a *maturity.Assessment) { a.Commitment -= 0.5 }},
		{"the competence one unit in the last place higher", func(a *maturity.Assessment) { a.Competence = math.Nextafter(a.Competence, 10) }},
		{"the commitment one unit in the last place lower", func(a *maturity.Assessment) { a.Commitment = math.Nextafter(a.Commitment, 0) }},
		{"competence and commitment swapped", func(a *maturity.Assessment) { a.Competence, a.Commitment = a.Commitment, a.Competence }},
		{"another competence, At in another location", func(a *maturity.Assessment) { a.Competence, a.At = 1, a.At.In(tokyo) }},
	} {
		changed := a
		v.change(&changed)
		if err := changed.Validate(); err != nil {
			panic(fmt.Sprintf("maturitytest: the variant with %s is invalid: %v", v.what, err))
		}
		sentinels.WantErr(&errs, "SaveAssessment of a stored key with "+v.what, e.s.SaveAssessment(e.ctx, changed), maturity.ErrConflict)
	}
	for style := maturity.Style(1); style <= 4; style++ {
		if style == o.Style {
			continue
		}
		changed := o
		changed.Style = style
		sentinels.WantErr(&errs, "SaveObservation of a stored key with style "+style.Label(), e.s.SaveObservation(e.ctx, changed), maturity.ErrConflict)
	}
	errs = append(errs, e.expectBoth("after the conflicts", e.all(), []maturity.Assessment{a}, []maturity.StyleObservation{o}))
	return errors.Join(errs...)
}

func checkInvalid(e *env) error {
	valid := e.assessment("ada", "sales", maturity.Leader, time.Hour)
	var errs []error
	for _, v := range []struct {
		what   string
		change func(*maturity.Assessment)
		want   error
	}{
		{"no employee", func(a *maturity.Assessment) { a.Employee = "" }, maturity.ErrInvalidAssessment},
		{"no task", func(a *maturity.Assessment) { a.Task = "" }, maturity.ErrInvalidAssessment},
		{"no instant", func(a *maturity.Assessment) { a.At = time.Time{} }, maturity.ErrInvalidAssessment},
		{"no rater", func(a *maturity.Assessment) { a.Rater = 0 }, maturity.ErrInvalidRater},
		{"an unknown rater", func(a *maturity.Assessment) { a.Rater = maturity.OtherRater + 1 }, maturity.ErrInvalidRater},
		{"the scale 3–3", func(a *maturity.Assessment) { a.Scale = maturity.Scale{Min: 3, Max: 3} }, maturity.ErrInvalidScale},
		{"the scale 5–1", func(a *maturity.Assessment) { a.Scale = maturity.Scale{Min: 5, Max: 1} }, maturity.ErrInvalidScale},
		{"a competence above the scale", func(a *maturity.Assessment) { a.Competence = 10.5 }, maturity.ErrInvalidScore},
		{"a commitment below the scale", func(a *maturity.Assessment) { a.Commitment = -0.1 }, maturity.ErrInvalidScore},
		{"a NaN competence", func(a *maturity.Assessment) { a.Competence = math.NaN() }, maturity.ErrInvalidScore},
		{"an infinite commitment", func(a *maturity.Assessment) { a.Commitment = math.Inf(1) }, maturity.ErrInvalidScore},
		{"a score of 0 on the default scale", func(a *maturity.Assessment) { a.Scale, a.Competence, a.Commitment = maturity.Scale{}, 0, 3 }, maturity.ErrInvalidScore},
	} {
		bad := valid
		v.change(&bad)
		if err := bad.Validate(); !errors.Is(err, v.want) {
			panic(fmt.Sprintf("maturitytest: the invalid assessment with %s: Validate = %v, want an error wrapping %s", v.what, err, sentinels.Name(v.want)))
		}
		sentinels.WantErr(&errs, "SaveAssessment of an assessment with "+v.what, e.s.SaveAssessment(e.ctx, bad), v.want)
	}
	validO := e.observation("lea", "ada", "sales", maturity.LeaderSelf, time.Hour)
	for _, v := range []struct {
		what   string
		change func(*maturity.StyleObservation)
	}{
		{"no leader", func(o *maturity.StyleObservation) { o.Leader = "" }},
		{"no employee", func(o *maturity.StyleObservation) { o.Employee = "" }},
		{"no task", func(o *maturity.StyleObservation) { o.Task = "" }},
		{"no instant", func(o *maturity.StyleObservation) { o.At = time.Time{} }},
		{"no style", func(o *maturity.StyleObservation) { o.Style = 0 }},
		{"the style 5", func(o *maturity.StyleObservation) { o.Style = 5 }},
		{"no source", func(o *maturity.StyleObservation) { o.Source = 0 }},
		{"an unknown source", func(o *maturity.StyleObservation) { o.Source = maturity.Observer + 1 }},
	} {
		bad := validO
		v.change(&bad)
		if err := bad.Validate(); !errors.Is(err, maturity.ErrInvalidObservation) {
			panic(fmt.Sprintf("maturitytest: the invalid observation with %s: Validate = %v, want an error wrapping maturity.ErrInvalidObservation", v.what, err))
		}
		sentinels.WantErr(&errs, "SaveObservation of an observation with "+v.what, e.s.SaveObservation(e.ctx, bad), maturity.ErrInvalidObservation)
	}
	errs = append(errs, e.expectBoth("after saving invalid records", e.all(), nil, nil))
	errs = append(errs, e.expectBoth("after saving invalid records", maturity.Filter{Employees: e.ids("ada")}, nil, nil))
	if err := e.save([]maturity.Assessment{valid}, []maturity.StyleObservation{validO}); err != nil {
		return errors.Join(append(errs, fmt.Errorf("after saving invalid records: %w", err))...)
	}
	errs = append(errs, e.expectBoth("after saving valid records", e.all(), []maturity.Assessment{valid}, []maturity.StyleObservation{validO}))
	return errors.Join(errs...)
}

func checkFilter(e *env) error {
	h := func(n int) time.Time { return e.at(time.Duration(n) * time.Hour) }
	as := []maturity.Assessment{
		e.assessment("ada", "sales", maturity.Leader, time.Hour),
		e.assessment("ada", "service", maturity.Self, 2*time.Hour),
		e.assessment("bo", "sales", maturity.Leader, 3*time.Hour),
		e.assessment("bo", "support", maturity.OtherRater, 4*time.Hour),
		e.assessment("cy", "sales", maturity.Self, 5*time.Hour),
		e.assessment("cy", "service", maturity.Leader, 6*time.Hour),
	}
	os := []maturity.StyleObservation{
		e.observation("lea", "ada", "sales", maturity.LeaderSelf, time.Hour),
		e.observation("lea", "bo", "sales", maturity.EmployeeReport, 2*time.Hour),
		e.observation("lou", "ada", "service", maturity.Observer, 3*time.Hour),
		e.observation("lou", "cy", "sales", maturity.LeaderSelf, 4*time.Hour),
		e.observation("lea", "cy", "service", maturity.EmployeeReport, 5*time.Hour),
		e.observation("lou", "bo", "support", maturity.Observer, 6*time.Hour),
	}
	for i, zone := range []*time.Location{tokyo, time.UTC, newYork, cet, kolkata, eet} {
		as[i].At, os[i].At = as[i].At.In(zone), os[i].At.In(zone)
	}
	if err := e.save(as, os); err != nil {
		return err
	}
	everyone := e.ids("ada", "bo", "cy")
	w := e.all()
	var errs []error
	for _, c := range []struct {
		f      maturity.Filter
		as, os []int // indexes, 1-based
	}{
		{w, []int{1, 2, 3, 4, 5, 6}, []int{1, 2, 3, 4, 5, 6}},
		{maturity.Filter{Employees: e.ids("ada")}, []int{1, 2}, []int{1, 3}},
		{maturity.Filter{Employees: e.ids("ada", "cy")}, []int{1, 2, 5, 6}, []int{1, 3, 4, 5}},
		{maturity.Filter{Employees: e.ids("cy", "ada", "ada")}, []int{1, 2, 5, 6}, []int{1, 3, 4, 5}},
		{maturity.Filter{Employees: e.ids("ada"), Tasks: []string{"sales"}}, []int{1}, []int{1}},
		{maturity.Filter{Tasks: []string{"sales"}, From: w.From, To: w.To}, []int{1, 3, 5}, []int{1, 2, 4}},
		{maturity.Filter{Tasks: []string{"support", "sales", "support"}, From: w.From, To: w.To}, []int{1, 3, 4, 5}, []int{1, 2, 4, 6}},
		{maturity.Filter{Leader: e.id("lea"), From: w.From, To: w.To}, []int{1, 2, 3, 4, 5, 6}, []int{1, 2, 5}},
		{maturity.Filter{Leader: e.id("lou"), Employees: e.ids("bo")}, []int{3, 4}, []int{6}},
		{maturity.Filter{Employees: everyone, From: h(3).In(tokyo), To: h(5).In(eet)}, []int{3, 4}, []int{3, 4}},
		{maturity.Filter{Employees: everyone, From: h(3).Add(1), To: h(5).Add(1)}, []int{4, 5}, []int{4, 5}},
		{maturity.Filter{Employees: everyone, From: h(6).In(newYork)}, []int{6}, []int{6}},
		{maturity.Filter{Employees: everyone, To: h(2)}, []int{1}, []int{1}},
		{maturity.Filter{Employees: everyone, To: h(2).Add(1)}, []int{1, 2}, []int{1, 2}},
		{maturity.Filter{Employees: everyone, From: h(3), To: h(3).In(kolkata)}, nil, nil},
		{maturity.Filter{Employees: e.ids("Ada", "ad", "ada ", "nobody")}, nil, nil},
		{maturity.Filter{Tasks: []string{"Sales", "sale", "sales "}, From: w.From, To: w.To}, nil, nil},
		{maturity.Filter{Leader: e.id("le"), From: w.From, To: w.To}, []int{1, 2, 3, 4, 5, 6}, nil},
		{maturity.Filter{Leader: e.id("ada"), From: w.From, To: w.To}, []int{1, 2, 3, 4, 5, 6}, nil},
	} {
		var wantA []maturity.Assessment
		for _, i := range c.as {
			wantA = append(wantA, as[i-1])
		}
		var wantO []maturity.StyleObservation
		for _, i := range c.os {
			wantO = append(wantO, os[i-1])
		}
		errs = append(errs, e.expectBoth("filtering", c.f, wantA, wantO))
	}
	for _, f := range []maturity.Filter{
		{From: h(3), To: h(2)},
		{From: h(3), To: h(3).Add(-1).In(tokyo), Employees: everyone},
	} {
		errs = append(errs, conformance.ExpectOnlyError(sentinels, "Assessments("+e.filter(f)+")",
			conformance.Drain(e.s.Assessments(e.ctx, f), nil), 0, maturity.ErrInvalidFilter, true))
		errs = append(errs, conformance.ExpectOnlyError(sentinels, "Observations("+e.filter(f)+")",
			conformance.Drain(e.s.Observations(e.ctx, f), nil), 0, maturity.ErrInvalidFilter, true))
	}
	return errors.Join(errs...)
}

func checkOrder(e *env) error {
	h := e.at(2 * time.Hour)
	a := func(emp, task string, r maturity.Rater, at time.Time) maturity.Assessment {
		v := e.assessment(emp, task, r, 0)
		v.At = at
		return v
	}
	wantA := []maturity.Assessment{
		a("x", "sales", maturity.Leader, h.Add(-time.Hour)),
		a("x", "sales", maturity.Leader, h.Add(-30*time.Minute).In(eet)), // later on the wall clock, earlier as an instant
		a("B", "sales", maturity.Self, h),
		a("a", "Zeta", maturity.OtherRater, h.In(tokyo)),
		a("a", "sales", maturity.Self, h),
		a("a", "service", maturity.Self, h.In(newYork)),
		a("a", "service", maturity.Leader, h),
		a("a", "service", maturity.OtherRater, h.In(kolkata)),
		a("a", "é", maturity.Self, h),
		a("b", "sales", maturity.Self, h),
		a("é", "sales", maturity.Self, h),
		a("a", "sales", maturity.Self, h.Add(time.Nanosecond)),
		a("a10", "sales", maturity.Self, h.Add(time.Hour)),
		a("a9", "sales", maturity.Self, h.Add(time.Hour)),
	}
	o := func(leader, emp, task string, src maturity.Source, at time.Time) maturity.StyleObservation {
		v := e.observation(leader, emp, task, src, 0)
		v.At = at
		return v
	}
	wantO := []maturity.StyleObservation{
		o("l", "x", "sales", maturity.Observer, h.Add(-time.Hour)),
		o("l", "x", "sales", maturity.Observer, h.Add(-30*time.Minute).In(eet)),
		o("L", "y", "sales", maturity.LeaderSelf, h),
		o("l", "x", "sales", maturity.LeaderSelf, h.In(tokyo)),
		o("l", "x", "sales", maturity.EmployeeReport, h),
		o("l", "x", "sales", maturity.Observer, h.In(newYork)),
		o("l", "x", "service", maturity.LeaderSelf, h),
		o("l", "y", "Zeta", maturity.LeaderSelf, h),
		o("l2", "x", "sales", maturity.LeaderSelf, h.In(kolkata)),
		o("l", "x", "sales", maturity.LeaderSelf, h.Add(time.Nanosecond)),
	}
	for _, i := range []int{7, 2, 12, 5, 0, 13, 8, 3, 10, 1, 6, 11, 4, 9} {
		if err := e.saveAssessments(wantA[i]); err != nil {
			return err
		}
	}
	for _, i := range []int{5, 8, 2, 0, 9, 4, 7, 1, 6, 3} {
		if err := e.saveObservations(wantO[i]); err != nil {
			return err
		}
	}
	var errs []error
	for _, f := range []maturity.Filter{{}, e.all()} {
		gotA, err := read(e, assessments, f)
		if err != nil {
			errs = append(errs, err)
		} else if keys, want := keysOf(e, assessments, gotA), keysOf(e, assessments, wantA); !slices.Equal(keys, want) {
			errs = append(errs, fmt.Errorf("Assessments(%s) yields the check's assessments in the order\n\t%s\nwant\n\t%s",
				e.filter(f), strings.Join(keys, "\n\t"), strings.Join(want, "\n\t")))
		}
		gotO, err := read(e, observations, f)
		if err != nil {
			errs = append(errs, err)
		} else if keys, want := keysOf(e, observations, gotO), keysOf(e, observations, wantO); !slices.Equal(keys, want) {
			errs = append(errs, fmt.Errorf("Observations(%s) yields the check's observations in the order\n\t%s\nwant\n\t%s",
				e.filter(f), strings.Join(keys, "\n\t"), strings.Join(want, "\n\t")))
		}
	}
	return errors.Join(errs...)
}

// keysOf names vs by their keys, in order.
func keysOf[T any](e *env, k kind[T], vs []T) []string {
	keys := make([]string, len(vs))
	for i, v := range vs {
		keys[i] = k.key(e, v)
	}
	return keys
}

func checkErase(e *env) error {
	as := []maturity.Assessment{
		e.assessment("kim", "sales", maturity.Leader, time.Hour),
		e.assessment("kim", "service", maturity.Self, 2*time.Hour),
		e.assessment("bo", "sales", maturity.Leader, time.Hour),
		e.assessment("kim2", "sales", maturity.Leader, time.Hour),
		e.assessment("Kim", "sales", maturity.Leader, time.Hour),
		e.assessment("ki", "sales", maturity.Leader, time.Hour),
	}
	os := []maturity.StyleObservation{
		e.observation("lea", "kim", "sales", maturity.LeaderSelf, time.Hour),
		e.observation("lou", "kim", "service", maturity.Observer, 2*time.Hour),
		e.observation("kim", "bo", "sales", maturity.LeaderSelf, 3*time.Hour), // kim leads
		e.observation("lea", "bo", "sales", maturity.EmployeeReport, 2*time.Hour),
		e.observation("lea", "kim2", "sales", maturity.EmployeeReport, 2*time.Hour),
		e.observation("kim", "Kim", "sales", maturity.EmployeeReport, 2*time.Hour),
	}
	if err := e.save(as, os); err != nil {
		return err
	}
	var errs []error
	erase := func(short string, want int) {
		n, err := e.s.Erase(e.ctx, e.id(short))
		if err != nil || n != want {
			errs = append(errs, fmt.Errorf("Erase(%q) = %d, %v; want %d, nil", short, n, err, want))
		}
	}
	erase("kim", 4)
	keptA, keptO := as[2:], os[2:]
	errs = append(errs, e.expectBoth("after Erase(\"kim\")", e.all(), keptA, keptO))
	errs = append(errs, e.expectBoth("after Erase(\"kim\")", maturity.Filter{Employees: e.ids("kim")}, nil, nil))
	erase("kim", 0)
	erase("nobody", 0)
	if n, err := e.s.Erase(e.ctx, ""); err != nil || n != 0 {
		errs = append(errs, fmt.Errorf("Erase(\"\") = %d, %v; want 0, nil", n, err))
	}
	errs = append(errs, e.expectBoth("after erasing what is not there", e.all(), keptA, keptO))

	again := as[0]
	again.Competence, again.RatedBy = 9, ""
	againO := os[0]
	againO.Style = 1
	if err := e.save([]maturity.Assessment{again}, []maturity.StyleObservation{againO}); err != nil {
		errs = append(errs, fmt.Errorf("after Erase(\"kim\"), saving other records under kim's keys: %w", err))
	} else {
		keptA, keptO = append([]maturity.Assessment{again}, keptA...), append([]maturity.StyleObservation{againO}, keptO...)
		errs = append(errs, e.expectBoth("after saving other records under kim's keys", e.all(), keptA, keptO))
	}
	erase("bo", 3) // an assessment, the observation of bo led by kim and one by lea
	errs = append(errs, e.expectBoth("after Erase(\"bo\")", e.all(),
		[]maturity.Assessment{again, as[3], as[4], as[5]}, []maturity.StyleObservation{againO, os[4], os[5]}))
	return errors.Join(errs...)
}

func checkCancel(e *env) error {
	as := []maturity.Assessment{e.assessment("ada", "sales", maturity.Leader, 0), e.assessment("bo", "sales", maturity.Leader, time.Hour)}
	os := []maturity.StyleObservation{e.observation("lea", "ada", "sales", maturity.Observer, 0), e.observation("lea", "bo", "sales", maturity.Observer, time.Hour)}
	if err := e.save(as, os); err != nil {
		return err
	}
	canceled, cancel := context.WithCancel(e.ctx)
	cancel()
	expired, cancelExpired := context.WithDeadline(e.ctx, time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC))
	defer cancelExpired()
	var errs []error

	c := e.assessment("cy", "sales", maturity.Self, 2*time.Hour)
	sentinels.WantErr(&errs, "SaveAssessment with a canceled ctx", e.s.SaveAssessment(canceled, c), context.Canceled)
	sentinels.WantErr(&errs, "SaveAssessment with an expired ctx", e.s.SaveAssessment(expired, c), context.DeadlineExceeded)
	oc := e.observation("lea", "cy", "sales", maturity.Observer, 2*time.Hour)
	sentinels.WantErr(&errs, "SaveObservation with a canceled ctx", e.s.SaveObservation(canceled, oc), context.Canceled)
	sentinels.WantErr(&errs, "SaveObservation with an expired ctx", e.s.SaveObservation(expired, oc), context.DeadlineExceeded)
	for _, ctx := range []struct {
		what string
		ctx  context.Context
		want error
	}{{"a canceled ctx", canceled, context.Canceled}, {"an expired ctx", expired, context.DeadlineExceeded}} {
		n, err := e.s.Erase(ctx.ctx, e.id("ada"))
		sentinels.WantErr(&errs, "Erase with "+ctx.what, err, ctx.want)
		if n != 0 {
			errs = append(errs, fmt.Errorf("calling Erase with %s: it reports %d records erased, want 0", ctx.what, n))
		}
	}
	for _, f := range []maturity.Filter{e.all(), {From: e.at(time.Hour), To: e.at(0)}} {
		errs = append(errs, conformance.ExpectOnlyError(sentinels, "Assessments("+e.filter(f)+") with a canceled ctx",
			conformance.Drain(e.s.Assessments(canceled, f), nil), 0, context.Canceled, true))
		errs = append(errs, conformance.ExpectOnlyError(sentinels, "Observations("+e.filter(f)+") with a canceled ctx",
			conformance.Drain(e.s.Observations(canceled, f), nil), 0, context.Canceled, true))
	}
	errs = append(errs, e.expectBoth("after calls with a done ctx", e.all(), as, os))

	ctx, cancel := context.WithCancel(e.ctx)
	errs = append(errs, conformance.ExpectOnlyError(sentinels, "Assessments, canceling ctx after the first assessment",
		conformance.Drain(e.s.Assessments(ctx, e.all()), func(maturity.Assessment) { cancel() }), 1, context.Canceled, true))
	ctx, cancel = context.WithCancel(e.ctx)
	errs = append(errs, conformance.ExpectOnlyError(sentinels, "Observations, canceling ctx after the first observation",
		conformance.Drain(e.s.Observations(ctx, e.all()), func(maturity.StyleObservation) { cancel() }), 1, context.Canceled, true))
	return errors.Join(errs...)
}

func checkEarlyBreak(e *env) error {
	as := []maturity.Assessment{
		e.assessment("ada", "sales", maturity.Leader, 0),
		e.assessment("bo", "sales", maturity.Leader, time.Hour),
		e.assessment("cy", "sales", maturity.Leader, 2*time.Hour),
	}
	os := []maturity.StyleObservation{
		e.observation("lea", "ada", "sales", maturity.Observer, 0),
		e.observation("lea", "bo", "sales", maturity.Observer, time.Hour),
		e.observation("lea", "cy", "sales", maturity.Observer, 2*time.Hour),
	}
	if err := e.save(as, os); err != nil {
		return err
	}
	var errs []error
	for n := 1; n <= 2; n++ {
		errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Assessments after %d", n), n, e.s.Assessments(e.ctx, e.all())))
		errs = append(errs, conformance.BreakAfter(fmt.Sprintf("Observations after %d", n), n, e.s.Observations(e.ctx, e.all())))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	a := e.assessment("dan", "sales", maturity.Self, 3*time.Hour)
	o := e.observation("lea", "dan", "sales", maturity.Observer, 3*time.Hour)
	if err := e.save([]maturity.Assessment{a}, []maturity.StyleObservation{o}); err != nil {
		return fmt.Errorf("after breaking out: %w", err)
	}
	return e.expectBoth("after breaking out", e.all(), append(as, a), append(os, o))
}

func checkCallsInsideLoop(e *env) error {
	a := e.assessment("ada", "sales", maturity.Leader, 0)
	o := e.observation("lea", "ada", "sales", maturity.Observer, 0)
	others := []maturity.Assessment{e.assessment("bo", "sales", maturity.Leader, time.Hour)}
	otherOs := []maturity.StyleObservation{e.observation("lea", "bo", "sales", maturity.Observer, time.Hour)}
	if err := e.save(append(others, a), append(otherOs, o)); err != nil {
		return err
	}
	n := 0
	inLoop := func() error {
		n++
		inner := fmt.Sprintf("inner%d", n)
		ia := e.assessment(inner, "sales", maturity.Self, time.Duration(n)*time.Minute)
		io := e.observation("lea", inner, "sales", maturity.LeaderSelf, time.Duration(n)*time.Minute)
		if err := e.save([]maturity.Assessment{ia}, []maturity.StyleObservation{io}); err != nil {
			return err
		}
		if err := e.expectBoth("reading", maturity.Filter{Employees: e.ids(inner)}, []maturity.Assessment{ia}, []maturity.StyleObservation{io}); err != nil {
			return err
		}
		if _, err := read(e, assessments, e.all()); err != nil {
			return err
		}
		if _, err := read(e, observations, e.all()); err != nil {
			return err
		}
		if k, err := e.s.Erase(e.ctx, ia.Employee); err != nil || k != 2 {
			return fmt.Errorf("calling Erase(%q) = %d, %v; want 2, nil", inner, k, err)
		}
		return nil
	}
	seen := 0
	for got, err := range e.s.Assessments(e.ctx, e.all()) {
		if err != nil {
			return fmt.Errorf("ranging over Assessments: yielded error %w", err)
		}
		if got.Employee != a.Employee {
			continue
		}
		seen++
		if err := inLoop(); err != nil {
			return fmt.Errorf("inside a loop over Assessments: %w", err)
		}
	}
	if seen != 1 {
		return fmt.Errorf("the loop over Assessments saw ada's assessment %d times, want once", seen)
	}
	seen = 0
	for got, err := range e.s.Observations(e.ctx, e.all()) {
		if err != nil {
			return fmt.Errorf("ranging over Observations: yielded error %w", err)
		}
		if got.Employee != o.Employee {
			continue
		}
		seen++
		if err := inLoop(); err != nil {
			return fmt.Errorf("inside a loop over Observations: %w", err)
		}
	}
	if seen != 1 {
		return fmt.Errorf("the loop over Observations saw the observation of ada %d times, want once", seen)
	}
	return e.expectBoth("after the loops", e.all(), append(others, a), append(otherOs, o))
}

func checkConcurrentSave(e *env) error {
	const savers = 16
	versions := make([]maturity.Assessment, savers)
	for i := range versions {
		versions[i] = e.assessment("ada", "sales", maturity.Leader, 0)
		versions[i].Competence = float64(i) / 2
	}
	winner, errs := sentinels.OneWinner("saving 16 assessments under one key", conformance.Race(savers, func(i int) error {
		return e.s.SaveAssessment(e.ctx, versions[i])
	}), maturity.ErrConflict)
	var wantA []maturity.Assessment
	if winner >= 0 {
		wantA = append(wantA, versions[winner])
	}
	same := e.assessment("bo", "sales", maturity.Self, time.Hour)
	for i, err := range conformance.Race(savers, func(int) error { return e.s.SaveAssessment(e.ctx, same) }) {
		conformance.NoErr(&errs, fmt.Sprintf("saving one assessment from 16 goroutines, save %d", i), err)
	}
	wantA = append(wantA, same)
	if winner >= 0 {
		errs = append(errs, expect(e, assessments, "after the concurrent saves", e.all(), wantA...))
	}

	styles := make([]maturity.StyleObservation, savers)
	for i := range styles {
		styles[i] = e.observation("lea", "ada", "sales", maturity.Observer, 0)
		styles[i].Style = maturity.Style(i%4 + 1)
	}
	results := conformance.Race(savers, func(i int) error { return e.s.SaveObservation(e.ctx, styles[i]) })
	sameO := e.observation("lea", "bo", "sales", maturity.Observer, time.Hour)
	for i, err := range conformance.Race(savers, func(int) error { return e.s.SaveObservation(e.ctx, sameO) }) {
		conformance.NoErr(&errs, fmt.Sprintf("saving one observation from 16 goroutines, save %d", i), err)
	}
	got, err := read(e, observations, maturity.Filter{Employees: e.ids("ada")})
	switch {
	case err != nil:
		errs = append(errs, err)
	case len(got) != 1:
		errs = append(errs, fmt.Errorf("saving 16 observations with four styles under one key: Observations yields %d of them, want 1", len(got)))
	default:
		stored := got[0].Style
		for i, err := range results {
			what := fmt.Sprintf("saving 16 observations with four styles under one key, %s stored: save %d, of style %s", stored.Label(), i, styles[i].Style.Label())
			if styles[i].Style == stored {
				conformance.NoErr(&errs, what, err)
			} else {
				sentinels.WantErr(&errs, what, err, maturity.ErrConflict)
			}
		}
		errs = append(errs, expect(e, observations, "after the concurrent saves", e.all(), got[0], sameO))
	}
	return errors.Join(errs...)
}

func checkConcurrent(e *env) error {
	const writers, each, readers = 8, 24, 3
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		errs   []error
		keptA  = make([][]maturity.Assessment, writers+readers)
		keptO  = make([][]maturity.StyleObservation, writers)
		leader = func(g int) string { return fmt.Sprintf("lead%d", g%3) }
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for g := range writers {
		wg.Go(func() {
			var as []maturity.Assessment
			var os []maturity.StyleObservation
			for i := range each {
				emp := fmt.Sprintf("w%d-%d", g, i%4)
				d := time.Duration(g*each+i) * time.Minute
				a := e.assessment(emp, []string{"sales", "service"}[i%2], maturity.Rater(i%3+1), d)
				a.Competence = float64(i % 11)
				o := e.observation(leader(g), emp, "sales", maturity.Source(i%3+1), d)
				o.Style = maturity.Style(i%4 + 1)
				if err := e.save([]maturity.Assessment{a}, []maturity.StyleObservation{o}); err != nil {
					fail(fmt.Errorf("writer %d: %w", g, err))
					return
				}
				as, os = append(as, a), append(os, o)
				if i%6 != 5 {
					continue
				}
				id := e.id(emp)
				want := len(as) + len(os)
				as = slices.DeleteFunc(as, func(a maturity.Assessment) bool { return a.Employee == id })
				os = slices.DeleteFunc(os, func(o maturity.StyleObservation) bool { return o.Employee == id })
				want -= len(as) + len(os)
				if n, err := e.s.Erase(e.ctx, id); err != nil || n != want {
					fail(fmt.Errorf("writer %d: Erase(%q) = %d, %v; want %d, nil", g, emp, n, err, want))
					return
				}
			}
			keptA[g], keptO[g] = as, os
		})
	}
	for g := range readers {
		wg.Go(func() {
			for i := range 10 {
				for _, f := range []maturity.Filter{e.all(), {Employees: e.ids("w1-0", "w2-1")}} {
					if _, err := read(e, assessments, f); err != nil {
						fail(fmt.Errorf("reader %d: %w", g, err))
						return
					}
				}
				if _, err := read(e, observations, maturity.Filter{Leader: e.id(leader(g))}); err != nil {
					fail(fmt.Errorf("reader %d: %w", g, err))
					return
				}
				a := e.assessment(fmt.Sprintf("reader%d", g), "service", maturity.Self, time.Duration(i)*time.Second)
				if err := e.saveAssessments(a); err != nil {
					fail(fmt.Errorf("reader %d: %w", g, err))
					return
				}
				keptA[writers+g] = append(keptA[writers+g], a)
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return e.expectBoth("after the writers", e.all(), slices.Concat(keptA...), slices.Concat(keptO...))
}
