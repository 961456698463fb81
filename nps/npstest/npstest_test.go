package npstest_test

import (
	"context"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/servicekultur/servicekultur/nps"
	"github.com/servicekultur/servicekultur/nps/npstest"
)

func TestRunMemStore(t *testing.T) {
	npstest.Run(t, func() nps.Store { return new(nps.MemStore) })
}

// onlyStore hides MemStore's optional interfaces, so the suite's fallbacks
// run.
type onlyStore struct{ s *nps.MemStore }

func (o onlyStore) Save(ctx context.Context, rs ...nps.Response) error { return o.s.Save(ctx, rs...) }
func (o onlyStore) Responses(ctx context.Context, f nps.Filter) iter.Seq2[nps.Response, error] {
	return o.s.Responses(ctx, f)
}

func TestRunPlainStore(t *testing.T) {
	npstest.Run(t, func() nps.Store { return onlyStore{new(nps.MemStore)} })
}

// sliceStore is a naive store that keeps responses in a slice and can be
// broken in one way at a time, to show that the suite notices.
type sliceStore struct {
	mu  sync.Mutex
	rs  []nps.Response
	bug string
}

func (s *sliceStore) Save(ctx context.Context, rs ...nps.Response) error {
	if s.bug != "ignore ctx" {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bug != "no validation" {
		for _, r := range rs {
			if err := r.Validate(); err != nil {
				return err
			}
		}
	}
	var add []nps.Response
	for _, r := range rs {
		i := slices.IndexFunc(append(s.rs, add...), func(o nps.Response) bool { return o.ID == r.ID })
		if i < 0 {
			if s.bug == "shares slices" {
				add = append(add, r)
			} else {
				add = append(add, r.Clone())
			}
			continue
		}
		if s.bug == "overwrites" {
			s.rs[i] = r.Clone()
			continue
		}
		if !append(s.rs, add...)[i].Equal(r) {
			if s.bug == "partial save" {
				s.rs = append(s.rs, add...)
			}
			return nps.ErrConflict
		}
	}
	s.rs = append(s.rs, add...)
	return nil
}

func (s *sliceStore) Responses(ctx context.Context, f nps.Filter) iter.Seq2[nps.Response, error] {
	return func(yield func(nps.Response, error) bool) {
		if err := f.Validate(); err != nil {
			yield(nps.Response{}, err)
			return
		}
		s.mu.Lock()
		rs := slices.Clone(s.rs)
		s.mu.Unlock()
		if s.bug != "unsorted" {
			slices.SortFunc(rs, func(a, b nps.Response) int {
				if c := a.At.Compare(b.At); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
		}
		for _, r := range rs {
			if s.bug != "ignore ctx" {
				if err := ctx.Err(); err != nil {
					yield(nps.Response{}, err)
					return
				}
			}
			match := f.Match(r)
			if s.bug == "To inclusive" && !f.To.IsZero() && r.At.Equal(f.To) {
				g := f
				g.To = f.To.Add(1)
				match = g.Match(r)
			}
			if s.bug == "ignores employees" {
				g := f
				g.Employees = nil
				match = g.Match(r)
			}
			if !match {
				continue
			}
			if s.bug != "shares slices" {
				r = r.Clone()
			}
			if !yield(r, nil) && s.bug != "ignores break" {
				return
			}
		}
	}
}

// wrongCounter counts one response too many.
type wrongCounter struct{ *nps.MemStore }

func (w wrongCounter) Count(ctx context.Context, f nps.Filter) (nps.Distribution, error) {
	d, err := w.MemStore.Count(ctx, f)
	d[10]++
	return d, err
}

func TestSuiteCatchesBugs(t *testing.T) {
	if err := npstest.Test(&sliceStore{}); err != nil {
		t.Fatalf("correct naive store fails: %v", err)
	}
	for bug, want := range map[string]string{
		"ignore ctx":        "CancelSave",
		"no validation":     "Invalid",
		"shares slices":     "Copies",
		"overwrites":        "Conflict",
		"partial save":      "Conflict",
		"unsorted":          "Order",
		"To inclusive":      "FilterTime",
		"ignores employees": "FilterEmployee",
		"ignores break":     "EarlyBreak",
	} {
		t.Run(bug, func(t *testing.T) {
			err := npstest.Test(&sliceStore{bug: bug})
			if err == nil {
				t.Fatal("the suite passed a broken store")
			}
			if !strings.Contains(err.Error(), "npstest: "+want+": ") {
				t.Errorf("no failure of check %s in:\n%v", want, err)
			}
		})
	}
	t.Run("wrong Counter", func(t *testing.T) {
		err := npstest.Test(wrongCounter{new(nps.MemStore)})
		if err == nil || !strings.Contains(err.Error(), "npstest: Count: ") {
			t.Errorf("want a Count failure, got %v", err)
		}
	})
	t.Run("not empty", func(t *testing.T) {
		s := new(nps.MemStore)
		if err := npstest.Test(s); err != nil {
			t.Fatal(err)
		}
		if err := npstest.Test(s); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Errorf("want an error for a store that is not empty, got %v", err)
		}
	})
}

func TestErrorsNameRules(t *testing.T) {
	err := npstest.Test(&sliceStore{bug: "unsorted"})
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), "ascending order of At") {
		t.Errorf("the failure does not state the rule:\n%v", err)
	}
}
