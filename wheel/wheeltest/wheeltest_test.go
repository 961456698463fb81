package wheeltest_test

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/wheel"
	"github.com/servicekultur/servicekultur/wheel/wheeltest"
)

func TestRunMemStore(t *testing.T) {
	wheeltest.Run(t, func() wheel.Store { return wheel.NewMemStore() })
}

func TestMemStoreOneStore(t *testing.T) {
	if err := wheeltest.Test(wheel.NewMemStore()); err != nil {
		t.Fatal(err)
	}
}

// broken is a MemStore broken in one way, to show that the suite notices.
type broken struct {
	*wheel.MemStore
	bug string

	mu     sync.Mutex
	cached map[string]wheel.Assessment // "shares assessments"
}

func newBroken(bug string) *broken { return &broken{MemStore: wheel.NewMemStore(), bug: bug} }

// ctx drops ctx for the "ignores ctx" bug.
func (b *broken) ctx(ctx context.Context) context.Context {
	if b.bug == "ignores ctx" {
		return context.Background()
	}
	return ctx
}

// invalid reports whether err is a validation error of the package.
func invalid(err error) bool {
	for _, s := range []error{
		wheel.ErrInvalidAssessment, wheel.ErrInvalidFramework, wheel.ErrInvalidScale,
		wheel.ErrUnknownDimension, wheel.ErrInvalidResponse, wheel.ErrInvalidRating,
	} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func (b *broken) SaveAssessment(ctx context.Context, a wheel.Assessment) error {
	err := b.MemStore.SaveAssessment(b.ctx(ctx), a)
	switch {
	case b.bug == "swallows conflicts" && errors.Is(err, wheel.ErrConflict):
		return nil
	case b.bug == "loses sentinels" && invalid(err):
		return errors.New(err.Error())
	}
	return err
}

func (b *broken) Assessment(ctx context.Context, id string) (wheel.Assessment, error) {
	if b.bug != "shares assessments" {
		return b.MemStore.Assessment(b.ctx(ctx), id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if a, ok := b.cached[id]; ok {
		return a, nil
	}
	a, err := b.MemStore.Assessment(ctx, id)
	if err == nil {
		if b.cached == nil {
			b.cached = make(map[string]wheel.Assessment)
		}
		b.cached[id] = a
	}
	return a, err
}

func (b *broken) Assessments(ctx context.Context) iter.Seq2[wheel.Assessment, error] {
	if b.bug != "assessments by ID" {
		return b.MemStore.Assessments(b.ctx(ctx))
	}
	return func(yield func(wheel.Assessment, error) bool) {
		var as []wheel.Assessment
		for a, err := range b.MemStore.Assessments(ctx) {
			if err != nil {
				yield(wheel.Assessment{}, err)
				return
			}
			as = append(as, a)
		}
		slices.SortFunc(as, func(a, b wheel.Assessment) int { return strings.Compare(a.ID, b.ID) })
		for _, a := range as {
			if !yield(a, nil) {
				return
			}
		}
	}
}

func (b *broken) Save(ctx context.Context, r wheel.Response) error {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "truncates At":
		r.At = r.At.Truncate(time.Second)
	case "drops importance":
		r.Importance = nil
	case "drops not applicable":
		r = r.Clone()
		for _, m := range []map[string]wheel.Answer{r.Answers, r.Importance} {
			for k, v := range m {
				if v.NotApplicable {
					delete(m, k)
				}
			}
		}
	}
	err := b.MemStore.Save(ctx, r)
	switch {
	case b.bug == "swallows invalid" && invalid(err):
		return nil
	case !errors.Is(err, wheel.ErrDuplicateRespondent):
		return err
	}
	switch b.bug {
	case "swallows duplicates":
		return nil
	case "overwrites":
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, err := b.MemStore.Delete(ctx, r.Assessment, r.Respondent); err != nil {
			return err
		}
		return b.MemStore.Save(ctx, r)
	}
	return err
}

func (b *broken) Responses(ctx context.Context, assessment string) iter.Seq2[wheel.Response, error] {
	switch b.bug {
	case "no ErrNotFound":
		return func(yield func(wheel.Response, error) bool) {
			if _, err := b.MemStore.Assessment(ctx, assessment); errors.Is(err, wheel.ErrNotFound) {
				return
			}
			for r, err := range b.MemStore.Responses(ctx, assessment) {
				if !yield(r, err) {
					return
				}
			}
		}
	case "checks ctx only first":
		return func(yield func(wheel.Response, error) bool) {
			if err := ctx.Err(); err != nil {
				yield(wheel.Response{}, err)
				return
			}
			for r, err := range b.MemStore.Responses(context.Background(), assessment) {
				if !yield(r, err) {
					return
				}
			}
		}
	case "yields twice":
		return func(yield func(wheel.Response, error) bool) {
			for r, err := range b.MemStore.Responses(ctx, assessment) {
				if !yield(r, err) || err != nil || !yield(r.Clone(), nil) {
					return
				}
			}
		}
	case "ignores break":
		return func(yield func(wheel.Response, error) bool) {
			for r, err := range b.MemStore.Responses(ctx, assessment) {
				yield(r, err)
			}
		}
	}
	return b.MemStore.Responses(b.ctx(ctx), assessment)
}

func (b *broken) Delete(ctx context.Context, assessment, respondent string) (bool, error) {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "deletes across assessments":
		for a, err := range b.MemStore.Assessments(ctx) {
			if err != nil {
				return false, err
			}
			if a.ID != assessment {
				if _, err := b.MemStore.Delete(ctx, a.ID, respondent); err != nil {
					return false, err
				}
			}
		}
	case "Delete reports false":
		_, err := b.MemStore.Delete(ctx, assessment, respondent)
		return false, err
	}
	return b.MemStore.Delete(ctx, assessment, respondent)
}

func TestSuiteCatchesBugs(t *testing.T) {
	if err := wheeltest.Test(newBroken("")); err != nil {
		t.Fatalf("the wrapper without a bug fails: %v", err)
	}
	for bug, want := range map[string]string{
		"overwrites":                 "Duplicate",
		"swallows duplicates":        "Duplicate",
		"swallows conflicts":         "AssessmentConflict",
		"truncates At":               "RoundTrip",
		"drops importance":           "RoundTrip",
		"drops not applicable":       "RoundTrip",
		"yields twice":               "RoundTrip",
		"ignores ctx":                "Cancel",
		"checks ctx only first":      "Cancel",
		"deletes across assessments": "Delete",
		"Delete reports false":       "Delete",
		"shares assessments":         "Copies",
		"no ErrNotFound":             "NotFound",
		"assessments by ID":          "AssessmentsOrder",
		"swallows invalid":           "Invalid",
		"loses sentinels":            "Invalid",
		"ignores break":              "EarlyBreak",
	} {
		t.Run(bug, func(t *testing.T) {
			err := wheeltest.Test(newBroken(bug))
			if err == nil {
				t.Fatal("the suite passed a broken store")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), "wheeltest: "+want+": ") {
				t.Errorf("no failure of check %s in:\n%v", want, err)
			}
		})
	}
}

func TestErrorsNameRules(t *testing.T) {
	err := wheeltest.Test(newBroken("assessments by ID"))
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), "ordered by At as instants") {
		t.Errorf("the failure does not state the rule:\n%v", err)
	}
}

func TestNotEmpty(t *testing.T) {
	s := wheel.NewMemStore()
	if err := wheeltest.Test(s); err != nil {
		t.Fatal(err)
	}
	if err := wheeltest.Test(s); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("want an error for a store that is not empty, got %v", err)
	}
}
