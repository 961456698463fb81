// Package wheelstore implements [wheel.Store] on SQLite, using
// modernc.org/sqlite (pure Go, no cgo).
//
// Open a database file with [Open]; the schema (embedded migrations,
// tables prefixed wheel_) is applied on open, so several adapters of this
// module may share one file:
//
//	s, err := wheelstore.Open(ctx, "wheel.db")
//	if err != nil { … }
//	defer s.Close()
//
// # Schema
//
//   - wheel_assessments: an assessment; its framework is a JSON object as
//     encoding/json writes [wheel.Framework], its scale labels, items and
//     units JSON arrays and its owners a JSON object. Assessments are
//     never removed.
//   - wheel_responses: one row per (assessment, respondent).
//   - wheel_answers: a response's answers and importance ratings, one row
//     each, with "not applicable" as a flag of its own, so it is told
//     apart from the value 0 and any [wheel.Answer] comes back as it was
//     saved. Deleting a response deletes its answers (ON DELETE CASCADE).
//
// Instants are stored as INTEGER Unix nanoseconds, exact to the
// nanosecond and ordered as instants whatever their zone, NULL for the
// zero time; they come back in UTC. Instants before 1677-09-21 or after
// 2262-04-11 do not fit and are refused with an error wrapping
// [sqlitedb.ErrOutOfRange] (and [wheel.ErrInvalidAssessment] or
// [wheel.ErrInvalidResponse]). Text kept in JSON columns must be valid
// UTF-8, as JSON cannot hold other bytes exactly; other text (IDs,
// respondents, units, answer keys) is kept byte for byte.
//
// # Rules beyond the contract
//
// Delete in an assessment the store does not hold removes nothing and
// returns false and no error, as erasure is idempotent. SaveAssessment
// and Save insert and, when the key is taken, compare with the stored rows
// in one transaction, so that of concurrent saves under one key exactly
// one stores its record; Save checks the response against the stored
// assessment in that transaction too. Writes of one [Store] are queued in
// Go ([sqlitedb.Writer]) and other processes are kept out by SQLite's
// lock.
//
// # Sequences
//
// Assessments and Responses run one query each time they are ranged over
// and stream its rows: one consistent snapshot per loop, read while the
// loop runs. In WAL mode the body of a loop may call any method of the
// store, writes included; they do not change what the running loop
// yields. Assessments come by At, then by ID; responses by At, then by
// respondent.
package wheelstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/wheel"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is a [wheel.Store] on a SQLite database file. It is safe for
// concurrent use. Create one with [Open] and close it with [Store.Close].
type Store struct {
	db *sql.DB
	w  *sqlitedb.Writer
}

var _ wheel.Store = (*Store)(nil)

// Open opens the SQLite database file at path, creating it if need be,
// and applies the schema's migrations that it has not applied yet.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, Migrations())
	if err != nil {
		return nil, fmt.Errorf("wheelstore: %w", err)
	}
	return &Store{db: db, w: sqlitedb.NewWriter(db)}, nil
}

// Close closes the database. Sequences still running fail.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the underlying database, for queries of the host's own.
func (s *Store) DB() *sql.DB { return s.db }

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

// assessmentColumns are the columns scanAssessment reads, in its order.
const assessmentColumns = `id, at, framework, scale_min, scale_max, scale_labels, items, units, owners`

