package closedlooptest

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
)

func TestRunMemStore(t *testing.T) {
	Run(t, func() closedloop.Store { return new(closedloop.MemStore) })
}

func TestRunSliceStore(t *testing.T) {
	Run(t, func() closedloop.Store { return new(sliceStore) })
}

// sliceStore is a naive store, independent of MemStore, that keeps cases in
// a slice and can be broken in one way at a time, to show that the suite
// notices.
type sliceStore struct {
	mu      sync.Mutex
	cs      []closedloop.Case
	created map[string]time.Time // next actions at Create, for the "stale index" bug
	bug     string
}

func (s *sliceStore) in(c closedloop.Case) closedloop.Case {
	if s.bug == "shares" {
		return c
	}
	return c.Clone()
}

func (s *sliceStore) ctxErr(ctx context.Context) error {
	if s.bug == "ignores ctx" {
		return nil
	}
	return ctx.Err()
}

func (s *sliceStore) Create(ctx context.Context, c closedloop.Case) (closedloop.Case, bool, error) {
	if err := s.ctxErr(ctx); err != nil {
		return closedloop.Case{}, false, err
	}
	if s.bug != "no validation" {
		if err := c.Validate(); err != nil {
			return closedloop.Case{}, false, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bug != "duplicates" {
		for _, o := range s.cs {
			if o.ResponseID == c.ResponseID {
				return o.Clone(), false, nil
			}
		}
	}
	c = s.in(c)
	c.Version = 1
	for i, o := range s.cs {
		if o.ID == c.ID {
			if s.bug != "overwrites" {
				return closedloop.Case{}, false, closedloop.ErrConflict
			}
			s.cs[i] = c
			return c.Clone(), true, nil
		}
	}
	s.cs = append(s.cs, c)
	if s.created == nil {
		s.created = map[string]time.Time{}
	}
	s.created[c.ID], _, _ = c.NextAction()
	return c.Clone(), true, nil
}

func (s *sliceStore) Get(ctx context.Context, id string) (closedloop.Case, error) {
	if err := s.ctxErr(ctx); err != nil {
		return closedloop.Case{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cs {
		if c.ID == id {
			return c.Clone(), nil
		}
	}
	return closedloop.Case{}, closedloop.ErrNotFound
}

func (s *sliceStore) Update(ctx context.Context, c closedloop.Case) (closedloop.Case, error) {
	if err := s.ctxErr(ctx); err != nil {
		return closedloop.Case{}, err
	}
	if s.bug != "no validation" {
		if err := c.Validate(); err != nil {
			return closedloop.Case{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, o := range s.cs {
		if o.ID != c.ID {
			continue
		}
		if o.Version != c.Version {
			return closedloop.Case{}, closedloop.ErrStale
		}
		c = c.Clone()
		if s.bug != "no increment" {
			c.Version++
		}
		s.cs[i] = c
		return c.Clone(), nil
	}
	if s.bug == "stale for unknown" {
		return closedloop.Case{}, closedloop.ErrStale
	}
	return closedloop.Case{}, closedloop.ErrNotFound
}

// next is the case's next action as the store sees it.
func (s *sliceStore) next(c closedloop.Case) (time.Time, bool) {
	switch s.bug {
	case "ignores pause":
		c.PausedAt = time.Time{}
	case "stale index":
		at, ok := s.created[c.ID]
		return at, ok && !at.IsZero()
	}
	at, _, ok := c.NextAction()
	return at, ok
}

// yieldAll yields cs, checking ctx before each, holding the lock for the
// "holds lock" bug.
func (s *sliceStore) yieldAll(ctx context.Context, cs []closedloop.Case, yield func(closedloop.Case, error) bool) {
	if s.bug == "holds lock" {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	for _, c := range cs {
		if err := s.ctxErr(ctx); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		if s.bug != "shares" {
			c = c.Clone()
		}
		if !yield(c, nil) && s.bug != "ignores break" {
			return
		}
	}
}

func (s *sliceStore) Due(ctx context.Context, at time.Time) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		if err := s.ctxErr(ctx); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		type due struct {
			c  closedloop.Case
			at time.Time
		}
		var ds []due
		s.mu.Lock()
		for _, c := range s.cs {
			if next, ok := s.next(c); ok && !next.After(at) {
				ds = append(ds, due{c, next})
			}
		}
		s.mu.Unlock()
		slices.SortFunc(ds, func(a, b due) int {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
			return strings.Compare(a.c.ID, b.c.ID)
		})
		cs := make([]closedloop.Case, len(ds))
		for i, d := range ds {
			cs[i] = d.c
		}
		s.yieldAll(ctx, cs, yield)
	}
}

func (s *sliceStore) Cases(ctx context.Context, f closedloop.CaseFilter) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		if s.bug != "no filter validation" {
			if err := f.Validate(); err != nil {
				yield(closedloop.Case{}, err)
				return
			}
		}
		if err := s.ctxErr(ctx); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		g := f
		switch s.bug {
		case "To inclusive":
			if !g.To.IsZero() {
				g.To = g.To.Add(1)
			}
		case "ignores owners":
			g.Owners = nil
		}
		var cs []closedloop.Case
		s.mu.Lock()
		for _, c := range s.cs {
			if g.Match(c) {
				cs = append(cs, c)
			}
		}
		s.mu.Unlock()
		slices.SortFunc(cs, func(a, b closedloop.Case) int {
			if s.bug == "sorted by opening" {
				return cmp.Or(a.OpenedAt.Compare(b.OpenedAt), strings.Compare(a.ID, b.ID))
			}
			return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), strings.Compare(a.ID, b.ID))
		})
		s.yieldAll(ctx, cs, yield)
	}
}

// Wrappers that break a MemStore in one way.
type (
	// ignoresCtx never passes the caller's context on.
	ignoresCtx struct{ *closedloop.MemStore }
	// ignoresVersions updates whatever version is stored.
	ignoresVersions struct{ *closedloop.MemStore }
	// unorderedDue yields the due cases backwards.
	unorderedDue struct{ *closedloop.MemStore }
	// earlyDue yields cases due within the next hour too.
	earlyDue struct{ *closedloop.MemStore }
	// dropsNanos keeps instants to the second only.
	dropsNanos struct{ *closedloop.MemStore }
)

func (w ignoresCtx) Create(_ context.Context, c closedloop.Case) (closedloop.Case, bool, error) {
	return w.MemStore.Create(context.Background(), c)
}

func (w ignoresCtx) Get(_ context.Context, id string) (closedloop.Case, error) {
	return w.MemStore.Get(context.Background(), id)
}

func (w ignoresCtx) Update(_ context.Context, c closedloop.Case) (closedloop.Case, error) {
	return w.MemStore.Update(context.Background(), c)
}

func (w ignoresCtx) Due(_ context.Context, at time.Time) iter.Seq2[closedloop.Case, error] {
	return w.MemStore.Due(context.Background(), at)
}

func (w ignoresCtx) Cases(_ context.Context, f closedloop.CaseFilter) iter.Seq2[closedloop.Case, error] {
	return w.MemStore.Cases(context.Background(), f)
}

func (w ignoresVersions) Update(ctx context.Context, c closedloop.Case) (closedloop.Case, error) {
	if cur, err := w.Get(ctx, c.ID); err == nil {
		c.Version = cur.Version
	}
	return w.MemStore.Update(ctx, c)
}

func (w unorderedDue) Due(ctx context.Context, at time.Time) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		var cs []closedloop.Case
		for c, err := range w.MemStore.Due(ctx, at) {
			if err != nil {
				yield(c, err)
				return
			}
			cs = append(cs, c)
		}
		for _, c := range slices.Backward(cs) {
			if !yield(c, nil) {
				return
			}
		}
	}
}

