package enpsstore_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/enpsstore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

var opens = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

func wave(id string) enps.Wave {
	return enps.Wave{
		ID:     id,
		Opens:  opens,
		Closes: opens.Add(14 * 24 * time.Hour),
		Scale:  enps.StandardScale(),
		Units:  []enps.Unit{{ID: "co"}, {ID: "sales", Parent: "co"}},
		Population: []enps.Member{
			{Employee: "e-1", Unit: "sales", Attributes: map[string]string{"site": "Aarhus"}},
			{Employee: "e-2", Unit: "co"},
		},
		Items: []enps.Item{{ID: "grow", Text: "I can grow here", I: enps.Instruct}},
	}
}

func response(w enps.Wave, who byte, rating int) enps.Response {
	return enps.Response{
		Wave: w.ID, Respondent: enps.Token{who}, Unit: "sales", Rating: rating,
		Attributes: map[string]string{"site": "Aarhus"}, Items: map[string]int{"grow": 4},
		Comment: "ok", At: w.Opens.Add(time.Duration(who) * time.Nanosecond),
	}
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// TestReopen checks that what one Store wrote is there when the file is
// opened again, and that opening again applies no migration twice.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "enps.db")
	s, err := enpsstore.Open(ctx, path)
	require.NoError(t, err)
	w := wave("q1")
	require.NoError(t, s.SaveWave(ctx, w))
	r1, r2 := response(w, 1, 9), response(w, 2, 3)
	require.NoError(t, s.Save(ctx, r1))
	require.NoError(t, s.Save(ctx, r2))
	p := enps.Publication{Audience: "hr", Wave: w.ID, At: opens.Add(time.Hour),
		Cells: []enps.PublishedCell{{Key: "co/subtree", Respondents: []enps.Token{{1}, {2}}}}}
	require.NoError(t, s.Record(ctx, p))
	require.NoError(t, s.Close())

	s, err = enpsstore.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	got, err := s.Wave(ctx, w.ID)
	require.NoError(t, err)
	require.True(t, got.Opens.Equal(w.Opens) && got.Closes.Equal(w.Closes))
	require.Equal(t, w.Population, got.Population)
	rs := collect(t, s.Responses(ctx, w.ID))
	require.Len(t, rs, 2)
	require.True(t, rs[0].Equal(r1) && rs[1].Equal(r2), "responses by At: %v", rs)
	counts, err := s.Counts(ctx, w.ID)
	require.NoError(t, err)
	want := make([]int, 11)
	want[3], want[9] = 1, 1
	require.Equal(t, map[string][]int{"sales": want}, counts)
	pubs := collect(t, s.Publications(ctx, "hr"))
	require.Len(t, pubs, 1)
	require.Equal(t, p.Cells, pubs[0].Cells)

	db, err := sqlitedb.Open(ctx, path, nil)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version LIKE '%enps%'`).Scan(&n))
	require.Equal(t, 1, n)
}

// TestTwoHandles saves different responses under one key through two
// Stores on one file, as two processes would: SQLite's lock, not the
// Store's queue, decides, and exactly one wins.
func TestTwoHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "enps.db")
	var stores [2]*enpsstore.Store
	for i := range stores {
		s, err := enpsstore.Open(ctx, path)
		require.NoError(t, err)
		defer s.Close()
		stores[i] = s
	}
	w := wave("q1")
	require.NoError(t, stores[0].SaveWave(ctx, w))
	require.NoError(t, stores[1].SaveWave(ctx, w))
	const n = 16
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := response(w, 7, i%11)
			r.Comment = string(rune('a' + i))
			errs[i] = stores[i%2].Save(ctx, r)
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		require.ErrorIs(t, err, enps.ErrConflict)
	}
	require.Equal(t, 1, won)
	rs := collect(t, stores[1].Responses(ctx, w.ID))
	require.Len(t, rs, 1)
	counts, err := stores[0].Counts(ctx, w.ID)
	require.NoError(t, err)
	require.Equal(t, 1, counts["sales"][rs[0].Rating])
}

// TestRefuses checks that what the columns cannot keep exactly is refused,
// and nothing stored.
func TestRefuses(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	w := wave("q1")
	require.NoError(t, s.SaveWave(ctx, w))

	bad := wave("bad-utf8")
	bad.Population[0].Attributes = map[string]string{"site": "\xff"}
	require.ErrorIs(t, s.SaveWave(ctx, bad), enps.ErrInvalidWave)
	late := wave("late")
	late.Opens, late.Closes = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}
	err := s.SaveWave(ctx, late)
	require.ErrorIs(t, err, enps.ErrInvalidWave)
	require.ErrorIs(t, err, sqlitedb.ErrOutOfRange)
	waves := collect(t, s.Waves(ctx))
	require.Len(t, waves, 1)

	r := response(w, 1, 5)
	r.Attributes = map[string]string{"\xfe": "x"}
	require.ErrorIs(t, s.Save(ctx, r), enps.ErrInvalidResponse)
	r = response(w, 1, 11)
	require.ErrorIs(t, s.Save(ctx, r), enps.ErrInvalidRating)
	r = response(w, 1, 5)
	r.Wave = "missing"
	require.ErrorIs(t, s.Save(ctx, r), enps.ErrNotFound)
	r = response(w, 1, 5)
	r.At = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	require.ErrorIs(t, s.Save(ctx, r), sqlitedb.ErrOutOfRange)
	require.Empty(t, collect(t, s.Responses(ctx, w.ID)))

	// Text outside JSON is kept byte for byte.
	r = response(w, 2, 5)
	r.Comment, r.Unit = "\xff\x00 ok", "sales\xfe"
	require.NoError(t, s.Save(ctx, r))
	rs := collect(t, s.Responses(ctx, w.ID))
	require.Len(t, rs, 1)
	require.True(t, rs[0].Equal(r))
	counts, err := s.Counts(ctx, w.ID)
	require.NoError(t, err)
	require.Equal(t, 1, counts["sales\xfe"][5])
}

// TestLedgerAppendOnly checks that the database itself refuses to change
// or remove what the ledger recorded.
func TestLedgerAppendOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "enps.db")
	s, err := enpsstore.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	p := enps.Publication{Audience: "hr", Wave: "q1", Cells: []enps.PublishedCell{{Key: "co", Respondents: []enps.Token{{1}}}}}
	require.NoError(t, s.Record(ctx, p))

	db, err := sqlitedb.Open(ctx, path, nil)
	require.NoError(t, err)
	defer db.Close()
	for _, stmt := range []string{
		`DELETE FROM enps_publications`,
		`UPDATE enps_publications SET audience = 'ceo'`,
		`DELETE FROM enps_published_cells`,
		`UPDATE enps_published_cells SET respondents = x''`,
	} {
		_, err := db.ExecContext(ctx, stmt)
		require.ErrorContains(t, err, "append-only", stmt)
	}
	pubs := collect(t, s.Publications(ctx, "hr"))
	require.Len(t, pubs, 1)
	require.True(t, slices.Equal(pubs[0].Cells[0].Respondents, p.Cells[0].Respondents))
	require.True(t, pubs[0].At.IsZero())
}
