// Package enpsstore implements [enps.Store] on SQLite, with the optional
// [enps.Counter] and [enps.Ledger], using modernc.org/sqlite (pure Go, no
// cgo).
//
// Open a database file with [Open]; the schema (embedded migrations,
// tables prefixed enps_) is applied on open, so several adapters of this
// module may share one file:
//
//	s, err := enpsstore.Open(ctx, "surveys.db")
//	if err != nil { … }
//	defer s.Close()
//	survey, err := enps.NewSurvey(s, key, …)
//
// # Schema
//
//   - enps_waves: a wave's snapshot; its org tree, population and items
//     are JSON arrays as encoding/json writes [enps.Unit], [enps.Member]
//     and [enps.Item]. Waves are never removed.
//   - enps_responses: one row per response, keyed by (wave, respondent
//     token as a 16-byte BLOB, At as Unix nanoseconds); attributes and
//     item answers are JSON objects.
//   - enps_counts: the running counts per (wave, unit, rating), kept by
//     triggers on enps_responses, so every Save and Delete updates them
//     in its own transaction (a delete subtracts) and a reader never sees
//     counts that disagree with the responses.
//   - enps_publications and enps_published_cells: the ledger, in the
//     order recorded; triggers refuse to update or delete its rows.
//
// Instants are stored as INTEGER Unix nanoseconds, exact to the
// nanosecond and ordered as instants whatever their zone; they come back
// in UTC. Instants before 1677-09-21 or after 2262-04-11 do not fit and
// are refused with an error wrapping [sqlitedb.ErrOutOfRange] (and
// [enps.ErrInvalidWave] or [enps.ErrInvalidResponse]). Text kept in JSON
// columns must be valid UTF-8, as JSON cannot hold other bytes exactly;
// other text (IDs, units, comments, cell keys) is kept byte for byte.
//
// # Rules beyond the contract
//
// Like [enps.MemStore], the store validates what it is given: SaveWave
// wraps the error of [enps.Wave.Validate]; Save wraps
// [enps.ErrInvalidResponse] for a response that fails
// [enps.Response.Validate], [enps.ErrNotFound] for a wave it does not hold
// and [enps.ErrInvalidRating] for a rating off the wave's scale; Record
// wraps [enps.ErrInvalidRequest] for a publication without a wave, with a
// cell without a key or with respondents not in ascending order without
// repeats. Delete in a wave the store does not hold returns 0 and no
// error; Counts of such a wave is an error wrapping [enps.ErrNotFound], as
// Responses is.
//
// Save and SaveWave insert and, when the key is taken, compare with the
// stored row in one transaction, so that of concurrent saves under one key
// exactly one stores its response; writes of one [Store] are queued in Go
// ([sqlitedb.Writer]) and other processes are kept out by SQLite's lock.
//
// # Sequences
//
// Waves, Responses and Publications run one query each time they are
// ranged over and stream its rows: one consistent snapshot per loop, read
// while the loop runs, so memory stays flat for large waves. In WAL mode
// the body of a loop may call any method of the store, writes included;
// they do not change what the running loop yields. Waves come by Opens,
// then by ID; responses by At, then by respondent; publications in the
// order recorded.
package enpsstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an [enps.Store], [enps.Counter] and [enps.Ledger] on a SQLite
// database file. It is safe for concurrent use. Create one with [Open] and
// close it with [Store.Close].
type Store struct {
	db *sql.DB
	w  *sqlitedb.Writer
}

var (
	_ enps.Store   = (*Store)(nil)
	_ enps.Counter = (*Store)(nil)
	_ enps.Ledger  = (*Store)(nil)
)

// Open opens the SQLite database file at path, creating it if need be,
// and applies the schema's migrations that it has not applied yet.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, Migrations())
	if err != nil {
		return nil, fmt.Errorf("enpsstore: %w", err)
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

// waveColumns are the columns scanWave reads, in its order.
const waveColumns = `id, opens, closes, mode, scale_min, scale_max, detractor_max, passive_max,
	question, units, population, items`

// SaveWave implements [enps.Store]. An invalid wave is an error wrapping
// the error of [enps.Wave.Validate].
func (s *Store) SaveWave(ctx context.Context, w enps.Wave) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.Validate(); err != nil {
		return failed(ctx, err, "saving a wave")
	}
	row, err := encodeWave(w)
	if err != nil {
		return failed(ctx, err, "saving wave %q", w.ID)
	}
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO enps_waves (`+waveColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, row...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		old, err := scanWave(tx.QueryRowContext(ctx, `SELECT `+waveColumns+` FROM enps_waves WHERE id = ?`, w.ID))
		if err != nil {
			return err
		}
		if !equalWaves(old, w) {
			return fmt.Errorf("%w: wave %q is stored with other content", enps.ErrConflict, w.ID)
		}
		return nil
	})
	if err != nil {
		return failed(ctx, err, "saving wave %q", w.ID)
	}
	return nil
}

// Wave implements [enps.Store].
func (s *Store) Wave(ctx context.Context, id string) (enps.Wave, error) {
	if err := ctx.Err(); err != nil {
		return enps.Wave{}, err
	}
	w, err := scanWave(s.db.QueryRowContext(ctx, `SELECT `+waveColumns+` FROM enps_waves WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return enps.Wave{}, fmt.Errorf("enpsstore: %w: wave %q", enps.ErrNotFound, id)
	}
	if err != nil {
		return enps.Wave{}, failed(ctx, err, "reading wave %q", id)
	}
	return w, nil
}

