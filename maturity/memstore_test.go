package maturity_test

import (
	"context"
	"fmt"
	"iter"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/maturity"
)

var storeT0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

// storeAssessment returns a valid assessment of emp on task, h hours after
// storeT0.
func storeAssessment(emp, task string, r maturity.Rater, h int) maturity.Assessment {
	return maturity.Assessment{
		Employee: emp, Task: task, Rater: r, RatedBy: "lea",
		At: storeT0.Add(time.Duration(h) * time.Hour), Competence: 2, Commitment: 4,
	}
}

// storeObservation returns a valid observation of leader leading emp on
// task, h hours after storeT0.
func storeObservation(leader, emp, task string, h int) maturity.StyleObservation {
	return maturity.StyleObservation{
		Leader: leader, Employee: emp, Task: task, Style: 2, Source: maturity.LeaderSelf,
		At: storeT0.Add(time.Duration(h) * time.Hour),
	}
}

func storeCollect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var vs []T
	for v, err := range seq {
		require.NoError(t, err)
		vs = append(vs, v)
	}
	return vs
}

func TestFilterValidate(t *testing.T) {
	at := storeT0
	for _, f := range []maturity.Filter{
		{}, {From: at}, {To: at}, {From: at, To: at}, {From: at, To: at.Add(1)},
		{From: at.In(time.FixedZone("X", 3600)), To: at}, // the same instant
	} {
		assert.NoError(t, f.Validate(), "%+v", f)
	}
	for _, f := range []maturity.Filter{
		{From: at, To: at.Add(-1)},
		{From: at.Add(time.Hour), To: at.In(time.FixedZone("X", 7200))},
	} {
		err := f.Validate()
		require.ErrorIs(t, err, maturity.ErrInvalidFilter, "%+v", f)
		assert.NotErrorIs(t, err, maturity.ErrInvalidObservation)
	}
}

func TestFilterMatch(t *testing.T) {
	a := storeAssessment("ada", "sales", maturity.Leader, 1)
	o := storeObservation("lea", "ada", "sales", 1)
	for _, tc := range []struct {
		name string
		f    maturity.Filter
		a, o bool
	}{
		{"zero", maturity.Filter{}, true, true},
		{"employee", maturity.Filter{Employees: []string{"bo", "ada"}}, true, true},
		{"other employee", maturity.Filter{Employees: []string{"bo"}}, false, false},
		{"employee by case", maturity.Filter{Employees: []string{"Ada"}}, false, false},
		{"empty employee list", maturity.Filter{Employees: []string{}}, true, true},
		{"task", maturity.Filter{Tasks: []string{"sales"}}, true, true},
		{"other task", maturity.Filter{Tasks: []string{"service"}}, false, false},
		{"leader", maturity.Filter{Leader: "lea"}, true, true},
		{"other leader: ignored for assessments", maturity.Filter{Leader: "lou"}, true, false},
		{"from inclusive", maturity.Filter{From: a.At}, true, true},
		{"from 1ns later", maturity.Filter{From: a.At.Add(1)}, false, false},
		{"to exclusive", maturity.Filter{To: a.At}, false, false},
		{"to 1ns later", maturity.Filter{To: a.At.Add(1)}, true, true},
		{"to in another zone", maturity.Filter{To: a.At.Add(1).In(time.FixedZone("X", -3600))}, true, true},
		{"empty interval", maturity.Filter{From: a.At, To: a.At}, false, false},
	} {
		assert.Equal(t, tc.a, tc.f.MatchAssessment(a), "%s: assessment", tc.name)
		assert.Equal(t, tc.o, tc.f.MatchObservation(o), "%s: observation", tc.name)
	}
}

func TestMemStoreRoundTripAndOrder(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	tokyo := time.FixedZone("JST", 9*3600)
	as := []maturity.Assessment{
		storeAssessment("bo", "sales", maturity.Self, 2),
		storeAssessment("ada", "sales", maturity.OtherRater, 1),
		storeAssessment("ada", "sales", maturity.Self, 1),
		storeAssessment("ada", "Sales", maturity.Leader, 1),
		storeAssessment("Bo", "sales", maturity.Self, 1),
	}
	as[0].At = as[0].At.In(tokyo)
	as[1].Scale, as[1].Competence = maturity.Scale{Min: 0, Max: 10}, 0
	for _, a := range as {
		require.NoError(t, s.SaveAssessment(ctx, a))
	}
	got := storeCollect(t, s.Assessments(ctx, maturity.Filter{}))
	require.Len(t, got, 5)
	want := []maturity.Assessment{as[4], as[3], as[2], as[1], as[0]}
	for i := range want {
		assert.True(t, got[i].At.Equal(want[i].At), "%d: At", i)
		got[i].At, want[i].At = time.Time{}, time.Time{}
	}
	assert.Equal(t, want, got)
}

