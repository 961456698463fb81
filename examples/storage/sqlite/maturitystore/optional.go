package maturitystore

import (
	"context"
	"database/sql"
	"fmt"
	"iter"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/maturity"
)

// scanChecklist reads a row of employee, item, at.
func scanChecklist(row scanner) (maturity.ChecklistRecord, error) {
	var (
		r  maturity.ChecklistRecord
		ns int64
	)
	err := row.Scan(&r.Employee, &r.Item, &ns)
	r.At = sqlitedb.Time(ns)
	return r, err
}

// SaveChecklistRecord implements [maturity.ChecklistStore]. An invalid
// record is an error wrapping the error of
// [maturity.ChecklistRecord.Validate].
func (s *Store) SaveChecklistRecord(ctx context.Context, r maturity.ChecklistRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return failed(ctx, err, "saving a checklist record")
	}
	at, err := instant(r.At, maturity.ErrInvalidObservation)
	if err != nil {
		return failed(ctx, err, "saving a checklist record")
	}
	err = s.save(ctx, `INSERT INTO maturity_checklist (employee, item, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		[]any{r.Employee, int64(r.Item), at}, nil, nil)
	if err != nil {
		return failed(ctx, err, "saving a checklist record")
	}
	return nil
}

// ChecklistRecords implements [maturity.ChecklistStore]: the records of
// the employees listed, or of all, by At as instants, then by Employee
// and Item.
func (s *Store) ChecklistRecords(ctx context.Context, employees []string) iter.Seq2[maturity.ChecklistRecord, error] {
	return people(ctx, s, "checklist records", "employee, item, at", "maturity_checklist", "employee", "at, employee, item",
		employees, scanChecklist, func(r maturity.ChecklistRecord) string { return r.Employee })
}

// scanStance reads a row of subject, stance, at.
func scanStance(row scanner) (maturity.StanceObservation, error) {
	var (
		o  maturity.StanceObservation
		ns int64
	)
	err := row.Scan(&o.Subject, &o.Stance, &ns)
	o.At = sqlitedb.Time(ns)
	return o, err
}

// SaveStance implements [maturity.CultureStore]. An invalid observation
// is an error wrapping the error of [maturity.StanceObservation.Validate];
// another stance under a stored (Subject, At) one wrapping
// [maturity.ErrConflict].
func (s *Store) SaveStance(ctx context.Context, o maturity.StanceObservation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return failed(ctx, err, "saving a stance observation")
	}
	at, err := instant(o.At, maturity.ErrInvalidObservation)
	if err != nil {
		return failed(ctx, err, "saving a stance observation")
	}
	err = s.save(ctx, `INSERT INTO maturity_stances (subject, at, stance) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		[]any{o.Subject, at, int64(o.Stance)},
		func(tx *sql.Tx) (bool, error) {
			var old maturity.Stance
			err := tx.QueryRowContext(ctx, `SELECT stance FROM maturity_stances WHERE subject = ? AND at = ?`, o.Subject, at).Scan(&old)
			return old == o.Stance, err
		},
		func() error {
			return fmt.Errorf("%w: the stance of %q at %s is stored as another stance", maturity.ErrConflict, o.Subject, stamp(o.At))
		})
	if err != nil {
		return failed(ctx, err, "saving a stance observation")
	}
	return nil
}

// Stances implements [maturity.CultureStore]: the observations of the
// subjects listed, or of all, by At as instants, then by Subject.
func (s *Store) Stances(ctx context.Context, subjects []string) iter.Seq2[maturity.StanceObservation, error] {
	return people(ctx, s, "stance observations", "subject, stance, at", "maturity_stances", "subject", "at, subject",
		subjects, scanStance, func(o maturity.StanceObservation) string { return o.Subject })
}

// SaveRoleStart implements [maturity.ContentStore]. An empty employee is
// an error wrapping [maturity.ErrInvalidObservation], an invalid role
// start one wrapping the error of [maturity.RoleStart.Validate]; another
// Role under a stored (employee, At) one wrapping [maturity.ErrConflict].
func (s *Store) SaveRoleStart(ctx context.Context, employee string, r maturity.RoleStart) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if employee == "" {
		return fmt.Errorf("maturitystore: saving a role start: %w: no employee", maturity.ErrInvalidObservation)
	}
	if err := r.Validate(); err != nil {
		return failed(ctx, err, "saving a role start")
	}
	at, err := instant(r.At, maturity.ErrInvalidObservation)
	if err != nil {
		return failed(ctx, err, "saving a role start")
	}
	err = s.save(ctx, `INSERT INTO maturity_role_starts (employee, at, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		[]any{employee, at, r.Role},
		func(tx *sql.Tx) (bool, error) {
			var old string
			err := tx.QueryRowContext(ctx, `SELECT role FROM maturity_role_starts WHERE employee = ? AND at = ?`, employee, at).Scan(&old)
			return old == r.Role, err
		},
		func() error {
			return fmt.Errorf("%w: the role start of %q at %s is stored with another role", maturity.ErrConflict, employee, stamp(r.At))
		})
	if err != nil {
		return failed(ctx, err, "saving a role start")
	}
	return nil
}

// SaveRefresh implements [maturity.ContentStore]. An empty employee is an
// error wrapping [maturity.ErrInvalidObservation], an invalid refresh one
// wrapping the error of [maturity.Refresh.Validate].
func (s *Store) SaveRefresh(ctx context.Context, employee string, r maturity.Refresh) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if employee == "" {
		return fmt.Errorf("maturitystore: saving a refresh: %w: no employee", maturity.ErrInvalidObservation)
	}
	if err := r.Validate(); err != nil {
		return failed(ctx, err, "saving a refresh")
	}
	at, err := instant(r.At, maturity.ErrInvalidObservation)
	if err != nil {
		return failed(ctx, err, "saving a refresh")
	}
	err = s.save(ctx, `INSERT INTO maturity_refreshes (employee, kind, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		[]any{employee, int64(r.Kind), at}, nil, nil)
	if err != nil {
		return failed(ctx, err, "saving a refresh")
	}
	return nil
}

