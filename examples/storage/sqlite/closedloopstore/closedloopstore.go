// Package closedloopstore implements [closedloop.Store] on SQLite
// (modernc.org/sqlite, pure Go), so that engines in one or several
// processes share their follow-up cases through one database file.
//
// # Schema
//
// The migrations in migrations/ are embedded and applied by [Open]. A case
// is one row of closedloop_cases: its scalar fields are columns (instants
// as INTEGER Unix nanoseconds, NULL for the zero time; durations as
// INTEGER nanoseconds), its lists (responses, employees, root causes,
// attempts and the history) JSON arrays, with instants as Unix
// nanoseconds and text that is not valid UTF-8 kept as {"hex": ...}, so
// every field reads back exactly. Instants are read back in UTC (the
// contract keeps instants, not locations); instants before 1677-09-21 or
// after 2262-04-11 do not fit and are rejected with an error wrapping
// [closedloop.ErrInvalidCase].
//
// # Mapping of the contract
//
//   - Optimistic concurrency is the version column: Update runs
//     UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?,
//     and when no row changes it reads the row to tell [closedloop.ErrNotFound]
//     from [closedloop.ErrStale]. Before that it reads the version without
//     taking the write lock: versions only grow, so one other than the
//     case's is [closedloop.ErrStale] at once, and writers that lost a
//     race do not queue for the lock only to learn so.
//   - One case per response is a UNIQUE constraint on response_id. Create
//     looks the response up and inserts in one transaction (BEGIN
//     IMMEDIATE), so two engines creating a case for one response at once
//     store one; an Update that takes another case's response violates the
//     constraint and returns [closedloop.ErrConflict].
//   - Due reads the column next_action_at, which every write sets from
//     [closedloop.Case.NextAction], through a partial index on the cases
//     that have one: it touches only the cases that are due.
//   - Cases pushes the whole [closedloop.CaseFilter] down into SQL, on
//     indexes by receipt, customer, owner and team. (A list of more than
//     500 values is filtered in Go instead, to stay under SQLite's limit
//     of bound parameters.)
//
// Writes run in transactions that queue on a lock in Go within one Store
// and on SQLite's lock (WAL mode, busy timeout 10 s) across processes. A
// range over Due or Cases is one SELECT read as one snapshot: it holds a
// connection of the pool until the loop ends, and the loop body may use
// the store meanwhile (other connections; WAL lets them write while the
// snapshot is read). A case therefore appears at most once and in order,
// as it was when the range began.
package closedloopstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the schema migrations of the store, the *.sql files
// at the root of the returned file system, for tools that manage the
// schema themselves.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // unreachable: the directory is embedded
	}
	return sub
}

// Store is a [closedloop.Store] in an SQLite database file. It is safe for
// concurrent use, also by several processes sharing the file. Close it
// when done.
type Store struct {
	db    *sql.DB
	w     *sqlitedb.Writer
	stmts *sqlitedb.Stmts
}

var _ closedloop.Store = (*Store)(nil)

// Open opens the store in the SQLite database file at path, creating the
// file and applying the schema migrations as needed.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, Migrations())
	if err != nil {
		return nil, fmt.Errorf("closedloopstore: %w", err)
	}
	return &Store{db: db, w: sqlitedb.NewWriter(db), stmts: sqlitedb.NewStmts(db)}, nil
}

// Close closes the database. Sequences still running fail.
func (s *Store) Close() error { return errors.Join(s.stmts.Close(), s.db.Close()) }

// DB returns the underlying database, for queries of the host's own.
func (s *Store) DB() *sql.DB { return s.db }

// maxInList is the longest list of a CaseFilter pushed down into SQL as
// bound parameters; a longer one is tested in Go.
const maxInList = 500

