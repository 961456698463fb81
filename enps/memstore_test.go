package enps_test

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/enps"
)

var memT0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// memWave returns a valid wave on the 0–10 scale with units co, sales and
// ops.
func memWave(id string, opens time.Time) enps.Wave {
	return enps.Wave{
		ID:     id,
		Opens:  opens,
		Closes: opens.Add(14 * 24 * time.Hour),
		Scale:  enps.StandardScale(),
		Units:  []enps.Unit{{ID: "co"}, {ID: "sales", Parent: "co"}, {ID: "ops", Parent: "co"}},
		Population: []enps.Member{
			{Employee: "e-1", Unit: "sales", Attributes: map[string]string{"site": "Aarhus"}},
			{Employee: "e-2", Unit: "ops"},
		},
		Items: []enps.Item{{ID: "inform", I: enps.Inform}},
	}
}

// memResp returns a valid response of respondent who.
func memResp(wave string, who byte, unit string, rating int, at time.Time) enps.Response {
	return enps.Response{Wave: wave, Respondent: enps.Token{who}, Unit: unit, Rating: rating, At: at}
}

func memCollect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var vs []T
	for v, err := range seq {
		require.NoError(t, err)
		vs = append(vs, v)
	}
	return vs
}

// memStore returns a store holding the waves.
func memStore(t *testing.T, ws ...enps.Wave) *enps.MemStore {
	t.Helper()
	s := enps.NewMemStore()
	for _, w := range ws {
		require.NoError(t, s.SaveWave(t.Context(), w))
	}
	return s
}

func TestMemStoreSaveWave(t *testing.T) {
	ctx := t.Context()
	w := memWave("w1", memT0)
	s := memStore(t, w)

	for _, tc := range []struct {
		name   string
		change func(*enps.Wave)
		want   error // nil: no error
	}{
		{"equal", func(*enps.Wave) {}, nil},
		{"instants in another location", func(w *enps.Wave) {
			w.Opens, w.Closes = w.Opens.In(time.FixedZone("CET", 3600)), w.Closes.Local()
		}, nil},
		{"empty for nil", func(w *enps.Wave) { w.Population[1].Attributes = map[string]string{} }, nil},
		{"closes 1ns later", func(w *enps.Wave) { w.Closes = w.Closes.Add(1) }, enps.ErrConflict},
		{"another scale", func(w *enps.Wave) { w.Scale.PassiveMax = 7 }, enps.ErrConflict},
		{"a member's attribute", func(w *enps.Wave) { w.Population[0].Attributes["site"] = "Berlin" }, enps.ErrConflict},
		{"a member less", func(w *enps.Wave) { w.Population = w.Population[:1] }, enps.ErrConflict},
		{"another item", func(w *enps.Wave) { w.Items[0].Text = "x" }, enps.ErrConflict},
		{"another question", func(w *enps.Wave) { w.Question = "?" }, enps.ErrConflict},
		{"rolling", func(w *enps.Wave) { w.Mode = enps.Rolling }, enps.ErrConflict},
		{"invalid: no opening", func(w *enps.Wave) { w.Opens = time.Time{} }, enps.ErrInvalidWave},
		{"invalid: scale", func(w *enps.Wave) { w.Scale = enps.Scale{} }, enps.ErrInvalidScale},
		{"invalid: unknown unit", func(w *enps.Wave) { w.Population[0].Unit = "hr" }, enps.ErrInvalidWave},
		{"invalid: org cycle", func(w *enps.Wave) { w.Units[0].Parent = "sales" }, enps.ErrInvalidOrg},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := w.Clone()
			tc.change(&v)
			err := s.SaveWave(ctx, v)
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
			got, err := s.Wave(ctx, "w1")
			require.NoError(t, err)
			assert.True(t, got.Opens.Equal(w.Opens))
			assert.Equal(t, w.Population, got.Population)
			assert.Equal(t, w.Scale, got.Scale)
			assert.Equal(t, w.Items, got.Items)
		})
	}

	_, err := s.Wave(ctx, "missing")
	require.ErrorIs(t, err, enps.ErrNotFound)
	require.ErrorIs(t, s.SaveWave(ctx, enps.Wave{}), enps.ErrInvalidWave)
	assert.Len(t, memCollect(t, s.Waves(ctx)), 1)
}

