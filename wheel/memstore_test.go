package wheel_test

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/wheel"
)

var memT0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// memAssessment returns a valid assessment of the wheel with four items,
// units co, sales and ops, and owners.
func memAssessment(id string, at time.Time) wheel.Assessment {
	return wheel.Assessment{
		ID:        id,
		At:        at,
		Framework: wheel.InternalMarketingWheel(),
		Scale:     wheel.Scale{Min: 1, Max: 5, Labels: []string{"1", "2", "3", "4", "5"}},
		Items: []wheel.Item{
			{ID: "q1", Dimension: "1.1", Text: "We compete for the best people"},
			{ID: "q2", Dimension: "2.2", Text: "I may decide how to help a customer"},
			{ID: "q3", Dimension: "3.1", Text: "I am rarely told what is expected of me", Reverse: true},
			{ID: "q4", Dimension: "4.3"},
		},
		Units:  []wheel.Unit{{ID: "co"}, {ID: "sales", Parent: "co"}, {ID: "ops", Parent: "co"}},
		Owners: map[string]string{"1.1": "hr", "2.2": "coo"},
	}
}

// memResp returns a valid response of respondent who.
func memResp(assessment, who string, at time.Time) wheel.Response {
	return wheel.Response{
		Assessment: assessment, Respondent: who, Role: wheel.Employee, Unit: "sales", At: at,
		Answers: map[string]wheel.Answer{"q1": wheel.Rated(4), "q2": wheel.NA, "q3": wheel.Rated(2)},
	}
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

// memStore returns a store holding the assessments.
func memStore(t *testing.T, as ...wheel.Assessment) *wheel.MemStore {
	t.Helper()
	s := wheel.NewMemStore()
	for _, a := range as {
		require.NoError(t, s.SaveAssessment(t.Context(), a))
	}
	return s
}

func TestMemStoreSaveAssessment(t *testing.T) {
	ctx := t.Context()
	a := memAssessment("a1", memT0)
	s := memStore(t, a)

	for _, tc := range []struct {
		name   string
		change func(*wheel.Assessment)
		want   error // nil: no error
	}{
		{"equal", func(*wheel.Assessment) {}, nil},
		{"At in another location", func(a *wheel.Assessment) { a.At = a.At.In(time.FixedZone("CET", 3600)) }, nil},
		{"At 1ns later", func(a *wheel.Assessment) { a.At = a.At.Add(1) }, wheel.ErrConflict},
		{"another framework name", func(a *wheel.Assessment) { a.Framework.Name = "x" }, wheel.ErrConflict},
		{"a dimension relabelled", func(a *wheel.Assessment) { a.Framework.Dimensions[3].Label = "x" }, wheel.ErrConflict},
		{"unordered", func(a *wheel.Assessment) { a.Framework.Ordered = false }, wheel.ErrConflict},
		{"single owner", func(a *wheel.Assessment) { a.Framework.SingleOwner = true }, wheel.ErrConflict},
		{"the zero scale", func(a *wheel.Assessment) { a.Scale = wheel.Scale{} }, wheel.ErrConflict},
		{"a scale label", func(a *wheel.Assessment) { a.Scale.Labels[0] = "never" }, wheel.ErrConflict},
		{"an item reversed", func(a *wheel.Assessment) { a.Items[0].Reverse = true }, wheel.ErrConflict},
		{"an item less", func(a *wheel.Assessment) { a.Items = a.Items[1:] }, wheel.ErrConflict},
		{"a unit moved", func(a *wheel.Assessment) { a.Units[2].Parent = "sales" }, wheel.ErrConflict},
		{"an owner changed", func(a *wheel.Assessment) { a.Owners["1.1"] = "ceo" }, wheel.ErrConflict},
		{"no owners", func(a *wheel.Assessment) { a.Owners = nil }, wheel.ErrConflict},
		{"invalid: no items", func(a *wheel.Assessment) { a.Items = nil }, wheel.ErrInvalidAssessment},
		{"invalid: scale", func(a *wheel.Assessment) { a.Scale = wheel.Scale{Min: 0, Max: 5} }, wheel.ErrInvalidScale},
		{"invalid: framework", func(a *wheel.Assessment) { a.Framework.Dimensions[0].ID = "1.2" }, wheel.ErrInvalidFramework},
		{"invalid: unknown dimension", func(a *wheel.Assessment) { a.Items[0].Dimension = "9" }, wheel.ErrUnknownDimension},
		{"invalid: unit cycle", func(a *wheel.Assessment) { a.Units[0].Parent = "ops" }, wheel.ErrInvalidAssessment},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := a.Clone()
			tc.change(&v)
			err := s.SaveAssessment(ctx, v)
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
			got, err := s.Assessment(ctx, "a1")
			require.NoError(t, err)
			assert.True(t, got.At.Equal(a.At))
			got.At = a.At
			assert.Equal(t, a, got)
		})
	}

	bare := memAssessment("bare", memT0)
	bare.Owners, bare.Units, bare.Scale.Labels = nil, nil, nil
	require.NoError(t, s.SaveAssessment(ctx, bare))
	empty := bare.Clone()
	empty.Owners, empty.Units, empty.Scale.Labels = map[string]string{}, []wheel.Unit{}, []string{}
	require.NoError(t, s.SaveAssessment(ctx, empty), "empty slices and maps are alike to nil ones")

	_, err := s.Assessment(ctx, "missing")
	require.ErrorIs(t, err, wheel.ErrNotFound)
	require.ErrorIs(t, s.SaveAssessment(ctx, wheel.Assessment{}), wheel.ErrInvalidAssessment)
	assert.Len(t, memCollect(t, s.Assessments(ctx)), 2)
}

