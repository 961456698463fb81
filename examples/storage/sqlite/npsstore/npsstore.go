// Package npsstore implements [nps.Store] on SQLite (modernc.org/sqlite,
// pure Go), with the optional [nps.Deleter] and [nps.Counter].
//
// # Schema
//
// The migrations in migrations/ are embedded and applied by [Open]. A
// response is a row of nps_responses; its employees (in order) and labels
// are rows of nps_response_employees and nps_response_labels, which are
// deleted with it (ON DELETE CASCADE) and let filters on them use an
// index. At is stored as INTEGER Unix nanoseconds, so instants compare to
// the nanosecond whatever zone they were given in; they are read back in
// UTC (the Store contract keeps the instant, not the location). Instants
// before 1677-09-21 or after 2262-04-11 do not fit and are rejected with
// an error wrapping [nps.ErrInvalidResponse]. Text is stored byte for byte
// (invalid UTF-8 included) and IDs compare in SQLite's BINARY collation,
// byte by byte as Go's < does.
//
// # Operations
//
// Save runs in one write transaction: it reads the stored response of
// each ID, compares it with [nps.Response.Equal] and inserts only the new
// ones, so nothing of a call is stored when any of it conflicts. The
// write transactions of one Store queue on a lock in Go, and those of
// other processes on SQLite's lock (WAL mode, busy timeout 10 s).
//
// Responses and Count push every condition of the [nps.Filter] down into
// SQL: the time range on the (at, id) index, touchpoints and units with
// IN, employees and labels with EXISTS on their side tables. (A list of
// more than 500 values is filtered in Go instead, to stay under SQLite's
// limit of bound parameters.) A range over Responses is one SELECT, read
// as one snapshot: it holds one connection of the pool until the loop
// ends, and the loop body may use the store meanwhile (other connections;
// WAL lets them write while the snapshot is read).
package npsstore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/nps"
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

// Store is an [nps.Store], [nps.Deleter] and [nps.Counter] in an SQLite
// database file. It is safe for concurrent use, also by several processes
// sharing the file. Close it when done.
type Store struct {
	db    *sql.DB
	w     *sqlitedb.Writer
	stmts *sqlitedb.Stmts
}

var (
	_ nps.Store   = (*Store)(nil)
	_ nps.Deleter = (*Store)(nil)
	_ nps.Counter = (*Store)(nil)
)

// Open opens the store in the SQLite database file at path, creating the
// file and applying the schema migrations as needed.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, Migrations())
	if err != nil {
		return nil, fmt.Errorf("npsstore: %w", err)
	}
	return &Store{db: db, w: sqlitedb.NewWriter(db), stmts: sqlitedb.NewStmts(db)}, nil
}

// Close closes the database. Sequences still running fail.
func (s *Store) Close() error { return errors.Join(s.stmts.Close(), s.db.Close()) }

// DB returns the underlying database, for queries of the host's own.
func (s *Store) DB() *sql.DB { return s.db }

// maxInList is the longest list of a Filter pushed down into SQL as
// bound parameters; a longer one is tested in Go.
const maxInList = 500

// selectResponses reads every field of a response; the employees and the
// labels come as hex-encoded lists, which keep their bytes exactly.
const selectResponses = `SELECT r.id, r.rating, r.at, r.customer, r.touchpoint, r.unit, r.channel, r.comment, r.weight,
	(SELECT group_concat(hex(e.employee), ',' ORDER BY e.position)
		FROM nps_response_employees e WHERE e.response_id = r.id),
	(SELECT group_concat(hex(l.key) || ':' || hex(l.value), ',' ORDER BY l.key)
		FROM nps_response_labels l WHERE l.response_id = r.id)
FROM nps_responses r`

