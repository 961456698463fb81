// Package maturitystore implements [maturity.Store] on SQLite, with every
// optional interface the maturity package defines —
// [maturity.ChecklistStore], [maturity.CultureStore],
// [maturity.ContentStore] and [maturity.LEADStore] — using
// modernc.org/sqlite (pure Go, no cgo).
//
// Open a database file with [Open]; the schema (embedded migrations,
// tables prefixed maturity_) is applied on open, so several adapters of
// this module may share one file:
//
//	s, err := maturitystore.Open(ctx, "maturity.db")
//	if err != nil { … }
//	defer s.Close()
//
// # Schema
//
// One table per kind of record, its primary key the record's key in the
// contract: maturity_assessments (employee, task, rater, at),
// maturity_observations (leader, employee, task, source, at),
// maturity_checklist (employee, item, at), maturity_stances (subject, at),
// maturity_role_starts (employee, at), maturity_refreshes (employee,
// kind, at) and maturity_leads (leader, form, rater, at), with indexes in
// the order the sequences yield. Raters, sources, styles, checklist
// items, stances, refresh kinds and LEAD forms are stored as the numbers
// of their constants, so they order as numbers; LEAD answers as their 12
// letters. Scores and scale bounds are kept to the last bit (-0 too) in
// columns that must hold an IEEE 754 double.
//
// Instants are stored as INTEGER Unix nanoseconds, exact to the
// nanosecond and ordered as instants whatever their zone; they come back
// in UTC. Instants before 1677-09-21 or after 2262-04-11 do not fit and
// are refused with an error wrapping [sqlitedb.ErrOutOfRange] and the
// sentinel of the record's validation ([maturity.ErrInvalidAssessment],
// [maturity.ErrInvalidObservation] or [maturity.ErrInvalidLEAD]). A
// filter's bounds beyond that range select accordingly: a From before it
// or a To after it excludes nothing. Text is kept byte for byte.
//
// # Transactions
//
// A save inserts and, when the key is taken, compares with the stored
// record in one transaction, so that of concurrent saves under one key
// exactly one stores its record. [Store.Erase] deletes the employee's
// records from every table in one transaction: a reader sees all of them
// or none. Writes of one [Store] are queued in Go ([sqlitedb.Writer]) and
// other processes are kept out by SQLite's lock.
//
// # Sequences
//
// The sequences run one query each time they are ranged over and stream
// its rows: one consistent snapshot per loop, read while the loop runs.
// In WAL mode the body of a loop may call any method of the store, writes
// included; they do not change what the running loop yields. Filters and
// lists of people are applied by the query (lists longer than 500 are
// applied in Go to the rows the rest of the query selects).
package maturitystore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"iter"
	"time"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/maturity"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is a [maturity.Store], [maturity.ChecklistStore],
// [maturity.CultureStore], [maturity.ContentStore] and
// [maturity.LEADStore] on a SQLite database file. It is safe for
// concurrent use. Create one with [Open] and close it with [Store.Close].
//
// What it holds is personal HR data: restrict who can read the database
// file to the employees, their leaders and HR.
type Store struct {
	db *sql.DB
	w  *sqlitedb.Writer
}

var (
	_ maturity.Store          = (*Store)(nil)
	_ maturity.ChecklistStore = (*Store)(nil)
	_ maturity.CultureStore   = (*Store)(nil)
	_ maturity.ContentStore   = (*Store)(nil)
	_ maturity.LEADStore      = (*Store)(nil)
)

// Open opens the SQLite database file at path, creating it if need be,
// and applies the schema's migrations that it has not applied yet.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, Migrations())
	if err != nil {
		return nil, fmt.Errorf("maturitystore: %w", err)
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

// instant returns t as Unix nanoseconds, or an error wrapping invalid and
// [sqlitedb.ErrOutOfRange].
func instant(t time.Time, invalid error) (int64, error) {
	ns, err := sqlitedb.UnixNano(t)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", invalid, err)
	}
	return ns, nil
}

