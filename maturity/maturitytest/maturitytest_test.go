package maturitytest_test

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
	"github.com/servicekultur/servicekultur/maturity/maturitytest"
)

func TestRunMemStore(t *testing.T) {
	maturitytest.Run(t, func() maturity.Store { return maturity.NewMemStore() })
}

func TestMemStoreOneStore(t *testing.T) {
	if err := maturitytest.Test(maturity.NewMemStore()); err != nil {
		t.Fatal(err)
	}
}

// broken is a MemStore broken in one way, to show that the suite notices.
type broken struct {
	*maturity.MemStore
	bug string
	mu  sync.Mutex // serialises the bugs that rewrite records
}

func newBroken(bug string) *broken { return &broken{MemStore: maturity.NewMemStore(), bug: bug} }

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
		maturity.ErrInvalidAssessment, maturity.ErrInvalidObservation, maturity.ErrInvalidRater,
		maturity.ErrInvalidScale, maturity.ErrInvalidScore,
	} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// saveErr applies the bugs that change what a save returns.
func (b *broken) saveErr(err error) error {
	switch {
	case b.bug == "swallows conflicts" && errors.Is(err, maturity.ErrConflict):
		return nil
	case b.bug == "swallows invalid" && invalid(err):
		return nil
	case b.bug == "loses sentinels" && invalid(err):
		return errors.New(err.Error())
	}
	return err
}

// rewrite replaces the records of an employee with those dropA and dropO
// do not drop, as a store without per-record deletes might.
func (b *broken) rewrite(ctx context.Context, employee string, dropA func(maturity.Assessment) bool, dropO func(maturity.StyleObservation) bool) error {
	f := maturity.Filter{Employees: []string{employee}}
	var as []maturity.Assessment
	for a, err := range b.MemStore.Assessments(ctx, f) {
		if err != nil {
			return err
		}
		if !dropA(a) {
			as = append(as, a)
		}
	}
	var os []maturity.StyleObservation
	for o, err := range b.MemStore.Observations(ctx, f) {
		if err != nil {
			return err
		}
		if !dropO(o) {
			os = append(os, o)
		}
	}
	if _, err := b.MemStore.Erase(ctx, employee); err != nil {
		return err
	}
	for _, a := range as {
		if err := b.MemStore.SaveAssessment(ctx, a); err != nil {
			return err
		}
	}
	for _, o := range os {
		if err := b.MemStore.SaveObservation(ctx, o); err != nil {
			return err
		}
	}
	return nil
}

func (b *broken) SaveAssessment(ctx context.Context, a maturity.Assessment) error {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "truncates At":
		a.At = a.At.Truncate(time.Microsecond)
	case "float32 scores":
		a.Competence, a.Commitment = float64(float32(a.Competence)), float64(float32(a.Commitment))
	case "drops RatedBy":
		a.RatedBy = ""
	case "fills in the default scale":
		if a.Scale == (maturity.Scale{}) {
			a.Scale = maturity.Scale{Min: 1, Max: 5}
		}
	case "compares At with ==":
		for old, err := range b.MemStore.Assessments(ctx, maturity.Filter{Employees: []string{a.Employee}, Tasks: []string{a.Task}, From: a.At, To: a.At.Add(1)}) {
			if err == nil && old.Rater == a.Rater && old.At != a.At {
				return maturity.ErrConflict
			}
		}
	}
	err := b.MemStore.SaveAssessment(ctx, a)
	if b.bug == "overwrites" && errors.Is(err, maturity.ErrConflict) {
		b.mu.Lock()
		defer b.mu.Unlock()
		sameKey := func(old maturity.Assessment) bool {
			return old.Task == a.Task && old.Rater == a.Rater && old.At.Equal(a.At)
		}
		if err := b.rewrite(ctx, a.Employee, sameKey, func(maturity.StyleObservation) bool { return false }); err != nil {
			return err
		}
		return b.MemStore.SaveAssessment(ctx, a)
	}
	return b.saveErr(err)
}

