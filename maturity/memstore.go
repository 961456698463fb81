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
// that keep their records in one process. It is the reference
// implementation of the Store contract and passes the conformance suite in
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
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{
		assessments:  make(map[memAssessmentKey]Assessment),
		observations: make(map[memObservationKey]StyleObservation),
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

// Erase implements [Store]: it removes the employee's assessments and the
// observations in which they are the employee, and returns how many.
func (s *MemStore) Erase(ctx context.Context, employee string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k := range s.assessments {
		if k.employee == employee {
			delete(s.assessments, k)
			n++
		}
	}
	for k := range s.observations {
		if k.employee == employee {
			delete(s.observations, k)
			n++
		}
	}
	return n, nil
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