func (w earlyDue) Due(ctx context.Context, at time.Time) iter.Seq2[closedloop.Case, error] {
	return w.MemStore.Due(ctx, at.Add(time.Hour))
}

func truncate(c closedloop.Case) closedloop.Case {
	c = c.Clone()
	for _, t := range []*time.Time{&c.ReceivedAt, &c.OpenedAt, &c.Deadlines.Reminder, &c.Deadlines.Due, &c.Deadlines.Escalate, &c.RunFrom} {
		*t = t.Truncate(time.Second)
	}
	for i := range c.History {
		c.History[i].At = c.History[i].At.Truncate(time.Second)
	}
	return c
}

func (w dropsNanos) Create(ctx context.Context, c closedloop.Case) (closedloop.Case, bool, error) {
	return w.MemStore.Create(ctx, truncate(c))
}

func (w dropsNanos) Update(ctx context.Context, c closedloop.Case) (closedloop.Case, error) {
	return w.MemStore.Update(ctx, truncate(c))
}

func TestSuiteCatchesBugs(t *testing.T) {
	if err := Test(new(sliceStore)); err != nil {
		t.Fatalf("a correct naive store fails: %v", err)
	}
	tests := []struct {
		bug   string
		store func() closedloop.Store
		want  []string // checks that must fail
	}{
		{"ignores ctx", func() closedloop.Store { return ignoresCtx{new(closedloop.MemStore)} }, []string{"Cancel"}},
		{"ignores versions", func() closedloop.Store { return ignoresVersions{new(closedloop.MemStore)} }, []string{"Stale", "ConcurrentUpdate"}},
		{"unordered Due", func() closedloop.Store { return unorderedDue{new(closedloop.MemStore)} }, []string{"Due", "DueUpdates"}},
		{"Due includes cases not due", func() closedloop.Store { return earlyDue{new(closedloop.MemStore)} }, []string{"Due"}},
		{"drops nanoseconds", func() closedloop.Store { return dropsNanos{new(closedloop.MemStore)} }, []string{"RoundTrip", "Due", "FilterTime"}},
		{"no increment", nil, []string{"Versions", "ConcurrentUpdate"}},
		{"duplicates", nil, []string{"IdempotentCreate", "ConcurrentCreate"}},
		{"shares", nil, []string{"Copies"}},
		{"overwrites", nil, []string{"Conflict"}},
		{"no validation", nil, []string{"Invalid"}},
		{"stale for unknown", nil, []string{"NotFound"}},
		{"stale index", nil, []string{"DueUpdates"}},
		{"ignores pause", nil, []string{"Due"}},
		{"To inclusive", nil, []string{"FilterTime"}},
		{"ignores owners", nil, []string{"FilterOwners"}},
		{"sorted by opening", nil, []string{"CasesOrder"}},
		{"no filter validation", nil, []string{"InvalidFilter"}},
		{"ignores break", nil, []string{"EarlyBreak"}},
	}
	for _, tt := range tests {
		t.Run(tt.bug, func(t *testing.T) {
			var s closedloop.Store = &sliceStore{bug: tt.bug}
			if tt.store != nil {
				s = tt.store()
			}
			err := Test(s)
			if err == nil {
				t.Fatal("the suite passed a broken store")
			}
			for _, name := range tt.want {
				if !strings.Contains(err.Error(), "closedlooptest: "+name+": ") {
					t.Errorf("no failure of check %s in:\n%v", name, err)
				}
			}
		})
	}
}

