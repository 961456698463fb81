package maturity

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"
)

// MemStore is an in-memory [Store] for tests, examples and small hosts
// that keep their records in one process. It implements the optional
// [ChecklistStore], [CultureStore], [ContentStore] and [LEADStore] too. It
// is the reference implementation of these contracts and passes the
// conformance suite in
// [github.com/servicekultur/servicekultur/maturity/maturitytest].
//
// Create one with [NewMemStore]; the zero value is not ready to use. A
// MemStore is safe for concurrent use. It keeps its own copies: what is
// passed in (a filter's slices too) or handed out never shares memory with
// what it holds.
//
// The sequences copy the matching records under a read lock and yield
// them with the lock released, so the body of a loop may call any method
// of the store; each loop yields the store as it was when the loop began.
//
// What a MemStore holds is personal HR data, like any Store's: keep it
// away from logs and from anyone but the employee, their leader and HR.
type MemStore struct {
	mu           sync.RWMutex
	assessments  map[memAssessmentKey]Assessment
	observations map[memObservationKey]StyleObservation
	checklist    map[memChecklistKey]ChecklistRecord
	stances      map[memStanceKey]StanceObservation
	roleStarts   map[memRoleStartKey]memRoleStart
	refreshes    map[memRefreshKey]memRefresh
	leads        map[memLEADKey]LEADRecord
}

var (
	_ Store          = (*MemStore)(nil)
	_ ChecklistStore = (*MemStore)(nil)
	_ CultureStore   = (*MemStore)(nil)
	_ ContentStore   = (*MemStore)(nil)
	_ LEADStore      = (*MemStore)(nil)
)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{
		assessments:  make(map[memAssessmentKey]Assessment),
		observations: make(map[memObservationKey]StyleObservation),
		checklist:    make(map[memChecklistKey]ChecklistRecord),
		stances:      make(map[memStanceKey]StanceObservation),
		roleStarts:   make(map[memRoleStartKey]memRoleStart),
		refreshes:    make(map[memRefreshKey]memRefresh),
		leads:        make(map[memLEADKey]LEADRecord),
	}
}

// memInstant is an instant as a comparable value, whatever its location.
type memInstant struct {
	sec  int64
	nsec int
}

func memInstantOf(t time.Time) memInstant { return memInstant{t.Unix(), t.Nanosecond()} }

// memAssessmentKey is the key of an assessment.
type memAssessmentKey struct {
	employee, task string
	rater          Rater
	at             memInstant
}

// memObservationKey is the key of an observation.
type memObservationKey struct {
	leader, employee, task string
	source                 Source
	at                     memInstant
}

// memChecklistKey is the key of a checklist record.
type memChecklistKey struct {
	employee string
	item     ChecklistItem
	at       memInstant
}

// memStanceKey is the key of a stance observation.
type memStanceKey struct {
	subject string
	at      memInstant
}

// memRoleStartKey is the key of a role start.
type memRoleStartKey struct {
	employee string
	at       memInstant
}

// memRoleStart is a stored role start and its employee.
type memRoleStart struct {
	employee string
	r        RoleStart
}

// memRefreshKey is the key of a refresh.
type memRefreshKey struct {
	employee string
	kind     RefreshKind
	at       memInstant
}

// memRefresh is a stored refresh and its employee.
type memRefresh struct {
	employee string
	r        Refresh
}

// memLEADKey is the key of a LEAD record.
type memLEADKey struct {
	leader, rater string
	form          LEADForm
	at            memInstant
}

// SaveAssessment implements [Store]. An invalid assessment is an error
// wrapping the error of [Assessment.Validate]; a different assessment
// under a stored (Employee, Task, Rater, At) one wrapping [ErrConflict].
func (s *MemStore) SaveAssessment(ctx context.Context, a Assessment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("saving an assessment: %w", err)
	}
	a.At = a.At.Round(0) // no monotonic reading
	k := memAssessmentKey{a.Employee, a.Task, a.Rater, memInstantOf(a.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.assessments[k]; ok {
		if old.RatedBy == a.RatedBy && old.Scale == a.Scale && old.Competence == a.Competence && old.Commitment == a.Commitment {
			return nil
		}
		return fmt.Errorf("%w: the %s assessment of %q on task %q at %s is stored with other content",
			ErrConflict, a.Rater, a.Employee, a.Task, a.At.Format(time.RFC3339Nano))
	}
	s.assessments[k] = a
	return nil
}

// Assessments implements [Store]: the matching assessments by At as
// instants, then by Employee, Task and Rater.
func (s *MemStore) Assessments(ctx context.Context, f Filter) iter.Seq2[Assessment, error] {
	f = f.clone()
	return func(yield func(Assessment, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Assessment{}, err)
			return
		}
		if err := f.Validate(); err != nil {
			yield(Assessment{}, err)
			return
		}
		s.mu.RLock()
		var as []Assessment
		for _, a := range s.assessments {
			if f.MatchAssessment(a) {
				as = append(as, a)
			}
		}
		s.mu.RUnlock()
		slices.SortFunc(as, storeOrderAssessments)
		memYield(ctx, as, yield)
	}
}

