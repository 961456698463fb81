package wheel

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sync"
)

// MemStore is an in-memory [Store] for tests, examples and small hosts
// that keep their assessments in one process. It is the reference
// implementation of the Store contract and passes the conformance suite in
// [github.com/servicekultur/servicekultur/wheel/wheeltest].
//
// Create one with [NewMemStore]; the zero value is not ready to use. A
// MemStore is safe for concurrent use. It keeps its own deep copies: what
// is passed in or handed out never shares memory with what it holds.
//
// Delete in an assessment the store does not hold removes nothing and
// returns false and no error, as erasure is idempotent; Responses of such
// an assessment yields an error wrapping [ErrNotFound].
//
// The sequences copy what they yield under a read lock and yield with the
// lock released, so the body of a loop may call any method of the store;
// each loop yields the store as it was when the loop began. Assessments
// come by At, then by ID; responses by At, then by respondent.
type MemStore struct {
	mu          sync.RWMutex
	assessments map[string]*memAssessment
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{assessments: make(map[string]*memAssessment)}
}

// memAssessment is one stored assessment with its responses.
type memAssessment struct {
	a     Assessment
	resps map[string]Response // by respondent
}

// SaveAssessment implements [Store]. An invalid assessment is an error
// wrapping the error of [Assessment.Validate].
func (s *MemStore) SaveAssessment(ctx context.Context, a Assessment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("saving an assessment: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.assessments[a.ID]; ok {
		if equalAssessments(old.a, a) {
			return nil
		}
		return fmt.Errorf("%w: assessment %q is stored with other content", ErrConflict, a.ID)
	}
	s.assessments[a.ID] = &memAssessment{a: a.Clone(), resps: make(map[string]Response)}
	return nil
}

// Assessment implements [Store].
func (s *MemStore) Assessment(ctx context.Context, id string) (Assessment, error) {
	if err := ctx.Err(); err != nil {
		return Assessment{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ma, ok := s.assessments[id]
	if !ok {
		return Assessment{}, fmt.Errorf("%w: assessment %q", ErrNotFound, id)
	}
	return ma.a.Clone(), nil
}

// Assessments implements [Store]: by At as instants, then by ID byte by
// byte.
func (s *MemStore) Assessments(ctx context.Context) iter.Seq2[Assessment, error] {
	return func(yield func(Assessment, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Assessment{}, err)
			return
		}
		s.mu.RLock()
		as := make([]Assessment, 0, len(s.assessments))
		for _, ma := range s.assessments {
			as = append(as, ma.a.Clone())
		}
		s.mu.RUnlock()
		slices.SortFunc(as, func(a, b Assessment) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		for _, a := range as {
			if err := ctx.Err(); err != nil {
				yield(Assessment{}, err)
				return
			}
			if !yield(a, nil) {
				return
			}
		}
	}
}

// Save implements [Store]. A response to an assessment the store does not
// hold is an error wrapping [ErrNotFound]; one that fails [Response.Check]
// an error wrapping the error of Check; a different response of a
// respondent who has one an error wrapping [ErrDuplicateRespondent].
// Nothing is stored then.
func (s *MemStore) Save(ctx context.Context, r Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ma, ok := s.assessments[r.Assessment]
	if !ok {
		return fmt.Errorf("%w: assessment %q of a response", ErrNotFound, r.Assessment)
	}
	if err := r.Check(ma.a); err != nil {
		return fmt.Errorf("saving a response to %s: %w", r.Assessment, err)
	}
	if old, ok := ma.resps[r.Respondent]; ok {
		if old.Equal(r) {
			return nil
		}
		return fmt.Errorf("%w: assessment %s holds another response of respondent %q",
			ErrDuplicateRespondent, r.Assessment, r.Respondent)
	}
	ma.resps[r.Respondent] = r.Clone()
	return nil
}

// Responses implements [Store]: ordered by At as instants, then by
// respondent byte by byte.
func (s *MemStore) Responses(ctx context.Context, assessment string) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Response{}, err)
			return
		}
		s.mu.RLock()
		ma, ok := s.assessments[assessment]
		if !ok {
			s.mu.RUnlock()
			yield(Response{}, fmt.Errorf("%w: assessment %q", ErrNotFound, assessment))
			return
		}
		rs := make([]Response, 0, len(ma.resps))
		for _, r := range ma.resps {
			rs = append(rs, r.Clone())
		}
		s.mu.RUnlock()
		slices.SortFunc(rs, func(a, b Response) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return cmp.Compare(a.Respondent, b.Respondent)
		})
		for _, r := range rs {
			if err := ctx.Err(); err != nil {
				yield(Response{}, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Delete implements [Store]. In an assessment the store does not hold it
// removes nothing and returns false and no error.
func (s *MemStore) Delete(ctx context.Context, assessment, respondent string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ma, ok := s.assessments[assessment]
	if !ok {
		return false, nil
	}
	if _, ok := ma.resps[respondent]; !ok {
		return false, nil
	}
	delete(ma.resps, respondent)
	return true, nil
}

// equalAssessments reports whether two assessments hold the same data:
// At compared with time.Time.Equal, a nil and an empty slice or map alike.
func equalAssessments(a, b Assessment) bool {
	fa, fb := a.Framework, b.Framework
	return a.ID == b.ID && a.At.Equal(b.At) &&
		fa.ID == fb.ID && fa.Name == fb.Name && fa.Ordered == fb.Ordered && fa.SingleOwner == fb.SingleOwner &&
		slices.Equal(fa.Stages, fb.Stages) && slices.Equal(fa.Dimensions, fb.Dimensions) &&
		a.Scale.Min == b.Scale.Min && a.Scale.Max == b.Scale.Max && slices.Equal(a.Scale.Labels, b.Scale.Labels) &&
		slices.Equal(a.Items, b.Items) && slices.Equal(a.Units, b.Units) && maps.Equal(a.Owners, b.Owners)
}
