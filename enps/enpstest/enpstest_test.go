package enpstest_test

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/enps/enpstest"
)

func TestRunMemStore(t *testing.T) {
	enpstest.Run(t, func() enps.Store { return enps.NewMemStore() })
}

func TestMemStoreOneStore(t *testing.T) {
	if err := enpstest.Test(enps.NewMemStore()); err != nil {
		t.Fatal(err)
	}
}

// plainStore hides MemStore's optional interfaces, so the suite's checks
// for them are skipped.
type plainStore struct{ s *enps.MemStore }

func (p plainStore) SaveWave(ctx context.Context, w enps.Wave) error { return p.s.SaveWave(ctx, w) }
func (p plainStore) Wave(ctx context.Context, id string) (enps.Wave, error) {
	return p.s.Wave(ctx, id)
}
func (p plainStore) Waves(ctx context.Context) iter.Seq2[enps.Wave, error] { return p.s.Waves(ctx) }
func (p plainStore) Save(ctx context.Context, r enps.Response) error       { return p.s.Save(ctx, r) }
func (p plainStore) Responses(ctx context.Context, wave string) iter.Seq2[enps.Response, error] {
	return p.s.Responses(ctx, wave)
}
func (p plainStore) Delete(ctx context.Context, wave string, who enps.Token) (int, error) {
	return p.s.Delete(ctx, wave, who)
}

func TestRunPlainStore(t *testing.T) {
	enpstest.Run(t, func() enps.Store { return plainStore{enps.NewMemStore()} })
	if err := enpstest.Test(plainStore{enps.NewMemStore()}); err != nil {
		t.Errorf("Test of a store without the optional interfaces: %v", err)
	}
}

// broken is a MemStore broken in one way, to show that the suite notices.
type broken struct {
	*enps.MemStore
	bug string

	mu      sync.Mutex
	removed []enps.Response      // "counts not decremented"
	cached  map[string]enps.Wave // "shares waves"
	pubs    []enps.Publication   // "ledger mixes audiences"
}

func newBroken(bug string) *broken { return &broken{MemStore: enps.NewMemStore(), bug: bug} }

// ctx drops ctx for the "ignores ctx" bug.
func (b *broken) ctx(ctx context.Context) context.Context {
	if b.bug == "ignores ctx" {
		return context.Background()
	}
	return ctx
}

func (b *broken) SaveWave(ctx context.Context, w enps.Wave) error {
	return b.MemStore.SaveWave(b.ctx(ctx), w)
}

