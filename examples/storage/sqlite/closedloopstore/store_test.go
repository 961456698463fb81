package closedloopstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/closedloop/closedlooptest"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/closedloopstore"
	"github.com/servicekultur/servicekultur/nps"
)

func open(t testing.TB) (*closedloopstore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cases.db")
	return openAt(t, path), path
}

func openAt(t testing.TB, path string) *closedloopstore.Store {
	t.Helper()
	s, err := closedloopstore.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	return s
}

// TestConformance runs the closedloop store conformance suite against a
// real database file per rule, its concurrent creators and updaters
// included.
func TestConformance(t *testing.T) {
	closedlooptest.Run(t, func() closedloop.Store {
		s, _ := open(t)
		return s
	})
}

// TestConformanceShared runs every rule on one store, as a long-lived
// database sees them.
func TestConformanceShared(t *testing.T) {
	s, _ := open(t)
	require.NoError(t, closedlooptest.Test(s))
}

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

func policy() closedloop.Policy {
	return closedloop.Policy{ID: "48h", EffectiveFrom: t0.AddDate(-1, 0, 0), Target: 48 * time.Hour, Clock: closedloop.CalendarHours}
}

func newCase(t testing.TB, id, customer string, received time.Time) closedloop.Case {
	t.Helper()
	r := nps.Response{ID: "resp-" + id, Rating: 2, At: received, Customer: customer, Touchpoint: "phone", Employees: []string{"anna"}}
	c, err := closedloop.OpenCase(id, r, policy(), "anna", "front", received.Add(time.Minute))
	require.NoError(t, err)
	return c
}

// Text is kept byte for byte, in the columns and in the JSON lists, and
// the cases survive a reopen.
func TestExactBytesAndReopen(t *testing.T) {
	s, path := open(t)
	ctx := t.Context()
	odd := "a\x00b\xff\xfe" + "ü\"{hex}"
	c := newCase(t, "odd\xff", odd, t0.In(time.FixedZone("X", 5*3600)))
	c.Comment, c.Team = odd, odd
	require.NoError(t, c.Note(t0.Add(time.Hour), odd, odd))
	require.NoError(t, c.Attempt(t0.Add(2*time.Hour), odd, odd))
	require.NoError(t, c.Tag(t0.Add(3*time.Hour), "anna", odd))
	c.Responses = append(c.Responses, odd)
	stored, created, err := s.Create(ctx, c)
	require.NoError(t, err)
	require.True(t, created)
	require.NoError(t, s.Close())

	s2 := openAt(t, path)
	got, err := s2.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, stored, got)
	want := c.Clone()
	want.Version = 1
	assert.True(t, want.ReceivedAt.Equal(got.ReceivedAt))
	want.ReceivedAt, got.ReceivedAt = time.Time{}, time.Time{}
	assert.Equal(t, want.History[len(want.History)-1], got.History[len(got.History)-1])
	assert.Equal(t, want.Attempts, got.Attempts)
	assert.Equal(t, want.RootCauses, got.RootCauses)
	assert.Equal(t, want.Responses, got.Responses)
	assert.Equal(t, odd, got.Customer)
	assert.Equal(t, odd, got.Comment)

	// The lists are JSON that SQLite reads; a list with a string that is
	// not UTF-8 is hex-encoded.
	plain := newCase(t, "plain", "cust", t0)
	_, _, err = s2.Create(ctx, plain)
	require.NoError(t, err)
	var kind, hexKind string
	require.NoError(t, s2.DB().QueryRowContext(ctx,
		`SELECT json_extract(history, '$[0].kind') FROM closedloop_cases WHERE id = ?`, plain.ID).Scan(&kind))
	assert.Equal(t, "opened", kind)
	require.NoError(t, s2.DB().QueryRowContext(ctx,
		`SELECT json_extract(history, '$.hex[0].kind') FROM closedloop_cases WHERE id = ?`, c.ID).Scan(&hexKind))
	assert.Equal(t, "6f70656e6564", hexKind)
}

