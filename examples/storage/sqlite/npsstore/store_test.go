package npsstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/npsstore"
	"github.com/servicekultur/servicekultur/nps"
	"github.com/servicekultur/servicekultur/nps/npstest"
)

// open opens a store in a fresh database file.
func open(t *testing.T) (*npsstore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nps.db")
	return openAt(t, path), path
}

func openAt(t *testing.T, path string) *npsstore.Store {
	t.Helper()
	s, err := npsstore.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	return s
}

// TestConformance runs the nps store conformance suite against a real
// database file per rule.
func TestConformance(t *testing.T) {
	npstest.Run(t, func() nps.Store {
		s, _ := open(t)
		return s
	})
}

// TestConformanceShared runs every rule on one store, as a long-lived
// database sees them.
func TestConformanceShared(t *testing.T) {
	s, _ := open(t)
	require.NoError(t, npstest.Test(s))
}

func collect(t *testing.T, s nps.Store, f nps.Filter) []nps.Response {
	t.Helper()
	var rs []nps.Response
	for r, err := range s.Responses(t.Context(), f) {
		require.NoError(t, err)
		rs = append(rs, r)
	}
	return rs
}

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// Text is kept byte for byte, invalid UTF-8 and NUL included, and the
// store survives a reopen.
func TestExactBytesAndReopen(t *testing.T) {
	s, path := open(t)
	odd := "a\x00b\xff\xfe" + "ü"
	r := nps.Response{
		ID: "odd\xff", Rating: 7, At: t0.In(time.FixedZone("X", -7*3600-1800)), Customer: odd,
		Touchpoint: odd, Employees: []string{odd, "e,1:2"}, Unit: odd, Channel: odd, Comment: odd,
		Weight: 0.1, Labels: map[string]string{odd: odd, "": "", "k:,": ",:"},
	}
	require.NoError(t, s.Save(t.Context(), r))
	got := collect(t, s, nps.Filter{Employees: []string{odd}, Labels: map[string]string{odd: odd}})
	require.Len(t, got, 1)
	assert.True(t, got[0].Equal(r), "got %+v", got[0])
	assert.Equal(t, time.UTC, got[0].At.Location(), "read back in UTC")
	require.NoError(t, s.Close())

	s2 := openAt(t, path)
	got = collect(t, s2, nps.Filter{})
	require.Len(t, got, 1)
	assert.True(t, got[0].Equal(r))
}

func TestInstantOutOfRange(t *testing.T) {
	s, _ := open(t)
	ok := nps.Response{ID: "ok", Rating: 9, At: t0}
	for _, at := range []time.Time{time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)} {
		err := s.Save(t.Context(), ok, nps.Response{ID: "far", Rating: 9, At: at})
		require.ErrorIs(t, err, nps.ErrInvalidResponse)
	}
	assert.Empty(t, collect(t, s, nps.Filter{}), "nothing of the call stored")

	// Bounds outside the range still filter.
	require.NoError(t, s.Save(t.Context(), ok))
	far := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	early := time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Len(t, collect(t, s, nps.Filter{From: early, To: far}), 1)
	assert.Empty(t, collect(t, s, nps.Filter{From: far}))
	assert.Empty(t, collect(t, s, nps.Filter{To: early}))
	d, err := s.Count(t.Context(), nps.Filter{From: far})
	require.NoError(t, err)
	assert.Zero(t, d.N())
}

// Lists longer than the store pushes into SQL are filtered in Go, with
// the same answers.
func TestLongFilterLists(t *testing.T) {
	s, _ := open(t)
	var rs []nps.Response
	for i := range 50 {
		rs = append(rs, nps.Response{ID: fmt.Sprintf("r%02d", i), Rating: nps.Rating(i % 11), At: t0.Add(time.Duration(i) * time.Minute),
			Touchpoint: fmt.Sprintf("tp%d", i%5), Employees: []string{fmt.Sprintf("e%d", i%7)}})
	}
	require.NoError(t, s.Save(t.Context(), rs...))
	many := []string{"tp1", "tp3"}
	emps := []string{"e2"}
	for i := range 1000 {
		many = append(many, fmt.Sprintf("none%d", i))
		emps = append(emps, fmt.Sprintf("nobody%d", i))
	}
	f := nps.Filter{Touchpoints: many, Employees: emps}
	var want nps.Distribution
	var wantIDs []string
	for _, r := range rs {
		if f.Match(r) {
			want[r.Rating]++
			wantIDs = append(wantIDs, r.ID)
		}
	}
	var ids []string
	for _, r := range collect(t, s, f) {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, wantIDs, ids)
	d, err := s.Count(t.Context(), f)
	require.NoError(t, err)
	assert.Equal(t, want, d)
}

// Two stores on one file, as two processes would share it, save
// concurrently without losing or doubling a response.
func TestTwoProcesses(t *testing.T) {
	a, path := open(t)
	b := openAt(t, path)
	var wg sync.WaitGroup
	for w, s := range []*npsstore.Store{a, b, a, b} {
		wg.Go(func() {
			for i := range 25 {
				shared := nps.Response{ID: fmt.Sprintf("shared%02d", i), Rating: 8, At: t0.Add(time.Duration(i) * time.Second)}
				own := nps.Response{ID: fmt.Sprintf("w%d-%02d", w, i), Rating: 9, At: t0.Add(time.Duration(i) * time.Minute)}
				assert.NoError(t, s.Save(t.Context(), shared, own))
			}
		})
	}
	wg.Wait()
	assert.Len(t, collect(t, a, nps.Filter{}), 25+4*25)
	d, err := b.Count(t.Context(), nps.Filter{})
	require.NoError(t, err)
	assert.Equal(t, 125, d.N())
}

func TestMigrations(t *testing.T) {
	s, _ := open(t)
	var n int
	require.NoError(t, s.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM schema_migrations WHERE version = '0001_nps_responses.sql'`).Scan(&n))
	assert.Equal(t, 1, n)
}

func BenchmarkSave(b *testing.B) {
	s, err := npsstore.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	require.NoError(b, err)
	defer s.Close()
	batch := make([]nps.Response, 100)
	i := 0
	for b.Loop() {
		for j := range batch {
			batch[j] = nps.Response{ID: fmt.Sprintf("r%09d", i), Rating: nps.Rating(i % 11), At: t0.Add(time.Duration(i) * time.Second),
				Touchpoint: "phone", Employees: []string{"e1"}, Labels: map[string]string{"k": "v"}}
			i++
		}
		if err := s.Save(b.Context(), batch...); err != nil {
			b.Fatal(err)
		}
	}
}
