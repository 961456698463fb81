package enps

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testKey = []byte("an example key of at least 32 bytes!")

func launched(t *testing.T, n int) (*Survey, *MemStore, Wave) {
	t.Helper()
	st := NewMemStore()
	s, err := NewSurvey(st, testKey)
	require.NoError(t, err)
	opens := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	w := Wave{ID: "q2", Opens: opens, Closes: opens.AddDate(0, 0, 14), Scale: StandardScale(), Units: []Unit{{ID: "u"}}}
	for i := range n {
		w.Population = append(w.Population, Member{Employee: fmt.Sprint("e", i), Unit: "u", Attributes: map[string]string{"site": "x"}})
	}
	require.NoError(t, s.Launch(t.Context(), w))
	return s, st, w
}

func TestSurveySubmit(t *testing.T) {
	ctx := t.Context()
	s, st, w := launched(t, 3)
	at := w.Opens.Add(time.Hour)
	require.NoError(t, s.Submit(ctx, "q2", "e0", Answer{Rating: 9, Comment: "good"}, at))
	require.NoError(t, s.Submit(ctx, "q2", "e0", Answer{Rating: 9, Comment: "good"}, at.Add(time.Hour)), "the same answer again")
	require.ErrorIs(t, s.Submit(ctx, "q2", "e0", Answer{Rating: 3}, at), ErrAlreadyAnswered)
	require.ErrorIs(t, s.Submit(ctx, "q2", "stranger", Answer{Rating: 3}, at), ErrNotInvited)
	require.ErrorIs(t, s.Submit(ctx, "q2", "e1", Answer{Rating: 11}, at), ErrInvalidRating)
	require.ErrorIs(t, s.Submit(ctx, "q2", "e1", Answer{Rating: 5}, w.Closes), ErrNotInvited, "closed")
	require.ErrorIs(t, s.Submit(ctx, "q2", "e1", Answer{Rating: 5, Items: map[string]int{"x": 3}}, at), ErrInvalidResponse)
	require.ErrorIs(t, s.Submit(ctx, "nope", "e1", Answer{Rating: 5}, at), ErrNotFound)

	var got []Response
	for r, err := range st.Responses(ctx, "q2") {
		require.NoError(t, err)
		got = append(got, r)
	}
	require.Len(t, got, 1)
	assert.Equal(t, "u", got[0].Unit)
	assert.Equal(t, map[string]string{"site": "x"}, got[0].Attributes)
	assert.True(t, got[0].At.Equal(w.Opens), "the store does not learn when anyone answered")
	assert.NotEqual(t, pseudonym(testKey, "other", "e0"), got[0].Respondent, "tokens differ across waves")
}

func TestNewSurveyErrors(t *testing.T) {
	_, err := NewSurvey(NewMemStore(), []byte("short"))
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = NewSurvey(nil, testKey)
	require.ErrorIs(t, err, ErrInvalidRequest)
	_, err = NewSurvey(NewMemStore(), testKey, WithRules(Rules{MinGroup: 2}))
	require.ErrorIs(t, err, ErrInvalidRules)
}

// An erasure changes a published cell by one person; with the ledger, the
// next report withholds it rather than reveal the erased answer.
func TestSurveyEraseKeepsDifferencingSafe(t *testing.T) {
	ctx := t.Context()
	s, st, w := launched(t, 8)
	for i := range 8 {
		require.NoError(t, s.Submit(ctx, "q2", fmt.Sprint("e", i), Answer{Rating: i + 3}, w.Opens))
	}
	req := Request{Audience: "hr"}
	rep, err := s.Report(ctx, "q2", req, w.Closes)
	require.NoError(t, err)
	require.Equal(t, Published, rep.Cells[0].Status)

	rerun, err := s.Report(ctx, "q2", req, w.Closes.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, Published, rerun.Cells[0].Status, "an identical re-run is safe")

	n, err := s.Erase(ctx, "e7")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	counts, err := st.Counts(ctx, "q2")
	require.NoError(t, err)
	total := 0
	for _, c := range counts["u"] {
		total += c
	}
	assert.Equal(t, 7, total, "running counts updated by subtraction")

	after, err := s.Report(ctx, "q2", req, w.Closes.Add(2*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, Suppressed, after.Cells[0].Status)
	assert.Equal(t, Differencing, after.Cells[0].Reason)

	other, err := s.Report(ctx, "q2", Request{Audience: "board"}, w.Closes.Add(3*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, Published, other.Cells[0].Status, "a new audience has seen nothing yet")
}

func TestSurveyReportComments(t *testing.T) {
	ctx := t.Context()
	s, _, w := launched(t, 12)
	for i := range 12 {
		require.NoError(t, s.Submit(ctx, "q2", fmt.Sprint("e", i), Answer{Rating: i % 11, Comment: fmt.Sprint("comment ", i)}, w.Opens))
	}
	rep, err := s.Report(ctx, "q2", Request{}, w.Closes)
	require.NoError(t, err)
	c := rep.Cells[0]
	require.Len(t, c.Comments, 12)
	rep2, err := s.Report(context.Background(), "q2", Request{Breakdowns: [][]string{{"site"}}}, w.Closes)
	require.NoError(t, err)
	assert.Equal(t, c.Comments, rep2.Cells[0].Comments, "stable order")
	for _, cell := range rep2.Cells[1:] {
		assert.Empty(t, cell.Comments, "no comments on cells with attributes")
	}
}
