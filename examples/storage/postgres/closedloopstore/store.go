// Package closedloopstore implements [closedloop.Store] on PostgreSQL with
// github.com/jackc/pgx/v5.
//
// [Open] connects a pool and applies the package's embedded migrations
// (the table closedloop_cases, created in the first schema of the
// connection's search_path); [New] does the same on a pool the host
// already has.
//
// # Storage
//
// One row per case. The case itself is a json document, the
// [closedloop.Case] as encoding/json writes it (instants as RFC 3339 with
// nanoseconds, so they are kept exactly; years 0 to 9999, as
// encoding/json allows), so fields the package adds later are kept without
// a migration. It is json rather than jsonb because no query looks inside
// it: the server stores and returns it as written instead of converting it
// on every write and read. Beside it, columns copied from the case on every write
// serve the queries: a unique response_id, the customer, owner, team,
// touchpoint and state of a [closedloop.CaseFilter], ReceivedAt as Unix
// seconds and nanoseconds, the next action ([closedloop.Case.NextAction])
// the same way, and the version. Text columns use the "C" collation, so
// IDs sort byte by byte. A string with a NUL byte or invalid UTF-8, which
// PostgreSQL's text cannot hold, is refused by Create and Update with an
// error wrapping [errors.ErrUnsupported] instead of being changed.
//
// # Writing
//
// Create inserts with ON CONFLICT DO NOTHING: when the insert loses to a
// case for the same response, from this process or another, it returns
// that case with created false; to a case with the same ID for another
// response, an error wrapping [closedloop.ErrConflict]. Update is one
// UPDATE ... WHERE id = $1 AND version = $2 that increments the version:
// optimistic concurrency, so no update is lost however many engines share
// the table. An Update that matches no row is [closedloop.ErrNotFound] or
// [closedloop.ErrStale]; one that gives a case the response of another
// violates the unique response_id and is [closedloop.ErrConflict].
//
// # Reading
//
// Due reads through a partial index on the next action, which holds only
// the cases that have one, so it touches only the cases due. Due and Cases
// read pages of 256 rows by keyset (the next page starts after the last
// key yielded) and hold no connection while the loop body runs, so the
// body may call the store, however small the pool. They remember the IDs
// they yielded and skip a case met again because an update moved its key
// past the cursor, so no case is yielded twice and the order holds.
package closedloopstore

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/examples/storage/postgres/internal/pgdb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the package's schema migrations, the *.sql files that
// [Open] and [New] apply, for hosts that run migrations with their own
// tool.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // unreachable: the directory is embedded
	}
	return sub
}

// defaultPage is how many rows Due and Cases read per query.
const defaultPage = 256

// Store is a [closedloop.Store] on a PostgreSQL database. It is safe for
// concurrent use by several goroutines and, on one database, several
// processes.
type Store struct {
	pool  *pgxpool.Pool
	owned bool // Close closes the pool
	page  int  // rows per query of Due and Cases
}

var _ closedloop.Store = (*Store)(nil)

// Open connects to the database connString names (a postgres:// URL or
// key=value pairs, as libpq takes them; a search_path parameter selects
// the schema), applies the migrations it has not recorded yet, and
// returns a Store that owns the pool: close it with [Store.Close].
func Open(ctx context.Context, connString string) (*Store, error) {
	pool, err := pgdb.Open(ctx, connString, Migrations())
	if err != nil {
		return nil, fmt.Errorf("closedloopstore: %w", err)
	}
	return &Store{pool: pool, owned: true, page: defaultPage}, nil
}

// New applies the migrations that the pool's database has not recorded
// yet and returns a Store on the pool. The pool stays the caller's:
// [Store.Close] leaves it open.
func New(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	if err := pgdb.Migrate(ctx, pool, Migrations()); err != nil {
		return nil, fmt.Errorf("closedloopstore: %w", err)
	}
	return &Store{pool: pool, page: defaultPage}, nil
}

// Close closes the pool if [Open] opened it. The Store must not be used
// afterwards.
func (s *Store) Close() {
	if s.owned {
		s.pool.Close()
	}
}

