// Package npsstore implements [nps.Store], with [nps.Counter] and
// [nps.Deleter], on PostgreSQL with github.com/jackc/pgx/v5.
//
// [Open] connects a pool and applies the package's embedded migrations
// (the table nps_responses, created in the first schema of the connection's
// search_path); [New] does the same on a pool the host already has.
//
// # Storage
//
// One row per response. The instant is kept as Unix seconds and the
// nanoseconds within them (timestamptz would drop the nanoseconds), so
// every time.Time is kept exactly and sorts as an instant; the location is
// not kept, as the Store contract allows. Text columns use the "C"
// collation, so IDs sort byte by byte as the contract asks. Employees are
// a text[] in their order, labels a jsonb object; GIN indexes serve the
// Employees (&&) and Labels (@>) conditions of a [nps.Filter], and every
// condition is pushed down into SQL. A string with a NUL byte or invalid
// UTF-8, which PostgreSQL's text cannot hold, is refused by Save with an
// error wrapping [errors.ErrUnsupported] instead of being changed.
//
// # Saving
//
// Save validates every response, then in one transaction takes an
// advisory lock per ID (in one order, so two saves never deadlock),
// inserts the responses with ON CONFLICT DO NOTHING and compares those
// whose ID was taken with the stored response: an Equal one is a no-op, a
// different one an error wrapping [nps.ErrConflict] that rolls the whole
// call back. Delete takes the same locks.
//
// # Reading
//
// Responses reads in pages of 256 rows by keyset (the next page starts
// after the last (instant, ID) yielded), and holds no connection while the
// loop body runs, so the body may call the store, however deeply nested
// and however small the pool. Every row carries a number from a sequence,
// taken once the ID's lock is held; the sequence reads only rows numbered
// up to the sequence's value when it started. A response deleted and
// saved again while a sequence runs is numbered later than that, so no ID
// is yielded twice even if its instant moved past the cursor; responses
// saved meanwhile are not yielded (the contract leaves that open).
package npsstore

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/servicekultur/servicekultur/examples/storage/postgres/internal/pgdb"
	"github.com/servicekultur/servicekultur/nps"
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

// defaultPage is how many rows Responses reads per query.
const defaultPage = 256

// Store is an [nps.Store], [nps.Counter] and [nps.Deleter] on a PostgreSQL
// database. It is safe for concurrent use by several goroutines and, on
// one database, several processes.
type Store struct {
	pool  *pgxpool.Pool
	owned bool // Close closes the pool
	page  int  // rows per query of Responses
}

var (
	_ nps.Store   = (*Store)(nil)
	_ nps.Counter = (*Store)(nil)
	_ nps.Deleter = (*Store)(nil)
)

// Open connects to the database connString names (a postgres:// URL or
// key=value pairs, as libpq takes them; a search_path parameter selects
// the schema), applies the migrations it has not recorded yet, and
// returns a Store that owns the pool: close it with [Store.Close].
func Open(ctx context.Context, connString string) (*Store, error) {
	pool, err := pgdb.Open(ctx, connString, Migrations())
	if err != nil {
		return nil, fmt.Errorf("npsstore: %w", err)
	}
	return &Store{pool: pool, owned: true, page: defaultPage}, nil
}