// Create implements [closedloop.Store]: the look-up by response and the
// insert run in one transaction.
func (s *Store) Create(ctx context.Context, c closedloop.Case) (closedloop.Case, bool, error) {
	if err := ctx.Err(); err != nil {
		return closedloop.Case{}, false, err
	}
	if err := c.Validate(); err != nil {
		return closedloop.Case{}, false, err
	}
	values, err := caseValues(&c, 1)
	if err != nil {
		return closedloop.Case{}, false, err
	}
	var (
		stored  closedloop.Case
		created bool
	)
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		created = false
		byResponse, err := s.stmts.Tx(ctx, tx, selectCase+" WHERE response_id = ?")
		if err != nil {
			return err
		}
		defer byResponse.Close()
		existing, err := scanCase(byResponse.QueryRowContext(ctx, c.ResponseID))
		switch {
		case err == nil:
			stored = existing
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		insert, err := s.stmts.Tx(ctx, tx, insertCase)
		if err != nil {
			return err
		}
		defer insert.Close()
		if _, err := insert.ExecContext(ctx, values...); err != nil {
			if sqlitedb.IsUniqueViolation(err) {
				var response string
				if err := tx.QueryRowContext(ctx, "SELECT response_id FROM closedloop_cases WHERE id = ?", c.ID).Scan(&response); err != nil {
					return err
				}
				return fmt.Errorf("%w: case %q is stored for response %q, not %q", closedloop.ErrConflict, c.ID, response, c.ResponseID)
			}
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return closedloop.Case{}, false, fmt.Errorf("closedloopstore: creating case %q: %w", c.ID, err)
	}
	if created {
		// What Get returns: the values as stored, read back.
		stored, err = readBack(values)
		if err != nil {
			return closedloop.Case{}, false, fmt.Errorf("closedloopstore: creating case %q: %w", c.ID, err)
		}
	}
	return stored, created, nil
}

// valuesRow lets scanCase read a row from the values written.
type valuesRow []any

// Scan implements scanner.
func (v valuesRow) Scan(dest ...any) error {
	for i, d := range dest {
		var err error
		switch d := d.(type) {
		case *string:
			*d = v[i].(string)
		case *int64:
			*d = v[i].(int64)
		case *sql.NullInt64:
			*d = v[i].(sql.NullInt64)
		default:
			err = fmt.Errorf("valuesRow: unexpected destination %T", d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readBack returns the case a row with the values holds.
func readBack(values []any) (closedloop.Case, error) { return scanCase(valuesRow(values)) }

// Get implements [closedloop.Store].
func (s *Store) Get(ctx context.Context, id string) (closedloop.Case, error) {
	if err := ctx.Err(); err != nil {
		return closedloop.Case{}, err
	}
	c, err := scanCase(s.stmts.QueryRow(ctx, selectCase+" WHERE id = ?", id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return closedloop.Case{}, fmt.Errorf("closedloopstore: %w: %q", closedloop.ErrNotFound, id)
	case err != nil:
		return closedloop.Case{}, fmt.Errorf("closedloopstore: getting case %q: %w", id, err)
	}
	return c, nil
}

// Update implements [closedloop.Store] with the version column: the row
// changes only while it still has the version c was read at.
func (s *Store) Update(ctx context.Context, c closedloop.Case) (closedloop.Case, error) {
	if err := ctx.Err(); err != nil {
		return closedloop.Case{}, err
	}
	if err := c.Validate(); err != nil {
		return closedloop.Case{}, err
	}
	// Versions only grow: a stored version other than c's now means the
	// update can never succeed, so say so without the write lock or
	// encoding the case. Otherwise the UPDATE below decides.
	if err := s.checkVersion(ctx, s.stmts.QueryRow(ctx, selectVersion, c.ID), c); err != nil {
		return closedloop.Case{}, fmt.Errorf("closedloopstore: updating case %q: %w", c.ID, err)
	}
	values, err := caseValues(&c, c.Version+1)
	if err != nil {
		return closedloop.Case{}, err
	}
	// SET takes every column but id and version, then WHERE id and version.
	args := make([]any, 0, len(values))
	for i, v := range values {
		if columns[i] != "id" && columns[i] != "version" {
			args = append(args, v)
		}
	}
	args = append(args, c.ID, c.Version)
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		update, err := s.stmts.Tx(ctx, tx, updateCase)
		if err != nil {
			return err
		}
		defer update.Close()
		res, err := update.ExecContext(ctx, args...)
		if sqlitedb.IsUniqueViolation(err) {
			var other string
			if err := tx.QueryRowContext(ctx, "SELECT id FROM closedloop_cases WHERE response_id = ?", c.ResponseID).Scan(&other); err != nil {
				return err
			}
			return fmt.Errorf("%w: response %q has case %q", closedloop.ErrConflict, c.ResponseID, other)
		}
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 1 {
			return err
		}
		// No row changed: tell a missing case from a stale version.
		version, err := s.stmts.Tx(ctx, tx, selectVersion)
		if err != nil {
			return err
		}
		defer version.Close()
		if err := s.checkVersion(ctx, version.QueryRowContext(ctx, c.ID), c); err != nil {
			return err
		}
		return fmt.Errorf("%w: case %q changed during the update", closedloop.ErrStale, c.ID) // unreachable under BEGIN IMMEDIATE
	})
	if err != nil {
		return closedloop.Case{}, fmt.Errorf("closedloopstore: updating case %q: %w", c.ID, err)
	}
	stored, err := readBack(values)
	if err != nil {
		return closedloop.Case{}, fmt.Errorf("closedloopstore: updating case %q: %w", c.ID, err)
	}
	return stored, nil
}

// selectVersion reads the stored version of a case.
const selectVersion = "SELECT version FROM closedloop_cases WHERE id = ?"

// checkVersion reads the version of selectVersion from row and returns an
// error wrapping closedloop.ErrNotFound if the case is not stored, or
// closedloop.ErrStale if it is at another version than c.
func (s *Store) checkVersion(ctx context.Context, row *sql.Row, c closedloop.Case) error {
	var version int64
	err := row.Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %q", closedloop.ErrNotFound, c.ID)
	case err != nil:
		return readError(ctx, "the version", err)
	case version != c.Version:
		return fmt.Errorf("%w: case %q is at version %d, not %d", closedloop.ErrStale, c.ID, version, c.Version)
	}
	return nil
}

// Due implements [closedloop.Store] on the partial index of next actions.
func (s *Store) Due(ctx context.Context, at time.Time) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		q := selectCase + " WHERE next_action_at IS NOT NULL"
		var args []any
		switch ns, place := sqlitedb.Bound(at); place {
		case sqlitedb.Before:
			return // before every instant stored
		case sqlitedb.Inside:
			q += " AND next_action_at <= ?"
			args = append(args, ns)
		}
		s.query(ctx, "due cases", q+" ORDER BY next_action_at, id", args, nil, yield)
	}
}

// Cases implements [closedloop.Store], every condition of f in SQL.
func (s *Store) Cases(ctx context.Context, f closedloop.CaseFilter) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		if err := f.Validate(); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		if err := ctx.Err(); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		w := filter(f)
		if w.none {
			return
		}
		var match func(closedloop.Case) bool
		if w.residual {
			match = f.Match
		}
		s.query(ctx, "cases", selectCase+w.sql()+" ORDER BY received_at, id", w.args, match, yield)
	}
}

