package nps_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
	"github.com/servicekultur/servicekultur/nps/npstest"
)

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

func TestMemStoreConformance(t *testing.T) {
	npstest.Run(t, func() nps.Store { return new(nps.MemStore) })
}

func TestMemStoreConformanceOneStore(t *testing.T) {
	require.NoError(t, npstest.Test(new(nps.MemStore)))
}

// plainStore hides MemStore's optional interfaces, so the helpers' fallbacks
// run.
type plainStore struct{ s *nps.MemStore }

func (p plainStore) Save(ctx context.Context, rs ...nps.Response) error { return p.s.Save(ctx, rs...) }

func (p plainStore) Responses(ctx context.Context, f nps.Filter) iter.Seq2[nps.Response, error] {
	return p.s.Responses(ctx, f)
}

func TestPlainStoreConformance(t *testing.T) {
	npstest.Run(t, func() nps.Store { return plainStore{new(nps.MemStore)} })
}

func resp(id string, r nps.Rating, at time.Time) nps.Response {
	return nps.Response{ID: id, Rating: r, At: at}
}

func collect(t *testing.T, seq iter.Seq2[nps.Response, error]) []nps.Response {
	t.Helper()
	var rs []nps.Response
	for r, err := range seq {
		require.NoError(t, err)
		rs = append(rs, r)
	}
	return rs
}

func ids(rs []nps.Response) []string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.ID
	}
	return s
}

func byAtID(a, b nps.Response) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func TestMemStoreBasics(t *testing.T) {
	ctx := t.Context()
	var s nps.MemStore
	assert.Empty(t, collect(t, s.Responses(ctx, nps.Filter{})), "zero value is empty")
	d, err := s.Count(ctx, nps.Filter{})
	require.NoError(t, err)
	assert.Zero(t, d.N())
	require.NoError(t, s.Delete(ctx, "nothing"), "zero value deletes")

	a, b, c := resp("a", 10, t0), resp("b", 6, t0.Add(time.Hour)), resp("c", 8, t0.Add(-time.Hour))
	a.Touchpoint, b.Touchpoint, c.Touchpoint = "phone", "phone", "desk"
	require.NoError(t, s.Save(ctx, a, b, c))
	assert.Equal(t, []string{"c", "a", "b"}, ids(collect(t, s.Responses(ctx, nps.Filter{}))))

	d, err = s.Count(ctx, nps.Filter{Touchpoints: []string{"phone"}})
	require.NoError(t, err)
	assert.Equal(t, nps.Distribution{6: 1, 10: 1}, d)

	err = s.Save(ctx, resp("d", 9, t0), resp("a", 9, t0))
	require.ErrorIs(t, err, nps.ErrConflict)
	assert.Contains(t, err.Error(), `"a"`)
	err = s.Save(ctx, resp("d", 9, t0), resp("e", 11, t0))
	require.ErrorIs(t, err, nps.ErrInvalidRating)
	assert.Contains(t, err.Error(), "response 2 of 2")
	assert.Len(t, collect(t, s.Responses(ctx, nps.Filter{})), 3)

	require.NoError(t, s.Delete(ctx, "a", "zzz"))
	assert.Equal(t, []string{"c", "b"}, ids(collect(t, s.Responses(ctx, nps.Filter{}))))
}

// TestMemStoreOrderRandom saves random batches, with many equal instants,
// and compares with sorting everything.
func TestMemStoreOrderRandom(t *testing.T) {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(1, 2))
	var s nps.MemStore
	var all []nps.Response
	for batch := range 60 {
		var rs []nps.Response
		for i := range rng.IntN(40) {
			r := resp(fmt.Sprintf("b%02d-%02d", batch, i), nps.Rating(rng.IntN(11)), t0.Add(time.Duration(rng.IntN(50))*time.Minute))
			rs = append(rs, r)
		}
		require.NoError(t, s.Save(ctx, rs...))
		all = append(all, rs...)
		if batch%7 == 0 && len(all) > 0 {
			gone := all[rng.IntN(len(all))].ID
			require.NoError(t, s.Delete(ctx, gone))
			all = slices.DeleteFunc(all, func(r nps.Response) bool { return r.ID == gone })
		}
	}
	slices.SortFunc(all, byAtID)
	require.Greater(t, len(all), 600, "spans several chunks")
	assert.Equal(t, ids(all), ids(collect(t, s.Responses(ctx, nps.Filter{}))))

	f := nps.Filter{From: t0.Add(10 * time.Minute), To: t0.Add(40 * time.Minute)}
	want := slices.DeleteFunc(slices.Clone(all), func(r nps.Response) bool { return !f.Match(r) })
	assert.Equal(t, ids(want), ids(collect(t, s.Responses(ctx, f))))
	var wantD nps.Distribution
	for _, r := range want {
		wantD[r.Rating]++
	}
	d, err := s.Count(ctx, f)
	require.NoError(t, err)
	assert.Equal(t, wantD, d)
}

