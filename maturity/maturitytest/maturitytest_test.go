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
	bug   string
	mu    sync.Mutex // serialises the bugs that rewrite records
	cache map[string]maturity.ContentHistory
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
	return b.eraseOptional(ctx, employee)
}

// collect returns what seq yields, or its first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var vs []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// rewriteLeader removes the LEAD records of leader that drop selects by
// erasing everything about the leader and saving back the rest, as a
// store without per-record deletes might.
func (b *broken) rewriteLeader(ctx context.Context, leader string, drop func(maturity.LEADRecord) bool) error {
	m, who := b.MemStore, []string{leader}
	f := maturity.Filter{Employees: who}
	as, err := collect(m.Assessments(ctx, f))
	if err != nil {
		return err
	}
	os, err := collect(m.Observations(ctx, f))
	if err != nil {
		return err
	}
	cl, err := collect(m.ChecklistRecords(ctx, who))
	if err != nil {
		return err
	}
	st, err := collect(m.Stances(ctx, who))
	if err != nil {
		return err
	}
	ls, err := collect(m.LEADRecords(ctx, who))
	if err != nil {
		return err
	}
	h, err := m.ContentHistory(ctx, leader)
	if err != nil {
		return err
	}
	if _, err := m.Erase(ctx, leader); err != nil {
		return err
	}
	var errs []error
	for _, a := range as {
		errs = append(errs, m.SaveAssessment(ctx, a))
	}
	for _, o := range os {
		errs = append(errs, m.SaveObservation(ctx, o))
	}
	for _, r := range cl {
		errs = append(errs, m.SaveChecklistRecord(ctx, r))
	}
	for _, o := range st {
		errs = append(errs, m.SaveStance(ctx, o))
	}
	for _, r := range ls {
		if !drop(r) {
			errs = append(errs, m.SaveLEAD(ctx, r))
		}
	}
	for _, r := range h.RoleStarts {
		errs = append(errs, m.SaveRoleStart(ctx, leader, r))
	}
	for _, r := range h.Refreshes {
		errs = append(errs, m.SaveRefresh(ctx, leader, r))
	}
	return errors.Join(errs...)
}

func (b *broken) SaveChecklistRecord(ctx context.Context, r maturity.ChecklistRecord) error {
	ctx = b.ctx(ctx)
	if b.bug == "checklist truncates At" {
		r.At = r.At.Truncate(time.Microsecond)
	}
	return b.saveErr(b.MemStore.SaveChecklistRecord(ctx, r))
}