// New applies the migrations that the pool's database has not recorded
// yet and returns a Store on the pool. The pool stays the caller's:
// [Store.Close] leaves it open.
func New(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	if err := pgdb.Migrate(ctx, pool, Migrations()); err != nil {
		return nil, fmt.Errorf("npsstore: %w", err)
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

// columns are the columns scan reads, in its order.
const columns = `id, rating, at_s, at_ns, customer, touchpoint, unit, channel, comment, weight, employees, labels`

const insertSQL = `INSERT INTO nps_responses (` + columns + `)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (id) DO NOTHING
RETURNING id`

// lockSQL locks the IDs $1 for the transaction, in the order of their
// hashes, so that two transactions never wait for each other's locks. The
// first key of each advisory lock is 7237747, "nps" in ASCII; the second
// the ID's hash: IDs that share a hash just wait for each other.
const lockSQL = `SELECT count(pg_advisory_xact_lock(7237747, k))
FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS id ORDER BY k) AS keys`

// Save implements [nps.Store]: all or nothing, idempotent by ID.
func (s *Store) Save(ctx context.Context, rs ...nps.Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("npsstore: saving response %d of %d: %w", i+1, len(rs), err)
		}
		if err := pgdb.CheckText(r); err != nil {
			return fmt.Errorf("npsstore: saving response %d of %d: %w", i+1, len(rs), err)
		}
	}
	var (
		add  []nps.Response
		byID = make(map[string]int, len(rs)) // index in add
		ids  []string
	)
	for _, r := range rs {
		if j, ok := byID[r.ID]; ok {
			if !add[j].Equal(r) {
				return fmt.Errorf("npsstore: two different responses in one call: %w %q", nps.ErrConflict, r.ID)
			}
			continue
		}
		byID[r.ID] = len(add)
		add = append(add, r)
		ids = append(ids, r.ID)
	}
	if len(add) == 0 {
		return nil
	}
	args := make([][]any, len(add))
	for i, r := range add {
		a, err := insertArgs(r)
		if err != nil {
			return fmt.Errorf("npsstore: saving response %q: %w", r.ID, err)
		}
		args[i] = a
	}
	err := pgdb.Tx(ctx, s.pool, func(tx pgx.Tx) error {
		taken, err := insert(ctx, tx, ids, args)
		if err != nil || len(taken) == 0 {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+columns+` FROM nps_responses WHERE id = ANY($1)`, taken)
		if err != nil {
			return err
		}
		stored, err := pgx.CollectRows(rows, scan)
		if err != nil {
			return err
		}
		if len(stored) != len(taken) { // unreachable while every writer takes the locks
			return fmt.Errorf("%d of the %d responses that were stored have gone", len(taken)-len(stored), len(taken))
		}
		for _, old := range stored {
			if !old.Equal(add[byID[old.ID]]) {
				return fmt.Errorf("%w %q", nps.ErrConflict, old.ID)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("npsstore: saving %d responses: %w", len(add), err)
	}
	return nil
}

// insert locks ids and inserts the rows with args, in one round trip, and
// returns the IDs that were stored already.
func insert(ctx context.Context, tx pgx.Tx, ids []string, args [][]any) (taken []string, err error) {
	b := &pgx.Batch{}
	b.Queue(lockSQL, ids)
	for _, a := range args {
		b.Queue(insertSQL, a...)
	}
	br := tx.SendBatch(ctx, b)
	defer func() {
		if cerr := br.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := br.Exec(); err != nil {
		return nil, err
	}
	for i := range args {
		var id string
		err := br.QueryRow().Scan(&id)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			taken = append(taken, ids[i])
		case err != nil:
			return nil, err
		}
	}
	return taken, nil
}

// insertArgs returns the arguments of insertSQL for r.
func insertArgs(r nps.Response) ([]any, error) {
	labels := []byte("{}")
	if len(r.Labels) > 0 {
		var err error
		if labels, err = json.Marshal(r.Labels); err != nil {
			return nil, err
		}
	}
	employees := r.Employees
	if employees == nil {
		employees = []string{} // nil would be NULL
	}
	sec, nsec := pgdb.Split(r.At)
	return []any{r.ID, int16(r.Rating), sec, nsec, r.Customer, r.Touchpoint, r.Unit, r.Channel, r.Comment,
		r.Weight, employees, labels}, nil
}

// scan reads a row of the columns.
func scan(row pgx.CollectableRow) (nps.Response, error) {
	var (
		r      nps.Response
		rating int16
		sec    int64
		nsec   int32
	)
	err := row.Scan(&r.ID, &rating, &sec, &nsec, &r.Customer, &r.Touchpoint, &r.Unit, &r.Channel, &r.Comment,
		&r.Weight, &r.Employees, &r.Labels)
	if err != nil {
		return nps.Response{}, err
	}
	r.Rating, r.At = nps.Rating(rating), pgdb.Join(sec, nsec)
	if len(r.Employees) == 0 {
		r.Employees = nil
	}
	if len(r.Labels) == 0 {
		r.Labels = nil
	}
	return r, nil
}

// where returns the conditions of f.
func where(f nps.Filter) (*pgdb.Where, error) {
	w := new(pgdb.Where)
	if !f.From.IsZero() {
		sec, nsec := pgdb.Split(f.From)
		w.Add("(at_s, at_ns) >= (%s::bigint, %s::integer)", sec, nsec)
	}
	if !f.To.IsZero() {
		sec, nsec := pgdb.Split(f.To)
		w.Add("(at_s, at_ns) < (%s::bigint, %s::integer)", sec, nsec)
	}
	if len(f.Touchpoints) > 0 {
		w.Add("touchpoint = ANY(%s::text[])", storable(f.Touchpoints))
	}
	if len(f.Units) > 0 {
		w.Add("unit = ANY(%s::text[])", storable(f.Units))
	}
	if len(f.Employees) > 0 {
		w.Add("employees && %s::text[]", storable(f.Employees))
	}
	if len(f.Labels) > 0 {
		if pgdb.CheckText(f.Labels) != nil {
			w.Add("FALSE") // no stored response has such a label
			return w, nil
		}
		labels, err := json.Marshal(f.Labels)
		if err != nil {
			return nil, err
		}
		w.Add("labels @> %s::jsonb", labels)
	}
	return w, nil
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

// boundSQL returns the last number the sequence handed out, or 0 if none.
const boundSQL = `SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM nps_response_seq`

// Responses implements [nps.Store]. It reads a page of rows at a time and
// yields them with no connection held.
func (s *Store) Responses(ctx context.Context, f nps.Filter) iter.Seq2[nps.Response, error] {
	return func(yield func(nps.Response, error) bool) {
		if err := f.Validate(); err != nil {
			yield(nps.Response{}, err)
			return
		}
		fail := func(err error) {
			yield(nps.Response{}, fmt.Errorf("npsstore: reading responses: %w", pgdb.Ctx(ctx, err)))
		}
		if err := ctx.Err(); err != nil {
			yield(nps.Response{}, err)
			return
		}
		var bound int64
		if err := s.pool.QueryRow(ctx, boundSQL).Scan(&bound); err != nil {
			fail(err)
			return
		}
		var (
			buf    []nps.Response
			cursor *nps.Response // the last response yielded
		)
		for {
			w, err := where(f)
			if err != nil {
				fail(err)
				return
			}
			w.Add("seq <= %s::bigint", bound)
			if cursor != nil {
				sec, nsec := pgdb.Split(cursor.At)
				w.Add("(at_s, at_ns, id) > (%s::bigint, %s::integer, %s::text)", sec, nsec, cursor.ID)
			}
			rows, err := s.pool.Query(ctx, `SELECT `+columns+` FROM nps_responses WHERE `+w.SQL()+
				` ORDER BY at_s, at_ns, id LIMIT `+strconv.Itoa(s.page), w.Args()...)
			if err != nil {
				fail(err)
				return
			}
			buf, err = pgx.AppendRows(buf[:0], rows, scan)
			if err != nil {
				fail(err)
				return
			}
			for i := range buf {
				if err := ctx.Err(); err != nil {
					yield(nps.Response{}, err)
					return
				}
				if !yield(buf[i], nil) {
					return
				}
			}
			if len(buf) < s.page {
				return
			}
			last := buf[len(buf)-1]
			cursor = &last
		}
	}
}

// Count implements [nps.Counter] with GROUP BY rating.
func (s *Store) Count(ctx context.Context, f nps.Filter) (nps.Distribution, error) {
	if err := ctx.Err(); err != nil {
		return nps.Distribution{}, err
	}
	if err := f.Validate(); err != nil {
		return nps.Distribution{}, err
	}
	w, err := where(f)
	if err != nil {
		return nps.Distribution{}, fmt.Errorf("npsstore: counting: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT rating, count(*) FROM nps_responses WHERE `+w.SQL()+` GROUP BY rating`, w.Args()...)
	if err != nil {
		return nps.Distribution{}, fmt.Errorf("npsstore: counting: %w", pgdb.Ctx(ctx, err))
	}
	var (
		d      nps.Distribution
		rating int16
		n      int64
	)
	_, err = pgx.ForEachRow(rows, []any{&rating, &n}, func() error {
		if rating < 0 || int(rating) >= len(d) { // unreachable: a CHECK constraint
			return fmt.Errorf("stored rating %d", rating)
		}
		d[rating] = int(n)
		return nil
	})
	if err != nil {
		return nps.Distribution{}, fmt.Errorf("npsstore: counting: %w", pgdb.Ctx(ctx, err))
	}
	return d, nil
}

// Delete implements [nps.Deleter]: it removes the responses stored under
// ids in one transaction, skipping unknown IDs.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ids = storable(ids) // no response is stored under the others
	if len(ids) == 0 {
		return nil
	}
	err := pgdb.Tx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockSQL, ids); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM nps_responses WHERE id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return fmt.Errorf("npsstore: deleting %d responses: %w", len(ids), err)
	}
	return nil
}