func (b *broken) Wave(ctx context.Context, id string) (enps.Wave, error) {
	if b.bug != "shares waves" {
		return b.MemStore.Wave(b.ctx(ctx), id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if w, ok := b.cached[id]; ok {
		return w, nil
	}
	w, err := b.MemStore.Wave(ctx, id)
	if err == nil {
		if b.cached == nil {
			b.cached = make(map[string]enps.Wave)
		}
		b.cached[id] = w
	}
	return w, err
}

func (b *broken) Waves(ctx context.Context) iter.Seq2[enps.Wave, error] {
	if b.bug != "waves by ID" {
		return b.MemStore.Waves(b.ctx(ctx))
	}
	return func(yield func(enps.Wave, error) bool) {
		var ws []enps.Wave
		for w, err := range b.MemStore.Waves(ctx) {
			if err != nil {
				yield(enps.Wave{}, err)
				return
			}
			ws = append(ws, w)
		}
		slices.SortFunc(ws, func(a, b enps.Wave) int { return strings.Compare(a.ID, b.ID) })
		for _, w := range ws {
			if !yield(w, nil) {
				return
			}
		}
	}
}

func (b *broken) Save(ctx context.Context, r enps.Response) error {
	ctx = b.ctx(ctx)
	if b.bug == "truncates At" {
		r.At = r.At.Truncate(time.Second)
	}
	err := b.MemStore.Save(ctx, r)
	if !errors.Is(err, enps.ErrConflict) {
		return err
	}
	switch b.bug {
	case "swallows conflicts":
		return nil
	case "overwrites":
		b.mu.Lock()
		defer b.mu.Unlock()
		var keep []enps.Response
		for o, err := range b.MemStore.Responses(ctx, r.Wave) {
			if err != nil {
				return err
			}
			if o.Respondent == r.Respondent && !o.At.Equal(r.At) {
				keep = append(keep, o)
			}
		}
		if _, err := b.MemStore.Delete(ctx, r.Wave, r.Respondent); err != nil {
			return err
		}
		for _, o := range append(keep, r) {
			if err := b.MemStore.Save(ctx, o); err != nil {
				return err
			}
		}
		return nil
	}
	return err
}

func (b *broken) Responses(ctx context.Context, wave string) iter.Seq2[enps.Response, error] {
	switch b.bug {
	case "no ErrNotFound":
		return func(yield func(enps.Response, error) bool) {
			if _, err := b.MemStore.Wave(ctx, wave); errors.Is(err, enps.ErrNotFound) {
				return
			}
			for r, err := range b.MemStore.Responses(ctx, wave) {
				if !yield(r, err) {
					return
				}
			}
		}
	case "checks ctx only first":
		return func(yield func(enps.Response, error) bool) {
			if err := ctx.Err(); err != nil {
				yield(enps.Response{}, err)
				return
			}
			for r, err := range b.MemStore.Responses(context.Background(), wave) {
				if !yield(r, err) {
					return
				}
			}
		}
	}
	return b.MemStore.Responses(b.ctx(ctx), wave)
}

func (b *broken) Delete(ctx context.Context, wave string, who enps.Token) (int, error) {
	ctx = b.ctx(ctx)
	switch b.bug {
	case "deletes across waves":
		for w, err := range b.MemStore.Waves(ctx) {
			if err != nil {
				return 0, err
			}
			if w.ID != wave {
				if _, err := b.MemStore.Delete(ctx, w.ID, who); err != nil {
					return 0, err
				}
			}
		}
	case "counts not decremented":
		b.mu.Lock()
		for r, err := range b.MemStore.Responses(ctx, wave) {
			if err == nil && r.Respondent == who {
				b.removed = append(b.removed, r)
			}
		}
		b.mu.Unlock()
	case "Delete returns 0":
		_, err := b.MemStore.Delete(ctx, wave, who)
		return 0, err
	}
	return b.MemStore.Delete(ctx, wave, who)
}

func (b *broken) Counts(ctx context.Context, wave string) (map[string][]int, error) {
	counts, err := b.MemStore.Counts(b.ctx(ctx), wave)
	if err != nil {
		return counts, err
	}
	switch b.bug {
	case "counts not decremented":
		w, err := b.MemStore.Wave(ctx, wave)
		if err != nil {
			return nil, err
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, r := range b.removed {
			if r.Wave != wave {
				continue
			}
			if counts[r.Unit] == nil {
				counts[r.Unit] = make([]int, w.Scale.Points())
			}
			counts[r.Unit][r.Rating-w.Scale.Min]++
		}
	case "counts indexed by rating":
		w, err := b.MemStore.Wave(ctx, wave)
		if err != nil {
			return nil, err
		}
		for u, c := range counts {
			counts[u] = append(make([]int, w.Scale.Min), c...)
		}
	}
	return counts, nil
}

func (b *broken) Record(ctx context.Context, p enps.Publication) error {
	if err := b.MemStore.Record(b.ctx(ctx), p); err != nil || b.bug != "ledger mixes audiences" {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pubs = append(b.pubs, p)
	return nil
}

func (b *broken) Publications(ctx context.Context, audience string) iter.Seq2[enps.Publication, error] {
	switch b.bug {
	case "ledger reorders":
		return func(yield func(enps.Publication, error) bool) {
			var ps []enps.Publication
			for p, err := range b.MemStore.Publications(ctx, audience) {
				if err != nil {
					yield(enps.Publication{}, err)
					return
				}
				ps = append(ps, p)
			}
			for _, p := range slices.Backward(ps) {
				if !yield(p, nil) {
					return
				}
			}
		}
	case "ledger mixes audiences":
		return func(yield func(enps.Publication, error) bool) {
			if err := ctx.Err(); err != nil {
				yield(enps.Publication{}, err)
				return
			}
			b.mu.Lock()
			ps := slices.Clone(b.pubs)
			b.mu.Unlock()
			for _, p := range ps {
				if !yield(p, nil) {
					return
				}
			}
		}
	}
	return b.MemStore.Publications(b.ctx(ctx), audience)
}

func TestSuiteCatchesBugs(t *testing.T) {
	if err := enpstest.Test(newBroken("")); err != nil {
		t.Fatalf("the wrapper without a bug fails: %v", err)
	}
	for bug, want := range map[string]string{
		"overwrites":               "Conflict",
		"swallows conflicts":       "Conflict",
		"truncates At":             "RoundTrip",
		"ignores ctx":              "Cancel",
		"checks ctx only first":    "Cancel",
		"deletes across waves":     "Delete",
		"Delete returns 0":         "Delete",
		"counts not decremented":   "Counter",
		"counts indexed by rating": "Counter",
		"ledger reorders":          "Ledger",
		"ledger mixes audiences":   "Ledger",
		"shares waves":             "Copies",
		"no ErrNotFound":           "NotFound",
		"waves by ID":              "WavesOrder",
	} {
		t.Run(bug, func(t *testing.T) {
			err := enpstest.Test(newBroken(bug))
			if err == nil {
				t.Fatal("the suite passed a broken store")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), "enpstest: "+want+": ") {
				t.Errorf("no failure of check %s in:\n%v", want, err)
			}
		})
	}
}

func TestErrorsNameRules(t *testing.T) {
	err := enpstest.Test(newBroken("waves by ID"))
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), "ordered by Opens as instants") {
		t.Errorf("the failure does not state the rule:\n%v", err)
	}
}

func TestNotEmpty(t *testing.T) {
	s := enps.NewMemStore()
	if err := enpstest.Test(s); err != nil {
		t.Fatal(err)
	}
	if err := enpstest.Test(s); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("want an error for a store that is not empty, got %v", err)
	}
}