// row holds the values of a case's columns but id and version.
type row struct {
	responseID, customer, owner, team, touchpoint string
	state                                         int16
	receivedS                                     int64
	receivedNS                                    int32
	nextS                                         *int64 // nil: no next action
	nextNS                                        *int32
	doc                                           []byte
}

// toRow validates c and returns its columns.
func toRow(c closedloop.Case) (row, error) {
	if err := c.Validate(); err != nil {
		return row{}, err
	}
	if err := pgdb.CheckText(c); err != nil {
		return row{}, fmt.Errorf("case %q: %w", c.ID, err)
	}
	doc := c
	doc.Version = 0 // the column holds it
	b, err := json.Marshal(doc)
	if err != nil {
		return row{}, fmt.Errorf("encoding case %q: %w", c.ID, err)
	}
	r := row{responseID: c.ResponseID, customer: c.Customer, owner: c.Owner, team: c.Team,
		touchpoint: c.Touchpoint, state: int16(c.State), doc: b}
	r.receivedS, r.receivedNS = pgdb.Split(c.ReceivedAt)
	if at, _, ok := c.NextAction(); ok {
		sec, nsec := pgdb.Split(at)
		r.nextS, r.nextNS = &sec, &nsec
	}
	return r, nil
}

// decode returns the case of a row's version and doc.
func decode(version int64, doc []byte) (closedloop.Case, error) {
	var c closedloop.Case
	if err := json.Unmarshal(doc, &c); err != nil {
		return closedloop.Case{}, fmt.Errorf("decoding a stored case: %w", err)
	}
	c.Version = version
	return c, nil
}

const insertSQL = `INSERT INTO closedloop_cases
	(id, response_id, customer, owner, team, touchpoint, state, received_s, received_ns, next_s, next_ns, doc, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)
ON CONFLICT DO NOTHING
RETURNING version`

// createAttempts bounds how often Create tries again when the case its
// insert lost to changed its response before Create could read it.
const createAttempts = 10

// Create implements [closedloop.Store]: idempotent per response, the
// response deciding first.
func (s *Store) Create(ctx context.Context, c closedloop.Case) (closedloop.Case, bool, error) {
	if err := ctx.Err(); err != nil {
		return closedloop.Case{}, false, err
	}
	r, err := toRow(c)
	if err != nil {
		return closedloop.Case{}, false, fmt.Errorf("closedloopstore: creating: %w", err)
	}
	fail := func(err error) (closedloop.Case, bool, error) {
		return closedloop.Case{}, false, fmt.Errorf("closedloopstore: creating case %q: %w", c.ID, pgdb.Ctx(ctx, err))
	}
	for range createAttempts {
		var version int64
		err := s.pool.QueryRow(ctx, insertSQL, c.ID, r.responseID, r.customer, r.owner, r.team, r.touchpoint,
			r.state, r.receivedS, r.receivedNS, r.nextS, r.nextNS, r.doc).Scan(&version)
		if err == nil {
			stored := c.Clone()
			stored.Version = version
			return stored, true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return fail(err)
		}
		// The insert lost to a stored case: for the response, or under the ID.
		stored, err := s.get(ctx, "response_id", c.ResponseID)
		if err == nil {
			return stored, false, nil
		}
		if !errors.Is(err, closedloop.ErrNotFound) {
			return fail(err)
		}
		var response string
		err = s.pool.QueryRow(ctx, `SELECT response_id FROM closedloop_cases WHERE id = $1`, c.ID).Scan(&response)
		if err == nil {
			return fail(fmt.Errorf("%w: case %q is stored for response %q, not %q", closedloop.ErrConflict, c.ID, response, c.ResponseID))
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return fail(err)
		}
		// The case it lost to was given another response meanwhile: again.
	}
	return fail(fmt.Errorf("the cases for response %q kept changing; gave up after %d attempts", c.ResponseID, createAttempts))
}

