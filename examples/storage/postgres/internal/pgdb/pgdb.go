// Package pgdb opens PostgreSQL databases for the adapters in this module
// and runs their transactions, with github.com/jackc/pgx/v5 and its pool.
//
// # Opening
//
// [Open] parses a connection string (a URL or key=value pairs, as libpq
// takes them; parameters pgx does not know, such as search_path, are sent
// to the server as run-time settings), connects a [pgxpool.Pool], checks
// that the server answers and applies the adapter's migrations.
//
// # Migrations
//
// [Migrate] applies every file matching *.sql at the root of the given file
// system, in lexical order of their names, each in its own transaction,
// and records it in the table schema_migrations (version, checksum,
// applied_at) of the current schema (the first of search_path). A
// migration already recorded is skipped, so reopening is a no-op. Each
// transaction first takes a transaction-level advisory lock, so processes
// opening one database at once apply each migration once. A migration
// that fails is rolled back whole, with its record, and the migrations
// before it stay applied. A recorded migration whose file now has other
// content is an error: applied migrations are never edited; a new file is
// added instead. Several adapters may share a schema, so each names its
// files after itself (0001_nps_responses.sql, 0001_closedloop_cases.sql).
//
// # Transactions
//
// [Tx] runs a function in a read-write transaction at PostgreSQL's default
// isolation, READ COMMITTED, and commits it, retrying the whole
// transaction when the server reports a serialization failure or a
// deadlock.
//
// # Instants
//
// timestamptz holds microseconds only, and Unix nanoseconds in an int64
// only the years 1678 to 2261, so the adapters store an instant as two
// columns: Unix seconds (bigint) and the nanoseconds within the second
// (integer, 0 to 999999999). [Split] and [Join] convert; every time.Time
// fits, and the pair compares as the instant does when compared as a row,
// (s, ns) < ($1, $2), which a B-tree index on (s, ns) serves.
package pgdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects a pool to the database connString names, checks that the
// server answers, and applies the migrations in migrations (the *.sql
// files at its root, in order of their names) that the current schema has
// not recorded yet. A nil migrations applies none. On an error the pool is
// closed.
func Open(ctx context.Context, connString string, migrations fs.FS) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("pgdb: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgdb: %w", err)
	}
	if err := setUp(ctx, pool, migrations); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgdb: opening %s: %w", describe(cfg), err)
	}
	return pool, nil
}

// describe names the database of cfg without its password.
func describe(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("database %q on %s:%d as %q", c.Database, c.Host, c.Port, c.User)
}

func setUp(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) error {
	if err := pool.Ping(ctx); err != nil {
		return err
	}
	if migrations == nil {
		return nil
	}
	return Migrate(ctx, pool, migrations)
}

// migrationLock is the key of the advisory lock that serialises
// migrations in a database.
const migrationLock = 0x736b5f6d6967 // "sk_mig"

// createMigrations is the table of applied migrations.
const createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    text PRIMARY KEY,
	checksum   text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// Migrate applies the migrations in migrations that the current schema