// Save implements [nps.Store]: all or nothing in one transaction,
// idempotent by ID.
func (s *Store) Save(ctx context.Context, rs ...nps.Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ats := make([]int64, len(rs))
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("npsstore: saving response %d of %d: %w", i+1, len(rs), err)
		}
		at, err := sqlitedb.UnixNano(r.At)
		if err != nil {
			return fmt.Errorf("npsstore: saving response %d of %d: %w: response %q: %w", i+1, len(rs), nps.ErrInvalidResponse, r.ID, err)
		}
		ats[i] = at
	}
	// Responses repeated in the call are saved once; different ones under
	// one ID are a conflict before the database is asked.
	var (
		add    []int // indexes into rs of the responses new in this call
		inCall = make(map[string]int, len(rs))
	)
	for i, r := range rs {
		if j, ok := inCall[r.ID]; ok {
			if !rs[j].Equal(r) {
				return fmt.Errorf("npsstore: %w %q: two different responses in one call", nps.ErrConflict, r.ID)
			}
			continue
		}
		inCall[r.ID] = i
		add = append(add, i)
	}
	if len(add) == 0 {
		return nil
	}
	err := s.w.Tx(ctx, func(tx *sql.Tx) error {
		get, err := s.stmts.Tx(ctx, tx, selectResponses+` WHERE r.id = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		ins, err := s.newInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer ins.close()
		for _, i := range add {
			r := rs[i]
			stored, err := scanResponse(get.QueryRowContext(ctx, r.ID))
			switch {
			case err == nil:
				if !stored.Equal(r) {
					return fmt.Errorf("%w %q", nps.ErrConflict, r.ID)
				}
				continue
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			if err := ins.insert(ctx, r, ats[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("npsstore: saving %d responses: %w", len(rs), err)
	}
	return nil
}

// inserter holds the prepared statements that insert a response.
type inserter struct {
	resp, emp, label *sql.Stmt
}

func (s *Store) newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	var (
		ins inserter
		err error
	)
	if ins.resp, err = s.stmts.Tx(ctx, tx, `INSERT INTO nps_responses
		(id, rating, at, customer, touchpoint, unit, channel, comment, weight)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if ins.emp, err = s.stmts.Tx(ctx, tx, `INSERT INTO nps_response_employees (response_id, position, employee) VALUES (?, ?, ?)`); err != nil {
		ins.close()
		return nil, err
	}
	if ins.label, err = s.stmts.Tx(ctx, tx, `INSERT INTO nps_response_labels (response_id, key, value) VALUES (?, ?, ?)`); err != nil {
		ins.close()
		return nil, err
	}
	return &ins, nil
}

func (ins *inserter) close() {
	for _, st := range []*sql.Stmt{ins.resp, ins.emp, ins.label} {
		if st != nil {
			_ = st.Close()
		}
	}
}

func (ins *inserter) insert(ctx context.Context, r nps.Response, at int64) error {
	if _, err := ins.resp.ExecContext(ctx, r.ID, int64(r.Rating), at, r.Customer, r.Touchpoint, r.Unit,
		r.Channel, r.Comment, r.Weight); err != nil {
		return err
	}
	for i, e := range r.Employees {
		if _, err := ins.emp.ExecContext(ctx, r.ID, i, e); err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.Labels)) {
		if _, err := ins.label.ExecContext(ctx, r.ID, k, r.Labels[k]); err != nil {
			return err
		}
	}
	return nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanResponse reads a row of selectResponses.
func scanResponse(row scanner) (nps.Response, error) {
	var (
		r                nps.Response
		rating, at       int64
		employees, label sql.NullString
	)
	if err := row.Scan(&r.ID, &rating, &at, &r.Customer, &r.Touchpoint, &r.Unit, &r.Channel, &r.Comment, &r.Weight,
		&employees, &label); err != nil {
		return nps.Response{}, err
	}
	r.Rating = nps.Rating(rating)
	r.At = sqlitedb.Time(at)
	if employees.Valid {
		for h := range strings.SplitSeq(employees.String, ",") {
			e, err := hex.DecodeString(h)
			if err != nil {
				return nps.Response{}, fmt.Errorf("response %q: decoding employee: %w", r.ID, err)
			}
			r.Employees = append(r.Employees, string(e))
		}
	}
	if label.Valid {
		r.Labels = make(map[string]string)
		for kv := range strings.SplitSeq(label.String, ",") {
			hk, hv, _ := strings.Cut(kv, ":")
			k, err := hex.DecodeString(hk)
			if err != nil {
				return nps.Response{}, fmt.Errorf("response %q: decoding label: %w", r.ID, err)
			}
			v, err := hex.DecodeString(hv)
			if err != nil {
				return nps.Response{}, fmt.Errorf("response %q: decoding label: %w", r.ID, err)
			}
			r.Labels[string(k)] = string(v)
		}
	}
	return r, nil
}

// where is a Filter translated into SQL conditions on nps_responses r.
type where struct {
	conds []string
	args  []any
	// none: the filter excludes every response (a bound outside the range
	// of stored instants).
	none bool
	// residual: some condition is left to f.Match in Go.
	residual bool
}

// filter translates f, which must be valid.
func filter(f nps.Filter) where {
	var w where
	if !f.From.IsZero() {
		switch ns, place := sqlitedb.Bound(f.From); place {
		case sqlitedb.After:
			w.none = true
		case sqlitedb.Inside:
			w.conds = append(w.conds, "r.at >= ?")
			w.args = append(w.args, ns)
		}
	}
	if !f.To.IsZero() {
		switch ns, place := sqlitedb.Bound(f.To); place {
		case sqlitedb.Before:
			w.none = true
		case sqlitedb.Inside:
			w.conds = append(w.conds, "r.at < ?")
			w.args = append(w.args, ns)
		}
	}
	w.in("r.touchpoint IN (%s)", f.Touchpoints)
	w.in("r.unit IN (%s)", f.Units)
	w.in("EXISTS (SELECT 1 FROM nps_response_employees e WHERE e.response_id = r.id AND e.employee IN (%s))", f.Employees)
	for _, k := range slices.Sorted(maps.Keys(f.Labels)) {
		w.conds = append(w.conds, "EXISTS (SELECT 1 FROM nps_response_labels l WHERE l.response_id = r.id AND l.key = ? AND l.value = ?)")
		w.args = append(w.args, k, f.Labels[k])
	}
	return w
}

// in adds the condition format, whose %s takes the placeholders, for the
// values of a list; an empty list is no condition.
func (w *where) in(format string, values []string) {
	if len(values) == 0 {
		return
	}
	values = slices.Compact(slices.Sorted(slices.Values(values)))
	if len(values) > maxInList {
		w.residual = true
		return
	}
	w.conds = append(w.conds, fmt.Sprintf(format, strings.Repeat(", ?", len(values))[2:]))
	for _, v := range values {
		w.args = append(w.args, v)
	}
}

func (w where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Responses implements [nps.Store]. Each range runs one query, read as a
// snapshot, in the order of the (at, id) index.
func (s *Store) Responses(ctx context.Context, f nps.Filter) iter.Seq2[nps.Response, error] {
	return func(yield func(nps.Response, error) bool) {
		if err := f.Validate(); err != nil {
			yield(nps.Response{}, err)
			return
		}
		if err := ctx.Err(); err != nil {
			yield(nps.Response{}, err)
			return
		}
		w := filter(f)
		if w.none {
			return
		}
		rows, err := s.stmts.Query(ctx, selectResponses+w.sql()+" ORDER BY r.at, r.id", w.args...)
		if err != nil {
			yield(nps.Response{}, readError(ctx, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanResponse(rows)
			if err != nil {
				yield(nps.Response{}, readError(ctx, err))
				return
			}
			if w.residual && !f.Match(r) {
				continue
			}
			if err := ctx.Err(); err != nil {
				yield(nps.Response{}, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nps.Response{}, readError(ctx, err))
		}
	}
}

// readError wraps an error of a query, as ctx's error when ctx is done
// (the driver may report a canceled query otherwise).
func readError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("npsstore: reading responses: %w (%v)", ctxErr, err)
	}
	return fmt.Errorf("npsstore: reading responses: %w", err)
}

// Count implements [nps.Counter] with GROUP BY rating in SQL.
func (s *Store) Count(ctx context.Context, f nps.Filter) (nps.Distribution, error) {
	if err := ctx.Err(); err != nil {
		return nps.Distribution{}, err
	}
	if err := f.Validate(); err != nil {
		return nps.Distribution{}, err
	}
	w := filter(f)
	var d nps.Distribution
	switch {
	case w.none:
		return d, nil
	case w.residual: // count what Responses yields
		for r, err := range s.Responses(ctx, f) {
			if err != nil {
				return nps.Distribution{}, err
			}
			d[r.Rating]++
		}
		return d, nil
	}
	rows, err := s.stmts.Query(ctx, "SELECT r.rating, count(*) FROM nps_responses r"+w.sql()+" GROUP BY r.rating", w.args...)
	if err != nil {
		return nps.Distribution{}, readError(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rating, n int
		if err := rows.Scan(&rating, &n); err != nil {
			return nps.Distribution{}, readError(ctx, err)
		}
		if rating < 0 || rating >= len(d) {
			return nps.Distribution{}, fmt.Errorf("npsstore: counting: %w: stored rating %d", nps.ErrInvalidRating, rating)
		}
		d[rating] = n
	}
	if err := rows.Err(); err != nil {
		return nps.Distribution{}, readError(ctx, err)
	}
	return d, nil
}

// deleteChunk is how many IDs one DELETE statement binds.
const deleteChunk = 500

// Delete implements [nps.Deleter]: the responses, their employees and
// labels go in one transaction. Unknown IDs are skipped.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	err := s.w.Tx(ctx, func(tx *sql.Tx) error {
		for chunk := range slices.Chunk(ids, deleteChunk) {
			args := make([]any, len(chunk))
			for i, id := range chunk {
				args[i] = id
			}
			q := "DELETE FROM nps_responses WHERE id IN (" + strings.Repeat(", ?", len(chunk))[2:] + ")"
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("npsstore: deleting %d responses: %w", len(ids), err)
	}
	return nil
}
