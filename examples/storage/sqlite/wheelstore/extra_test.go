package wheelstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/internal/sqlitedb"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/wheelstore"
	"github.com/servicekultur/servicekultur/wheel"
)

var at = time.Date(2026, time.March, 2, 9, 0, 0, 123456789, time.UTC)

func assessment(id string) wheel.Assessment {
	return wheel.Assessment{
		ID:        id,
		At:        at,
		Framework: wheel.ServiceCultureParameters(),
		Scale:     wheel.Scale{Min: 0, Max: 10},
		Items:     []wheel.Item{{ID: "culture-1", Dimension: "culture"}, {ID: "lead-1", Dimension: "leadership"}},
		Units:     []wheel.Unit{{ID: "co"}, {ID: "sales", Parent: "co"}},
		Owners:    map[string]string{"culture": "ceo"},
	}
}

func responses(t *testing.T, s *wheelstore.Store, id string) []wheel.Response {
	t.Helper()
	var out []wheel.Response
	for r, err := range s.Responses(t.Context(), id) {
		require.NoError(t, err)
		out = append(out, r)
	}
	return out
}

// TestAnswersExact checks that every Answer comes back as it was saved,
// "not applicable" apart from 0 and whatever value it carries, after the
// file is opened again.
func TestAnswersExact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wheel.db")
	s, err := wheelstore.Open(ctx, path)
	require.NoError(t, err)
	a := assessment("a")
	require.NoError(t, s.SaveAssessment(ctx, a))
	r := wheel.Response{
		Assessment: a.ID, Respondent: "r1", Role: wheel.Manager, Unit: "sales", At: at.Add(time.Nanosecond),
		Answers:    map[string]wheel.Answer{"culture-1": wheel.Rated(0), "lead-1": {Value: 7, NotApplicable: true}},
		Importance: map[string]wheel.Answer{"culture": wheel.NA, "leadership": wheel.Rated(10)},
	}
	bare := wheel.Response{Assessment: a.ID, Respondent: "r0", Role: wheel.Other} // no answers, no unit, no instant
	require.NoError(t, s.Save(ctx, r))
	require.NoError(t, s.Save(ctx, bare))
	require.NoError(t, s.Close())

	s, err = wheelstore.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	got := responses(t, s, a.ID)
	require.Len(t, got, 2)
	require.True(t, got[0].Equal(bare), "%+v", got[0]) // the zero At first
	require.True(t, got[1].Equal(r), "%+v", got[1])
	require.NoError(t, s.Save(ctx, r), "saving the same response again")
	changed := r.Clone()
	changed.Answers["lead-1"] = wheel.NA // the value 7 differs
	require.ErrorIs(t, s.Save(ctx, changed), wheel.ErrDuplicateRespondent)
}

// TestDeleteCascades checks that a response's answers go with it.
func TestDeleteCascades(t *testing.T) {
	ctx := context.Background()
	s, err := wheelstore.Open(ctx, filepath.Join(t.TempDir(), "wheel.db"))
	require.NoError(t, err)
	defer s.Close()
	a := assessment("a")
	require.NoError(t, s.SaveAssessment(ctx, a))
	r := wheel.Response{Assessment: a.ID, Respondent: "r1", Role: wheel.Employee,
		Answers: map[string]wheel.Answer{"culture-1": wheel.Rated(4)}, Importance: map[string]wheel.Answer{"culture": wheel.Rated(9)}}
	require.NoError(t, s.Save(ctx, r))
	count := func() (n int) {
		require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM wheel_answers`).Scan(&n))
		return n
	}
	require.Equal(t, 2, count())
	ok, err := s.Delete(ctx, a.ID, "r1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, 0, count())
	r.Answers = map[string]wheel.Answer{"culture-1": wheel.Rated(2)}
	require.NoError(t, s.Save(ctx, r), "answering again after an erasure")
	require.Len(t, responses(t, s, a.ID), 1)
}

// TestRefuses checks that what the columns cannot keep exactly is refused,
// and nothing stored.
func TestRefuses(t *testing.T) {
	ctx := context.Background()
	s, err := wheelstore.Open(ctx, filepath.Join(t.TempDir(), "wheel.db"))
	require.NoError(t, err)
	defer s.Close()
	bad := assessment("bad")
	bad.Owners = map[string]string{"culture": "\xff"}
	require.ErrorIs(t, s.SaveAssessment(ctx, bad), wheel.ErrInvalidAssessment)
	late := assessment("late")
	late.At = time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC)
	err = s.SaveAssessment(ctx, late)
	require.ErrorIs(t, err, wheel.ErrInvalidAssessment)
	require.ErrorIs(t, err, sqlitedb.ErrOutOfRange)
	for _, err := range s.Assessments(ctx) {
		require.NoError(t, err)
		t.Fatal("an assessment was stored")
	}

	a := assessment("a")
	require.NoError(t, s.SaveAssessment(ctx, a))
	early := wheel.Response{Assessment: a.ID, Respondent: "r1", Role: wheel.Employee, At: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)}
	err = s.Save(ctx, early)
	require.ErrorIs(t, err, wheel.ErrInvalidResponse)
	require.ErrorIs(t, err, sqlitedb.ErrOutOfRange)
	// Text outside JSON is kept byte for byte.
	odd := wheel.Response{Assessment: a.ID, Respondent: "r\xff\x00", Role: wheel.Employee,
		Answers: map[string]wheel.Answer{"culture-1": wheel.Rated(1)}}
	require.NoError(t, s.Save(ctx, odd))
	got := responses(t, s, a.ID)
	require.Len(t, got, 1)
	require.True(t, got[0].Equal(odd))
}