func TestInstantOutOfRange(t *testing.T) {
	s, _ := open(t)
	c := newCase(t, "far", "c", t0)
	c.ClaimUntil, c.Claim = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), "engine"
	_, _, err := s.Create(t.Context(), c)
	require.ErrorIs(t, err, closedloop.ErrInvalidCase)
	_, err = s.Get(t.Context(), c.ID)
	require.ErrorIs(t, err, closedloop.ErrNotFound)

	// Bounds outside the range still select.
	ok := newCase(t, "ok", "c", t0)
	_, _, err = s.Create(t.Context(), ok)
	require.NoError(t, err)
	count := func(seq func(func(closedloop.Case, error) bool)) int {
		n := 0
		for _, err := range seq {
			require.NoError(t, err)
			n++
		}
		return n
	}
	far, early := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, 1, count(s.Due(t.Context(), far)))
	assert.Equal(t, 0, count(s.Due(t.Context(), early)))
	assert.Equal(t, 1, count(s.Cases(t.Context(), closedloop.CaseFilter{From: early, To: far})))
	assert.Equal(t, 0, count(s.Cases(t.Context(), closedloop.CaseFilter{From: far})))
	assert.Equal(t, 0, count(s.Cases(t.Context(), closedloop.CaseFilter{To: early})))
}

// Two stores on one file, as two engines in two processes would share it:
// one case per response, and no update lost.
func TestTwoProcesses(t *testing.T) {
	a, path := open(t)
	b := openAt(t, path)
	ctx := t.Context()
	stores := []*closedloopstore.Store{a, b, a, b, a, b, a, b}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		created int
	)
	for i, s := range stores {
		wg.Go(func() {
			c := newCase(t, fmt.Sprintf("case-%d", i), "cust", t0)
			c.ResponseID, c.Responses = "resp-shared", []string{"resp-shared"}
			_, ok, err := s.Create(ctx, c)
			assert.NoError(t, err)
			if ok {
				mu.Lock()
				created++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, created)
	var id string
	for c, err := range a.Cases(ctx, closedloop.CaseFilter{Customer: "cust"}) {
		require.NoError(t, err)
		id = c.ID
	}
	for w, s := range stores {
		wg.Go(func() {
			for i := range 5 {
				for {
					c, err := s.Get(ctx, id)
					if !assert.NoError(t, err) {
						return
					}
					require.NoError(t, c.Note(t0.Add(time.Hour), "anna", fmt.Sprintf("w%d-%d", w, i)))
					_, err = s.Update(ctx, c)
					if err == nil {
						break
					}
					if !assert.ErrorIs(t, err, closedloop.ErrStale) {
						return
					}
				}
			}
		})
	}
	wg.Wait()
	c, err := b.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, int64(1+len(stores)*5), c.Version)
	assert.Len(t, c.History, 1+len(stores)*5)
}

// A filter list longer than the store binds is applied in Go.
func TestLongFilterLists(t *testing.T) {
	s, _ := open(t)
	ctx := t.Context()
	for i := range 6 {
		c := newCase(t, fmt.Sprintf("c%d", i), "cust", t0.Add(time.Duration(i)*time.Hour))
		c.Owner = fmt.Sprintf("owner%d", i%3)
		_, _, err := s.Create(ctx, c)
		require.NoError(t, err)
	}
	owners := []string{"owner1"}
	for i := range 1000 {
		owners = append(owners, fmt.Sprintf("nobody%d", i))
	}
	var ids []string
	for c, err := range s.Cases(ctx, closedloop.CaseFilter{Owners: owners, States: []closedloop.State{closedloop.Open}}) {
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"c1", "c4"}, ids)
}

func TestMigrations(t *testing.T) {
	s, _ := open(t)
	var n int
	require.NoError(t, s.DB().QueryRowContext(t.Context(),
		`SELECT count(*) FROM schema_migrations WHERE version = '0001_closedloop_cases.sql'`).Scan(&n))
	assert.Equal(t, 1, n)
	// Due uses the partial index of next actions.
	var plan strings.Builder
	rows, err := s.DB().QueryContext(t.Context(),
		`EXPLAIN QUERY PLAN SELECT id FROM closedloop_cases WHERE next_action_at IS NOT NULL AND next_action_at <= 0 ORDER BY next_action_at, id`)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan.WriteString(detail + "\n")
	}
	require.NoError(t, rows.Err())
	assert.Contains(t, plan.String(), "closedloop_cases_due")
}

func BenchmarkUpdate(b *testing.B) {
	s, _ := open(b)
	ctx := b.Context()
	c, _, err := s.Create(ctx, newCase(b, "bench", "cust", t0))
	require.NoError(b, err)
	for b.Loop() {
		c.Notices ^= closedloop.NoticeOpened
		if c, err = s.Update(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}
