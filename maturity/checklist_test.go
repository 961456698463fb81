package maturity

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChecklistItemText(t *testing.T) {
	for i := DevelopmentDialogue; i <= PersonalGoals; i++ {
		assert.True(t, i.Valid())
		assert.NotEmpty(t, i.LabelDA())
		b, err := i.MarshalText()
		require.NoError(t, err)
		var back ChecklistItem
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, i, back)
	}
	assert.Equal(t, "development-dialogue", DevelopmentDialogue.String())
	assert.Equal(t, "MUS afholdt", DevelopmentDialogue.LabelDA())
	assert.Equal(t, "personal-goals", PersonalGoals.String())
	assert.Equal(t, PersonalGoals, ChecklistItem(NumChecklistItems))
	assert.False(t, ChecklistItem(0).Valid())
	assert.Equal(t, "ChecklistItem(8)", ChecklistItem(8).String())
	assert.Empty(t, ChecklistItem(8).LabelDA())
	_, err := ChecklistItem(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidObservation)
	var i ChecklistItem
	require.ErrorIs(t, i.UnmarshalText([]byte("mus")), ErrInvalidObservation)
}

func TestChecklistWindows(t *testing.T) {
	at := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	rec := func(item ChecklistItem, t time.Time) []ChecklistRecord {
		return []ChecklistRecord{{Employee: "e1", Item: item, At: t}}
	}
	tests := []struct {
		name    string
		records []ChecklistRecord
		opts    ChecklistOptions
		met     bool
	}{
		{"MUS exactly 12 months ago counts", rec(DevelopmentDialogue, at.AddDate(-1, 0, 0)), ChecklistOptions{}, true},
		{"MUS 12 months and a second ago is stale", rec(DevelopmentDialogue, at.AddDate(-1, 0, 0).Add(-time.Second)), ChecklistOptions{}, false},
		{"MUS today", rec(DevelopmentDialogue, at), ChecklistOptions{}, true},
		{"MUS a second in the future", rec(DevelopmentDialogue, at.Add(time.Second)), ChecklistOptions{}, false},
		{"MUS 7 months ago with a 6-month window", rec(DevelopmentDialogue, at.AddDate(0, -7, 0)), ChecklistOptions{DialogueWindow: 6}, false},
		{"MUS 6 months ago with a 6-month window", rec(DevelopmentDialogue, at.AddDate(0, -6, 0)), ChecklistOptions{DialogueWindow: 6}, true},
		{"responsibility exactly 24 months ago", rec(NewResponsibility, at.AddDate(0, -24, 0)), ChecklistOptions{}, true},
		{"responsibility 24 months and a day ago", rec(NewResponsibility, at.AddDate(0, -24, -1)), ChecklistOptions{}, false},
		{"responsibility 13 months ago with a 12-month window", rec(NewResponsibility, at.AddDate(0, -13, 0)), ChecklistOptions{ResponsibilityWindow: 12}, false},
		{"job description ten years ago still counts", rec(JobDescription, at.AddDate(-10, 0, 0)), ChecklistOptions{}, true},
		{"future job description does not count", rec(JobDescription, at.AddDate(0, 0, 1)), ChecklistOptions{}, false},
		{"stale and fresh MUS: the fresh one counts", append(rec(DevelopmentDialogue, at.AddDate(-2, 0, 0)), rec(DevelopmentDialogue, at.AddDate(0, -1, 0))...), ChecklistOptions{}, true},
		{"stale and future MUS: neither counts", append(rec(DevelopmentDialogue, at.AddDate(-2, 0, 0)), rec(DevelopmentDialogue, at.AddDate(0, 1, 0))...), ChecklistOptions{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Checklist(tt.records, []string{"e1"}, at, tt.opts)
			require.NoError(t, err)
			item := tt.records[0].Item
			e := rep.Employees[0]
			assert.Equal(t, tt.met, e.Share == 1.0/7, "share %v", e.Share)
			if tt.met {
				assert.Equal(t, []ChecklistItem{item}, e.Met)
				assert.Equal(t, 1, rep.Items[item-1].Met)
			} else {
				assert.Empty(t, e.Met)
				assert.Contains(t, e.Missing, item)
			}
			assert.Len(t, e.Missing, 7-len(e.Met))
		})
	}
}

// TestChecklistMonthEnd checks the calendar cut-off at a month end: 12
// months before 29 February 2024 normalises to 1 March 2023.
func TestChecklistMonthEnd(t *testing.T) {
	at := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		mus time.Time
		met bool
	}{
		{time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2023, 2, 28, 23, 59, 59, 0, time.UTC), false},
	} {
		rep, err := Checklist([]ChecklistRecord{{Employee: "e", Item: DevelopmentDialogue, At: tt.mus}}, []string{"e"}, at, ChecklistOptions{})
		require.NoError(t, err)
		assert.Equal(t, tt.met, len(rep.Employees[0].Met) == 1, tt.mus)
	}
}

