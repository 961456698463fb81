package enps

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sync"
	"time"
)

// MemStore is an in-memory [Store], also a [Counter] and a [Ledger], for
// tests, examples and small hosts that keep their surveys in one process.
// It is the reference implementation of the Store contract and passes the
// conformance suite in
// [github.com/servicekultur/servicekultur/enps/enpstest].
//
// Create one with [NewMemStore]; the zero value is not ready to use. A
// MemStore is safe for concurrent use. It keeps its own deep copies: what
// is passed in or handed out never shares memory with what it holds.
//
// Beyond the contract, it enforces what a database's constraints would:
//
//   - SaveWave validates the wave with [Wave.Validate].
//   - Save validates the response with [Response.Validate], requires its
//     wave to be stored (else an error wrapping [ErrNotFound]) and its
//     rating to lie on the wave's scale (else an error wrapping
//     [ErrInvalidRating]).
//   - Record requires a wave, a key for every cell and each cell's
//     respondents in ascending order without repeats, else an error
//     wrapping [ErrInvalidRequest].
//
// Delete of a wave the store does not hold removes nothing and returns
// 0 and no error, as erasure is idempotent; Counts of such a wave is an
// error wrapping [ErrNotFound], as Responses is.
//
// Save costs O(1) and Delete O(k) for the respondent's k responses, each
// keeping the counts up to date, so Counts costs only the units with
// responses times the scale's points. The sequences copy what they yield
// under a read lock and yield with the lock released, so the body of a
// loop may call any method of the store; each loop yields the store as it
// was when the loop began. Waves come by Opens, then by ID; responses by
// At, then by respondent; publications in the order recorded.
type MemStore struct {
	mu    sync.RWMutex
	waves map[string]*memWave
	pubs  map[string][]Publication // by audience, in the order recorded
}

var (
	_ Store   = (*MemStore)(nil)
	_ Counter = (*MemStore)(nil)
	_ Ledger  = (*MemStore)(nil)
)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{waves: make(map[string]*memWave), pubs: make(map[string][]Publication)}
}

// memWave is one stored wave with its responses and running counts.
type memWave struct {
	w     Wave
	resps map[Token]map[memInstant]Response // respondent → instant → response
	units map[string]*memTally              // only units with responses
}

// memInstant is a response's At as a map key: the same instant in any
// location gives the same key.
type memInstant struct {
	sec  int64
	nsec int32
}

func memInstantOf(t time.Time) memInstant {
	return memInstant{sec: t.Unix(), nsec: int32(t.Nanosecond())}
}

// memTally counts a unit's responses at each rating (index rating − the
// scale's minimum).
type memTally struct {
	n  int
	by []int
}

// SaveWave implements [Store]. An invalid wave is an error wrapping the
// error of [Wave.Validate].
func (s *MemStore) SaveWave(ctx context.Context, w Wave) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.Validate(); err != nil {
		return fmt.Errorf("saving a wave: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.waves[w.ID]; ok {
		if old.w.equal(w) {
			return nil
		}
		return fmt.Errorf("%w: wave %q is stored with other content", ErrConflict, w.ID)
	}
	s.waves[w.ID] = &memWave{
		w:     w.Clone(),
		resps: make(map[Token]map[memInstant]Response),
		units: make(map[string]*memTally),
	}
	return nil
}

