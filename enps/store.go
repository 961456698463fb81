package enps

import (
	"context"
	"iter"
	"time"
)

// Store is where the host keeps waves and responses: database tables or
// [MemStore]. It is small on purpose; further abilities are optional
// interfaces ([Ledger], [Counter]) that the [Survey] detects, as [io/fs]
// does.
//
// Implementations must be safe for concurrent use, keep every field (At as
// the same instant to the nanosecond), and check ctx first: once ctx is
// done, methods and sequences return an error wrapping ctx.Err().
//
// Responses hold ratings together with units and attributes, so the table
// behind a Store is personal data: restrict who can read it. The package
// itself never returns responses from a report.
type Store interface {
	// SaveWave stores a wave's snapshot. Saving an equal wave again does
	// nothing; a different wave under an existing ID fails with an error
	// wrapping [ErrConflict] and changes nothing.
	SaveWave(ctx context.Context, w Wave) error
	// Wave returns the wave with the ID, or an error wrapping [ErrNotFound].
	Wave(ctx context.Context, id string) (Wave, error)
	// Waves streams every wave, ordered by Opens and then ID.
	Waves(ctx context.Context) iter.Seq2[Wave, error]

	// Save stores a response, keyed by (Wave, Respondent, At). Saving an
	// equal response again does nothing; a different response under an
	// existing key fails with an error wrapping [ErrConflict] and nothing is
	// overwritten. A [Survey] stamps answers to a wave in [Waves] mode with
	// the wave's opening instant, so the key allows one answer per employee
	// per wave, enforced atomically by the store.
	Save(ctx context.Context, r Response) error
	// Responses streams the responses of a wave, in any order.
	Responses(ctx context.Context, wave string) iter.Seq2[Response, error]
	// Delete removes every response of the respondent in the wave and
	// reports how many it removed (0 if none: erasure is idempotent).
	Delete(ctx context.Context, wave string, respondent Token) (int, error)
}

// Counter is an optional [Store] ability: running counts of answers per
// unit and rating, kept up to date as responses are saved and deleted
// (deleting subtracts), so live response rates need no scan.
type Counter interface {
	// Counts returns, for each unit of the wave with responses, the number
	// of responses at each rating (index rating − scale minimum).
	Counts(ctx context.Context, wave string) (map[string][]int, error)
}

// Publication is what a [Survey] records of a published report for the
// differencing rule: for each published cell, the set of respondents
// behind it. Sets hold tokens, never ratings.
type Publication struct {
	Audience string          `json:"audience"`
	Wave     string          `json:"wave"`
	At       time.Time       `json:"at"`
	Cells    []PublishedCell `json:"cells"`
}

// PublishedCell is one published cell of a [Publication].
type PublishedCell struct {
	Key         string  `json:"key"`         // the cell's key, e.g. "sales/subtree"
	Respondents []Token `json:"respondents"` // sorted
}

// Ledger is an optional [Store] ability that remembers publications, so
// that no later report for the same audience publishes a cell whose
// respondents differ from an earlier published cell's by 1 to k−1 people
// (re-runs, rolling windows, overlapping filters, erasures). Without a
// Ledger the rule holds within each report only.
type Ledger interface {
	// Record appends a publication. Publications are never changed or
	// removed; an erasure keeps the erased tokens here, since forgetting
	// them would let the next report reveal the erased answer by
	// difference.
	Record(ctx context.Context, p Publication) error
	// Publications streams the audience's publications in the order they
	// were recorded.
	Publications(ctx context.Context, audience string) iter.Seq2[Publication, error]
}
