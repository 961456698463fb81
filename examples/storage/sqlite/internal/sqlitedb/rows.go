package sqlitedb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
)

// Scanner is a *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Query runs q when ranged over and yields its rows one at a time, for the
// caller to scan, checking ctx before each. An error is yielded once, last.
func Query(ctx context.Context, db *sql.DB, q string, args ...any) iter.Seq2[*sql.Rows, error] {
	return func(yield func(*sql.Rows, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			yield(nil, err)
			return
		}
		defer rows.Close()
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			if !rows.Next() {
				break
			}
			if !yield(rows, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, err)
		}
	}
}

// JSONArray encodes a slice as a JSON array, [] for nil.
func JSONArray[T any](s []T) (string, error) {
	if s == nil {
		s = []T{}
	}
	b, err := json.Marshal(s)
	return string(b), err
}

// JSONObject encodes a map as a JSON object, {} for nil.
func JSONObject[V any](m map[string]V) (string, error) {
	if m == nil {
		m = map[string]V{}
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// Failed returns err, which happened doing what format and args say, as a
// store reports it: prefixed with the store's name, and wrapping ctx's
// error too when ctx is done, since a query interrupted by a done ctx may
// report only that it was interrupted.
func Failed(ctx context.Context, store string, err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%s: %s: %w (%w)", store, what, ctxErr, err)
	}
	return fmt.Errorf("%s: %s: %w", store, what, err)
}