// get returns the case whose column (id or response_id) holds value, or an
// error wrapping closedloop.ErrNotFound.
func (s *Store) get(ctx context.Context, column, value string) (closedloop.Case, error) {
	if pgdb.CheckText(value) != nil {
		return closedloop.Case{}, fmt.Errorf("%w: %s %q", closedloop.ErrNotFound, column, value) // text cannot hold it
	}
	var (
		version int64
		doc     []byte
	)
	err := s.pool.QueryRow(ctx, `SELECT version, doc FROM closedloop_cases WHERE `+column+` = $1`, value).Scan(&version, &doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return closedloop.Case{}, fmt.Errorf("%w: %s %q", closedloop.ErrNotFound, column, value)
	}
	if err != nil {
		return closedloop.Case{}, err
	}
	return decode(version, doc)
}

// Get implements [closedloop.Store].
func (s *Store) Get(ctx context.Context, id string) (closedloop.Case, error) {
	if err := ctx.Err(); err != nil {
		return closedloop.Case{}, err
	}
	c, err := s.get(ctx, "id", id)
	if err != nil {
		return closedloop.Case{}, fmt.Errorf("closedloopstore: %w", pgdb.Ctx(ctx, err))
	}
	return c, nil
}

// updateSQL updates the case if it is at version $2 and returns the new
// version, NULL if it did not, and whether the ID is stored: in one round
// trip, so that an engine retrying on ErrStale loses little time.
const updateSQL = `WITH updated AS (
	UPDATE closedloop_cases SET
		response_id = $3, customer = $4, owner = $5, team = $6, touchpoint = $7, state = $8,
		received_s = $9, received_ns = $10, next_s = $11, next_ns = $12, doc = $13, version = version + 1
	WHERE id = $1 AND version = $2
	RETURNING version
)
SELECT (SELECT version FROM updated), EXISTS (SELECT FROM closedloop_cases WHERE id = $1)`

// Update implements [closedloop.Store] with optimistic concurrency on the
// version column.
func (s *Store) Update(ctx context.Context, c closedloop.Case) (closedloop.Case, error) {
	if err := ctx.Err(); err != nil {
		return closedloop.Case{}, err
	}
	r, err := toRow(c)
	if err != nil {
		return closedloop.Case{}, fmt.Errorf("closedloopstore: updating: %w", err)
	}
	fail := func(err error) (closedloop.Case, error) {
		return closedloop.Case{}, fmt.Errorf("closedloopstore: updating case %q: %w", c.ID, pgdb.Ctx(ctx, err))
	}
	var (
		version *int64
		exists  bool
	)
	err = s.pool.QueryRow(ctx, updateSQL, c.ID, c.Version, r.responseID, r.customer, r.owner, r.team, r.touchpoint,
		r.state, r.receivedS, r.receivedNS, r.nextS, r.nextNS, r.doc).Scan(&version, &exists)
	if _, unique := pgdb.IsUniqueViolation(err); unique {
		return fail(fmt.Errorf("%w: response %q has another case", closedloop.ErrConflict, c.ResponseID))
	}
	switch {
	case err != nil:
		return fail(err)
	case version != nil:
		stored := c.Clone()
		stored.Version = *version
		return stored, nil
	case !exists:
		return fail(closedloop.ErrNotFound)
	}
	return fail(fmt.Errorf("%w: the case is no longer at version %d", closedloop.ErrStale, c.Version))
}

// Due implements [closedloop.Store] on the index of next actions.
func (s *Store) Due(ctx context.Context, at time.Time) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		sec, nsec := pgdb.Split(at)
		s.walk(ctx, "next_s", "next_ns", func(w *pgdb.Where) {
			w.Add("next_s IS NOT NULL")
			w.Add("(next_s, next_ns) <= (%s::bigint, %s::integer)", sec, nsec)
		}, yield)
	}
}

