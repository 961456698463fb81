package npsstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/examples/storage/postgres/internal/pgtest"
	"github.com/servicekultur/servicekultur/examples/storage/postgres/npsstore"
	"github.com/servicekultur/servicekultur/nps"
	"github.com/servicekultur/servicekultur/nps/npstest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// open opens a store on a fresh schema, closed when t ends.
func open(t *testing.T) *npsstore.Store {
	t.Helper()
	s, err := npsstore.Open(t.Context(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// stores returns a newStore for a conformance suite: a store with pages of
// the size on a fresh schema at each call. Opening one closes the one
// before: the suite runs its checks one at a time.
func stores(t *testing.T, page int) func() nps.Store {
	urls := pgtest.URLs(t)
	var prev *npsstore.Store
	t.Cleanup(func() {
		if prev != nil {
			prev.Close()
		}
	})
	return func() nps.Store {
		if prev != nil {
			prev.Close()
		}
		s, err := npsstore.Open(context.Background(), urls())
		if err != nil {
			panic(err)
		}
		npsstore.SetPage(s, page)
		prev = s
		return s
	}
}

func TestConformance(t *testing.T) {
	npstest.Run(t, stores(t, npsstore.DefaultPage))
}

// TestConformanceSmallPages runs the suite with pages of one and two rows,
// so that every sequence crosses pages.
func TestConformanceSmallPages(t *testing.T) {
	for _, page := range []int{1, 2} {
		t.Run(fmt.Sprintf("page=%d", page), func(t *testing.T) {
			npstest.Run(t, stores(t, page))
		})
	}
}

func TestReopen(t *testing.T) {
	url := pgtest.URL(t)
	ctx := t.Context()
	r := nps.Response{ID: "r1", Rating: 9, At: time.Date(2026, 3, 2, 9, 0, 0, 1, time.UTC)}
	s, err := npsstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, r); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = npsstore.Open(ctx, url) // the migrations are recorded: a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Count(ctx, nps.Filter{})
	if err != nil || d.N() != 1 {
		t.Fatalf("after reopening: Count = %v, %v; want 1 response", d, err)
	}
}

// TestExtremeInstants saves instants that neither timestamptz nor int64
// Unix nanoseconds can hold.
func TestExtremeInstants(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	rs := []nps.Response{
		{ID: "early", Rating: 1, At: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)},
		{ID: "1600", Rating: 2, At: time.Date(1600, 6, 1, 0, 0, 0, 999999999, time.UTC)},
		{ID: "late", Rating: 3, At: time.Date(292277026596, 12, 4, 15, 30, 7, 999999999, time.UTC)},
	}
	if err := s.Save(ctx, rs...); err != nil {
		t.Fatal(err)
	}
	var got []nps.Response
	for r, err := range s.Responses(ctx, nps.Filter{From: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != len(rs) {
		t.Fatalf("got %d responses, want %d", len(got), len(rs))
	}
	for i := range rs {
		if !got[i].Equal(rs[i]) {
			t.Errorf("got %+v, want %+v", got[i], rs[i])
		}
	}
}

// TestUnstorableText checks that strings PostgreSQL cannot hold are
// refused, not changed, and match nothing in a filter.
func TestUnstorableText(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ok := nps.Response{ID: "ok", Rating: 9, At: at, Touchpoint: "phone", Labels: map[string]string{"k": "v"}}
	for _, bad := range []nps.Response{
		{ID: "nul", Rating: 9, At: at, Comment: "a\x00b"},
		{ID: "latin1", Rating: 9, At: at, Labels: map[string]string{"k": "caf\xe9"}},
		{ID: "key", Rating: 9, At: at, Labels: map[string]string{"\xff": "v"}},
		{ID: "emp", Rating: 9, At: at, Employees: []string{"e\x00"}},
	} {
		if err := s.Save(ctx, ok, bad); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("saving %s: got error %v, want one wrapping errors.ErrUnsupported", bad.ID, err)
		}
	}
	if d, err := s.Count(ctx, nps.Filter{}); err != nil || d.N() != 0 {
		t.Fatalf("after the refused saves: Count = %v, %v; want nothing stored", d, err)
	}
	if err := s.Save(ctx, ok); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    nps.Filter
		want int
	}{
		{nps.Filter{Touchpoints: []string{"\xff"}}, 0},
		{nps.Filter{Touchpoints: []string{"\xff", "phone"}}, 1},
		{nps.Filter{Units: []string{"a\x00"}}, 0},
		{nps.Filter{Employees: []string{"\xfe"}}, 0},
		{nps.Filter{Labels: map[string]string{"k": "\xff"}}, 0},
	} {
		if d, err := s.Count(ctx, c.f); err != nil || d.N() != c.want {
			t.Errorf("Count(%+q) = %v, %v; want %d", c.f, d, err, c.want)
		}
	}
	if err := s.Delete(ctx, "\xff", "ok"); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Count(ctx, nps.Filter{}); err != nil || d.N() != 0 {
		t.Fatalf("after Delete: Count = %v, %v; want 0", d, err)
	}
}

// TestNoDuplicateAfterResave deletes a yielded response and saves it again
// at a later instant while a sequence runs: the sequence must not yield it
// again.
func TestNoDuplicateAfterResave(t *testing.T) {
	s := open(t)
	npsstore.SetPage(s, 1)
	ctx := t.Context()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := s.Save(ctx,
		nps.Response{ID: "a", Rating: 9, At: t0},
		nps.Response{ID: "b", Rating: 8, At: t0.Add(time.Minute)},
	); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for r, err := range s.Responses(ctx, nps.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
		if r.ID == "a" {
			if err := s.Delete(ctx, "a"); err != nil {
				t.Fatal(err)
			}
			if err := s.Save(ctx, nps.Response{ID: "a", Rating: 1, At: t0.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(ids) != 2 || ids[0] != "a" || ids[1] != "b" {
		t.Fatalf("yielded %q, want [a b]", ids)
	}
}

// TestStores checks that two stores on one schema, as two processes
// would have, see each other's responses and conflicts.
func TestStores(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	a, err := npsstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := npsstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r := nps.Response{ID: "r", Rating: 7, At: time.Date(2026, 3, 2, 9, 0, 0, 5, time.UTC)}
	if err := a.Save(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(ctx, r); err != nil {
		t.Fatalf("saving the same response through another store: %v", err)
	}
	r.Rating = 8
	if err := b.Save(ctx, r); !errors.Is(err, nps.ErrConflict) {
		t.Fatalf("saving a different response through another store: got %v, want nps.ErrConflict", err)
	}
}