func (b *broken) ChecklistRecords(ctx context.Context, employees []string) iter.Seq2[maturity.ChecklistRecord, error] {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "checklist ignores employees":
		employees = nil
	case "checklist items by name":
		return func(yield func(maturity.ChecklistRecord, error) bool) {
			rs, err := collect(b.MemStore.ChecklistRecords(ctx, employees))
			if err != nil {
				yield(maturity.ChecklistRecord{}, err)
				return
			}
			slices.SortFunc(rs, func(x, y maturity.ChecklistRecord) int {
				return cmp.Or(x.At.Compare(y.At), strings.Compare(x.Employee, y.Employee), strings.Compare(x.Item.String(), y.Item.String()))
			})
			for _, r := range rs {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	return b.MemStore.ChecklistRecords(ctx, employees)
}

func (b *broken) SaveStance(ctx context.Context, o maturity.StanceObservation) error {
	ctx = b.ctx(ctx)
	err := b.MemStore.SaveStance(ctx, o)
	if b.bug == "stances swallow conflicts" && errors.Is(err, maturity.ErrConflict) {
		return nil
	}
	return b.saveErr(err)
}

func (b *broken) Stances(ctx context.Context, subjects []string) iter.Seq2[maturity.StanceObservation, error] {
	ctx = b.ctx(ctx)
	if b.bug == "stances ignore break" {
		return func(yield func(maturity.StanceObservation, error) bool) {
			for o, err := range b.MemStore.Stances(ctx, subjects) {
				yield(o, err)
			}
		}
	}
	return b.MemStore.Stances(ctx, subjects)
}

func (b *broken) SaveRoleStart(ctx context.Context, employee string, r maturity.RoleStart) error {
	ctx = b.ctx(ctx)
	err := b.MemStore.SaveRoleStart(ctx, employee, r)
	if b.bug == "role starts swallow conflicts" && errors.Is(err, maturity.ErrConflict) {
		return nil
	}
	return b.saveErr(err)
}

func (b *broken) SaveRefresh(ctx context.Context, employee string, r maturity.Refresh) error {
	ctx = b.ctx(ctx)
	if b.bug == "refreshes without employee" && employee == "" {
		employee = "nobody"
	}
	return b.saveErr(b.MemStore.SaveRefresh(ctx, employee, r))
}

func (b *broken) ContentHistory(ctx context.Context, employee string) (maturity.ContentHistory, error) {
	ctx = b.ctx(ctx)
	h, err := b.MemStore.ContentHistory(ctx, employee)
	switch b.bug {
	case "refreshes by name":
		slices.SortStableFunc(h.Refreshes, func(x, y maturity.Refresh) int {
			return cmp.Or(x.At.Compare(y.At), strings.Compare(x.Kind.String(), y.Kind.String()))
		})
	case "history shares slices":
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.cache == nil {
			b.cache = make(map[string]maturity.ContentHistory)
		}
		if old, ok := b.cache[employee]; ok && len(old.RoleStarts) == len(h.RoleStarts) && len(old.Refreshes) == len(h.Refreshes) {
			return old, err
		}
		b.cache[employee] = h
	}
	return h, err
}

func (b *broken) SaveLEAD(ctx context.Context, r maturity.LEADRecord) error {
	if b.bug != "LEAD ignores ctx" {
		ctx = b.ctx(ctx)
	} else {
		ctx = context.Background()
	}
	err := b.MemStore.SaveLEAD(ctx, r)
	if b.bug == "LEAD swallows invalid" && errors.Is(err, maturity.ErrInvalidLEAD) {
		return nil
	}
	return b.saveErr(err)
}

func (b *broken) LEADRecords(ctx context.Context, leaders []string) iter.Seq2[maturity.LEADRecord, error] {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "LEAD forms by name":
		return func(yield func(maturity.LEADRecord, error) bool) {
			rs, err := collect(b.MemStore.LEADRecords(ctx, leaders))
			if err != nil {
				yield(maturity.LEADRecord{}, err)
				return
			}
			slices.SortFunc(rs, func(x, y maturity.LEADRecord) int {
				return cmp.Or(x.At.Compare(y.At), strings.Compare(x.Leader, y.Leader),
					strings.Compare(x.Form.String(), y.Form.String()), strings.Compare(x.Rater, y.Rater))
			})
			for _, r := range rs {
				if !yield(r, nil) {
					return
				}
			}
		}
	case "LEAD checks ctx only first":
		return func(yield func(maturity.LEADRecord, error) bool) {
			if err := ctx.Err(); err != nil {
				yield(maturity.LEADRecord{}, err)
				return
			}
			for r, err := range b.MemStore.LEADRecords(context.Background(), leaders) {
				if !yield(r, err) {
					return
				}
			}
		}
	}
	return b.MemStore.LEADRecords(ctx, leaders)
}

// eraseOptional applies the bugs of Erase in the optional interfaces, and
// returns what Erase returns.
func (b *broken) eraseOptional(ctx context.Context, employee string) (int, error) {
	switch b.bug {
	case "Erase keeps checklist records":
		b.mu.Lock()
		defer b.mu.Unlock()
		rs, err := collect(b.MemStore.ChecklistRecords(ctx, []string{employee}))
		if err != nil {
			return 0, err
		}
		n, err := b.MemStore.Erase(ctx, employee)
		for _, r := range rs {
			if err := b.MemStore.SaveChecklistRecord(ctx, r); err != nil {
				return 0, err
			}
		}
		return n - len(rs), err
	case "Erase counts only assessments and observations":
		f := maturity.Filter{Employees: []string{employee}}
		as, err := collect(b.MemStore.Assessments(ctx, f))
		if err != nil {
			return 0, err
		}
		os, err := collect(b.MemStore.Observations(ctx, f))
		if err != nil {
			return 0, err
		}
		_, err = b.MemStore.Erase(ctx, employee)
		return len(as) + len(os), err
	case "Erase erases LEAD records they rated":
		b.mu.Lock()
		defer b.mu.Unlock()
		rs, err := collect(b.MemStore.LEADRecords(ctx, nil))
		if err != nil {
			return 0, err
		}
		for _, r := range rs {
			if r.Rater == employee && r.Leader != employee {
				if err := b.rewriteLeader(ctx, r.Leader, func(l maturity.LEADRecord) bool { return l.Rater == employee }); err != nil {
					return 0, err
				}
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

		"checklist truncates At":                         "ChecklistStore",
		"checklist ignores employees":                    "ChecklistStore",
		"checklist items by name":                        "ChecklistStore",
		"stances swallow conflicts":                      "CultureStore",
		"stances ignore break":                           "OptionalLoops",
		"role starts swallow conflicts":                  "ContentStore",
		"refreshes by name":                              "ContentStore",
		"refreshes without employee":                     "ContentStore",
		"history shares slices":                          "ContentStore",
		"LEAD swallows invalid":                          "LEADStore",
		"LEAD forms by name":                             "LEADStore",
		"LEAD ignores ctx":                               "OptionalCancel",
		"LEAD checks ctx only first":                     "OptionalCancel",
		"Erase keeps checklist records":                  "OptionalErase",
		"Erase counts only assessments and observations": "OptionalErase",
		"Erase erases LEAD records they rated":           "OptionalErase",
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

// plain is a Store that implements none of the optional interfaces.
type plain struct{ maturity.Store }

// onlyChecklist is a Store that implements ChecklistStore only.
type onlyChecklist struct {
	maturity.Store
	maturity.ChecklistStore
}

// The checks of optional interfaces a store does not implement are
// skipped, whatever the methods behind them would do.
func TestOptionalSkipped(t *testing.T) {
	t.Run("plain", func(t *testing.T) {
		maturitytest.Run(t, func() maturity.Store { return plain{maturity.NewMemStore()} })
	})
	t.Run("only ChecklistStore", func(t *testing.T) {
		maturitytest.Run(t, func() maturity.Store {
			s := maturity.NewMemStore()
			return onlyChecklist{s, s}
		})
	})
	for _, bug := range []string{"stances swallow conflicts", "LEAD forms by name", "refreshes by name", "checklist items by name"} {
		b := newBroken(bug)
		if err := maturitytest.Test(plain{b}); err != nil {
			t.Errorf("%s, behind a plain Store: %v", bug, err)
		}
	}
	b := newBroken("stances swallow conflicts")
	if err := maturitytest.Test(onlyChecklist{b, b}); err != nil {
		t.Errorf("a CultureStore bug behind a store with ChecklistStore only: %v", err)
	}
	b = newBroken("checklist items by name")
	err := maturitytest.Test(onlyChecklist{b, b})
	if err == nil || !strings.Contains(err.Error(), "maturitytest: ChecklistStore: ") {
		t.Errorf("a ChecklistStore bug behind a store with ChecklistStore only: got %v, want a failure of ChecklistStore", err)
	}
	for _, check := range []string{"CultureStore", "ContentStore", "LEADStore"} {
		if err != nil && strings.Contains(err.Error(), "maturitytest: "+check+": ") {
			t.Errorf("%s checked on a store that does not implement it:\n%v", check, err)
		}
	}
}

// Test refuses a store that holds records in its optional interfaces.
func TestNotEmptyOptional(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for what, save := range map[string]func(*maturity.MemStore) error{
		"a checklist record": func(s *maturity.MemStore) error {
			return s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "e", Item: maturity.Rotation, At: at})
		},
		"a stance observation": func(s *maturity.MemStore) error {
			return s.SaveStance(ctx, maturity.StanceObservation{Subject: "team", Stance: maturity.WeAreOK, At: at})
		},
		"a LEAD record": func(s *maturity.MemStore) error {
			a, err := maturity.ParseAnswers("ABCDABCDABCD")
			if err != nil {
				return err
			}
			return s.SaveLEAD(ctx, maturity.LEADRecord{Leader: "l", Form: maturity.LEADSelf, Rater: "l", At: at, Answers: a})
		},
	} {
		s := maturity.NewMemStore()
		if err := save(s); err != nil {
			t.Fatal(err)
		}
		if err := maturitytest.Test(s); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Errorf("want an error for a store holding %s, got %v", what, err)
		}
	}
}
