package closedloopstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/closedloop/closedlooptest"
	"github.com/servicekultur/servicekultur/examples/storage/postgres/closedloopstore"
	"github.com/servicekultur/servicekultur/examples/storage/postgres/internal/pgtest"
	"github.com/servicekultur/servicekultur/nps"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// stores returns a newStore for a conformance suite: a store with pages of
// the size on a fresh schema at each call. Opening one closes the one
// before: the suite runs its checks one at a time.
func stores(t *testing.T, page int) func() closedloop.Store {
	urls := pgtest.URLs(t)
	var prev *closedloopstore.Store
	t.Cleanup(func() {
		if prev != nil {
			prev.Close()
		}
	})
	return func() closedloop.Store {
		if prev != nil {
			prev.Close()
		}
		s, err := closedloopstore.Open(context.Background(), urls())
		if err != nil {
			panic(err)
		}
		closedloopstore.SetPage(s, page)
		prev = s
		return s
	}
}

func TestConformance(t *testing.T) {
	closedlooptest.Run(t, stores(t, closedloopstore.DefaultPage))
}

// TestConformanceSmallPages runs the suite with pages of one and two rows,
// so that every sequence crosses pages.
func TestConformanceSmallPages(t *testing.T) {
	for _, page := range []int{1, 2} {
		t.Run(fmt.Sprintf("page=%d", page), func(t *testing.T) {
			closedlooptest.Run(t, stores(t, page))
		})
	}
}

// TestSharedStore runs the whole suite on one store, as closedlooptest.Test
// does for hosts: the checks must not see each other's cases.
func TestSharedStore(t *testing.T) {
	s, err := closedloopstore.Open(t.Context(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := closedlooptest.Test(s); err != nil {
		t.Fatal(err)
	}
}

func openCase(t *testing.T, id, response string, at time.Time) closedloop.Case {
	t.Helper()
	p := closedloop.Policy{ID: "48h", EffectiveFrom: at.AddDate(-1, 0, 0), Target: 48 * time.Hour, Clock: closedloop.CalendarHours}
	r := nps.Response{ID: response, Rating: 2, At: at, Customer: "c1", Employees: []string{"anna"}}
	c, err := closedloop.OpenCase(id, r, p, "anna", "front", at.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTwoStores checks optimistic concurrency and idempotent creation
// between two stores on one schema, as two processes would have them.
func TestTwoStores(t *testing.T) {
	url := pgtest.URL(t)
	ctx := t.Context()
	a, err := closedloopstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := closedloopstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	at := time.Date(2026, 3, 2, 9, 0, 0, 7, time.UTC)
	c, created, err := a.Create(ctx, openCase(t, "case-1", "resp-1", at))
	if err != nil || !created {
		t.Fatalf("Create: %v, %v", created, err)
	}
	again, created, err := b.Create(ctx, openCase(t, "case-other", "resp-1", at))
	if err != nil || created || again.ID != "case-1" {
		t.Fatalf("Create of another case for the response through the other store: %s, %v, %v; want case-1, false, nil", again.ID, created, err)
	}
	ca, cb := c.Clone(), c.Clone()
	if err := ca.Note(at.Add(time.Hour), "anna", "from a"); err != nil {
		t.Fatal(err)
	}
	if err := cb.Note(at.Add(time.Hour), "bo", "from b"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Update(ctx, ca); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(ctx, cb); !errors.Is(err, closedloop.ErrStale) {
		t.Fatalf("the second Update of version 1: got %v, want closedloop.ErrStale", err)
	}
	got, err := b.Get(ctx, "case-1")
	if err != nil || got.Version != 2 || got.History[len(got.History)-1].Detail != "from a" {
		t.Fatalf("Get after the updates: version %d, error %v; want version 2 with a's note", got.Version, err)
	}
}

// TestUnstorableText checks that strings PostgreSQL cannot hold are
// refused, not changed, and find nothing.
func TestUnstorableText(t *testing.T) {
	s, err := closedloopstore.Open(t.Context(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := openCase(t, "case-1", "resp-1", at)
	if err := c.Note(at.Add(time.Hour), "anna", "caf\xe9"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Create(ctx, c); !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("Create with invalid UTF-8 in a note: got %v, want an error wrapping errors.ErrUnsupported", err)
	}
	if _, err := s.Get(ctx, "case-1"); !errors.Is(err, closedloop.ErrNotFound) {
		t.Fatalf("Get after the refused Create: got %v, want closedloop.ErrNotFound", err)
	}
	if _, err := s.Get(ctx, "\xff"); !errors.Is(err, closedloop.ErrNotFound) {
		t.Fatalf("Get of an ID text cannot hold: got %v, want closedloop.ErrNotFound", err)
	}
	if _, _, err := s.Create(ctx, openCase(t, "case-1", "resp-1", at)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []closedloop.CaseFilter{
		{Customer: "c\x00"},
		{Owners: []string{"\xff"}},
	} {
		for c, err := range s.Cases(ctx, f) {
			t.Fatalf("Cases(%+q) yielded %s, %v; want nothing", f, c.ID, err)
		}
	}
	n := 0
	for _, err := range s.Cases(ctx, closedloop.CaseFilter{Owners: []string{"\xff", "anna"}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("Cases with owners \\xff or anna yielded %d cases, want 1", n)
	}
}
