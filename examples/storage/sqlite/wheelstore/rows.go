package wheelstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/wheel"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner = sqlitedb.Scanner

// encodeAssessment returns the values of assessmentColumns for a, a valid
// assessment.
func encodeAssessment(a wheel.Assessment) ([]any, error) {
	at, err := sqlitedb.NullUnixNano(a.At)
	if err != nil {
		return nil, fmt.Errorf("%w: at: %w", wheel.ErrInvalidAssessment, err)
	}
	framework, err1 := json.Marshal(a.Framework)
	labels, err2 := sqlitedb.JSONArray(a.Scale.Labels)
	items, err3 := sqlitedb.JSONArray(a.Items)
	units, err4 := sqlitedb.JSONArray(a.Units)
	owners, err5 := sqlitedb.JSONObject(a.Owners)
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		return nil, err
	}
	row := []any{a.ID, at, string(framework), int64(a.Scale.Min), int64(a.Scale.Max), labels, items, units, owners}
	// JSON holds strings as UTF-8 only; refuse what it would change.
	back := a
	if err := decodeAssessment(&back, string(framework), labels, items, units, owners); err != nil {
		return nil, err
	}
	if !equalAssessments(back, a) {
		return nil, fmt.Errorf("%w: the assessment's framework, scale labels, items, units or owners hold text that is not valid UTF-8, which the JSON columns cannot keep exactly",
			wheel.ErrInvalidAssessment)
	}
	return row, nil
}

// scanAssessment reads a row of assessmentColumns.
func scanAssessment(row scanner) (wheel.Assessment, error) {
	var (
		a                                       wheel.Assessment
		at                                      sql.NullInt64
		framework, labels, items, units, owners string
	)
	if err := row.Scan(&a.ID, &at, &framework, &a.Scale.Min, &a.Scale.Max, &labels, &items, &units, &owners); err != nil {
		return wheel.Assessment{}, err
	}
	a.At = sqlitedb.NullTime(at)
	if err := decodeAssessment(&a, framework, labels, items, units, owners); err != nil {
		return wheel.Assessment{}, err
	}
	return a, nil
}

// decodeAssessment sets the assessment's framework, scale labels, items,
// units and owners from their JSON columns.
func decodeAssessment(a *wheel.Assessment, framework, labels, items, units, owners string) error {
	a.Framework, a.Scale.Labels, a.Items, a.Units, a.Owners = wheel.Framework{}, nil, nil, nil, nil
	if err := errors.Join(
		json.Unmarshal([]byte(framework), &a.Framework),
		json.Unmarshal([]byte(labels), &a.Scale.Labels),
		json.Unmarshal([]byte(items), &a.Items),
		json.Unmarshal([]byte(units), &a.Units),
		json.Unmarshal([]byte(owners), &a.Owners),
	); err != nil {
		return fmt.Errorf("decoding assessment %q: %w", a.ID, err)
	}
	return nil
}

// equalAssessments reports whether two assessments hold the same data, as
// the contract compares them: At as instants, a nil and an empty slice or
// map alike.
func equalAssessments(a, b wheel.Assessment) bool {
	fa, fb := a.Framework, b.Framework
	return a.ID == b.ID && a.At.Equal(b.At) &&
		fa.ID == fb.ID && fa.Name == fb.Name && fa.Ordered == fb.Ordered && fa.SingleOwner == fb.SingleOwner &&
		slices.Equal(fa.Stages, fb.Stages) && slices.Equal(fa.Dimensions, fb.Dimensions) &&
		a.Scale.Min == b.Scale.Min && a.Scale.Max == b.Scale.Max && slices.Equal(a.Scale.Labels, b.Scale.Labels) &&
		slices.Equal(a.Items, b.Items) && slices.Equal(a.Units, b.Units) && maps.Equal(a.Owners, b.Owners)
}

// grouper assembles responses from the rows of responsesQuery, a row per
// answer, in order of respondent.
type grouper struct {
	cur  wheel.Response
	have bool
}

// add reads a row of responsesQuery for the assessment. When the row
// begins another respondent's response, it returns the previous response,
// complete, and true.
func (g *grouper) add(assessment string, row scanner) (wheel.Response, bool, error) {
	var (
		respondent, unit string
		role             int64
		at               sql.NullInt64
		importance       sql.NullInt64
		key              sql.NullString
		value            sql.NullInt64
		na               sql.NullBool
	)
	if err := row.Scan(&respondent, &role, &unit, &at, &importance, &key, &value, &na); err != nil {
		return wheel.Response{}, false, err
	}
	var done wheel.Response
	var ok bool
	if !g.have || respondent != g.cur.Respondent {
		done, ok = g.flush()
		g.cur = wheel.Response{
			Assessment: assessment,
			Respondent: respondent,
			Role:       wheel.Role(role),
			Unit:       unit,
			At:         sqlitedb.NullTime(at),
		}
		g.have = true
	}
	if key.Valid {
		m := &g.cur.Answers
		if importance.Int64 == 1 {
			m = &g.cur.Importance
		}
		if *m == nil {
			*m = make(map[string]wheel.Answer)
		}
		(*m)[key.String] = wheel.Answer{Value: int(value.Int64), NotApplicable: na.Bool}
	}
	return done, ok, nil
}

// flush returns the response being assembled, if any, and starts afresh.
func (g *grouper) flush() (wheel.Response, bool) {
	r, ok := g.cur, g.have
	g.cur, g.have = wheel.Response{}, false
	return r, ok
}

// failed reports err, which happened doing what format and args say, as
// the store reports it (see sqlitedb.Failed).
func failed(ctx context.Context, err error, format string, args ...any) error {
	return sqlitedb.Failed(ctx, "wheelstore", err, format, args...)
}
