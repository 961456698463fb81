// Package sqlitedb opens SQLite databases for the adapters in this module
// and runs their transactions. It uses modernc.org/sqlite, a pure-Go
// SQLite (no cgo), under the database/sql driver name "sqlite".
//
// # Opening
//
// [Open] opens (creating if need be) a database file with settings every
// adapter wants, on every connection of the pool:
//
//   - journal_mode=WAL: readers never block the writer nor the writer the
//     readers, so a sequence may stay open while its loop body writes;
//   - busy_timeout=10000: a connection waits up to 10 s for a lock another
//     connection or process holds instead of failing at once;
//   - foreign_keys=ON, so ON DELETE CASCADE and references hold;
//   - synchronous=NORMAL, which is durable across application crashes in
//     WAL mode and much faster than FULL;
//   - BEGIN IMMEDIATE for every read-write transaction, so a transaction
//     that reads and then writes takes the write lock up front and never
//     fails half-way with SQLITE_BUSY when upgrading (read-only
//     transactions, begun with [sql.TxOptions] ReadOnly, stay deferred).
//
// # Migrations
//
// Open then applies the migrations: every file matching *.sql at the root
// of the given file system, in lexical order of their names, each in its
// own transaction, and records it in the table schema_migrations (version,
// checksum, applied_at). A migration already recorded is skipped, so
// reopening a database is a no-op, and two processes opening one file at
// once apply each migration once. A migration that fails is rolled back
// whole, with the record, and Open returns its error; the migrations
// before it stay applied. A recorded migration whose file now has other
// content is an error: applied migrations are never edited, a new file is
// added instead.
//
// The version is the file name, and several adapters may share one
// database file, so each adapter names its files after itself, for
// example 0001_nps_responses.sql and 0001_closedloop_cases.sql. A name
// used by two adapters with different content makes Open fail instead of
// silently skipping one of them. Migrations run inside a transaction, so
// they must not change journal_mode or run VACUUM.
//
// # Transactions
//
// [Tx] runs a function in a read-write transaction and commits it,
// retrying the whole transaction when SQLite reports the database busy or
// locked beyond busy_timeout. [Writer] adds a lock that serialises the
// write transactions of one process on one database, so goroutines queue
// in Go instead of polling SQLite's lock. [ReadTx] runs a function that
// only reads in a transaction: one consistent snapshot of the database.
// [Stmts] keeps statements prepared, so that queries run again skip
// SQLite's parser, in transactions too.
//
// # Instants
//
// Adapters store instants as INTEGER Unix nanoseconds: exact to the
// nanosecond, ordered as instants whatever their zone, and compared by
// SQLite as plain integers. [UnixNano] converts and rejects instants that
// int64 nanoseconds cannot hold (before 1677-09-21 or after 2262-04-11);
// [Time] converts back, in UTC. [Bound] places a query's bound on that
// scale.
package sqlitedb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// DriverName is the database/sql driver name of modernc.org/sqlite.
const DriverName = "sqlite"

// BusyTimeout is how long a statement waits for a lock held by another
// connection or process before SQLite reports the database busy.
const BusyTimeout = 10 * time.Second

// Connections kept open between calls: opening one runs the pragmas
// again, and database/sql prepares each statement again on it.
const (
	maxIdleConns    = 32
	maxConnIdleTime = time.Minute
)

// DSN returns the data source name Open uses for the database file at
// path: a file: URI carrying the pragmas and the BEGIN IMMEDIATE mode.
// The path is made absolute and escaped, so names with '?', '#' or '%'
// work.
func DSN(path string) (string, error) {
	if path == "" {
		return "", errors.New("sqlitedb: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("sqlitedb: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(BusyTimeout.Milliseconds(), 10)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String(), nil
}

// Open opens the SQLite database file at path, creating it if it does not
// exist, with the pragmas described in the package documentation, and
// applies the migrations in migrations (the *.sql files at its root, in
// order of their names) that the database has not recorded yet. A nil
// migrations applies none. On an error the database is closed.
//
// The *sql.DB is safe for concurrent use; close it when done.
func Open(ctx context.Context, path string, migrations fs.FS) (*sql.DB, error) {
	dsn, err := DSN(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(DriverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlitedb: opening %s: %w", path, err)
	}
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxIdleTime(maxConnIdleTime)
	if err := setUp(ctx, db, migrations); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlitedb: opening %s: %w", path, err)
	}
	return db, nil
}

func setUp(ctx context.Context, db *sql.DB, migrations fs.FS) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("journal_mode is %q, want wal", mode)
	}
	if migrations == nil {
		return nil
	}
	return Migrate(ctx, db, migrations)
}