func (b *broken) SaveObservation(ctx context.Context, o maturity.StyleObservation) error {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "truncates At":
		o.At = o.At.Truncate(time.Microsecond)
	case "ignores source in key":
		for old, err := range b.MemStore.Observations(ctx, maturity.Filter{Employees: []string{o.Employee}, Tasks: []string{o.Task}, Leader: o.Leader, From: o.At, To: o.At.Add(1)}) {
			if err == nil && old.Source != o.Source {
				return nil
			}
		}
	}
	return b.saveErr(b.MemStore.SaveObservation(ctx, o))
}

// orderAssessments is the order Assessments must keep.
func orderAssessments(a, b maturity.Assessment) int {
	return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Employee, b.Employee), strings.Compare(a.Task, b.Task), cmp.Compare(a.Rater, b.Rater))
}

func (b *broken) Assessments(ctx context.Context, f maturity.Filter) iter.Seq2[maturity.Assessment, error] {
	ctx = b.ctx(ctx)
	if b.bug == "inclusive To" && !f.To.IsZero() {
		f.To = f.To.Add(time.Nanosecond)
	}
	switch b.bug {
	case "raters by name":
		return func(yield func(maturity.Assessment, error) bool) {
			var as []maturity.Assessment
			for a, err := range b.MemStore.Assessments(ctx, f) {
				if err != nil {
					yield(maturity.Assessment{}, err)
					return
				}
				as = append(as, a)
			}
			slices.SortFunc(as, func(x, y maturity.Assessment) int {
				return cmp.Or(x.At.Compare(y.At), strings.Compare(x.Employee, y.Employee), strings.Compare(x.Task, y.Task),
					strings.Compare(x.Rater.String(), y.Rater.String()))
			})
			for _, a := range as {
				if !yield(a, nil) {
					return
				}
			}
		}
	case "one query per employee":
		if len(f.Employees) == 0 {
			break
		}
		return func(yield func(maturity.Assessment, error) bool) {
			var as []maturity.Assessment
			for _, emp := range f.Employees {
				g := f
				g.Employees = []string{emp}
				for a, err := range b.MemStore.Assessments(ctx, g) {
					if err != nil {
						yield(maturity.Assessment{}, err)
						return
					}
					as = append(as, a)
				}
			}
			slices.SortStableFunc(as, orderAssessments)
			for _, a := range as {
				if !yield(a, nil) {
					return
				}
			}
		}
	case "ignores invalid filters":
		if f.Validate() != nil {
			return func(func(maturity.Assessment, error) bool) {}
		}
	case "validates the filter first":
		if err := f.Validate(); err != nil {
			return func(yield func(maturity.Assessment, error) bool) { yield(maturity.Assessment{}, err) }
		}
	case "checks ctx only first":
		return func(yield func(maturity.Assessment, error) bool) {
			if err := ctx.Err(); err != nil {
				yield(maturity.Assessment{}, err)
				return
			}
			for a, err := range b.MemStore.Assessments(context.Background(), f) {
				if !yield(a, err) {
					return
				}
			}
		}
	case "ignores break":
		return func(yield func(maturity.Assessment, error) bool) {
			for a, err := range b.MemStore.Assessments(ctx, f) {
				yield(a, err)
			}
		}
	}
	return b.MemStore.Assessments(ctx, f)
}

func (b *broken) Observations(ctx context.Context, f maturity.Filter) iter.Seq2[maturity.StyleObservation, error] {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "inclusive To":
		if !f.To.IsZero() {
			f.To = f.To.Add(time.Nanosecond)
		}
	case "ignores Leader":
		f.Leader = ""
	case "sources by name":
		return func(yield func(maturity.StyleObservation, error) bool) {
			var os []maturity.StyleObservation
			for o, err := range b.MemStore.Observations(ctx, f) {
				if err != nil {
					yield(maturity.StyleObservation{}, err)
					return
				}
				os = append(os, o)
			}
			slices.SortFunc(os, func(x, y maturity.StyleObservation) int {
				return cmp.Or(x.At.Compare(y.At), strings.Compare(x.Leader, y.Leader), strings.Compare(x.Employee, y.Employee),
					strings.Compare(x.Task, y.Task), strings.Compare(x.Source.String(), y.Source.String()))
			})
			for _, o := range os {
				if !yield(o, nil) {
					return
				}
			}
		}
	case "yields twice":
		return func(yield func(maturity.StyleObservation, error) bool) {
			for o, err := range b.MemStore.Observations(ctx, f) {
				if !yield(o, err) || err != nil || !yield(o, nil) {
					return
				}
			}
		}
	}
	return b.MemStore.Observations(ctx, f)
}