// Wave implements [Store].
func (s *MemStore) Wave(ctx context.Context, id string) (Wave, error) {
	if err := ctx.Err(); err != nil {
		return Wave{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	mw, ok := s.waves[id]
	if !ok {
		return Wave{}, fmt.Errorf("%w: wave %q", ErrNotFound, id)
	}
	return mw.w.Clone(), nil
}

// Waves implements [Store]: by Opens as instants, then by ID byte by byte.
func (s *MemStore) Waves(ctx context.Context) iter.Seq2[Wave, error] {
	return func(yield func(Wave, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Wave{}, err)
			return
		}
		s.mu.RLock()
		ws := make([]Wave, 0, len(s.waves))
		for _, mw := range s.waves {
			ws = append(ws, mw.w.Clone())
		}
		s.mu.RUnlock()
		slices.SortFunc(ws, func(a, b Wave) int {
			if c := a.Opens.Compare(b.Opens); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		for _, w := range ws {
			if err := ctx.Err(); err != nil {
				yield(Wave{}, err)
				return
			}
			if !yield(w, nil) {
				return
			}
		}
	}
}

// Save implements [Store]. Besides the contract's errors, an invalid
// response is an error wrapping [ErrInvalidResponse], a response to a wave
// the store does not hold one wrapping [ErrNotFound], and a rating off the
// wave's scale one wrapping [ErrInvalidRating]; nothing is stored then.
func (s *MemStore) Save(ctx context.Context, r Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	mw, ok := s.waves[r.Wave]
	if !ok {
		return fmt.Errorf("%w: wave %q of a response", ErrNotFound, r.Wave)
	}
	if _, err := mw.w.Scale.Category(r.Rating); err != nil {
		return fmt.Errorf("wave %s: %w", r.Wave, err)
	}
	byAt := mw.resps[r.Respondent]
	k := memInstantOf(r.At)
	if old, ok := byAt[k]; ok {
		if old.Equal(r) {
			return nil
		}
		return fmt.Errorf("%w: wave %s holds another response of respondent %v at %v",
			ErrConflict, r.Wave, r.Respondent, r.At)
	}
	if byAt == nil {
		byAt = make(map[memInstant]Response, 1)
		mw.resps[r.Respondent] = byAt
	}
	byAt[k] = r.Clone()
	mw.count(r, +1)
	return nil
}

// count adds d (+1 or −1) to the counts of r's unit and rating, dropping a
// unit whose last response is gone. The caller holds the write lock.
func (mw *memWave) count(r Response, d int) {
	t := mw.units[r.Unit]
	if t == nil {
		t = &memTally{by: make([]int, mw.w.Scale.Points())}
		mw.units[r.Unit] = t
	}
	t.n += d
	t.by[r.Rating-mw.w.Scale.Min] += d
	if t.n == 0 {
		delete(mw.units, r.Unit)
	}
}

// Responses implements [Store]: ordered by At as instants, then by
// respondent byte by byte. A wave the store does not hold yields an error
// wrapping [ErrNotFound].
func (s *MemStore) Responses(ctx context.Context, wave string) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Response{}, err)
			return
		}
		s.mu.RLock()
		mw, ok := s.waves[wave]
		if !ok {
			s.mu.RUnlock()
			yield(Response{}, fmt.Errorf("%w: wave %q", ErrNotFound, wave))
			return
		}
		var rs []Response
		for _, byAt := range mw.resps {
			for _, r := range byAt {
				rs = append(rs, r.Clone())
			}
		}
		s.mu.RUnlock()
		slices.SortFunc(rs, func(a, b Response) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return bytes.Compare(a.Respondent[:], b.Respondent[:])
		})
		for _, r := range rs {
			if err := ctx.Err(); err != nil {
				yield(Response{}, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Delete implements [Store], subtracting the removed responses from the
// counts. A wave the store does not hold removes nothing: 0 and no error.
func (s *MemStore) Delete(ctx context.Context, wave string, respondent Token) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	mw, ok := s.waves[wave]
	if !ok {
		return 0, nil
	}
	byAt := mw.resps[respondent]
	for _, r := range byAt {
		mw.count(r, -1)
	}
	delete(mw.resps, respondent)
	return len(byAt), nil
}

// Counts implements [Counter]. Each slice has one entry per point of the
// wave's scale. A wave the store does not hold is an error wrapping
// [ErrNotFound].
func (s *MemStore) Counts(ctx context.Context, wave string) (map[string][]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	mw, ok := s.waves[wave]
	if !ok {
		return nil, fmt.Errorf("%w: wave %q", ErrNotFound, wave)
	}
	out := make(map[string][]int, len(mw.units))
	for u, t := range mw.units {
		out[u] = slices.Clone(t.by)
	}
	return out, nil
}

// Record implements [Ledger]. A publication without a wave, with a cell
// without a key, or with respondents not in ascending order or repeated,
// is an error wrapping [ErrInvalidRequest], and nothing is recorded.
func (s *MemStore) Record(ctx context.Context, p Publication) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.Wave == "" {
		return fmt.Errorf("%w: publication without a wave", ErrInvalidRequest)
	}
	for i, c := range p.Cells {
		if c.Key == "" {
			return fmt.Errorf("%w: publication of wave %s: cell %d has no key", ErrInvalidRequest, p.Wave, i)
		}
		for j := 1; j < len(c.Respondents); j++ {
			if bytes.Compare(c.Respondents[j-1][:], c.Respondents[j][:]) >= 0 {
				return fmt.Errorf("%w: publication of wave %s: respondents of cell %q not in ascending order without repeats",
					ErrInvalidRequest, p.Wave, c.Key)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pubs[p.Audience] = append(s.pubs[p.Audience], memClonePublication(p))
	return nil
}

// Publications implements [Ledger].
func (s *MemStore) Publications(ctx context.Context, audience string) iter.Seq2[Publication, error] {
	return func(yield func(Publication, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Publication{}, err)
			return
		}
		s.mu.RLock()
		ps := make([]Publication, len(s.pubs[audience]))
		for i, p := range s.pubs[audience] {
			ps[i] = memClonePublication(p)
		}
		s.mu.RUnlock()
		for _, p := range ps {
			if err := ctx.Err(); err != nil {
				yield(Publication{}, err)
				return
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// memClonePublication returns a deep copy of p.
func memClonePublication(p Publication) Publication {
	p.Cells = slices.Clone(p.Cells)
	for i := range p.Cells {
		p.Cells[i].Respondents = slices.Clone(p.Cells[i].Respondents)
	}
	return p
}

// equal reports whether two waves hold the same data: instants compared
// with time.Time.Equal, a nil and an empty slice or map alike.
func (w Wave) equal(o Wave) bool {
	return w.ID == o.ID && w.Opens.Equal(o.Opens) && w.Closes.Equal(o.Closes) &&
		w.Mode == o.Mode && w.Scale == o.Scale && w.Question == o.Question &&
		slices.Equal(w.Units, o.Units) && slices.Equal(w.Items, o.Items) &&
		slices.EqualFunc(w.Population, o.Population, func(a, b Member) bool {
			return a.Employee == b.Employee && a.Unit == b.Unit && maps.Equal(a.Attributes, b.Attributes)
		})
}