func TestMemStoreIdempotentAndConflict(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	a := storeAssessment("ada", "sales", maturity.Leader, 1)
	require.NoError(t, s.SaveAssessment(ctx, a))
	again := a
	again.At = a.At.In(time.FixedZone("X", -7*3600))
	require.NoError(t, s.SaveAssessment(ctx, again))

	changed := a
	changed.Commitment = math.Nextafter(a.Commitment, 5)
	err := s.SaveAssessment(ctx, changed)
	require.ErrorIs(t, err, maturity.ErrConflict)
	assert.Contains(t, err.Error(), `leader assessment of "ada" on task "sales"`)
	got := storeCollect(t, s.Assessments(ctx, maturity.Filter{}))
	require.Len(t, got, 1)
	assert.Equal(t, a.Commitment, got[0].Commitment)

	o := storeObservation("lea", "ada", "sales", 1)
	require.NoError(t, s.SaveObservation(ctx, o))
	require.NoError(t, s.SaveObservation(ctx, o))
	o.Style = 3
	err = s.SaveObservation(ctx, o)
	require.ErrorIs(t, err, maturity.ErrConflict)
	assert.Contains(t, err.Error(), "style S2, not S3")
}

// A time.Time with a monotonic reading is the same instant without it.
func TestMemStoreMonotonic(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	now := time.Now()
	a := storeAssessment("ada", "sales", maturity.Self, 0)
	a.At = now
	require.NoError(t, s.SaveAssessment(ctx, a))
	a.At = now.Round(0)
	require.NoError(t, s.SaveAssessment(ctx, a))
	got := storeCollect(t, s.Assessments(ctx, maturity.Filter{}))
	require.Len(t, got, 1)
	assert.Equal(t, now.Round(0), got[0].At)
}

func TestMemStoreInvalid(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	a := storeAssessment("ada", "sales", maturity.Self, 1)
	a.Competence = 6
	assert.ErrorIs(t, s.SaveAssessment(ctx, a), maturity.ErrInvalidScore)
	a.Competence, a.Rater = 3, 0
	assert.ErrorIs(t, s.SaveAssessment(ctx, a), maturity.ErrInvalidRater)
	o := storeObservation("lea", "ada", "sales", 1)
	o.Style = 0
	assert.ErrorIs(t, s.SaveObservation(ctx, o), maturity.ErrInvalidObservation)
	assert.Empty(t, storeCollect(t, s.Assessments(ctx, maturity.Filter{})))
	assert.Empty(t, storeCollect(t, s.Observations(ctx, maturity.Filter{})))
}

func TestMemStoreInvalidFilter(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	require.NoError(t, s.SaveAssessment(ctx, storeAssessment("ada", "sales", maturity.Self, 1)))
	f := maturity.Filter{From: storeT0.Add(time.Hour), To: storeT0}
	n := 0
	for a, err := range s.Assessments(ctx, f) {
		n++
		require.ErrorIs(t, err, maturity.ErrInvalidFilter)
		assert.Zero(t, a)
	}
	assert.Equal(t, 1, n)
	n = 0
	for o, err := range s.Observations(ctx, f) {
		n++
		require.ErrorIs(t, err, maturity.ErrInvalidFilter)
		assert.Zero(t, o)
	}
	assert.Equal(t, 1, n)
}

// The store copies the filter when a sequence is made, so changing the
// filter's slices afterwards changes nothing.
func TestMemStoreCopiesFilter(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	require.NoError(t, s.SaveAssessment(ctx, storeAssessment("ada", "sales", maturity.Self, 1)))
	require.NoError(t, s.SaveAssessment(ctx, storeAssessment("bo", "sales", maturity.Self, 1)))
	require.NoError(t, s.SaveObservation(ctx, storeObservation("lea", "bo", "sales", 1)))
	f := maturity.Filter{Employees: []string{"ada"}, Tasks: []string{"sales"}}
	seqA, seqO := s.Assessments(ctx, f), s.Observations(ctx, f)
	f.Employees[0], f.Tasks[0] = "bo", "service"
	got := storeCollect(t, seqA)
	require.Len(t, got, 1)
	assert.Equal(t, "ada", got[0].Employee)
	assert.Empty(t, storeCollect(t, seqO))
}