func (b *broken) Erase(ctx context.Context, employee string) (int, error) {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "Erase reports 0":
		_, err := b.MemStore.Erase(ctx, employee)
		return 0, err
	case "erases by prefix":
		seen := map[string]bool{}
		for a, err := range b.MemStore.Assessments(ctx, maturity.Filter{}) {
			if err != nil {
				return 0, err
			}
			seen[a.Employee] = true
		}
		total := 0
		for emp := range seen {
			if emp != employee && strings.HasPrefix(emp, employee) {
				n, err := b.MemStore.Erase(ctx, emp)
				if err != nil {
					return total, err
				}
				total += n
			}
		}
		n, err := b.MemStore.Erase(ctx, employee)
		return total + n, err
	case "erases where they lead":
		b.mu.Lock()
		defer b.mu.Unlock()
		led := map[string]bool{}
		for o, err := range b.MemStore.Observations(ctx, maturity.Filter{Leader: employee}) {
			if err != nil {
				return 0, err
			}
			led[o.Employee] = true
		}
		for emp := range led {
			if err := b.rewrite(ctx, emp, func(maturity.Assessment) bool { return false },
				func(o maturity.StyleObservation) bool { return o.Leader == employee }); err != nil {
				return 0, err
			}
		}
	}
	return b.MemStore.Erase(ctx, employee)
}

func TestSuiteCatchesBugs(t *testing.T) {
	if err := maturitytest.Test(newBroken("")); err != nil {
		t.Fatalf("the wrapper without a bug fails: %v", err)
	}
	for bug, want := range map[string]string{
		"swallows conflicts":         "Conflict",
		"overwrites":                 "Conflict",
		"truncates At":               "AssessmentRoundTrip",
		"float32 scores":             "AssessmentRoundTrip",
		"drops RatedBy":              "AssessmentRoundTrip",
		"fills in the default scale": "AssessmentRoundTrip",
		"compares At with ==":        "Idempotent",
		"ignores source in key":      "Keys",
		"swallows invalid":           "Invalid",
		"loses sentinels":            "Invalid",
		"inclusive To":               "Filter",
		"ignores Leader":             "Filter",
		"ignores invalid filters":    "Filter",
		"one query per employee":     "Filter",
		"raters by name":             "Order",
		"sources by name":            "Order",
		"yields twice":               "ObservationRoundTrip",
		"Erase reports 0":            "Erase",
		"erases by prefix":           "Erase",
		"erases where they lead":     "Erase",
		"ignores ctx":                "Cancel",
		"checks ctx only first":      "Cancel",
		"validates the filter first": "Cancel",
		"ignores break":              "EarlyBreak",
	} {
		t.Run(bug, func(t *testing.T) {
			t.Parallel()
			err := maturitytest.Test(newBroken(bug))
			if err == nil {
				t.Fatal("the suite passed a broken store")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), "maturitytest: "+want+": ") {
				t.Errorf("no failure of check %s in:\n%v", want, err)
			}
		})
	}
}

func TestErrorsNameRules(t *testing.T) {
	err := maturitytest.Test(newBroken("raters by name"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{"then by Rater as a number", "yields assessment", "before"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the failure does not say %q:\n%v", s, err)
		}
	}
}

func TestNotEmpty(t *testing.T) {
	s := maturity.NewMemStore()
	if err := maturitytest.Test(s); err != nil {
		t.Fatal(err)
	}
	if err := maturitytest.Test(s); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("want an error for a store that is not empty, got %v", err)
	}
	only := maturity.NewMemStore()
	o := maturity.StyleObservation{Leader: "l", Employee: "e", Task: "t", Style: 1, Source: maturity.Observer, At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := only.SaveObservation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if err := maturitytest.Test(only); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("want an error for a store holding an observation, got %v", err)
	}
}