// Waves implements [enps.Store]: by Opens as instants, then by ID byte by
// byte.
func (s *Store) Waves(ctx context.Context) iter.Seq2[enps.Wave, error] {
	return func(yield func(enps.Wave, error) bool) {
		for row, err := range sqlitedb.Query(ctx, s.db, `SELECT `+waveColumns+` FROM enps_waves ORDER BY opens, id`) {
			var w enps.Wave
			if err == nil {
				w, err = scanWave(row)
			}
			if err != nil {
				yield(enps.Wave{}, failed(ctx, err, "reading waves"))
				return
			}
			if !yield(w, nil) {
				return
			}
		}
	}
}

// responseColumns are the columns scanResponse reads, in its order.
const responseColumns = `wave, respondent, at, unit, attributes, rating, comment, items`

// Save implements [enps.Store]. Besides the contract's errors, an invalid
// response is an error wrapping [enps.ErrInvalidResponse], a response to a
// wave the store does not hold one wrapping [enps.ErrNotFound], and a
// rating off the wave's scale one wrapping [enps.ErrInvalidRating];
// nothing is stored then.
func (s *Store) Save(ctx context.Context, r enps.Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("enpsstore: %w", err)
	}
	row, err := encodeResponse(r)
	if err != nil {
		return failed(ctx, err, "saving a response to wave %q", r.Wave)
	}
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		var sc enps.Scale
		err := tx.QueryRowContext(ctx, `SELECT scale_min, scale_max, detractor_max, passive_max
			FROM enps_waves WHERE id = ?`, r.Wave).Scan(&sc.Min, &sc.Max, &sc.DetractorMax, &sc.PassiveMax)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: wave %q of a response", enps.ErrNotFound, r.Wave)
		}
		if err != nil {
			return err
		}
		if _, err := sc.Category(r.Rating); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO enps_responses (`+responseColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (wave, respondent, at) DO NOTHING`, row...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		old, err := scanResponse(tx.QueryRowContext(ctx, `SELECT `+responseColumns+` FROM enps_responses
			WHERE wave = ? AND respondent = ? AND at = ?`, row[0], row[1], row[2]))
		if err != nil {
			return err
		}
		if !old.Equal(r) {
			return fmt.Errorf("%w: wave %q holds another response of respondent %v at %v",
				enps.ErrConflict, r.Wave, r.Respondent, r.At)
		}
		return nil
	})
	if err != nil {
		return failed(ctx, err, "saving a response to wave %q", r.Wave)
	}
	return nil
}

// Responses implements [enps.Store]: ordered by At as instants, then by
// respondent byte by byte. A wave the store does not hold yields an error
// wrapping [enps.ErrNotFound].
func (s *Store) Responses(ctx context.Context, wave string) iter.Seq2[enps.Response, error] {
	return func(yield func(enps.Response, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(enps.Response{}, err)
			return
		}
		// Waves are never removed, so a wave found here is there for the
		// query below too.
		var one int
		err := s.db.QueryRowContext(ctx, `SELECT 1 FROM enps_waves WHERE id = ?`, wave).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			yield(enps.Response{}, fmt.Errorf("enpsstore: %w: wave %q", enps.ErrNotFound, wave))
			return
		}
		if err != nil {
			yield(enps.Response{}, failed(ctx, err, "reading the responses of wave %q", wave))
			return
		}
		rows := sqlitedb.Query(ctx, s.db, `SELECT `+responseColumns+` FROM enps_responses
			WHERE wave = ? ORDER BY at, respondent`, wave)
		for row, err := range rows {
			var r enps.Response
			if err == nil {
				r, err = scanResponse(row)
			}
			if err != nil {
				yield(enps.Response{}, failed(ctx, err, "reading the responses of wave %q", wave))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Delete implements [enps.Store]; the counts are decremented in the same
// transaction. A wave the store does not hold removes nothing: 0 and no
// error.
func (s *Store) Delete(ctx context.Context, wave string, respondent enps.Token) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int64
	err := s.w.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM enps_responses WHERE wave = ? AND respondent = ?`,
			wave, respondent[:])
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, failed(ctx, err, "deleting responses in wave %q", wave)
	}
	return int(n), nil
}

// Counts implements [enps.Counter] from the running counts, without
// scanning the responses. Each slice has one entry per point of the
// wave's scale. A wave the store does not hold is an error wrapping
// [enps.ErrNotFound].
func (s *Store) Counts(ctx context.Context, wave string) (map[string][]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out map[string][]int
	err := sqlitedb.ReadTx(ctx, s.db, func(tx *sql.Tx) error {
		var lo, hi int
		err := tx.QueryRowContext(ctx, `SELECT scale_min, scale_max FROM enps_waves WHERE id = ?`, wave).Scan(&lo, &hi)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: wave %q", enps.ErrNotFound, wave)
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT unit, rating, n FROM enps_counts WHERE wave = ? AND n > 0`, wave)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = make(map[string][]int)
		for rows.Next() {
			var (
				unit      string
				rating, n int
			)
			if err := rows.Scan(&unit, &rating, &n); err != nil {
				return err
			}
			if rating < lo || rating > hi {
				return fmt.Errorf("stored count of rating %d, off the wave's scale %d–%d", rating, lo, hi)
			}
			c := out[unit]
			if c == nil {
				c = make([]int, hi-lo+1)
				out[unit] = c
			}
			c[rating-lo] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, failed(ctx, err, "counting the responses of wave %q", wave)
	}
	return out, nil
}