func TestMemStoreWaveCopies(t *testing.T) {
	ctx := t.Context()
	w := memWave("w1", memT0)
	s := memStore(t, w)
	w.Population[0].Attributes["site"] = "changed"
	w.Units[1].Name = "changed"

	got, err := s.Wave(ctx, "w1")
	require.NoError(t, err)
	assert.Equal(t, "Aarhus", got.Population[0].Attributes["site"])
	assert.Empty(t, got.Units[1].Name)
	got.Population[0].Attributes["site"] = "changed again"
	got.Items[0].ID = "changed"

	again, err := s.Wave(ctx, "w1")
	require.NoError(t, err)
	assert.Equal(t, "Aarhus", again.Population[0].Attributes["site"])
	assert.Equal(t, "inform", again.Items[0].ID)
}

func TestMemStoreWavesOrder(t *testing.T) {
	ctx := t.Context()
	s := memStore(t,
		memWave("c", memT0.Add(time.Hour)),
		memWave("b", memT0),
		memWave("a", memT0.Add(time.Hour)),
		memWave("z", memT0.Add(-time.Nanosecond).In(time.FixedZone("JST", 9*3600))),
	)
	var ids []string
	for w, err := range s.Waves(ctx) {
		require.NoError(t, err)
		ids = append(ids, w.ID)
	}
	assert.Equal(t, []string{"z", "b", "a", "c"}, ids)
}

func TestMemStoreSave(t *testing.T) {
	five := memWave("five", memT0)
	five.Scale = enps.Scale{Min: 1, Max: 5, DetractorMax: 2, PassiveMax: 3}
	valid := memResp("w1", 1, "sales", 7, memT0.Add(time.Hour))
	for _, tc := range []struct {
		name string
		r    enps.Response
		want error
	}{
		{"no wave", func() enps.Response { r := valid; r.Wave = ""; return r }(), enps.ErrInvalidResponse},
		{"zero token", func() enps.Response { r := valid; r.Respondent = enps.Token{}; return r }(), enps.ErrInvalidResponse},
		{"no unit", func() enps.Response { r := valid; r.Unit = ""; return r }(), enps.ErrInvalidResponse},
		{"zero At", func() enps.Response { r := valid; r.At = time.Time{}; return r }(), enps.ErrInvalidResponse},
		{"unknown wave", func() enps.Response { r := valid; r.Wave = "nope"; return r }(), enps.ErrNotFound},
		{"rating −1", memResp("w1", 1, "sales", -1, memT0), enps.ErrInvalidRating},
		{"rating 11", memResp("w1", 1, "sales", 11, memT0), enps.ErrInvalidRating},
		{"rating 0 on 1–5", memResp("five", 1, "sales", 0, memT0), enps.ErrInvalidRating},
		{"rating 6 on 1–5", memResp("five", 1, "sales", 6, memT0), enps.ErrInvalidRating},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			s := memStore(t, memWave("w1", memT0), five)
			require.ErrorIs(t, s.Save(ctx, tc.r), tc.want)
			for _, w := range []string{"w1", "five"} {
				assert.Empty(t, memCollect(t, s.Responses(ctx, w)))
				counts, err := s.Counts(ctx, w)
				require.NoError(t, err)
				assert.Empty(t, counts)
			}
		})
	}
}

func TestMemStoreSaveIdempotentAndConflict(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memWave("w1", memT0))
	orig := memResp("w1", 1, "sales", 7, memT0.Add(time.Hour))
	orig.Attributes = map[string]string{"site": "Aarhus"}
	orig.Comment = "fine"
	require.NoError(t, s.Save(ctx, orig))

	equal := orig.Clone()
	equal.At = orig.At.In(time.FixedZone("UTC-5", -5*3600))
	require.NoError(t, s.Save(ctx, equal), "the same instant in another location is the same key")
	require.NoError(t, s.Save(ctx, orig))

	for _, change := range []func(*enps.Response){
		func(r *enps.Response) { r.Rating = 8 },
		func(r *enps.Response) { r.Unit = "ops" },
		func(r *enps.Response) { r.Comment = "" },
		func(r *enps.Response) { r.Attributes = nil },
		func(r *enps.Response) { r.Items = map[string]int{"inform": 3} },
	} {
		c := orig.Clone()
		change(&c)
		require.ErrorIs(t, s.Save(ctx, c), enps.ErrConflict)
	}
	later := orig.Clone()
	later.At, later.Rating = orig.At.Add(time.Nanosecond), 2
	require.NoError(t, s.Save(ctx, later), "1ns later is another key")

	got := memCollect(t, s.Responses(ctx, "w1"))
	require.Len(t, got, 2)
	assert.True(t, got[0].Equal(orig), "the first is kept: %+v", got[0])
	assert.True(t, got[1].Equal(later))
	counts, err := s.Counts(ctx, "w1")
	require.NoError(t, err)
	assert.Equal(t, map[string][]int{"sales": {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0}}, counts)
}