func TestChecklistReport(t *testing.T) {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.Local)
	ago := func(months int) time.Time { return at.AddDate(0, -months, 0) }
	records := []ChecklistRecord{
		// Anna: all seven.
		{"anna", DevelopmentDialogue, ago(3)},
		{"anna", DevelopmentProgramme, ago(30)},
		{"anna", Rotation, ago(5)},
		{"anna", NewResponsibility, ago(20)},
		{"anna", RoleTiedToMission, ago(40)},
		{"anna", JobDescription, ago(60)},
		{"anna", PersonalGoals, ago(2)},
		// Bo: a stale MUS, a job description and future goals.
		{"bo", DevelopmentDialogue, ago(14)},
		{"bo", JobDescription, ago(10)},
		{"bo", PersonalGoals, at.AddDate(0, 0, 7)},
		// Carl: a MUS and goals.
		{"carl", DevelopmentDialogue, ago(11)},
		{"carl", PersonalGoals, ago(1)},
	}
	rep, err := Checklist(records, []string{"anna", "bo", "carl", "dina"}, at, ChecklistOptions{})
	require.NoError(t, err)
	assert.Equal(t, at, rep.At)
	require.Len(t, rep.Employees, 4)

	anna, bo, carl, dina := rep.Employees[0], rep.Employees[1], rep.Employees[2], rep.Employees[3]
	assert.Equal(t, "anna", anna.Employee)
	assert.InDelta(t, 1.0, anna.Share, 1e-12)
	assert.Empty(t, anna.Missing)

	assert.Equal(t, []ChecklistItem{JobDescription}, bo.Met)
	assert.InDelta(t, 1.0/7, bo.Share, 1e-12)
	assert.Equal(t, ago(14), bo.Latest[DevelopmentDialogue], "a stale MUS keeps its date")
	_, ok := bo.Latest[PersonalGoals]
	assert.False(t, ok, "future goals have no date yet")

	assert.Equal(t, []ChecklistItem{DevelopmentDialogue, PersonalGoals}, carl.Met)
	assert.InDelta(t, 2.0/7, carl.Share, 1e-12)

	assert.Empty(t, dina.Met)
	assert.Len(t, dina.Missing, 7)
	assert.Zero(t, dina.Share)

	wantMet := [NumChecklistItems]int{2, 1, 1, 1, 1, 2, 2}
	for k, is := range rep.Items {
		assert.Equal(t, ChecklistItem(k+1), is.Item)
		assert.Equal(t, wantMet[k], is.Met, is.Item.String())
		assert.InDelta(t, float64(wantMet[k])/4, is.Share, 1e-12)
	}
	assert.InDelta(t, 10.0/28, rep.Share, 1e-12)

	b, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"met":["job-description"]`)
	var back ChecklistReport
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rep.Employees[1].Met, back.Employees[1].Met)
	assert.True(t, rep.Employees[1].Latest[JobDescription].Equal(back.Employees[1].Latest[JobDescription]))
}

func TestChecklistEmpty(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rep, err := Checklist(nil, nil, at, ChecklistOptions{})
	require.NoError(t, err)
	assert.Empty(t, rep.Employees)
	assert.Zero(t, rep.Share)
	for _, is := range rep.Items {
		assert.True(t, is.Item.Valid())
		assert.Zero(t, is.Share)
	}
}

func TestChecklistErrors(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ok := ChecklistRecord{Employee: "e", Item: Rotation, At: at}
	tests := []struct {
		name      string
		records   []ChecklistRecord
		employees []string
		at        time.Time
		opts      ChecklistOptions
		want      error
	}{
		{"unknown employee", []ChecklistRecord{{Employee: "x", Item: Rotation, At: at}}, []string{"e"}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"unknown employee, future-dated", []ChecklistRecord{{Employee: "x", Item: Rotation, At: at.AddDate(1, 0, 0)}}, []string{"e"}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"record without employee", []ChecklistRecord{{Item: Rotation, At: at}}, []string{"e"}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"unknown item", []ChecklistRecord{{Employee: "e", Item: 9, At: at}}, []string{"e"}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"record without instant", []ChecklistRecord{{Employee: "e", Item: Rotation}}, []string{"e"}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"empty employee ID", []ChecklistRecord{ok}, []string{"e", ""}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"employee twice", []ChecklistRecord{ok}, []string{"e", "e"}, at, ChecklistOptions{}, ErrInvalidObservation},
		{"no reference instant", []ChecklistRecord{ok}, []string{"e"}, time.Time{}, ChecklistOptions{}, ErrInvalidObservation},
		{"negative dialogue window", []ChecklistRecord{ok}, []string{"e"}, at, ChecklistOptions{DialogueWindow: -1}, ErrInvalidThresholds},
		{"negative responsibility window", []ChecklistRecord{ok}, []string{"e"}, at, ChecklistOptions{ResponsibilityWindow: -3}, ErrInvalidThresholds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Checklist(tt.records, tt.employees, tt.at, tt.opts)
			require.ErrorIs(t, err, tt.want)
		})
	}
	require.NoError(t, ChecklistOptions{}.Validate())
	require.ErrorIs(t, ChecklistOptions{DialogueWindow: -12}.Validate(), ErrInvalidThresholds)
}