func TestMemStoreAssessmentCopies(t *testing.T) {
	ctx := t.Context()
	a := memAssessment("a1", memT0)
	s := memStore(t, a)
	a.Framework.Dimensions[0].Label = "changed"
	a.Items[0].Text = "changed"
	a.Owners["1.1"] = "changed"
	a.Scale.Labels[0] = "changed"

	got, err := s.Assessment(ctx, "a1")
	require.NoError(t, err)
	want := memAssessment("a1", memT0)
	assert.Equal(t, want, got)
	got.Units[0].ID = "changed"
	got.Framework.Stages[0].Label = "changed"
	for a, err := range s.Assessments(ctx) {
		require.NoError(t, err)
		a.Items[1].ID = "changed"
		a.Owners["2.2"] = "changed"
	}
	again, err := s.Assessment(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, want, again)
}

func TestMemStoreAssessmentsOrder(t *testing.T) {
	ctx := t.Context()
	tokyo := time.FixedZone("JST", 9*3600)
	s := memStore(t,
		memAssessment("b", memT0),
		memAssessment("late", memT0.Add(time.Hour).In(tokyo)),
		memAssessment("a", memT0.In(tokyo)),
		memAssessment("early", memT0.Add(-time.Nanosecond)),
		memAssessment("A", memT0),
	)
	var ids []string
	for a, err := range s.Assessments(ctx) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []string{"early", "A", "a", "b", "late"}, ids)
}

func TestMemStoreSave(t *testing.T) {
	ctx := t.Context()
	a := memAssessment("a1", memT0)
	s := memStore(t, a)
	orig := memResp("a1", "r1", memT0.Add(time.Hour))
	orig.Importance = map[string]wheel.Answer{"2.2": wheel.Rated(5)}
	require.NoError(t, s.Save(ctx, orig))

	for _, tc := range []struct {
		name   string
		change func(*wheel.Response)
		want   error // nil: no error
	}{
		{"equal", func(*wheel.Response) {}, nil},
		{"At in another location", func(r *wheel.Response) { r.At = r.At.In(time.FixedZone("EET", 7200)) }, nil},
		{"another answer", func(r *wheel.Response) { r.Answers["q1"] = wheel.Rated(5) }, wheel.ErrDuplicateRespondent},
		{"a value for n/a", func(r *wheel.Response) { r.Answers["q2"] = wheel.Rated(1) }, wheel.ErrDuplicateRespondent},
		{"another role", func(r *wheel.Response) { r.Role = wheel.Manager }, wheel.ErrDuplicateRespondent},
		{"another unit", func(r *wheel.Response) { r.Unit = "ops" }, wheel.ErrDuplicateRespondent},
		{"At 1ns later", func(r *wheel.Response) { r.At = r.At.Add(1) }, wheel.ErrDuplicateRespondent},
		{"no importance", func(r *wheel.Response) { r.Importance = nil }, wheel.ErrDuplicateRespondent},
		{"unknown assessment", func(r *wheel.Response) { r.Assessment = "a2" }, wheel.ErrNotFound},
		{"invalid: no role", func(r *wheel.Response) { r.Role = 0 }, wheel.ErrInvalidResponse},
		{"invalid: unknown unit", func(r *wheel.Response) { r.Unit = "hr" }, wheel.ErrInvalidResponse},
		{"invalid: unknown item", func(r *wheel.Response) { r.Answers["q9"] = wheel.Rated(3) }, wheel.ErrUnknownDimension},
		{"invalid: off the scale", func(r *wheel.Response) { r.Answers["q1"] = wheel.Rated(6) }, wheel.ErrInvalidRating},
		{"invalid: importance off the scale", func(r *wheel.Response) { r.Importance["2.2"] = wheel.Rated(0) }, wheel.ErrInvalidRating},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := orig.Clone()
			tc.change(&v)
			err := s.Save(ctx, v)
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
			got := memCollect(t, s.Responses(ctx, "a1"))
			require.Len(t, got, 1)
			assert.True(t, orig.Equal(got[0]), "stored %+v, want %+v", got[0], orig)
		})
	}
	_, err := s.Assessment(ctx, "a2")
	require.ErrorIs(t, err, wheel.ErrNotFound, "a response must not create its assessment")
}