func TestMemStoreResponseCopies(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memWave("w1", memT0))
	r := memResp("w1", 1, "sales", 7, memT0)
	r.Attributes = map[string]string{"site": "Aarhus"}
	r.Items = map[string]int{"inform": 4}
	require.NoError(t, s.Save(ctx, r))
	r.Attributes["site"] = "changed"
	r.Items["inform"] = 1
	for got, err := range s.Responses(ctx, "w1") {
		require.NoError(t, err)
		assert.Equal(t, "Aarhus", got.Attributes["site"])
		assert.Equal(t, 4, got.Items["inform"])
		got.Attributes["site"] = "changed"
		got.Items["x"] = 1
	}
	got := memCollect(t, s.Responses(ctx, "w1"))
	require.Len(t, got, 1)
	assert.Equal(t, map[string]string{"site": "Aarhus"}, got[0].Attributes)
	assert.Equal(t, map[string]int{"inform": 4}, got[0].Items)
}

func TestMemStoreResponsesOrder(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memWave("w1", memT0), memWave("w2", memT0))
	rs := []enps.Response{
		memResp("w1", 3, "sales", 1, memT0.Add(time.Hour)),
		memResp("w1", 2, "sales", 2, memT0.Add(time.Hour)),
		memResp("w1", 9, "ops", 3, memT0.Add(time.Hour-time.Nanosecond)),
		memResp("w1", 2, "sales", 4, memT0.Add(2*time.Hour)),
		memResp("w2", 1, "sales", 5, memT0),
	}
	for _, r := range rs {
		require.NoError(t, s.Save(ctx, r))
	}
	var ratings []int
	for r, err := range s.Responses(ctx, "w1") {
		require.NoError(t, err)
		ratings = append(ratings, r.Rating)
	}
	assert.Equal(t, []int{3, 2, 1, 4}, ratings, "by At, then by respondent")

	items := 0
	for r, err := range s.Responses(ctx, "missing") {
		items++
		require.ErrorIs(t, err, enps.ErrNotFound)
		assert.Zero(t, r.Rating)
	}
	assert.Equal(t, 1, items)
}

