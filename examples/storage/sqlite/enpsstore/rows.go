package enpsstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner = sqlitedb.Scanner

// encodeWave returns the values of waveColumns for w, a valid wave.
func encodeWave(w enps.Wave) ([]any, error) {
	opens, err := sqlitedb.UnixNano(w.Opens)
	if err != nil {
		return nil, fmt.Errorf("%w: opens: %w", enps.ErrInvalidWave, err)
	}
	closes, err := sqlitedb.NullUnixNano(w.Closes)
	if err != nil {
		return nil, fmt.Errorf("%w: closes: %w", enps.ErrInvalidWave, err)
	}
	units, err1 := sqlitedb.JSONArray(w.Units)
	population, err2 := sqlitedb.JSONArray(w.Population)
	items, err3 := sqlitedb.JSONArray(w.Items)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	row := []any{w.ID, opens, closes, int64(w.Mode), w.Scale.Min, w.Scale.Max, w.Scale.DetractorMax, w.Scale.PassiveMax,
		w.Question, units, population, items}
	// JSON holds strings as UTF-8 only; refuse what it would change.
	back := w
	if err := decodeWave(&back, units, population, items); err != nil {
		return nil, err
	}
	if !equalWaves(back, w) {
		return nil, fmt.Errorf("%w: the wave's units, population or items hold text that is not valid UTF-8, which the JSON columns cannot keep exactly",
			enps.ErrInvalidWave)
	}
	return row, nil
}

// scanWave reads a row of waveColumns.
func scanWave(row scanner) (enps.Wave, error) {
	var (
		w                        enps.Wave
		opens                    int64
		closes                   sql.NullInt64
		mode                     int64
		units, population, items string
	)
	if err := row.Scan(&w.ID, &opens, &closes, &mode, &w.Scale.Min, &w.Scale.Max, &w.Scale.DetractorMax, &w.Scale.PassiveMax,
		&w.Question, &units, &population, &items); err != nil {
		return enps.Wave{}, err
	}
	w.Opens, w.Closes, w.Mode = sqlitedb.Time(opens), sqlitedb.NullTime(closes), enps.Mode(mode)
	if err := decodeWave(&w, units, population, items); err != nil {
		return enps.Wave{}, err
	}
	return w, nil
}

// decodeWave sets the wave's units, population and items from their JSON
// columns.
func decodeWave(w *enps.Wave, units, population, items string) error {
	w.Units, w.Population, w.Items = nil, nil, nil
	if err := errors.Join(
		json.Unmarshal([]byte(units), &w.Units),
		json.Unmarshal([]byte(population), &w.Population),
		json.Unmarshal([]byte(items), &w.Items),
	); err != nil {
		return fmt.Errorf("decoding wave %q: %w", w.ID, err)
	}
	return nil
}

// equalWaves reports whether two waves hold the same data, as the
// contract compares them: instants as instants, a nil and an empty slice
// or map alike.
func equalWaves(a, b enps.Wave) bool {
	return a.ID == b.ID && a.Opens.Equal(b.Opens) && a.Closes.Equal(b.Closes) &&
		a.Mode == b.Mode && a.Scale == b.Scale && a.Question == b.Question &&
		slices.Equal(a.Units, b.Units) && slices.Equal(a.Items, b.Items) &&
		slices.EqualFunc(a.Population, b.Population, func(x, y enps.Member) bool {
			return x.Employee == y.Employee && x.Unit == y.Unit && maps.Equal(x.Attributes, y.Attributes)
		})
}

// encodeResponse returns the values of responseColumns for r, a valid
// response.
func encodeResponse(r enps.Response) ([]any, error) {
	at, err := sqlitedb.UnixNano(r.At)
	if err != nil {
		return nil, fmt.Errorf("%w: at: %w", enps.ErrInvalidResponse, err)
	}
	attrs, err1 := sqlitedb.JSONObject(r.Attributes)
	items, err2 := sqlitedb.JSONObject(r.Items)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	row := []any{r.Wave, r.Respondent[:], at, r.Unit, attrs, int64(r.Rating), r.Comment, items}
	back := r
	if err := decodeResponse(&back, attrs, items); err != nil {
		return nil, err
	}
	if !back.Equal(r) {
		return nil, fmt.Errorf("%w: the response's attributes or item IDs hold text that is not valid UTF-8, which the JSON columns cannot keep exactly",
			enps.ErrInvalidResponse)
	}
	return row, nil
}

// scanResponse reads a row of responseColumns.
func scanResponse(row scanner) (enps.Response, error) {
	var (
		r            enps.Response
		respondent   []byte
		at           int64
		attrs, items string
	)
	if err := row.Scan(&r.Wave, &respondent, &at, &r.Unit, &attrs, &r.Rating, &r.Comment, &items); err != nil {
		return enps.Response{}, err
	}
	if len(respondent) != len(r.Respondent) {
		return enps.Response{}, fmt.Errorf("stored respondent token of %d bytes", len(respondent))
	}
	copy(r.Respondent[:], respondent)
	r.At = sqlitedb.Time(at)
	if err := decodeResponse(&r, attrs, items); err != nil {
		return enps.Response{}, err
	}
	return r, nil
}

// decodeResponse sets the response's attributes and item answers from
// their JSON columns.
func decodeResponse(r *enps.Response, attrs, items string) error {
	r.Attributes, r.Items = nil, nil
	if err := errors.Join(json.Unmarshal([]byte(attrs), &r.Attributes), json.Unmarshal([]byte(items), &r.Items)); err != nil {
		return fmt.Errorf("decoding a response of wave %q: %w", r.Wave, err)
	}
	return nil
}

// failed reports err, which happened doing what format and args say, as
// the store reports it (see sqlitedb.Failed).
func failed(ctx context.Context, err error, format string, args ...any) error {
	return sqlitedb.Failed(ctx, "enpsstore", err, format, args...)
}