// SaveObservation implements [Store]. An invalid observation is an error
// wrapping the error of [StyleObservation.Validate]; another style under
// a stored (Leader, Employee, Task, Source, At) one wrapping
// [ErrConflict].
func (s *MemStore) SaveObservation(ctx context.Context, o StyleObservation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return fmt.Errorf("saving a style observation: %w", err)
	}
	o.At = o.At.Round(0)
	k := memObservationKey{o.Leader, o.Employee, o.Task, o.Source, memInstantOf(o.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.observations[k]; ok {
		if old.Style == o.Style {
			return nil
		}
		return fmt.Errorf("%w: the %s observation of %q leading %q on task %q at %s is stored with style %s, not %s",
			ErrConflict, o.Source, o.Leader, o.Employee, o.Task, o.At.Format(time.RFC3339Nano), old.Style.Label(), o.Style.Label())
	}
	s.observations[k] = o
	return nil
}

// Observations implements [Store]: the matching observations by At as
// instants, then by Leader, Employee, Task and Source.
func (s *MemStore) Observations(ctx context.Context, f Filter) iter.Seq2[StyleObservation, error] {
	f = f.clone()
	return func(yield func(StyleObservation, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(StyleObservation{}, err)
			return
		}
		if err := f.Validate(); err != nil {
			yield(StyleObservation{}, err)
			return
		}
		s.mu.RLock()
		var obs []StyleObservation
		for _, o := range s.observations {
			if f.MatchObservation(o) {
				obs = append(obs, o)
			}
		}
		s.mu.RUnlock()
		slices.SortFunc(obs, storeOrderObservations)
		memYield(ctx, obs, yield)
	}
}

// Erase implements [Store]: it removes the employee's assessments, the
// observations in which they are the employee, their checklist records,
// the stance observations whose subject they are, their role starts and
// refreshes and the LEAD records in which they are the leader, and
// returns how many.
func (s *MemStore) Erase(ctx context.Context, employee string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return memDelete(s.assessments, func(k memAssessmentKey) bool { return k.employee == employee }) +
		memDelete(s.observations, func(k memObservationKey) bool { return k.employee == employee }) +
		memDelete(s.checklist, func(k memChecklistKey) bool { return k.employee == employee }) +
		memDelete(s.stances, func(k memStanceKey) bool { return k.subject == employee }) +
		memDelete(s.roleStarts, func(k memRoleStartKey) bool { return k.employee == employee }) +
		memDelete(s.refreshes, func(k memRefreshKey) bool { return k.employee == employee }) +
		memDelete(s.leads, func(k memLEADKey) bool { return k.leader == employee }), nil
}

// memDelete deletes the entries of m whose keys del selects, and returns
// how many.
func memDelete[K comparable, V any](m map[K]V, del func(K) bool) int {
	n := 0
	for k := range m {
		if del(k) {
			delete(m, k)
			n++
		}
	}
	return n
}

// SaveChecklistRecord implements [ChecklistStore]. An invalid record is
// an error wrapping the error of [ChecklistRecord.Validate].
func (s *MemStore) SaveChecklistRecord(ctx context.Context, r ChecklistRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("saving a checklist record: %w", err)
	}
	r.At = r.At.Round(0)
	k := memChecklistKey{r.Employee, r.Item, memInstantOf(r.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.checklist[k]; !ok {
		s.checklist[k] = r
	}
	return nil
}

// ChecklistRecords implements [ChecklistStore]: the records of the
// employees listed, or of all, by At as instants, then by Employee and
// Item.
func (s *MemStore) ChecklistRecords(ctx context.Context, employees []string) iter.Seq2[ChecklistRecord, error] {
	return memSelect(ctx, s, s.checklist, employees, func(r ChecklistRecord) string { return r.Employee }, storeOrderChecklist)
}

// SaveStance implements [CultureStore]. An invalid observation is an
// error wrapping the error of [StanceObservation.Validate]; another
// stance under a stored (Subject, At) one wrapping [ErrConflict].
func (s *MemStore) SaveStance(ctx context.Context, o StanceObservation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return fmt.Errorf("saving a stance observation: %w", err)
	}
	o.At = o.At.Round(0)
	k := memStanceKey{o.Subject, memInstantOf(o.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.stances[k]; ok {
		if old.Stance == o.Stance {
			return nil
		}
		return fmt.Errorf("%w: the stance of %q at %s is stored as another stance",
			ErrConflict, o.Subject, o.At.Format(time.RFC3339Nano))
	}
	s.stances[k] = o
	return nil
}

// Stances implements [CultureStore]: the observations of the subjects
// listed, or of all, by At as instants, then by Subject.
func (s *MemStore) Stances(ctx context.Context, subjects []string) iter.Seq2[StanceObservation, error] {
	return memSelect(ctx, s, s.stances, subjects, func(o StanceObservation) string { return o.Subject }, storeOrderStances)
}

// SaveRoleStart implements [ContentStore]. An empty employee is an error
// wrapping [ErrInvalidObservation], an invalid role start one wrapping
// the error of [RoleStart.Validate]; another Role under a stored
// (employee, At) one wrapping [ErrConflict].
func (s *MemStore) SaveRoleStart(ctx context.Context, employee string, r RoleStart) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if employee == "" {
		return fmt.Errorf("saving a role start: %w: no employee", ErrInvalidObservation)
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("saving a role start: %w", err)
	}
	r.At = r.At.Round(0)
	k := memRoleStartKey{employee, memInstantOf(r.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.roleStarts[k]; ok {
		if old.r.Role == r.Role {
			return nil
		}
		return fmt.Errorf("%w: the role start of %q at %s is stored with another role",
			ErrConflict, employee, r.At.Format(time.RFC3339Nano))
	}
	s.roleStarts[k] = memRoleStart{employee, r}
	return nil
}

// SaveRefresh implements [ContentStore]. An empty employee is an error
// wrapping [ErrInvalidObservation], an invalid refresh one wrapping the
// error of [Refresh.Validate].
func (s *MemStore) SaveRefresh(ctx context.Context, employee string, r Refresh) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if employee == "" {
		return fmt.Errorf("saving a refresh: %w: no employee", ErrInvalidObservation)
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("saving a refresh: %w", err)
	}
	r.At = r.At.Round(0)
	k := memRefreshKey{employee, r.Kind, memInstantOf(r.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.refreshes[k]; !ok {
		s.refreshes[k] = memRefresh{employee, r}
	}
	return nil
}

// ContentHistory implements [ContentStore]: the employee's role starts by
// At as instants, and their refreshes by At and then Kind, in new slices.
func (s *MemStore) ContentHistory(ctx context.Context, employee string) (ContentHistory, error) {
	if err := ctx.Err(); err != nil {
		return ContentHistory{}, err
	}
	var h ContentHistory
	s.mu.RLock()
	for _, v := range s.roleStarts {
		if v.employee == employee {
			h.RoleStarts = append(h.RoleStarts, v.r)
		}
	}
	for _, v := range s.refreshes {
		if v.employee == employee {
			h.Refreshes = append(h.Refreshes, v.r)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(h.RoleStarts, storeOrderRoleStarts)
	slices.SortFunc(h.Refreshes, storeOrderRefreshes)
	return h, nil
}

// SaveLEAD implements [LEADStore]. An invalid record is an error wrapping
// the error of [LEADRecord.Validate]; other answers under a stored
// (Leader, Form, Rater, At) one wrapping [ErrConflict].
func (s *MemStore) SaveLEAD(ctx context.Context, r LEADRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("saving a LEAD record: %w", err)
	}
	r.At = r.At.Round(0)
	k := memLEADKey{r.Leader, r.Rater, r.Form, memInstantOf(r.At)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.leads[k]; ok {
		if old.Answers == r.Answers {
			return nil
		}
		return fmt.Errorf("%w: the LEAD record of %q by %q (form %s) at %s is stored with other answers",
			ErrConflict, r.Leader, r.Rater, r.Form, r.At.Format(time.RFC3339Nano))
	}
	s.leads[k] = r
	return nil
}

// LEADRecords implements [LEADStore]: the records of the leaders listed,
// or of all, by At as instants, then by Leader, Form and Rater.
func (s *MemStore) LEADRecords(ctx context.Context, leaders []string) iter.Seq2[LEADRecord, error] {
	return memSelect(ctx, s, s.leads, leaders, func(r LEADRecord) string { return r.Leader }, storeOrderLEAD)
}

// memSelect streams the values of m (read under s's lock) whose person,
// as who names it, is among those listed, or all values if none are, in
// the order given. It copies the list.
func memSelect[K comparable, V any](ctx context.Context, s *MemStore, m map[K]V, people []string, who func(V) string, order func(a, b V) int) iter.Seq2[V, error] {
	people = slices.Clone(people)
	return func(yield func(V, error) bool) {
		if err := ctx.Err(); err != nil {
			var zero V
			yield(zero, err)
			return
		}
		s.mu.RLock()
		var vs []V
		for _, v := range m {
			if len(people) == 0 || slices.Contains(people, who(v)) {
				vs = append(vs, v)
			}
		}
		s.mu.RUnlock()
		slices.SortFunc(vs, order)
		memYield(ctx, vs, yield)
	}
}

// memYield yields vs, checking ctx before each.
func memYield[T any](ctx context.Context, vs []T, yield func(T, error) bool) {
	for _, v := range vs {
		if err := ctx.Err(); err != nil {
			var zero T
			yield(zero, err)
			return
		}
		if !yield(v, nil) {
			return
		}
	}
}
