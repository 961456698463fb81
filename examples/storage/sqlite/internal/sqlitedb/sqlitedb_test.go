package sqlitedb_test

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"math"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

var migrations = fstest.MapFS{
	"0001_things.sql": {Data: []byte(`
		CREATE TABLE things (id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
		INSERT INTO things (id, n) VALUES ('seed', 1);`)},
	"0002_things_index.sql": {Data: []byte(`CREATE INDEX things_n ON things (n);`)},
	"README.md":             {Data: []byte("not a migration")},
}

func open(t *testing.T, path string, m fstest.MapFS) *sql.DB {
	t.Helper()
	db, err := sqlitedb.Open(t.Context(), path, m)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	return db
}

func versions(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT version FROM schema_migrations ORDER BY version`)
	require.NoError(t, err)
	defer rows.Close()
	var vs []string
	for rows.Next() {
		var v string
		require.NoError(t, rows.Scan(&v))
		vs = append(vs, v)
	}
	require.NoError(t, rows.Err())
	return vs
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRowContext(t.Context(), query, args...).Scan(&n))
	return n
}

func TestOpenPragmas(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "odd ?#% name.db"), nil)
	ctx := t.Context()
	// Several connections, each with the pragmas.
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		c, err := db.Conn(ctx)
		require.NoError(t, err)
		defer c.Close()
		conns[i] = c
	}
	for _, c := range conns {
		var mode string
		var busy, fk, sync int
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		require.NoError(t, c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync))
		assert.Equal(t, "wal", mode)
		assert.Equal(t, int(sqlitedb.BusyTimeout.Milliseconds()), busy)
		assert.Equal(t, 1, fk)
		assert.Equal(t, 1, sync, "NORMAL")
	}
}

func TestMigrationsApplyOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	db := open(t, path, migrations)
	assert.Equal(t, []string{"0001_things.sql", "0002_things_index.sql"}, versions(t, db))
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM things`))
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name = 'things_n'`))

	// Reopening is a no-op: the seed row is not inserted again.
	db2 := open(t, path, migrations)
	assert.Equal(t, 1, count(t, db2, `SELECT count(*) FROM things`))

	// A later migration is applied on the next open, alone.
	more := fstest.MapFS{"0003_more.sql": {Data: []byte(`INSERT INTO things (id, n) VALUES ('more', 2);`)}}
	maps.Copy(more, migrations)
	db3 := open(t, path, more)
	assert.Equal(t, 2, count(t, db3, `SELECT count(*) FROM things`))
	assert.Len(t, versions(t, db3), 3)
}

func TestMigrationsConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			db, err := sqlitedb.Open(t.Context(), path, migrations)
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	db := open(t, path, migrations)
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM things`), "the seed migration ran once")
}

func TestFailingMigrationRollsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	bad := fstest.MapFS{
		"0001_things.sql": migrations["0001_things.sql"],
		"0002_bad.sql": {Data: []byte(`
			CREATE TABLE half (id INTEGER);
			INSERT INTO things (id, n) VALUES ('x', 'not an integer');`)},
	}
	_, err := sqlitedb.Open(t.Context(), path, bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "0002_bad.sql")

	db := open(t, path, nil)
	assert.Equal(t, []string{"0001_things.sql"}, versions(t, db), "the failed migration is not recorded")
	assert.Equal(t, 0, count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name = 'half'`), "its first statement was rolled back")
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM things`))

	// Fixed, it applies.
	bad["0002_bad.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE half (id INTEGER);`)}
	db2 := open(t, path, bad)
	assert.Len(t, versions(t, db2), 2)
}

func TestEditedMigrationIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.db")
	open(t, path, migrations)
	edited := fstest.MapFS{"0001_things.sql": {Data: []byte(`CREATE TABLE other (id TEXT);`)}}
	_, err := sqlitedb.Open(t.Context(), path, edited)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "0001_things.sql")
	assert.Contains(t, err.Error(), "other content")
}