// Cases implements [closedloop.Store] with the filter's conditions in SQL.
func (s *Store) Cases(ctx context.Context, f closedloop.CaseFilter) iter.Seq2[closedloop.Case, error] {
	return func(yield func(closedloop.Case, error) bool) {
		if err := f.Validate(); err != nil {
			yield(closedloop.Case{}, err)
			return
		}
		s.walk(ctx, "received_s", "received_ns", func(w *pgdb.Where) { where(w, f) }, yield)
	}
}

// where adds the conditions of f to w.
func where(w *pgdb.Where, f closedloop.CaseFilter) {
	if !f.From.IsZero() {
		sec, nsec := pgdb.Split(f.From)
		w.Add("(received_s, received_ns) >= (%s::bigint, %s::integer)", sec, nsec)
	}
	if !f.To.IsZero() {
		sec, nsec := pgdb.Split(f.To)
		w.Add("(received_s, received_ns) < (%s::bigint, %s::integer)", sec, nsec)
	}
	if f.Customer != "" {
		w.Add("customer = ANY(%s::text[])", storable([]string{f.Customer}))
	}
	for _, l := range []struct {
		column string
		values []string
	}{{"owner", f.Owners}, {"team", f.Teams}, {"touchpoint", f.Touchpoints}} {
		if len(l.values) > 0 {
			w.Add(l.column+" = ANY(%s::text[])", storable(l.values))
		}
	}
	if len(f.States) > 0 {
		states := make([]int16, len(f.States))
		for i, st := range f.States {
			states[i] = int16(st)
		}
		w.Add("state = ANY(%s::smallint[])", states)
	}
}

// storable returns the values that a text column can hold, the others
// matching nothing; an empty result (not nil: that would be NULL) matches
// nothing too.
func storable(values []string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if pgdb.CheckText(v) == nil {
			out = append(out, v)
		}
	}
	return out
}

// keyed is a case read with its sort key.
type keyed struct {
	sec  int64
	nsec int32
	c    closedloop.Case
}

func scanKeyed(row pgx.CollectableRow) (keyed, error) {
	var (
		k       keyed
		version int64
		doc     []byte
	)
	if err := row.Scan(&k.sec, &k.nsec, &version, &doc); err != nil {
		return keyed{}, err
	}
	var err error
	k.c, err = decode(version, doc)
	return k, err
}

// walk yields the cases that the conditions select, in the order of the
// key columns (seconds, nanoseconds), then of ID, a page at a time, with
// no connection held while yield runs. It skips cases yielded before.
func (s *Store) walk(ctx context.Context, keyS, keyNS string, conds func(*pgdb.Where), yield func(closedloop.Case, error) bool) {
	if err := ctx.Err(); err != nil {
		yield(closedloop.Case{}, err)
		return
	}
	var (
		page   []keyed
		cursor *keyed
		seen   = make(map[string]struct{})
	)
	for {
		w := new(pgdb.Where)
		conds(w)
		if cursor != nil {
			w.Add("("+keyS+", "+keyNS+", id) > (%s::bigint, %s::integer, %s::text)", cursor.sec, cursor.nsec, cursor.c.ID)
		}
		rows, err := s.pool.Query(ctx, `SELECT `+keyS+`, `+keyNS+`, version, doc FROM closedloop_cases WHERE `+w.SQL()+
			` ORDER BY `+keyS+`, `+keyNS+`, id LIMIT `+strconv.Itoa(s.page), w.Args()...)
		if err == nil {
			page, err = pgx.AppendRows(page[:0], rows, scanKeyed)
		}
		if err != nil {
			yield(closedloop.Case{}, fmt.Errorf("closedloopstore: reading cases: %w", pgdb.Ctx(ctx, err)))
			return
		}
		for i := range page {
			if err := ctx.Err(); err != nil {
				yield(closedloop.Case{}, err)
				return
			}
			if _, ok := seen[page[i].c.ID]; ok {
				continue // an update moved it past the cursor
			}
			seen[page[i].c.ID] = struct{}{}
			if !yield(page[i].c, nil) {
				return
			}
		}
		if len(page) < s.page {
			return
		}
		last := page[len(page)-1]
		cursor = &last
	}
}