// TestMemStoreSaveWhileIterating saves and deletes across chunk boundaries
// inside the loop: nothing is yielded twice, order holds, and responses
// saved ahead of the cursor appear.
func TestMemStoreSaveWhileIterating(t *testing.T) {
	ctx := t.Context()
	var s nps.MemStore
	for i := range 1000 {
		require.NoError(t, s.Save(ctx, resp(fmt.Sprintf("r%04d", i), 9, t0.Add(time.Duration(i)*time.Second))))
	}
	var got []nps.Response
	for r, err := range s.Responses(ctx, nps.Filter{}) {
		require.NoError(t, err)
		got = append(got, r)
		if len(got)%100 == 0 {
			// one behind the cursor (never seen), one far ahead (seen), and delete one ahead
			require.NoError(t, s.Save(ctx,
				resp(fmt.Sprintf("behind%d", len(got)), 5, t0.Add(-time.Hour)),
				resp(fmt.Sprintf("ahead%d", len(got)), 5, t0.Add(time.Hour))))
			require.NoError(t, s.Delete(ctx, fmt.Sprintf("r%04d", len(got)+500)))
		}
	}
	seen := map[string]bool{}
	for _, r := range got {
		require.False(t, seen[r.ID], "yielded twice: %s", r.ID)
		seen[r.ID] = true
	}
	assert.True(t, slices.IsSortedFunc(got, byAtID))
	assert.False(t, seen["behind100"])
	assert.True(t, seen["ahead100"])
	assert.False(t, seen["r0600"], "deleted before the cursor reached it")
}

func TestMemStoreConcurrent(t *testing.T) {
	ctx := t.Context()
	var s nps.MemStore
	const writers, each = 8, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				r := resp(fmt.Sprintf("w%d-%03d", w, i), nps.Rating((w+i)%11), t0.Add(time.Duration(i)*time.Minute))
				r.Touchpoint = []string{"phone", "desk"}[w%2]
				assert.NoError(t, s.Save(ctx, r, r))
				if i%50 == 0 {
					assert.NoError(t, s.Delete(ctx, fmt.Sprintf("w%d-%03d", w, i)))
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				var rs []nps.Response
				for r, err := range s.Responses(ctx, nps.Filter{Touchpoints: []string{"phone"}}) {
					if !assert.NoError(t, err) {
						return
					}
					rs = append(rs, r)
				}
				assert.True(t, slices.IsSortedFunc(rs, byAtID))
				_, err := nps.Count(ctx, &s, nps.Filter{From: t0.Add(time.Hour)})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	d, err := s.Count(ctx, nps.Filter{})
	require.NoError(t, err)
	assert.Equal(t, writers*(each-each/50), d.N())
}

func TestMemStoreCancel(t *testing.T) {
	var s nps.MemStore
	require.NoError(t, s.Save(t.Context(), resp("a", 9, t0)))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, s.Save(ctx, resp("b", 9, t0)), context.Canceled)
	require.ErrorIs(t, s.Delete(ctx, "a"), context.Canceled)
	_, err := s.Count(ctx, nps.Filter{})
	require.ErrorIs(t, err, context.Canceled)
	n := 0
	for r, err := range s.Responses(ctx, nps.Filter{}) {
		n++
		require.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, r.ID)
	}
	assert.Equal(t, 1, n)
}

// counterStub counts nothing itself and reports a fixed distribution, to
// show that Count prefers a Counter.
type counterStub struct {
	plainStore
	d nps.Distribution
}

func (c counterStub) Count(context.Context, nps.Filter) (nps.Distribution, error) { return c.d, nil }

func TestCountHelper(t *testing.T) {
	ctx := t.Context()
	ms := new(nps.MemStore)
	require.NoError(t, ms.Save(ctx, resp("a", 10, t0), resp("b", 3, t0), resp("c", 10, t0.Add(time.Hour))))

	d, err := nps.Count(ctx, plainStore{ms}, nps.Filter{To: t0.Add(time.Hour)})
	require.NoError(t, err, "streaming fallback")
	assert.Equal(t, nps.Distribution{3: 1, 10: 1}, d)

	d, err = nps.Count(ctx, counterStub{plainStore{ms}, nps.Distribution{7: 42}}, nps.Filter{})
	require.NoError(t, err)
	assert.Equal(t, nps.Distribution{7: 42}, d, "uses the Counter")

	bad := nps.Filter{From: t0, To: t0.Add(-1)}
	for _, s := range []nps.Store{ms, plainStore{ms}, counterStub{plainStore{ms}, nps.Distribution{}}} {
		_, err = nps.Count(ctx, s, bad)
		require.ErrorIs(t, err, nps.ErrInvalidArgument, "%T", s)
	}
}

func TestDeleteHelper(t *testing.T) {
	ctx := t.Context()
	ms := new(nps.MemStore)
	require.NoError(t, ms.Save(ctx, resp("a", 10, t0), resp("b", 3, t0)))
	err := nps.Delete(ctx, plainStore{ms}, "a")
	require.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Contains(t, err.Error(), "plainStore")
	require.NoError(t, nps.Delete(ctx, ms, "a"))
	assert.Equal(t, []string{"b"}, ids(collect(t, ms.Responses(ctx, nps.Filter{}))))
}

func BenchmarkMemStore(b *testing.B) {
	ctx := context.Background()
	var s nps.MemStore
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 100_000
	rs := make([]nps.Response, n)
	for i := range rs {
		rs[i] = resp(fmt.Sprintf("r%06d", i), nps.Rating(rng.IntN(11)), t0.Add(time.Duration(rng.IntN(90*24*60))*time.Minute))
		rs[i].Touchpoint = []string{"phone", "desk", "web"}[i%3]
	}
	if err := s.Save(ctx, rs...); err != nil {
		b.Fatal(err)
	}
	week := nps.Filter{From: t0.Add(30 * 24 * time.Hour), To: t0.Add(37 * 24 * time.Hour), Touchpoints: []string{"phone"}}
	b.Run("Count/week", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Count(ctx, week); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Responses/week", func(b *testing.B) {
		for b.Loop() {
			for _, err := range s.Responses(ctx, week) {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Save/one", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			if err := s.Save(ctx, resp(fmt.Sprintf("new%d", i), 9, t0.Add(time.Duration(i)))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