// has not recorded yet, as [Open] does. It is exported for pools opened
// otherwise.
func Migrate(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) error {
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return fmt.Errorf("listing migrations: %w", err)
	}
	for _, name := range names { // fs.Glob returns them sorted
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			return fmt.Errorf("reading migration %s: %w", name, err)
		}
		sum := sha256.Sum256(body)
		checksum := hex.EncodeToString(sum[:])
		err = Tx(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, createMigrations); err != nil {
				return err
			}
			var recorded string
			err := tx.QueryRow(ctx, `SELECT checksum FROM schema_migrations WHERE version = $1`, name).Scan(&recorded)
			switch {
			case err == nil && recorded == checksum:
				return nil // applied before
			case err == nil:
				return fmt.Errorf("applied with other content (checksum %s, the file's is %s): add a new migration instead of editing an applied one, and name migrations after their adapter",
					recorded, checksum)
			case !errors.Is(err, pgx.ErrNoRows):
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil { // no arguments: the simple protocol, several statements
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)`, name, checksum)
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
	firstPause  = 5 * time.Millisecond
)

// Tx runs fn in a read-write transaction and commits it if fn returns nil;
// otherwise it rolls back and returns fn's error. When the server reports
// a serialization failure or a deadlock ([IsRetryable]), Tx runs the whole
// transaction again, up to 5 attempts with pauses from 5 ms doubling, so
// fn must not keep effects outside the transaction from an earlier
// attempt. A done ctx returns an error wrapping ctx.Err().
func Tx(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	pause := firstPause
	for attempt := 1; ; attempt++ {
		err := runTx(ctx, pool, fn)
		if err == nil || !IsRetryable(err) || attempt == maxAttempts {
			return Ctx(ctx, err)
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

func runTx(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

// Ctx returns err, made to wrap ctx.Err() if ctx is done and err does not
// wrap it yet: pgx reports a query interrupted by its context in several
// ways, and callers branch with errors.Is(err, context.Canceled).
func Ctx(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// SQLSTATE codes the adapters act on.
const (
	codeUniqueViolation      = "23505"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
)

// code returns the SQLSTATE of err, or "".
func code(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsRetryable reports whether err is a serialization failure or a
// detected deadlock: the transaction was rolled back and running it again
// may succeed.
func IsRetryable(err error) bool {
	switch code(err) {
	case codeSerializationFailure, codeDeadlockDetected:
		return true
	}
	return false
}

// IsUniqueViolation reports whether err is a violated UNIQUE or PRIMARY KEY
// constraint, and which: the constraint's name.
func IsUniqueViolation(err error) (constraint string, ok bool) {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == codeUniqueViolation {
		return e.ConstraintName, true
	}
	return "", false
}

// Split returns t as Unix seconds and the nanoseconds within that second
// (0 to 999999999), the two columns an instant is stored in. Every
// time.Time, the zero time included, has such a pair.
func Split(t time.Time) (sec int64, nsec int32) {
	return t.Unix(), int32(t.Nanosecond())
}

// Join returns the instant of a pair [Split] returned, in UTC.
func Join(sec int64, nsec int32) time.Time {
	return time.Unix(sec, int64(nsec)).UTC()
}

// ErrText reports a string PostgreSQL's text cannot hold: one with a NUL
// byte or bytes that are not UTF-8 (text rejects the first and, in a UTF8
// database, the second; jsonb rejects NUL, and encoding/json would replace
// invalid bytes with U+FFFD unnoticed). It wraps [errors.ErrUnsupported].
var ErrText = fmt.Errorf("string with a NUL byte or invalid UTF-8, which PostgreSQL text cannot store: %w", errors.ErrUnsupported)

// CheckText returns an error wrapping [ErrText] that names the first
// string in v (its fields, elements, map keys and values, and what its
// pointers point to) that PostgreSQL cannot store, or nil.
func CheckText(v any) error {
	if path, ok := badText(reflect.ValueOf(v), ""); ok {
		return fmt.Errorf("%w: %s", ErrText, strings.TrimPrefix(path, "."))
	}
	return nil
}

// badText returns the path of the first string in v that text cannot
// store.
func badText(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return fmt.Sprintf("%s %q", path, s), true
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return badText(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				if p, ok := badText(v.Field(i), path+"."+f.Name); ok {
					return p, true
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p, ok := badText(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if p, ok := badText(it.Key(), path+" key"); ok {
				return p, true
			}
			if p, ok := badText(it.Value(), fmt.Sprintf("%s[%q]", path, it.Key())); ok {
				return p, true
			}
		}
	}
	return "", false
}

// Where builds the conditions of a query and numbers its arguments $1,
// $2, ... in the order they are added. The zero Where has no conditions.
type Where struct {
	conds []string
	args  []any
}

// Arg adds an argument and returns its placeholder.
func (w *Where) Arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

// Add adds a condition: format with a %s for each argument, each replaced
// by the argument's placeholder, as in w.Add("unit = ANY(%s)", units).
func (w *Where) Add(format string, args ...any) {
	ph := make([]any, len(args))
	for i, a := range args {
		ph[i] = w.Arg(a)
	}
	w.conds = append(w.conds, fmt.Sprintf(format, ph...))
}

// SQL returns the conditions joined with AND, or TRUE if there are none.
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, " AND ")
}

// Args returns the arguments in the order of their placeholders.
func (w *Where) Args() []any { return w.args }