// SaveAssessment implements [wheel.Store]. An invalid assessment is an
// error wrapping the error of [wheel.Assessment.Validate].
func (s *Store) SaveAssessment(ctx context.Context, a wheel.Assessment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return failed(ctx, err, "saving an assessment")
	}
	row, err := encodeAssessment(a)
	if err != nil {
		return failed(ctx, err, "saving assessment %q", a.ID)
	}
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO wheel_assessments (`+assessmentColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, row...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		old, err := assessment(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if !equalAssessments(old, a) {
			return fmt.Errorf("%w: assessment %q is stored with other content", wheel.ErrConflict, a.ID)
		}
		return nil
	})
	if err != nil {
		return failed(ctx, err, "saving assessment %q", a.ID)
	}
	return nil
}

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// assessment reads the assessment with the ID, or returns an error
// wrapping [wheel.ErrNotFound].
func assessment(ctx context.Context, q querier, id string) (wheel.Assessment, error) {
	a, err := scanAssessment(q.QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM wheel_assessments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return wheel.Assessment{}, fmt.Errorf("%w: assessment %q", wheel.ErrNotFound, id)
	}
	return a, err
}

// Assessment implements [wheel.Store].
func (s *Store) Assessment(ctx context.Context, id string) (wheel.Assessment, error) {
	if err := ctx.Err(); err != nil {
		return wheel.Assessment{}, err
	}
	a, err := assessment(ctx, s.db, id)
	if err != nil {
		return wheel.Assessment{}, failed(ctx, err, "reading assessment %q", id)
	}
	return a, nil
}

// Assessments implements [wheel.Store]: by At as instants, then by ID
// byte by byte.
func (s *Store) Assessments(ctx context.Context) iter.Seq2[wheel.Assessment, error] {
	return func(yield func(wheel.Assessment, error) bool) {
		for row, err := range sqlitedb.Query(ctx, s.db, `SELECT `+assessmentColumns+` FROM wheel_assessments ORDER BY at, id`) {
			var a wheel.Assessment
			if err == nil {
				a, err = scanAssessment(row)
			}
			if err != nil {
				yield(wheel.Assessment{}, failed(ctx, err, "reading assessments"))
				return
			}
			if !yield(a, nil) {
				return
			}
		}
	}
}

// Save implements [wheel.Store]. A response to an assessment the store
// does not hold is an error wrapping [wheel.ErrNotFound]; one that fails
// [wheel.Response.Check] an error wrapping the error of Check; a
// different response of a respondent who has one an error wrapping
// [wheel.ErrDuplicateRespondent]. Nothing is stored then.
func (s *Store) Save(ctx context.Context, r wheel.Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	at, err := sqlitedb.NullUnixNano(r.At)
	if err != nil {
		return fmt.Errorf("wheelstore: %w: response of %q to %q: at: %w", wheel.ErrInvalidResponse, r.Respondent, r.Assessment, err)
	}
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		a, err := assessment(ctx, tx, r.Assessment)
		if err != nil {
			return err
		}
		if err := r.Check(a); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO wheel_responses (assessment, respondent, role, unit, at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment, respondent) DO NOTHING`,
			r.Assessment, r.Respondent, int64(r.Role), r.Unit, at)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			old, err := response(ctx, tx, r.Assessment, r.Respondent)
			if err != nil {
				return err
			}
			if !old.Equal(r) {
				return fmt.Errorf("%w: assessment %q holds another response of respondent %q",
					wheel.ErrDuplicateRespondent, r.Assessment, r.Respondent)
			}
			return nil
		}
		for importance, answers := range []map[string]wheel.Answer{r.Answers, r.Importance} {
			for key, ans := range answers {
				if _, err := tx.ExecContext(ctx, `INSERT INTO wheel_answers (assessment, respondent, importance, key, value, na)
					VALUES (?, ?, ?, ?, ?, ?)`, r.Assessment, r.Respondent, importance, key, int64(ans.Value), ans.NotApplicable); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return failed(ctx, err, "saving the response of %q to %q", r.Respondent, r.Assessment)
	}
	return nil
}

// responsesQuery selects the responses to an assessment (or, with a
// second parameter, of one respondent) with their answers, a row per
// answer and one for a response without answers, in order of At,
// respondent and answer.
const responsesQuery = `SELECT r.respondent, r.role, r.unit, r.at, a.importance, a.key, a.value, a.na
	FROM wheel_responses AS r
	LEFT JOIN wheel_answers AS a ON a.assessment = r.assessment AND a.respondent = r.respondent
	WHERE r.assessment = ?1 AND (?2 IS NULL OR r.respondent = ?2)
	ORDER BY r.at, r.respondent, a.importance, a.key`

// response reads the respondent's response to the assessment.
func response(ctx context.Context, q querier, assessment, respondent string) (wheel.Response, error) {
	rows, err := q.QueryContext(ctx, responsesQuery, assessment, respondent)
	if err != nil {
		return wheel.Response{}, err
	}
	defer rows.Close()
	var g grouper
	for rows.Next() {
		if _, _, err := g.add(assessment, rows); err != nil {
			return wheel.Response{}, err
		}
	}
	if err := rows.Err(); err != nil {
		return wheel.Response{}, err
	}
	r, ok := g.flush()
	if !ok {
		return wheel.Response{}, fmt.Errorf("%w: no response of %q to %q", wheel.ErrNotFound, respondent, assessment)
	}
	return r, nil
}

// Responses implements [wheel.Store]: ordered by At as instants, then by
// respondent byte by byte. An assessment the store does not hold yields an
// error wrapping [wheel.ErrNotFound].
func (s *Store) Responses(ctx context.Context, assessment string) iter.Seq2[wheel.Response, error] {
	return func(yield func(wheel.Response, error) bool) {
		fail := func(err error) {
			yield(wheel.Response{}, failed(ctx, err, "reading the responses to %q", assessment))
		}
		if err := ctx.Err(); err != nil {
			yield(wheel.Response{}, err)
			return
		}
		// Assessments are never removed, so one found here is there for
		// the query below too.
		var one int
		err := s.db.QueryRowContext(ctx, `SELECT 1 FROM wheel_assessments WHERE id = ?`, assessment).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			err = fmt.Errorf("%w: assessment %q", wheel.ErrNotFound, assessment)
		}
		if err != nil {
			fail(err)
			return
		}
		var g grouper
		for row, err := range sqlitedb.Query(ctx, s.db, responsesQuery, assessment, nil) {
			if err != nil {
				fail(err)
				return
			}
			done, ok, err := g.add(assessment, row)
			if err != nil {
				fail(err)
				return
			}
			if ok && !yield(done, nil) {
				return
			}
		}
		if r, ok := g.flush(); ok {
			if err := ctx.Err(); err != nil {
				fail(err)
				return
			}
			yield(r, nil)
		}
	}
}

// Delete implements [wheel.Store]; the response's answers go with it. In
// an assessment the store does not hold it removes nothing and returns
// false and no error.
func (s *Store) Delete(ctx context.Context, assessment, respondent string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var n int64
	err := s.w.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM wheel_responses WHERE assessment = ? AND respondent = ?`,
			assessment, respondent)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, failed(ctx, err, "deleting the response of %q to %q", respondent, assessment)
	}
	return n > 0, nil
}