func TestTxRollsBackOnError(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "t.db"), migrations)
	ctx := t.Context()
	boom := errors.New("boom")
	err := sqlitedb.Tx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO things (id, n) VALUES ('a', 1)`); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Equal(t, 1, count(t, db, `SELECT count(*) FROM things`))

	require.NoError(t, sqlitedb.Tx(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO things (id, n) VALUES ('a', 1)`)
		return err
	}))
	assert.Equal(t, 2, count(t, db, `SELECT count(*) FROM things`))

	err = sqlitedb.Tx(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO things (id, n) VALUES ('a', 2)`)
		return err
	})
	assert.True(t, sqlitedb.IsUniqueViolation(err), "%v", err)
	assert.False(t, sqlitedb.IsBusy(err))

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	err = sqlitedb.Tx(canceled, db, func(*sql.Tx) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}

// A second process (here a second *sql.DB) holding the write lock makes a
// write wait, and the write goes through once the lock is released.
func TestTxWaitsForOtherWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	a := open(t, path, migrations)
	b := open(t, path, migrations)
	ctx := t.Context()
	tx, err := a.BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	require.NoError(t, err)
	_, err = tx.ExecContext(ctx, `INSERT INTO things (id, n) VALUES ('a', 1)`)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		done <- sqlitedb.Tx(ctx, b, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO things (id, n) VALUES ('b', 1)`)
			return err
		})
	}()
	select {
	case err := <-done:
		t.Fatalf("the second writer did not wait: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	// Readers are not blocked meanwhile (WAL).
	assert.Equal(t, 1, count(t, b, `SELECT count(*) FROM things`))
	require.NoError(t, tx.Commit())
	require.NoError(t, <-done)
	assert.Equal(t, 3, count(t, b, `SELECT count(*) FROM things`))
}

func TestWriterSerialises(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "s.db"), migrations)
	w := sqlitedb.NewWriter(db)
	assert.Same(t, db, w.DB())
	ctx := t.Context()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				assert.NoError(t, w.Tx(ctx, func(tx *sql.Tx) error {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT n FROM things WHERE id = 'seed'`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `UPDATE things SET n = ? WHERE id = 'seed'`, n+1)
					return err
				}))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1+16*20, count(t, db, `SELECT n FROM things WHERE id = 'seed'`))

	// ReadTx reads one snapshot: a write committed meanwhile is not seen.
	require.NoError(t, sqlitedb.ReadTx(ctx, db, func(tx *sql.Tx) error {
		var before, after int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM things`).Scan(&before); err != nil {
			return err
		}
		if err := w.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO things (id, n) VALUES ('r', 1)`)
			return err
		}); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM things`).Scan(&after); err != nil {
			return err
		}
		assert.Equal(t, before, after)
		return nil
	}))
	assert.Equal(t, 2, count(t, db, `SELECT count(*) FROM things`))

	// Waiting for the lock ends with ctx.
	hold := make(chan struct{})
	go func() {
		_ = w.Tx(ctx, func(*sql.Tx) error { <-hold; return nil })
	}()
	time.Sleep(20 * time.Millisecond)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	err := w.Tx(short, func(*sql.Tx) error { return nil })
	close(hold)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestInstants(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 15, 30, 123456789, time.FixedZone("CET", 3600))
	ns, err := sqlitedb.UnixNano(at)
	require.NoError(t, err)
	assert.True(t, sqlitedb.Time(ns).Equal(at))
	assert.Equal(t, time.UTC, sqlitedb.Time(ns).Location())

	for _, bad := range []time.Time{{}, time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		_, err := sqlitedb.UnixNano(bad)
		assert.ErrorIs(t, err, sqlitedb.ErrOutOfRange, "%v", bad)
	}
	edge := time.Unix(0, math.MaxInt64)
	ns, err = sqlitedb.UnixNano(edge)
	require.NoError(t, err)
	assert.Equal(t, int64(math.MaxInt64), ns)

	null, err := sqlitedb.NullUnixNano(time.Time{})
	require.NoError(t, err)
	assert.False(t, null.Valid)
	assert.True(t, sqlitedb.NullTime(null).IsZero())
	null, err = sqlitedb.NullUnixNano(at)
	require.NoError(t, err)
	assert.True(t, sqlitedb.NullTime(null).Equal(at))

	_, place := sqlitedb.Bound(time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, sqlitedb.Before, place)
	_, place = sqlitedb.Bound(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, sqlitedb.After, place)
	ns, place = sqlitedb.Bound(at)
	assert.Equal(t, sqlitedb.Inside, place)
	assert.Equal(t, at.UnixNano(), ns)
}