func TestMemStoreCountsAndDelete(t *testing.T) {
	ctx := t.Context()
	five := memWave("five", memT0)
	five.Mode, five.Closes = enps.Rolling, time.Time{}
	five.Scale = enps.Scale{Min: 1, Max: 5, DetractorMax: 2, PassiveMax: 3}
	s := memStore(t, five, memWave("std", memT0))
	for _, r := range []enps.Response{
		memResp("five", 1, "sales", 1, memT0),
		memResp("five", 1, "sales", 5, memT0.Add(time.Hour)), // rolling: again
		memResp("five", 2, "sales", 5, memT0),
		memResp("five", 3, "ops", 3, memT0),
		memResp("std", 1, "ops", 10, memT0), // the same token in another wave
	} {
		require.NoError(t, s.Save(ctx, r))
	}
	counts := func(wave string) map[string][]int {
		t.Helper()
		c, err := s.Counts(ctx, wave)
		require.NoError(t, err)
		return c
	}

	for _, step := range []struct {
		name      string
		do        func() (int, error)
		removed   int
		five, std map[string][]int
	}{
		{"before", func() (int, error) { return 0, nil }, 0,
			map[string][]int{"sales": {1, 0, 0, 0, 2}, "ops": {0, 0, 1, 0, 0}},
			map[string][]int{"ops": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
		{"delete respondent 1 in five", func() (int, error) { return s.Delete(ctx, "five", enps.Token{1}) }, 2,
			map[string][]int{"sales": {0, 0, 0, 0, 1}, "ops": {0, 0, 1, 0, 0}},
			map[string][]int{"ops": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
		{"again", func() (int, error) { return s.Delete(ctx, "five", enps.Token{1}) }, 0,
			map[string][]int{"sales": {0, 0, 0, 0, 1}, "ops": {0, 0, 1, 0, 0}},
			map[string][]int{"ops": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
		{"the last of ops", func() (int, error) { return s.Delete(ctx, "five", enps.Token{3}) }, 1,
			map[string][]int{"sales": {0, 0, 0, 0, 1}},
			map[string][]int{"ops": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
		{"unknown wave", func() (int, error) { return s.Delete(ctx, "missing", enps.Token{2}) }, 0,
			map[string][]int{"sales": {0, 0, 0, 0, 1}},
			map[string][]int{"ops": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
		{"unknown respondent", func() (int, error) { return s.Delete(ctx, "five", enps.Token{7}) }, 0,
			map[string][]int{"sales": {0, 0, 0, 0, 1}},
			map[string][]int{"ops": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
		{"std", func() (int, error) { return s.Delete(ctx, "std", enps.Token{1}) }, 1,
			map[string][]int{"sales": {0, 0, 0, 0, 1}},
			map[string][]int{}},
	} {
		n, err := step.do()
		require.NoError(t, err, step.name)
		assert.Equal(t, step.removed, n, step.name)
		assert.Equal(t, step.five, counts("five"), step.name)
		assert.Equal(t, step.std, counts("std"), step.name)
	}

	require.NoError(t, s.Save(ctx, memResp("five", 1, "ops", 2, memT0)), "a deleted key is free")
	assert.Equal(t, map[string][]int{"sales": {0, 0, 0, 0, 1}, "ops": {0, 1, 0, 0, 0}}, counts("five"))

	c := counts("five")
	c["sales"][4] = 99
	delete(c, "ops")
	assert.Equal(t, map[string][]int{"sales": {0, 0, 0, 0, 1}, "ops": {0, 1, 0, 0, 0}}, counts("five"), "Counts returns a copy")

	_, err := s.Counts(ctx, "missing")
	require.ErrorIs(t, err, enps.ErrNotFound)
}

func TestMemStoreLedger(t *testing.T) {
	ctx := t.Context()
	s := enps.NewMemStore()
	cell := func(key string, who ...byte) enps.PublishedCell {
		c := enps.PublishedCell{Key: key}
		for _, b := range who {
			c.Respondents = append(c.Respondents, enps.Token{b})
		}
		return c
	}
	for _, tc := range []struct {
		name string
		p    enps.Publication
	}{
		{"no wave", enps.Publication{Audience: "hr", Cells: []enps.PublishedCell{cell("a", 1, 2, 3)}}},
		{"cell without key", enps.Publication{Audience: "hr", Wave: "w1", Cells: []enps.PublishedCell{cell("a", 1), cell("", 2)}}},
		{"unsorted", enps.Publication{Audience: "hr", Wave: "w1", Cells: []enps.PublishedCell{cell("a", 2, 1, 3)}}},
		{"repeated", enps.Publication{Audience: "hr", Wave: "w1", Cells: []enps.PublishedCell{cell("a", 1, 2, 2)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, s.Record(ctx, tc.p), enps.ErrInvalidRequest)
		})
	}
	assert.Empty(t, memCollect(t, s.Publications(ctx, "hr")))

	p1 := enps.Publication{Audience: "hr", Wave: "w1", At: memT0.Add(time.Hour), Cells: []enps.PublishedCell{cell("sales/subtree", 1, 2, 3, 4)}}
	p2 := enps.Publication{Audience: "ceo", Wave: "w1", At: memT0, Cells: []enps.PublishedCell{cell("co/subtree", 1, 2, 3, 4, 5)}}
	p3 := enps.Publication{Audience: "hr", Wave: "w2", At: memT0} // earlier, recorded later
	p4 := enps.Publication{Wave: "w1", At: memT0, Cells: []enps.PublishedCell{cell("co/subtree", 1, 2, 3)}}
	for _, p := range []enps.Publication{p1, p2, p3, p4} {
		require.NoError(t, s.Record(ctx, p))
	}

	hr := memCollect(t, s.Publications(ctx, "hr"))
	require.Len(t, hr, 2)
	assert.Equal(t, "w1", hr[0].Wave, "in the order recorded")
	assert.Equal(t, "w2", hr[1].Wave)
	assert.Equal(t, p1.Cells, hr[0].Cells)
	hr[0].Cells[0].Respondents[0] = enps.Token{9}
	hr[0].Cells[0].Key = "changed"
	again := memCollect(t, s.Publications(ctx, "hr"))
	assert.Equal(t, p1.Cells, again[0].Cells, "Publications yields copies")

	ceo := memCollect(t, s.Publications(ctx, "ceo"))
	require.Len(t, ceo, 1)
	assert.Equal(t, p2.Cells, ceo[0].Cells)
	shared := memCollect(t, s.Publications(ctx, ""))
	require.Len(t, shared, 1)
	assert.Equal(t, p4.Cells, shared[0].Cells)
	assert.Empty(t, memCollect(t, s.Publications(ctx, "nobody")))
}

func TestMemStoreLedgerKeepsRecordedCopy(t *testing.T) {
	ctx := t.Context()
	s := enps.NewMemStore()
	p := enps.Publication{Audience: "hr", Wave: "w1", Cells: []enps.PublishedCell{{Key: "a", Respondents: []enps.Token{{1}, {2}, {3}}}}}
	require.NoError(t, s.Record(ctx, p))
	p.Cells[0].Respondents[0] = enps.Token{9}
	p.Cells[0].Key = "changed"
	got := memCollect(t, s.Publications(ctx, "hr"))
	require.Len(t, got, 1)
	assert.Equal(t, []enps.PublishedCell{{Key: "a", Respondents: []enps.Token{{1}, {2}, {3}}}}, got[0].Cells)
}

func TestMemStoreCanceled(t *testing.T) {
	s := memStore(t, memWave("w1", memT0))
	r := memResp("w1", 1, "sales", 7, memT0)
	require.NoError(t, s.Save(t.Context(), r))
	require.NoError(t, s.Record(t.Context(), enps.Publication{Audience: "hr", Wave: "w1"}))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	assert.ErrorIs(t, s.SaveWave(ctx, memWave("w2", memT0)), context.Canceled)
	_, err := s.Wave(ctx, "w1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.Save(ctx, memResp("w1", 2, "sales", 7, memT0)), context.Canceled)
	n, err := s.Delete(ctx, "w1", r.Respondent)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, n)
	_, err = s.Counts(ctx, "w1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.Record(ctx, enps.Publication{Audience: "hr", Wave: "w1"}), context.Canceled)
	for name, seq := range map[string]func() []error{
		"Waves":        func() []error { return memErrs(s.Waves(ctx)) },
		"Responses":    func() []error { return memErrs(s.Responses(ctx, "w1")) },
		"Publications": func() []error { return memErrs(s.Publications(ctx, "hr")) },
	} {
		errs := seq()
		require.Len(t, errs, 1, name)
		assert.ErrorIs(t, errs[0], context.Canceled, name)
	}

	// Nothing changed.
	bg := t.Context()
	_, err = s.Wave(bg, "w2")
	assert.ErrorIs(t, err, enps.ErrNotFound)
	assert.Len(t, memCollect(t, s.Responses(bg, "w1")), 1)
	assert.Len(t, memCollect(t, s.Publications(bg, "hr")), 1)
}

// memErrs returns what seq yields as errors, nil for values.
func memErrs[T any](seq iter.Seq2[T, error]) []error {
	var errs []error
	for _, err := range seq {
		errs = append(errs, err)
	}
	return errs
}

func TestMemStoreCanceledDuringSequence(t *testing.T) {
	s := memStore(t, memWave("w1", memT0), memWave("w2", memT0.Add(time.Hour)))
	for i := range byte(3) {
		require.NoError(t, s.Save(t.Context(), memResp("w1", i+1, "sales", 7, memT0)))
		require.NoError(t, s.Record(t.Context(), enps.Publication{Audience: "hr", Wave: "w1"}))
	}
	check := func(name string, errs func(ctx context.Context, cancel func()) []error) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		got := errs(ctx, cancel)
		require.Len(t, got, 2, name)
		assert.NoError(t, got[0], name)
		assert.ErrorIs(t, got[1], context.Canceled, name)
	}
	check("Waves", func(ctx context.Context, cancel func()) []error {
		var errs []error
		for _, err := range s.Waves(ctx) {
			errs = append(errs, err)
			cancel()
		}
		return errs
	})
	check("Responses", func(ctx context.Context, cancel func()) []error {
		var errs []error
		for _, err := range s.Responses(ctx, "w1") {
			errs = append(errs, err)
			cancel()
		}
		return errs
	})
	check("Publications", func(ctx context.Context, cancel func()) []error {
		var errs []error
		for _, err := range s.Publications(ctx, "hr") {
			errs = append(errs, err)
			cancel()
		}
		return errs
	})
}

func TestMemStoreCallsInsideLoop(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memWave("w1", memT0))
	require.NoError(t, s.Save(ctx, memResp("w1", 1, "sales", 7, memT0)))
	for r, err := range s.Responses(ctx, "w1") {
		require.NoError(t, err)
		require.NoError(t, s.Save(ctx, memResp("w1", 2, "ops", 3, r.At)))
		_, err := s.Delete(ctx, "w1", r.Respondent)
		require.NoError(t, err)
		require.NoError(t, s.SaveWave(ctx, memWave("w2", memT0)))
	}
	for range s.Waves(ctx) {
		require.NoError(t, s.SaveWave(ctx, memWave("w3", memT0)))
	}
	got := memCollect(t, s.Responses(ctx, "w1"))
	require.Len(t, got, 1)
	assert.Equal(t, enps.Token{2}, got[0].Respondent)
}

func TestMemStoreConcurrent(t *testing.T) {
	ctx := t.Context()
	const writers, each = 16, 40
	s := memStore(t, memWave("w1", memT0), memWave("w2", memT0))
	units := []string{"sales", "ops", "co"}
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range each {
				wave := []string{"w1", "w2"}[i%2]
				var who enps.Token
				who[0], who[1] = byte(g+1), byte(i)
				r := enps.Response{Wave: wave, Respondent: who, Unit: units[(g+i)%3], Rating: (g * i) % 11, At: memT0.Add(time.Duration(i) * time.Second)}
				assert.NoError(t, s.Save(ctx, r))
				assert.NoError(t, s.Save(ctx, r)) // idempotent under contention
				if i%4 == 3 {
					n, err := s.Delete(ctx, wave, who)
					assert.NoError(t, err)
					assert.Equal(t, 1, n)
				}
			}
		})
	}
	// Savers of one key: exactly one version wins.
	wins := make(chan int, writers)
	for g := range writers {
		wg.Go(func() {
			r := memResp("w1", 250, "sales", g%11, memT0.Add(time.Hour))
			r.Comment = fmt.Sprint(g)
			switch err := s.Save(ctx, r); {
			case err == nil:
				wins <- g
			default:
				assert.ErrorIs(t, err, enps.ErrConflict)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				for _, w := range []string{"w1", "w2"} {
					for _, err := range s.Responses(ctx, w) {
						assert.NoError(t, err)
					}
					_, err := s.Counts(ctx, w)
					assert.NoError(t, err)
				}
				for _, err := range s.Waves(ctx) {
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	close(wins)
	var winners []int
	for g := range wins {
		winners = append(winners, g)
	}
	require.Len(t, winners, 1)

	for _, w := range []string{"w1", "w2"} {
		rs := memCollect(t, s.Responses(ctx, w))
		want := 0
		for i := range each {
			if []string{"w1", "w2"}[i%2] == w && i%4 != 3 {
				want += writers
			}
		}
		if w == "w1" {
			want++ // the key all savers raced for
		}
		assert.Len(t, rs, want, w)
		recount := map[string][]int{}
		for _, r := range rs {
			if recount[r.Unit] == nil {
				recount[r.Unit] = make([]int, 11)
			}
			recount[r.Unit][r.Rating]++
			if r.Respondent == (enps.Token{250}) {
				assert.Equal(t, fmt.Sprint(winners[0]), r.Comment)
			}
		}
		counts, err := s.Counts(ctx, w)
		require.NoError(t, err)
		assert.Equal(t, recount, counts, w)
	}
	assert.True(t, slices.IsSortedFunc(memCollect(t, s.Waves(ctx)), func(a, b enps.Wave) int { return a.Opens.Compare(b.Opens) }))
}