func TestMemStoreResponses(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memAssessment("a1", memT0), memAssessment("a2", memT0))
	for _, r := range []wheel.Response{
		memResp("a1", "r3", memT0.Add(time.Hour)),
		memResp("a1", "r1", memT0.Add(2*time.Hour)),
		memResp("a1", "r2", memT0.Add(time.Hour)),
		memResp("a2", "r1", memT0),
	} {
		require.NoError(t, s.Save(ctx, r))
	}
	var who []string
	for r, err := range s.Responses(ctx, "a1") {
		require.NoError(t, err)
		who = append(who, r.Respondent)
		r.Answers["q1"] = wheel.Rated(1) // a copy
	}
	assert.Equal(t, []string{"r2", "r3", "r1"}, who)
	for r, err := range s.Responses(ctx, "a1") {
		require.NoError(t, err)
		assert.Equal(t, wheel.Rated(4), r.Answers["q1"])
	}
	assert.Len(t, memCollect(t, s.Responses(ctx, "a2")), 1)

	n := 0
	for r, err := range s.Responses(ctx, "missing") {
		n++
		require.ErrorIs(t, err, wheel.ErrNotFound)
		assert.Zero(t, r)
	}
	assert.Equal(t, 1, n)
}

func TestMemStoreDelete(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memAssessment("a1", memT0), memAssessment("a2", memT0))
	require.NoError(t, s.Save(ctx, memResp("a1", "r1", memT0)))
	require.NoError(t, s.Save(ctx, memResp("a1", "r2", memT0)))
	require.NoError(t, s.Save(ctx, memResp("a2", "r1", memT0)))

	ok, err := s.Delete(ctx, "a1", "r1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = s.Delete(ctx, "a1", "r1")
	require.NoError(t, err)
	assert.False(t, ok, "erasure is idempotent")
	ok, err = s.Delete(ctx, "missing", "r1")
	require.NoError(t, err)
	assert.False(t, ok)

	got := memCollect(t, s.Responses(ctx, "a1"))
	require.Len(t, got, 1)
	assert.Equal(t, "r2", got[0].Respondent)
	assert.Len(t, memCollect(t, s.Responses(ctx, "a2")), 1, "only the one assessment")

	again := memResp("a1", "r1", memT0.Add(time.Hour))
	again.Role = wheel.Manager
	require.NoError(t, s.Save(ctx, again), "a deleted respondent may answer again")
	assert.Len(t, memCollect(t, s.Responses(ctx, "a1")), 2)
}

func TestMemStoreCanceled(t *testing.T) {
	s := memStore(t, memAssessment("a1", memT0))
	require.NoError(t, s.Save(t.Context(), memResp("a1", "r1", memT0)))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	require.ErrorIs(t, s.SaveAssessment(ctx, memAssessment("a2", memT0)), context.Canceled)
	_, err := s.Assessment(ctx, "a1")
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, s.Save(ctx, memResp("a1", "r2", memT0)), context.Canceled)
	_, err = s.Delete(ctx, "a1", "r1")
	require.ErrorIs(t, err, context.Canceled)
	for _, err := range s.Assessments(ctx) {
		require.ErrorIs(t, err, context.Canceled)
	}
	for _, err := range s.Responses(ctx, "a1") {
		require.ErrorIs(t, err, context.Canceled)
	}

	_, err = s.Assessment(t.Context(), "a2")
	require.ErrorIs(t, err, wheel.ErrNotFound)
	got := memCollect(t, s.Responses(t.Context(), "a1"))
	require.Len(t, got, 1)
	assert.Equal(t, "r1", got[0].Respondent)
}

func TestMemStoreConcurrent(t *testing.T) {
	ctx := t.Context()
	s := memStore(t, memAssessment("a1", memT0))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				who := fmt.Sprintf("g%d-%d", g, i)
				assert.NoError(t, s.Save(ctx, memResp("a1", who, memT0.Add(time.Duration(i)))))
				if i%2 == 1 {
					ok, err := s.Delete(ctx, "a1", who)
					assert.NoError(t, err)
					assert.True(t, ok)
				}
				for _, err := range s.Responses(ctx, "a1") {
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	assert.Len(t, memCollect(t, s.Responses(ctx, "a1")), 8*25)
}