// A loop yields the store as it was when the loop began, and may call the
// store.
func TestMemStoreSnapshot(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	require.NoError(t, s.SaveAssessment(ctx, storeAssessment("ada", "sales", maturity.Self, 1)))
	require.NoError(t, s.SaveAssessment(ctx, storeAssessment("bo", "sales", maturity.Self, 2)))
	var seen []string
	for a, err := range s.Assessments(ctx, maturity.Filter{}) {
		require.NoError(t, err)
		seen = append(seen, a.Employee)
		require.NoError(t, s.SaveAssessment(ctx, storeAssessment("cy", "sales", maturity.Self, 3)))
		_, err := s.Erase(ctx, "bo")
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"ada", "bo"}, seen)
	seen = nil
	for a, err := range s.Assessments(ctx, maturity.Filter{}) {
		require.NoError(t, err)
		seen = append(seen, a.Employee)
	}
	assert.Equal(t, []string{"ada", "cy"}, seen)
}

func TestMemStoreErase(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	for _, a := range []maturity.Assessment{
		storeAssessment("ada", "sales", maturity.Self, 1),
		storeAssessment("ada", "sales", maturity.Leader, 1),
		storeAssessment("ada2", "sales", maturity.Self, 1),
	} {
		require.NoError(t, s.SaveAssessment(ctx, a))
	}
	for _, o := range []maturity.StyleObservation{
		storeObservation("lea", "ada", "sales", 1),
		storeObservation("ada", "bo", "sales", 1), // ada leads: kept
	} {
		require.NoError(t, s.SaveObservation(ctx, o))
	}
	n, err := s.Erase(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	n, err = s.Erase(ctx, "ada")
	require.NoError(t, err)
	assert.Zero(t, n)
	as := storeCollect(t, s.Assessments(ctx, maturity.Filter{}))
	require.Len(t, as, 1)
	assert.Equal(t, "ada2", as[0].Employee)
	os := storeCollect(t, s.Observations(ctx, maturity.Filter{}))
	require.Len(t, os, 1)
	assert.Equal(t, "ada", os[0].Leader)
}

func TestMemStoreCancel(t *testing.T) {
	s := maturity.NewMemStore()
	require.NoError(t, s.SaveAssessment(context.Background(), storeAssessment("ada", "sales", maturity.Self, 1)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, s.SaveAssessment(ctx, storeAssessment("bo", "sales", maturity.Self, 1)), context.Canceled)
	assert.ErrorIs(t, s.SaveObservation(ctx, storeObservation("lea", "bo", "sales", 1)), context.Canceled)
	n, err := s.Erase(ctx, "ada")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, n)
	for _, err := range s.Assessments(ctx, maturity.Filter{From: storeT0, To: storeT0.Add(-1)}) {
		assert.ErrorIs(t, err, context.Canceled)
	}
	assert.Len(t, storeCollect(t, s.Assessments(context.Background(), maturity.Filter{})), 1)
}

func TestMemStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				emp := fmt.Sprintf("e%d", g)
				assert.NoError(t, s.SaveAssessment(ctx, storeAssessment(emp, "sales", maturity.Self, i)))
				assert.NoError(t, s.SaveObservation(ctx, storeObservation("lea", emp, "sales", i)))
				for _, err := range s.Observations(ctx, maturity.Filter{Leader: "lea"}) {
					assert.NoError(t, err)
				}
			}
			if g%2 == 0 {
				n, err := s.Erase(ctx, fmt.Sprintf("e%d", g))
				assert.NoError(t, err)
				assert.Equal(t, 100, n)
			}
		})
	}
	wg.Wait()
	assert.Len(t, storeCollect(t, s.Assessments(ctx, maturity.Filter{})), 4*50)
	assert.Len(t, storeCollect(t, s.Observations(ctx, maturity.Filter{})), 4*50)
}