// createMigrations is the table of applied migrations.
const createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    TEXT PRIMARY KEY,
	checksum   TEXT NOT NULL,
	applied_at INTEGER NOT NULL -- Unix nanoseconds
) STRICT`

// Migrate applies the migrations in migrations that db has not recorded
// yet, as [Open] does. It is exported for databases opened otherwise.
func Migrate(ctx context.Context, db *sql.DB, migrations fs.FS) error {
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return fmt.Errorf("listing migrations: %w", err)
	}
	if err := Tx(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, createMigrations)
		return err
	}); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, name := range names { // fs.Glob returns them sorted
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			return fmt.Errorf("reading migration %s: %w", name, err)
		}
		sum := sha256.Sum256(body)
		checksum := hex.EncodeToString(sum[:])
		err = Tx(ctx, db, func(tx *sql.Tx) error {
			var recorded string
			err := tx.QueryRowContext(ctx, `SELECT checksum FROM schema_migrations WHERE version = ?`, name).Scan(&recorded)
			switch {
			case err == nil && recorded == checksum:
				return nil // applied before
			case err == nil:
				return fmt.Errorf("applied with other content (checksum %s, the file's is %s): add a new migration instead of editing an applied one, and name migrations after their adapter",
					recorded, checksum)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, checksum, applied_at) VALUES (?, ?, ?)`,
				name, checksum, time.Now().UnixNano())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// Retry policy of [Tx]: the attempts and the first pause between them,
// doubled after each.
const (
	maxAttempts = 5
	firstPause  = 10 * time.Millisecond
)

// Tx runs fn in a read-write transaction (BEGIN IMMEDIATE, as Open
// configures) and commits it if fn returns nil; otherwise it rolls back and
// returns fn's error. When the database stays busy or locked beyond the
// busy timeout ([IsBusy]), Tx rolls back and runs the whole transaction
// again, up to 5 attempts with pauses from 10 ms doubling, so fn must not
// keep effects outside the transaction from an earlier attempt. A done ctx
// ends the retries with an error wrapping ctx.Err().
func Tx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	return retry(ctx, func() error { return runTx(ctx, db, nil, fn) })
}

// ReadTx runs fn in a deferred transaction for reading: from its first
// read on, every statement of fn sees one consistent snapshot of the
// database, whatever other connections commit meanwhile. fn must not
// write (the driver begins read-only transactions as plain BEGIN, so
// SQLite does not stop it). ReadTx retries as [Tx] does.
func ReadTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	return retry(ctx, func() error { return runTx(ctx, db, &sql.TxOptions{ReadOnly: true}, fn) })
}

func runTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func retry(ctx context.Context, f func() error) error {
	pause := firstPause
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || !IsBusy(err) || attempt == maxAttempts {
			return err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (after %v)", ctx.Err(), err)
		case <-t.C:
		}
		pause *= 2
	}
}

// Writer serialises the write transactions one process makes on one
// database: its [Writer.Tx] waits for the previous one to end before it
// begins. SQLite allows one writer at a time anyway; queueing in Go hands
// the lock on at once, where connections waiting on SQLite's lock poll it
// with sleeps. Other processes are still kept out by SQLite's own lock and
// the busy timeout. The zero Writer is not usable; use [NewWriter].
type Writer struct {
	db   *sql.DB
	lock chan struct{} // holds a token while a transaction runs
}

// NewWriter returns a Writer for db.
func NewWriter(db *sql.DB) *Writer {
	return &Writer{db: db, lock: make(chan struct{}, 1)}
}

// DB returns the database the Writer writes to.
func (w *Writer) DB() *sql.DB { return w.db }

// Tx runs fn as [Tx] does, after every earlier Tx of w has ended. A done
// ctx while waiting returns an error wrapping ctx.Err().
func (w *Writer) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	select {
	case w.lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-w.lock }()
	return Tx(ctx, w.db, fn)
}

