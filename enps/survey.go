package enps

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// Survey runs eNPS waves on a host's [Store]: it launches waves, takes
// answers in under a pseudonym, erases employees on request and publishes
// reports that pass the anonymity [Rules]. A Survey is safe for concurrent
// use if its store is.
//
// The pseudonymisation key must stay secret and stable: with it, tokens
// can be linked to employees (which erasure needs); without it, nobody can.
// Keep it apart from the database, e.g. in a secrets manager.
type Survey struct {
	store Store
	key   []byte
	rules Rules

	mu    sync.Mutex
	waves map[string]*snapshot // launched waves never change, so they are cached
}

// snapshot is a wave with its population indexed by employee.
type snapshot struct {
	w       Wave
	members map[string]int
}

// snapshot returns the wave with the ID, read from the store once: a
// wave's snapshot cannot change after launch (the store refuses a
// different wave under the same ID).
func (s *Survey) snapshot(ctx context.Context, id string) (*snapshot, error) {
	s.mu.Lock()
	sn, ok := s.waves[id]
	s.mu.Unlock()
	if ok {
		return sn, nil
	}
	w, err := s.store.Wave(ctx, id)
	if err != nil {
		return nil, err
	}
	sn = &snapshot{w: w, members: make(map[string]int, len(w.Population))}
	for i, m := range w.Population {
		sn.members[m.Employee] = i
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.waves == nil {
		s.waves = map[string]*snapshot{}
	}
	s.waves[id] = sn
	return sn, nil
}

// Option configures a [Survey].
type Option func(*Survey) error

// WithRules sets the anonymity rules (the defaults otherwise).
func WithRules(r Rules) Option {
	return func(s *Survey) error {
		if err := r.Validate(); err != nil {
			return err
		}
		s.rules = r
		return nil
	}
}

// NewSurvey returns a survey on the store. The key (at least 32 bytes)
// pseudonymises respondents and orders comments.
func NewSurvey(store Store, key []byte, opts ...Option) (*Survey, error) {
	if store == nil {
		return nil, fmt.Errorf("%w: nil store", ErrInvalidRequest)
	}
	if len(key) < minKeyLen {
		return nil, fmt.Errorf("%w: %d bytes, need %d", ErrInvalidKey, len(key), minKeyLen)
	}
	s := &Survey{store: store, key: slices.Clone(key)}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Rules returns the survey's anonymity rules with defaults applied.
func (s *Survey) Rules() Rules {
	r, _ := s.rules.withDefaults() // validated in WithRules
	return r
}

// Launch validates the wave and stores its snapshot. Launching the same
// wave again does nothing; a different wave under the same ID is an error
// wrapping [ErrConflict].
func (s *Survey) Launch(ctx context.Context, w Wave) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return s.store.SaveWave(ctx, w)
}

// Answer is what an employee submits.
type Answer struct {
	Rating  int            `json:"rating"`
	Comment string         `json:"comment,omitempty"`
	Items   map[string]int `json:"items,omitempty"` // item ID → answer
}

// Submit records an employee's answer in a wave at instant at. The
// employee must be in the wave's snapshot and the wave open at at; the
// rating must lie on the wave's scale and item answers on their items'
// scales. The stored response carries the employee's unit and attributes
// from the snapshot and a pseudonym, never the employee ID.
//
// In a wave in [Waves] mode an employee answers once: submitting the same
// answer again does nothing, a different one is an error wrapping
// [ErrAlreadyAnswered]. The stored instant is the wave's opening, so the
// store does not learn when anyone answered. In [Rolling] mode every answer
// is kept with its instant and reports use the latest.
func (s *Survey) Submit(ctx context.Context, wave, employee string, a Answer, at time.Time) error {
	sn, err := s.snapshot(ctx, wave)
	if err != nil {
		return err
	}
	w := &sn.w
	i, ok := sn.members[employee]
	if !ok {
		return fmt.Errorf("%w: wave %s", ErrNotInvited, wave)
	}
	m := w.Population[i]
	if !w.Open(at) {
		return fmt.Errorf("%w: wave %s is not open at %v", ErrNotInvited, wave, at)
	}
	if _, err := w.Scale.Category(a.Rating); err != nil {
		return err
	}
	for id, v := range a.Items {
		i := slices.IndexFunc(w.Items, func(it Item) bool { return it.ID == id })
		if i < 0 {
			return fmt.Errorf("%w: unknown item %q", ErrInvalidResponse, id)
		}
		if err := w.Items[i].check(v); err != nil {
			return err
		}
	}
	r := Response{
		Wave: wave, Respondent: pseudonym(s.key, wave, employee), Unit: m.Unit,
		Attributes: maps.Clone(m.Attributes), Rating: a.Rating, Comment: a.Comment,
		Items: maps.Clone(a.Items), At: at,
	}
	if w.Mode == Waves {
		r.At = w.Opens
	}
	if err := s.store.Save(ctx, r); err != nil {
		if errors.Is(err, ErrConflict) {
			return fmt.Errorf("%w: %w", ErrAlreadyAnswered, err)
		}
		return err
	}
	return nil
}

// Erase removes every answer of the employee from every wave and reports
// how many it removed. Stores that keep running counts ([Counter]) update
// them by subtraction. Publications in a [Ledger] keep the erased pseudonym
// in their respondent sets: forgetting it would let the next report reveal
// the erased answer by difference, so later reports suppress the cells the
// erasure changed by fewer than k people.
func (s *Survey) Erase(ctx context.Context, employee string) (int, error) {
	var ids []string
	for w, err := range s.store.Waves(ctx) {
		if err != nil {
			return 0, err
		}
		if _, ok := w.member(employee); ok {
			ids = append(ids, w.ID)
		}
	}
	total := 0
	for _, id := range ids {
		n, err := s.store.Delete(ctx, id, pseudonym(s.key, id, employee))
		if err != nil {
			return total, fmt.Errorf("erase from wave %s: %w", id, err)
		}
		total += n
	}
	return total, nil
}

// Report computes the wave's report for the request. With a [Ledger] in the
// store, the differencing rule also covers every earlier publication for
// the same audience, and the report, if it publishes any cell, is recorded
// as a new publication at instant at; without one, only within the report.
func (s *Survey) Report(ctx context.Context, wave string, req Request, at time.Time) (Report, error) {
	sn, err := s.snapshot(ctx, wave)
	if err != nil {
		return Report{}, err
	}
	w := sn.w
	if w.Mode == Rolling {
		return Report{}, fmt.Errorf("%w: wave %s is rolling; use RollingReport", ErrInvalidRequest, wave)
	}
	var rs []Response
	for r, err := range s.store.Responses(ctx, wave) {
		if err != nil {
			return Report{}, err
		}
		rs = append(rs, r)
	}
	return s.publish(ctx, w, rs, req, at)
}

// publish computes a report on the responses and records it in the ledger.
func (s *Survey) publish(ctx context.Context, w Wave, rs []Response, req Request, at time.Time) (Report, error) {
	o, err := w.Org()
	if err != nil {
		return Report{}, err
	}
	ledger, _ := s.store.(Ledger)
	var prior []PublishedCell
	if ledger != nil {
		for p, err := range ledger.Publications(ctx, req.Audience) {
			if err != nil {
				return Report{}, err
			}
			if p.Wave == w.ID {
				prior = append(prior, p.Cells...)
			}
		}
	}
	rep, e, err := compute(input{wave: w, org: o, responses: rs, rules: s.rules, req: req, prior: prior, salt: s.salt()})
	if err != nil {
		return Report{}, err
	}
	if ledger != nil {
		pub := Publication{Audience: req.Audience, Wave: w.ID, At: at}
		for i := range e.cells {
			c := &e.cells[i]
			if c.status != Published {
				continue
			}
			ts := make([]Token, len(c.members))
			for j, r := range c.members {
				ts[j] = e.rs[r].Respondent
			}
			pub.Cells = append(pub.Cells, PublishedCell{Key: rep.Cells[i].Key.String(), Respondents: ts})
		}
		if len(pub.Cells) == 0 {
			return rep, nil // nothing was published, so nothing to remember
		}
		if err := ledger.Record(ctx, pub); err != nil {
			return Report{}, fmt.Errorf("record publication: %w", err)
		}
	}
	return rep, nil
}

// salt derives the comment-ordering key from the pseudonymisation key.
func (s *Survey) salt() []byte {
	h := sha256.Sum256(append([]byte("enps comment order\x00"), s.key...))
	return h[:]
}

// Compare publishes the reports of two waves for the request (recorded in
// the [Ledger] like any report) and compares the cells they share: see
// [CompareWaves] (level from the request, default churn threshold).
func (s *Survey) Compare(ctx context.Context, from, to string, req Request, at time.Time) ([]WaveChange, error) {
	a, err := s.Report(ctx, from, req, at)
	if err != nil {
		return nil, err
	}
	b, err := s.Report(ctx, to, req, at)
	if err != nil {
		return nil, err
	}
	wf, err := s.snapshot(ctx, from)
	if err != nil {
		return nil, err
	}
	wt, err := s.snapshot(ctx, to)
	if err != nil {
		return nil, err
	}
	return CompareWaves(wf.w, wt.w, a, b, req.Level, 0)
}
