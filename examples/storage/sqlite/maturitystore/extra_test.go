package maturitystore_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/enpsstore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/maturitystore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/wheelstore"
	"github.com/servicekultur/servicekultur/maturity"
)

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

func assessment(emp string, d time.Duration) maturity.Assessment {
	return maturity.Assessment{Employee: emp, Task: "sales", Rater: maturity.Leader, RatedBy: "lea",
		At: t0.Add(d), Scale: maturity.Scale{Min: 1, Max: 5}, Competence: 4, Commitment: 2.5}
}

func assessments(t *testing.T, s *maturitystore.Store, f maturity.Filter) []maturity.Assessment {
	t.Helper()
	var out []maturity.Assessment
	for a, err := range s.Assessments(t.Context(), f) {
		require.NoError(t, err)
		out = append(out, a)
	}
	return out
}

// TestScoresToTheBit checks that scores and scale bounds come back with
// every bit, -0 and integral values included, after the file is opened
// again.
func TestScoresToTheBit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "maturity.db")
	s, err := maturitystore.Open(ctx, path)
	require.NoError(t, err)
	negZero := math.Copysign(0, -1)
	want := []maturity.Assessment{
		{Employee: "ada", Task: "t", Rater: maturity.Self, At: t0, Scale: maturity.Scale{Min: -3, Max: 3},
			Competence: negZero, Commitment: math.Nextafter(3, 0)},
		{Employee: "bo", Task: "t", Rater: maturity.Self, At: t0.Add(1), Scale: maturity.Scale{Min: 0, Max: 1e300},
			Competence: 1 << 62, Commitment: 5e-324},
		{Employee: "cy", Task: "t", Rater: maturity.Self, At: t0.Add(2), Competence: 22.0 / 7, Commitment: 5},
	}
	for _, a := range want {
		require.NoError(t, s.SaveAssessment(ctx, a))
	}
	require.NoError(t, s.Close())
	s, err = maturitystore.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	got := assessments(t, s, maturity.Filter{})
	require.Len(t, got, len(want))
	bits := func(a maturity.Assessment) [4]uint64 {
		return [4]uint64{math.Float64bits(a.Scale.Min), math.Float64bits(a.Scale.Max),
			math.Float64bits(a.Competence), math.Float64bits(a.Commitment)}
	}
	for i := range want {
		require.Equal(t, bits(want[i]), bits(got[i]), want[i].Employee)
	}
	var reals int
	require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM maturity_assessments
		WHERE typeof(competence) = 'real' AND typeof(scale_min) = 'real'`).Scan(&reals))
	require.Equal(t, len(want), reals)
}

// TestLongLists checks that lists too long to bind as parameters select
// what short ones do.
func TestLongLists(t *testing.T) {
	ctx := context.Background()
	s, err := maturitystore.Open(ctx, filepath.Join(t.TempDir(), "maturity.db"))
	require.NoError(t, err)
	defer s.Close()
	for i, emp := range []string{"ada", "bo", "cy"} {
		require.NoError(t, s.SaveAssessment(ctx, assessment(emp, time.Duration(i)*time.Hour)))
		require.NoError(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: emp, Item: maturity.DevelopmentDialogue, At: t0}))
	}
	long := []string{"cy", "ada"}
	for i := range 600 {
		long = append(long, fmt.Sprintf("nobody-%d", i))
	}
	short := assessments(t, s, maturity.Filter{Employees: long[:2]})
	require.Len(t, short, 2)
	require.Equal(t, short, assessments(t, s, maturity.Filter{Employees: long}))
	require.Equal(t, short[:1], assessments(t, s, maturity.Filter{Employees: long, Tasks: []string{"sales"}, To: t0.Add(time.Hour)}))
	var n int
	for r, err := range s.ChecklistRecords(ctx, long) {
		require.NoError(t, err)
		require.NotEqual(t, "bo", r.Employee)
		n++
	}
	require.Equal(t, 2, n)
}

// TestBoundsOutOfRange checks filters whose bounds lie beyond the instants
// the store can hold.
func TestBoundsOutOfRange(t *testing.T) {
	ctx := context.Background()
	s, err := maturitystore.Open(ctx, filepath.Join(t.TempDir(), "maturity.db"))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SaveAssessment(ctx, assessment("ada", 0)))
	long, far := time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	require.Len(t, assessments(t, s, maturity.Filter{From: long}), 1)
	require.Len(t, assessments(t, s, maturity.Filter{To: far}), 1)
	require.Len(t, assessments(t, s, maturity.Filter{From: long, To: far}), 1)
	require.Empty(t, assessments(t, s, maturity.Filter{From: far}))
	require.Empty(t, assessments(t, s, maturity.Filter{To: long}))
}

// TestEraseAtomic checks that Erase removes all of an employee's records
// or none: when one table refuses, the others keep theirs.
func TestEraseAtomic(t *testing.T) {
	ctx := context.Background()
	s, err := maturitystore.Open(ctx, filepath.Join(t.TempDir(), "maturity.db"))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SaveAssessment(ctx, assessment("kim", 0)))
	require.NoError(t, s.SaveStance(ctx, maturity.StanceObservation{Subject: "kim", Stance: maturity.NotOKOthersOK, At: t0}))
	lead := maturity.LEADRecord{Leader: "kim", Form: maturity.LEADSelf, Rater: "kim", At: t0}
	lead.Answers, err = maturity.ParseAnswers("ABCDABCDABCD")
	require.NoError(t, err)
	require.NoError(t, s.SaveLEAD(ctx, lead))

	// The last table Erase deletes from refuses.
	_, err = s.DB().ExecContext(ctx, `CREATE TRIGGER refuse BEFORE DELETE ON maturity_leads
		BEGIN SELECT RAISE(ABORT, 'refused'); END`)
	require.NoError(t, err)
	_, err = s.Erase(ctx, "kim")
	require.ErrorContains(t, err, "refused")
	require.Len(t, assessments(t, s, maturity.Filter{Employees: []string{"kim"}}), 1, "the assessment was erased without the LEAD record")

	_, err = s.DB().ExecContext(ctx, `DROP TRIGGER refuse`)
	require.NoError(t, err)
	n, err := s.Erase(ctx, "kim")
	require.NoError(t, err)
	require.Equal(t, 3, n)
	n, err = s.Erase(ctx, "kim")
	require.NoError(t, err)
	require.Zero(t, n)
}

// TestSharedFile opens this module's adapters on one database file, as a
// host keeping all its records in one file does: their migrations and
// tables do not collide.
func TestSharedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	for range 2 { // the second time, every migration is applied already
		e, err := enpsstore.Open(ctx, path)
		require.NoError(t, err)
		w, err := wheelstore.Open(ctx, path)
		require.NoError(t, err)
		m, err := maturitystore.Open(ctx, path)
		require.NoError(t, err)
		require.NoError(t, m.SaveAssessment(ctx, assessment("ada", 0)))
		require.Len(t, assessments(t, m, maturity.Filter{}), 1)
		var n int
		require.NoError(t, m.DB().QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n))
		require.Equal(t, 3, n)
		require.NoError(t, errors.Join(e.Close(), w.Close(), m.Close()))
	}
}
