package maturitystore

import (
	"context"
	"database/sql"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner = sqlitedb.Scanner

// stream runs q when ranged over and yields its rows scanned with scan,
// checking ctx before each. An error is yielded once, last, wrapped with
// what was being read.
func stream[T any](ctx context.Context, db *sql.DB, what, q string, args []any, scan func(scanner) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		fail := func(err error) { yield(zero, failed(ctx, err, "reading %s", what)) }
		if err := ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			fail(err)
			return
		}
		defer rows.Close()
		for {
			if err := ctx.Err(); err != nil {
				fail(err)
				return
			}
			if !rows.Next() {
				break
			}
			v, err := scan(rows)
			if err != nil {
				fail(err)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			fail(err)
		}
	}
}

// keep returns seq without the values keep rejects.
func keep[T any](seq iter.Seq2[T, error], keep func(T) bool) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v, err := range seq {
			if err == nil && !keep(v) {
				continue
			}
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}

// save stores a record in a write transaction with insert, an INSERT …
// ON CONFLICT DO NOTHING. When the record's key is taken, it calls same,
// if not nil, to compare the stored record with the one saved, and
// returns conflict unless they are equal. A nil same means the key is the
// whole record: saving it again does nothing.
func (s *Store) save(ctx context.Context, insert string, args []any, same func(tx *sql.Tx) (bool, error), conflict func() error) error {
	return s.w.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insert, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 || same == nil {
			return err
		}
		ok, err := same(tx)
		if err != nil {
			return err
		}
		if !ok {
			return conflict()
		}
		return nil
	})
}

// maxListed is how many people (or tasks) a query lists as parameters;
// longer lists are applied in Go to the rows the rest of the query
// selects, well below SQLite's limit of 32766 parameters.
const maxListed = 500

// where builds a query's WHERE clause.
type where struct {
	conds []string
	args  []any
	// none says the clause selects nothing: a bound excludes every
	// instant the store can hold.
	none bool
}

// in restricts column to the values, listed once each; no values
// restricts nothing. It reports false, restricting nothing, for more
// than maxListed distinct values, which the caller must then apply.
func (w *where) in(column string, values []string) bool {
	if len(values) == 0 {
		return true
	}
	vs := slices.Compact(slices.Sorted(slices.Values(values)))
	if len(vs) > maxListed {
		return false
	}
	w.conds = append(w.conds, column+" IN ("+strings.Repeat("?, ", len(vs)-1)+"?)")
	for _, v := range vs {
		w.args = append(w.args, v)
	}
	return true
}

// eq restricts column to the value.
func (w *where) eq(column string, v any) {
	w.conds = append(w.conds, column+" = ?")
	w.args = append(w.args, v)
}

// from restricts the instants of column to from on; the zero time
// restricts nothing.
func (w *where) from(column string, from time.Time) {
	if from.IsZero() {
		return
	}
	switch ns, place := sqlitedb.Bound(from); place {
	case sqlitedb.Inside:
		w.conds = append(w.conds, column+" >= ?")
		w.args = append(w.args, ns)
	case sqlitedb.After:
		w.none = true
	}
}

// to restricts the instants of column to before to; the zero time
// restricts nothing.
func (w *where) to(column string, to time.Time) {
	if to.IsZero() {
		return
	}
	switch ns, place := sqlitedb.Bound(to); place {
	case sqlitedb.Inside:
		w.conds = append(w.conds, column+" < ?")
		w.args = append(w.args, ns)
	case sqlitedb.Before:
		w.none = true
	}
}

// String returns the clause, with its leading WHERE, or "".
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// listed returns a function reporting whether a person is among those
// listed, or anyone if none are.
func listed(people []string) func(string) bool {
	if len(people) == 0 {
		return func(string) bool { return true }
	}
	set := make(map[string]bool, len(people))
	for _, p := range people {
		set[p] = true
	}
	return func(p string) bool { return set[p] }
}

// people streams the rows of the table's records of the people listed in
// column, or of everyone if none are, in the order given, scanned with
// scan; who names a record's person.
func people[T any](ctx context.Context, s *Store, what, columns, table, column, order string, list []string,
	scan func(scanner) (T, error), who func(T) string) iter.Seq2[T, error] {
	list = slices.Clone(list)
	return func(yield func(T, error) bool) {
		var w where
		inSQL := w.in(column, list)
		seq := stream(ctx, s.db, what, "SELECT "+columns+" FROM "+table+w.String()+" ORDER BY "+order, w.args, scan)
		if !inSQL {
			match := listed(list)
			seq = keep(seq, func(v T) bool { return match(who(v)) })
		}
		seq(yield)
	}
}

// failed reports err, which happened doing what format and args say, as
// the store reports it (see sqlitedb.Failed).
func failed(ctx context.Context, err error, format string, args ...any) error {
	return sqlitedb.Failed(ctx, "maturitystore", err, format, args...)
}