// code returns the SQLite result code of err, or 0.
func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// IsBusy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED, in
// any of their extended forms: another connection held a lock longer than
// the busy timeout. Retrying the transaction may succeed.
func IsBusy(err error) bool {
	switch code(err) & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// IsUniqueViolation reports whether err is a violated UNIQUE or PRIMARY KEY
// constraint.
func IsUniqueViolation(err error) bool {
	switch code(err) {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return false
}

// ErrOutOfRange reports an instant that Unix nanoseconds in an int64
// cannot hold: before 1677-09-21 00:12:43.145224192 UTC or after
// 2262-04-11 23:47:16.854775807 UTC.
var ErrOutOfRange = errors.New("instant out of the range of int64 Unix nanoseconds (1677-09-21 to 2262-04-11)")

// minTime and maxTime are the first and last instants UnixNano holds.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// UnixNano returns t as Unix nanoseconds, or an error wrapping
// [ErrOutOfRange]. The zero time is out of range too: store it as NULL.
func UnixNano(t time.Time) (int64, error) {
	if t.Before(minTime) || t.After(maxTime) {
		return 0, fmt.Errorf("%w: %v", ErrOutOfRange, t)
	}
	return t.UnixNano(), nil
}

// NullUnixNano returns t as Unix nanoseconds, or NULL for the zero time.
func NullUnixNano(t time.Time) (sql.NullInt64, error) {
	if t.IsZero() {
		return sql.NullInt64{}, nil
	}
	ns, err := UnixNano(t)
	return sql.NullInt64{Int64: ns, Valid: err == nil}, err
}

// Time returns the instant of Unix nanoseconds ns, in UTC.
func Time(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// NullTime returns the instant of ns, or the zero time for NULL.
func NullTime(ns sql.NullInt64) time.Time {
	if !ns.Valid {
		return time.Time{}
	}
	return Time(ns.Int64)
}

// Place says where an instant lies relative to the range [UnixNano] can
// hold.
type Place int

// Places of an instant.
const (
	Before Place = iota - 1 // before the range: below every stored instant
	Inside                  // inside: Bound's nanoseconds are exact
	After                   // after the range: above every stored instant
)

// Bound returns t as Unix nanoseconds if it lies in the range UnixNano
// holds, and otherwise on which side it lies, so a query can drop a bound
// that excludes nothing or return nothing for one that excludes
// everything, instead of failing.
func Bound(t time.Time) (int64, Place) {
	switch {
	case t.Before(minTime):
		return math.MinInt64, Before
	case t.After(maxTime):
		return math.MaxInt64, After
	}
	return t.UnixNano(), Inside
}

// maxCached bounds the statements a [Stmts] keeps prepared.
const maxCached = 64

// Stmts caches prepared statements by their SQL text, so that a query run
// again skips SQLite's parser. database/sql prepares each statement once
// per connection of the pool, as the connection first runs it. The first
// 64 distinct texts are kept until Close; later ones are prepared for each
// use and closed after it. The zero Stmts is not usable; use [NewStmts].
type Stmts struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// NewStmts returns an empty cache of statements prepared on db.
func NewStmts(db *sql.DB) *Stmts {
	return &Stmts{db: db, stmts: make(map[string]*sql.Stmt)}
}

// Query runs the query q with args, as [sql.DB.QueryContext], on a
// cached statement.
func (s *Stmts) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, done, err := s.get(ctx, q)
	if err != nil {
		return nil, err
	}
	defer done()
	return st.QueryContext(ctx, args...)
}

// QueryRow runs the query q with args, as [sql.DB.QueryRowContext], on a
// cached statement.
func (s *Stmts) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, done, err := s.get(ctx, q)
	if err != nil {
		return s.db.QueryRowContext(ctx, q, args...) // reports the error as a Row does
	}
	defer done()
	return st.QueryRowContext(ctx, args...)
}

// Tx returns the cached statement for q bound to tx, as
// [sql.Tx.StmtContext]; the caller closes it when done.
func (s *Stmts) Tx(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	st, done, err := s.get(ctx, q)
	if err != nil {
		return nil, err
	}
	defer done()
	return tx.StmtContext(ctx, st), nil
}

// get returns the statement for q and what to do once its use has begun:
// nothing for a cached statement, closing it for one prepared only for
// this use. A Rows or Row keeps a closed Stmt's connection until it is
// closed.
func (s *Stmts) get(ctx context.Context, q string) (*sql.Stmt, func(), error) {
	s.mu.Lock()
	st, ok := s.stmts[q]
	s.mu.Unlock()
	if ok {
		return st, func() {}, nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cached, ok := s.stmts[q]; ok { // prepared meanwhile by another goroutine
		_ = st.Close()
		return cached, func() {}, nil
	}
	if len(s.stmts) < maxCached {
		s.stmts[q] = st
		return st, func() {}, nil
	}
	return st, func() { _ = st.Close() }, nil
}

// Close closes the cached statements.
func (s *Stmts) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for q, st := range s.stmts {
		errs = append(errs, st.Close())
		delete(s.stmts, q)
	}
	return errors.Join(errs...)
}