func TestSuiteCatchesDeadlock(t *testing.T) {
	defer func(d time.Duration) { stuckAfter = d }(stuckAfter)
	stuckAfter = time.Second
	err := Test(&sliceStore{bug: "holds lock"})
	if err == nil {
		t.Fatal("the suite passed a store that holds its lock while yielding")
	}
	for _, want := range []string{"closedlooptest: CallsInsideLoop: ", "deadlock", "the remaining checks were not run"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in:\n%v", want, err)
		}
	}
}

func TestNotEmpty(t *testing.T) {
	s := new(closedloop.MemStore)
	if err := Test(s); err != nil {
		t.Fatal(err)
	}
	if err := Test(s); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("want an error for a store that is not empty, got %v", err)
	}
}

func TestErrorsNameRules(t *testing.T) {
	err := Test(unorderedDue{new(closedloop.MemStore)})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"ordered by that instant and then by ID", "want the order of next action, then ID"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the failure does not say %q:\n%v", want, err)
		}
	}
}

// The round trip must cover every field of a case, so a field added to
// Case needs a fixture value here.
func TestFixturesSetEveryField(t *testing.T) {
	e := &env{ctx: t.Context(), name: "Fixture", base: t0}
	fixtures := []closedloop.Case{e.fullCase("full"), e.pausedCase("paused")}
	typ := reflect.TypeFor[closedloop.Case]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Name == "Version" {
			continue // the store sets it
		}
		if !slices.ContainsFunc(fixtures, func(c closedloop.Case) bool { return !reflect.ValueOf(c).Field(i).IsZero() }) {
			t.Errorf("no RoundTrip fixture sets Case.%s", f.Name)
		}
	}
}

func TestScribbleReachesSharedValues(t *testing.T) {
	e := &env{ctx: t.Context(), name: "Fixture", base: t0}
	full := e.fullCase("full")
	c := full.Clone()
	scribble(&c)
	d := strings.Join(diff(c, full), "\n")
	for _, field := range []string{"Responses[0]", "Employees[1]", "Attempts[0].At", "Attempts[0].Note", "*FollowUp", "RootCauses[1]", "History[0].Kind"} {
		if !strings.Contains(d, field+":") {
			t.Errorf("scribble left %s alone:\n%s", field, d)
		}
	}
	if strings.Contains(d, "ID:") || strings.Contains(d, "ReceivedAt:") {
		t.Errorf("scribble changed a field the caller's copy holds by value:\n%s", d)
	}
}

func TestDiff(t *testing.T) {
	e := &env{ctx: t.Context(), name: "Fixture", base: t0}
	a := e.fullCase("full")
	b := a.Clone()
	b.ReceivedAt = b.ReceivedAt.In(tokyo)
	b.History[0].At = b.History[0].At.UTC()
	b.Employees = slices.Clip(b.Employees)
	if d := diff(a, b); len(d) > 0 {
		t.Errorf("same instants in other zones differ: %v", d)
	}
	var empty, none closedloop.Case
	empty.Responses = []string{}
	if d := diff(empty, none); len(d) > 0 {
		t.Errorf("an empty and a nil slice differ: %v", d)
	}
	b.Deadlines.Due = b.Deadlines.Due.Add(1)
	b.Owner = "x"
	if d := diff(a, b); len(d) != 2 || !strings.HasPrefix(d[0], "Owner:") || !strings.HasPrefix(d[1], "Deadlines.Due:") {
		t.Errorf("want the owner and a nanosecond on the due time, got %q", d)
	}
}

func TestStuckCheckStops(t *testing.T) {
	defer func(d time.Duration) { stuckAfter = d }(stuckAfter)
	stuckAfter = 50 * time.Millisecond
	block := make(chan struct{})
	defer close(block)
	saved := checks
	defer func() { checks = saved }()
	checks = []check{{"Block", "never returns", func(*env) error { <-block; return nil }}}
	err := Test(new(closedloop.MemStore))
	if !errors.Is(err, errStuck) {
		t.Errorf("want errStuck, got %v", err)
	}
}