// query runs q and yields its cases that match (all if match is nil),
// checking ctx before each.
func (s *Store) query(ctx context.Context, what, q string, args []any, match func(closedloop.Case) bool, yield func(closedloop.Case, error) bool) {
	rows, err := s.stmts.Query(ctx, q, args...)
	if err != nil {
		yield(closedloop.Case{}, readError(ctx, what, err))
		return
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			yield(closedloop.Case{}, readError(ctx, what, err))
			return
		}
		if match != nil && !match(c) {
			continue
		}
		if err := ctx.Err(); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		if !yield(c, nil) {
			return
		}
	}
	if err := rows.Err(); err != nil {
		yield(closedloop.Case{}, readError(ctx, what, err))
	}
}

// readError wraps an error of a query, as ctx's error when ctx is done
// (the driver may report a canceled query otherwise).
func readError(ctx context.Context, what string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("closedloopstore: reading %s: %w (%v)", what, ctxErr, err)
	}
	return fmt.Errorf("closedloopstore: reading %s: %w", what, err)
}

// where is a CaseFilter translated into SQL conditions.
type where struct {
	conds []string
	args  []any
	// none: the filter excludes every case (a bound outside the range of
	// stored instants).
	none bool
	// residual: some condition is left to f.Match in Go.
	residual bool
}

// filter translates f, which must be valid.
func filter(f closedloop.CaseFilter) where {
	var w where
	if !f.From.IsZero() {
		switch ns, place := sqlitedb.Bound(f.From); place {
		case sqlitedb.After:
			w.none = true
		case sqlitedb.Inside:
			w.add("received_at >= ?", ns)
		}
	}
	if !f.To.IsZero() {
		switch ns, place := sqlitedb.Bound(f.To); place {
		case sqlitedb.Before:
			w.none = true
		case sqlitedb.Inside:
			w.add("received_at < ?", ns)
		}
	}
	if f.Customer != "" {
		w.add("customer = ?", f.Customer)
	}
	w.in("owner", f.Owners)
	w.in("team", f.Teams)
	w.in("touchpoint", f.Touchpoints)
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = fmt.Sprint(int(st)) // validated: 1 to 4
		}
		slices.Sort(states)
		w.conds = append(w.conds, "state IN ("+strings.Join(slices.Compact(states), ", ")+")")
	}
	return w
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds column IN (values); an empty list is no condition.
func (w *where) in(column string, values []string) {
	if len(values) == 0 {
		return
	}
	values = slices.Compact(slices.Sorted(slices.Values(values)))
	if len(values) > maxInList {
		w.residual = true
		return
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	w.add(column+" IN ("+strings.Repeat(", ?", len(values))[2:]+")", args...)
}

func (w where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
