package enpsstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"iter"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
)

// tokenLen is the length of an [enps.Token] in bytes.
const tokenLen = len(enps.Token{})

// Record implements [enps.Ledger]: it appends the publication and its
// cells in one transaction. A publication without a wave, with a cell
// without a key, or with respondents not in ascending order or repeated,
// is an error wrapping [enps.ErrInvalidRequest], and nothing is recorded;
// so is an At outside the range of [sqlitedb.UnixNano] (the zero At is
// kept as NULL).
func (s *Store) Record(ctx context.Context, p enps.Publication) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.Wave == "" {
		return fmt.Errorf("enpsstore: %w: publication without a wave", enps.ErrInvalidRequest)
	}
	at, err := sqlitedb.NullUnixNano(p.At)
	if err != nil {
		return fmt.Errorf("enpsstore: %w: publication of wave %q: %w", enps.ErrInvalidRequest, p.Wave, err)
	}
	cells := make([][]byte, len(p.Cells))
	for i, c := range p.Cells {
		if c.Key == "" {
			return fmt.Errorf("enpsstore: %w: publication of wave %q: cell %d has no key", enps.ErrInvalidRequest, p.Wave, i)
		}
		b := make([]byte, 0, tokenLen*len(c.Respondents))
		for j, t := range c.Respondents {
			if j > 0 && bytes.Compare(c.Respondents[j-1][:], t[:]) >= 0 {
				return fmt.Errorf("enpsstore: %w: publication of wave %q: respondents of cell %q not in ascending order without repeats",
					enps.ErrInvalidRequest, p.Wave, c.Key)
			}
			b = append(b, t[:]...)
		}
		cells[i] = b
	}
	err = s.w.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO enps_publications (audience, wave, at) VALUES (?, ?, ?)`,
			p.Audience, p.Wave, at)
		if err != nil {
			return err
		}
		seq, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i, c := range p.Cells {
			if _, err := tx.ExecContext(ctx, `INSERT INTO enps_published_cells (publication, pos, key, respondents)
				VALUES (?, ?, ?, ?)`, seq, i, c.Key, cells[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return failed(ctx, err, "recording a publication of wave %q", p.Wave)
	}
	return nil
}

// Publications implements [enps.Ledger]: the audience's publications in
// the order recorded, read with their cells in one query.
func (s *Store) Publications(ctx context.Context, audience string) iter.Seq2[enps.Publication, error] {
	return func(yield func(enps.Publication, error) bool) {
		fail := func(err error) {
			yield(enps.Publication{}, failed(ctx, err, "reading the publications of audience %q", audience))
		}
		rows := sqlitedb.Query(ctx, s.db, `SELECT p.seq, p.wave, p.at, c.key, c.respondents
			FROM enps_publications AS p
			LEFT JOIN enps_published_cells AS c ON c.publication = p.seq
			WHERE p.audience = ?
			ORDER BY p.seq, c.pos`, audience)
		var (
			cur    enps.Publication
			curSeq int64
			have   bool
		)
		for row, err := range rows {
			if err != nil {
				fail(err)
				return
			}
			var (
				seq         int64
				wave        string
				at          sql.NullInt64
				key         sql.NullString
				respondents []byte
			)
			if err := row.Scan(&seq, &wave, &at, &key, &respondents); err != nil {
				fail(err)
				return
			}
			if !have || seq != curSeq {
				if have && !yield(cur, nil) {
					return
				}
				cur = enps.Publication{Audience: audience, Wave: wave, At: sqlitedb.NullTime(at)}
				curSeq, have = seq, true
			}
			if !key.Valid { // a publication without cells
				continue
			}
			if len(respondents)%tokenLen != 0 {
				fail(fmt.Errorf("cell %q holds %d bytes of tokens", key.String, len(respondents)))
				return
			}
			c := enps.PublishedCell{Key: key.String, Respondents: make([]enps.Token, len(respondents)/tokenLen)}
			for i := range c.Respondents {
				copy(c.Respondents[i][:], respondents[i*tokenLen:])
			}
			cur.Cells = append(cur.Cells, c)
		}
		if have {
			if err := ctx.Err(); err != nil {
				fail(err)
				return
			}
			yield(cur, nil)
		}
	}
}