// ContentHistory implements [maturity.ContentStore]: the employee's role
// starts by At as instants, and their refreshes by At and then Kind, read
// in one transaction. An employee with none has an empty history.
func (s *Store) ContentHistory(ctx context.Context, employee string) (maturity.ContentHistory, error) {
	if err := ctx.Err(); err != nil {
		return maturity.ContentHistory{}, err
	}
	var h maturity.ContentHistory
	err := sqlitedb.ReadTx(ctx, s.db, func(tx *sql.Tx) error {
		h = maturity.ContentHistory{} // the transaction may run again
		rows, err := tx.QueryContext(ctx, `SELECT role, at FROM maturity_role_starts WHERE employee = ? ORDER BY at`, employee)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				r  maturity.RoleStart
				ns int64
			)
			if err := rows.Scan(&r.Role, &ns); err != nil {
				return err
			}
			r.At = sqlitedb.Time(ns)
			h.RoleStarts = append(h.RoleStarts, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT kind, at FROM maturity_refreshes WHERE employee = ? ORDER BY at, kind`, employee)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				r  maturity.Refresh
				ns int64
			)
			if err := rows.Scan(&r.Kind, &ns); err != nil {
				return err
			}
			r.At = sqlitedb.Time(ns)
			h.Refreshes = append(h.Refreshes, r)
		}
		return rows.Err()
	})
	if err != nil {
		return maturity.ContentHistory{}, failed(ctx, err, "reading the content history of %q", employee)
	}
	return h, nil
}

// leadColumns are the columns scanLEAD reads, in its order.
const leadColumns = `leader, form, rater, at, answers`

// scanLEAD reads a row of leadColumns.
func scanLEAD(row scanner) (maturity.LEADRecord, error) {
	var (
		r       maturity.LEADRecord
		ns      int64
		answers string
	)
	if err := row.Scan(&r.Leader, &r.Form, &r.Rater, &ns, &answers); err != nil {
		return maturity.LEADRecord{}, err
	}
	r.At = sqlitedb.Time(ns)
	a, err := maturity.ParseAnswers(answers)
	if err != nil {
		return maturity.LEADRecord{}, fmt.Errorf("the LEAD record of %q by %q at %s: %w", r.Leader, r.Rater, stamp(r.At), err)
	}
	r.Answers = a
	return r, nil
}

// SaveLEAD implements [maturity.LEADStore]. An invalid record is an error
// wrapping the error of [maturity.LEADRecord.Validate]; other answers
// under a stored (Leader, Form, Rater, At) one wrapping
// [maturity.ErrConflict].
func (s *Store) SaveLEAD(ctx context.Context, r maturity.LEADRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return failed(ctx, err, "saving a LEAD record")
	}
	at, err := instant(r.At, maturity.ErrInvalidLEAD)
	if err != nil {
		return failed(ctx, err, "saving a LEAD record")
	}
	key := []any{r.Leader, int64(r.Form), r.Rater, at}
	err = s.save(ctx, `INSERT INTO maturity_leads (`+leadColumns+`) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		append(key, r.Answers.String()),
		func(tx *sql.Tx) (bool, error) {
			old, err := scanLEAD(tx.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM maturity_leads
				WHERE leader = ? AND form = ? AND rater = ? AND at = ?`, key...))
			return old.Answers == r.Answers, err
		},
		func() error {
			return fmt.Errorf("%w: the LEAD record of %q by %q (form %s) at %s is stored with other answers",
				maturity.ErrConflict, r.Leader, r.Rater, r.Form, stamp(r.At))
		})
	if err != nil {
		return failed(ctx, err, "saving a LEAD record")
	}
	return nil
}

// LEADRecords implements [maturity.LEADStore]: the records of the leaders
// listed, or of all, by At as instants, then by Leader, Form and Rater.
func (s *Store) LEADRecords(ctx context.Context, leaders []string) iter.Seq2[maturity.LEADRecord, error] {
	return people(ctx, s, "LEAD records", leadColumns, "maturity_leads", "leader", "at, leader, form, rater",
		leaders, scanLEAD, func(r maturity.LEADRecord) string { return r.Leader })
}