// stamp formats an instant in messages.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// assessmentColumns are the columns scanAssessment reads, in its order.
const assessmentColumns = `employee, task, rater, at, rated_by, scale_min, scale_max, competence, commitment`

// scanAssessment reads a row of assessmentColumns.
func scanAssessment(row scanner) (maturity.Assessment, error) {
	var (
		a  maturity.Assessment
		ns int64
	)
	err := row.Scan(&a.Employee, &a.Task, &a.Rater, &ns, &a.RatedBy, &a.Scale.Min, &a.Scale.Max, &a.Competence, &a.Commitment)
	a.At = sqlitedb.Time(ns)
	return a, err
}

// SaveAssessment implements [maturity.Store]. An invalid assessment is an
// error wrapping the error of [maturity.Assessment.Validate]; a different
// assessment under a stored (Employee, Task, Rater, At) one wrapping
// [maturity.ErrConflict].
func (s *Store) SaveAssessment(ctx context.Context, a maturity.Assessment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return failed(ctx, err, "saving an assessment")
	}
	at, err := instant(a.At, maturity.ErrInvalidAssessment)
	if err != nil {
		return failed(ctx, err, "saving an assessment")
	}
	key := []any{a.Employee, a.Task, int64(a.Rater), at}
	err = s.save(ctx, `INSERT INTO maturity_assessments (`+assessmentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		append(key, a.RatedBy, a.Scale.Min, a.Scale.Max, a.Competence, a.Commitment),
		func(tx *sql.Tx) (bool, error) {
			old, err := scanAssessment(tx.QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM maturity_assessments
				WHERE employee = ? AND task = ? AND rater = ? AND at = ?`, key...))
			return old.RatedBy == a.RatedBy && old.Scale == a.Scale && old.Competence == a.Competence &&
				old.Commitment == a.Commitment, err
		},
		func() error {
			return fmt.Errorf("%w: the %s assessment of %q on task %q at %s is stored with other content",
				maturity.ErrConflict, a.Rater, a.Employee, a.Task, stamp(a.At))
		})
	if err != nil {
		return failed(ctx, err, "saving an assessment")
	}
	return nil
}

// Assessments implements [maturity.Store]: the matching assessments by At
// as instants, then by Employee, Task and Rater.
func (s *Store) Assessments(ctx context.Context, f maturity.Filter) iter.Seq2[maturity.Assessment, error] {
	f = cloneFilter(f)
	return func(yield func(maturity.Assessment, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(maturity.Assessment{}, err)
			return
		}
		if err := f.Validate(); err != nil {
			yield(maturity.Assessment{}, fmt.Errorf("maturitystore: %w", err))
			return
		}
		var w where
		inSQL := w.in("employee", f.Employees)
		inSQL = w.in("task", f.Tasks) && inSQL
		w.from("at", f.From)
		w.to("at", f.To)
		if w.none {
			return
		}
		seq := stream(ctx, s.db, "assessments", `SELECT `+assessmentColumns+` FROM maturity_assessments`+w.String()+`
			ORDER BY at, employee, task, rater`, w.args, scanAssessment)
		if !inSQL {
			seq = keep(seq, f.MatchAssessment)
		}
		seq(yield)
	}
}

// observationColumns are the columns scanObservation reads, in its order.
const observationColumns = `leader, employee, task, source, at, style`

// scanObservation reads a row of observationColumns.
func scanObservation(row scanner) (maturity.StyleObservation, error) {
	var (
		o  maturity.StyleObservation
		ns int64
	)
	err := row.Scan(&o.Leader, &o.Employee, &o.Task, &o.Source, &ns, &o.Style)
	o.At = sqlitedb.Time(ns)
	return o, err
}

// SaveObservation implements [maturity.Store]. An invalid observation is
// an error wrapping the error of [maturity.StyleObservation.Validate];
// another style under a stored (Leader, Employee, Task, Source, At) one
// wrapping [maturity.ErrConflict].
func (s *Store) SaveObservation(ctx context.Context, o maturity.StyleObservation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return failed(ctx, err, "saving a style observation")
	}
	at, err := instant(o.At, maturity.ErrInvalidObservation)
	if err != nil {
		return failed(ctx, err, "saving a style observation")
	}
	key := []any{o.Leader, o.Employee, o.Task, int64(o.Source), at}
	var old maturity.Style
	err = s.save(ctx, `INSERT INTO maturity_observations (`+observationColumns+`) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		append(key, int64(o.Style)),
		func(tx *sql.Tx) (bool, error) {
			err := tx.QueryRowContext(ctx, `SELECT style FROM maturity_observations
				WHERE leader = ? AND employee = ? AND task = ? AND source = ? AND at = ?`, key...).Scan(&old)
			return old == o.Style, err
		},
		func() error {
			return fmt.Errorf("%w: the %s observation of %q leading %q on task %q at %s is stored with style %s, not %s",
				maturity.ErrConflict, o.Source, o.Leader, o.Employee, o.Task, stamp(o.At), old.Label(), o.Style.Label())
		})
	if err != nil {
		return failed(ctx, err, "saving a style observation")
	}
	return nil
}

// Observations implements [maturity.Store]: the matching observations by
// At as instants, then by Leader, Employee, Task and Source.
func (s *Store) Observations(ctx context.Context, f maturity.Filter) iter.Seq2[maturity.StyleObservation, error] {
	f = cloneFilter(f)
	return func(yield func(maturity.StyleObservation, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(maturity.StyleObservation{}, err)
			return
		}
		if err := f.Validate(); err != nil {
			yield(maturity.StyleObservation{}, fmt.Errorf("maturitystore: %w", err))
			return
		}
		var w where
		inSQL := w.in("employee", f.Employees)
		inSQL = w.in("task", f.Tasks) && inSQL
		if f.Leader != "" {
			w.eq("leader", f.Leader)
		}
		w.from("at", f.From)
		w.to("at", f.To)
		if w.none {
			return
		}
		seq := stream(ctx, s.db, "style observations", `SELECT `+observationColumns+` FROM maturity_observations`+w.String()+`
			ORDER BY at, leader, employee, task, source`, w.args, scanObservation)
		if !inSQL {
			seq = keep(seq, f.MatchObservation)
		}
		seq(yield)
	}
}

// cloneFilter returns f with its own slices, so that a sequence is not
// changed by changes to the caller's.
func cloneFilter(f maturity.Filter) maturity.Filter {
	f.Employees = append([]string(nil), f.Employees...)
	f.Tasks = append([]string(nil), f.Tasks...)
	return f
}

// erasures are the statements of Erase, each deleting the records that
// describe the employee from one table.
var erasures = []string{
	`DELETE FROM maturity_assessments WHERE employee = ?`,
	`DELETE FROM maturity_observations WHERE employee = ?`,
	`DELETE FROM maturity_checklist WHERE employee = ?`,
	`DELETE FROM maturity_stances WHERE subject = ?`,
	`DELETE FROM maturity_role_starts WHERE employee = ?`,
	`DELETE FROM maturity_refreshes WHERE employee = ?`,
	`DELETE FROM maturity_leads WHERE leader = ?`,
}

// Erase implements [maturity.Store] in one transaction: it removes the
// employee's assessments, the observations in which they are the
// employee, their checklist records, the stance observations whose
// subject they are, their role starts and refreshes and the LEAD records
// in which they are the leader, and returns how many. Observations in
// which they lead and LEAD-Other answers they gave about another leader
// are kept.
func (s *Store) Erase(ctx context.Context, employee string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var total int64
	err := s.w.Tx(ctx, func(tx *sql.Tx) error {
		total = 0 // the transaction may run again
		for _, stmt := range erasures {
			res, err := tx.ExecContext(ctx, stmt, employee)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	if err != nil {
		return 0, failed(ctx, err, "erasing %q", employee)
	}
	return int(total), nil
}
