package enps

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRollingReport(t *testing.T) {
	ctx := t.Context()
	st := NewMemStore()
	s, err := NewSurvey(st, testKey)
	require.NoError(t, err)
	opens := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	w := Wave{ID: "pulse", Mode: Rolling, Opens: opens, Scale: StandardScale(), Units: []Unit{{ID: "u"}}}
	for i := range 20 {
		w.Population = append(w.Population, Member{Employee: fmt.Sprint("e", i), Unit: "u"})
	}
	require.NoError(t, s.Launch(ctx, w))
	answer := func(i, rating int, at time.Time) {
		t.Helper()
		require.NoError(t, s.Submit(ctx, "pulse", fmt.Sprint("e", i), Answer{Rating: rating}, at))
	}
	for i := range 8 {
		answer(i, i+2, opens.Add(time.Duration(i+1)*time.Hour))
	}
	req := Request{Audience: "lead"}
	_, err = s.RollingReport(ctx, "pulse", req, opens.Add(week+time.Hour), RollingOptions{})
	require.ErrorIs(t, err, ErrNotDue, "off the cadence")
	rep, err := s.RollingReport(ctx, "pulse", req, opens.Add(week), RollingOptions{})
	require.NoError(t, err)
	require.Equal(t, Published, rep.Cells[0].Status)
	assert.Equal(t, 8, rep.Cells[0].Responses)

	// One more answer: too few new answers to publish again.
	answer(8, 9, opens.Add(week+time.Hour))
	_, err = s.RollingReport(ctx, "pulse", req, opens.Add(2*week), RollingOptions{})
	require.ErrorIs(t, err, ErrNotDue)

	// An employee answering again counts once, with the latest answer.
	answer(0, 10, opens.Add(week+2*time.Hour))
	for i := 9; i < 12; i++ {
		answer(i, 7, opens.Add(2*week+time.Hour))
	}
	rep, err = s.RollingReport(ctx, "pulse", req, opens.Add(3*week), RollingOptions{})
	require.NoError(t, err)
	c := rep.Cells[0]
	assert.Equal(t, Suppressed, c.Status, "five new answers, but only four new people")
	assert.Equal(t, Differencing, c.Reason)

	// Two more people: the window is six people away from the last
	// publication, and seven answers have come in since.
	answer(12, 3, opens.Add(3*week+time.Hour))
	answer(13, 9, opens.Add(3*week+time.Hour))
	rep, err = s.RollingReport(ctx, "pulse", req, opens.Add(4*week), RollingOptions{})
	require.NoError(t, err)
	c = rep.Cells[0]
	require.Equal(t, Published, c.Status)
	assert.Equal(t, 14, c.Responses)

	// Answers older than the window drop out.
	rep, err = s.RollingReport(ctx, "pulse", Request{Audience: "other"}, opens.Add(4*week), RollingOptions{Window: 3 * week})
	require.NoError(t, err)
	assert.Equal(t, 7, rep.Cells[0].Responses, "e0's re-answer, e8 … e13")

	_, err = s.RollingReport(ctx, "pulse", req, opens.Add(5*week), RollingOptions{})
	require.ErrorIs(t, err, ErrNotDue, "nothing new")

	_, err = s.Report(ctx, "pulse", req, opens)
	require.ErrorIs(t, err, ErrInvalidRequest, "a rolling wave has no single report")
}
