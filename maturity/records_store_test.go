package maturity_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/maturity"
)

func mustAnswers(t *testing.T, s string) maturity.Answers {
	t.Helper()
	a, err := maturity.ParseAnswers(s)
	require.NoError(t, err)
	return a
}

func TestLEADFormText(t *testing.T) {
	for _, f := range []maturity.LEADForm{maturity.LEADSelf, maturity.LEADOther} {
		b, err := f.MarshalText()
		require.NoError(t, err)
		var back maturity.LEADForm
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, f, back)
		assert.True(t, f.Valid())
	}
	assert.Equal(t, "self", maturity.LEADSelf.String())
	assert.Equal(t, "other", maturity.LEADOther.String())
	assert.Equal(t, "LEADForm(3)", maturity.LEADForm(3).String())
	assert.False(t, maturity.LEADForm(0).Valid())
	_, err := maturity.LEADForm(0).MarshalText()
	assert.ErrorIs(t, err, maturity.ErrInvalidLEAD)
	var f maturity.LEADForm
	assert.ErrorIs(t, f.UnmarshalText([]byte("Self")), maturity.ErrInvalidLEAD)
}

func TestLEADRecordValidateAndJSON(t *testing.T) {
	at := storeT0
	a := mustAnswers(t, "ABCDABCDABCD")
	self := maturity.LEADRecord{Leader: "lea", Form: maturity.LEADSelf, Rater: "lea", At: at, Answers: a}
	other := maturity.LEADRecord{Leader: "lea", Form: maturity.LEADOther, Rater: "bo", At: at, Answers: a}
	require.NoError(t, self.Validate())
	require.NoError(t, other.Validate())
	for what, change := range map[string]func(*maturity.LEADRecord){
		"no leader":              func(r *maturity.LEADRecord) { r.Leader = "" },
		"no form":                func(r *maturity.LEADRecord) { r.Form = 0 },
		"no rater":               func(r *maturity.LEADRecord) { r.Rater = "" },
		"self by another":        func(r *maturity.LEADRecord) { r.Form = maturity.LEADSelf },
		"no instant":             func(r *maturity.LEADRecord) { r.At = time.Time{} },
		"a missing answer":       func(r *maturity.LEADRecord) { r.Answers[4] = 0 },
		"other by the leader":    func(r *maturity.LEADRecord) { r.Rater = r.Leader },
		"an unknown form (3)":    func(r *maturity.LEADRecord) { r.Form = 3 },
		"an answer beyond D (5)": func(r *maturity.LEADRecord) { r.Answers[0] = 5 },
	} {
		r := other
		change(&r)
		assert.ErrorIs(t, r.Validate(), maturity.ErrInvalidLEAD, what)
	}

	b, err := json.Marshal(other)
	require.NoError(t, err)
	assert.JSONEq(t, `{"leader":"lea","form":"other","rater":"bo","at":"2026-03-02T09:00:00.123456789Z","answers":"ABCDABCDABCD"}`, string(b))
	var back maturity.LEADRecord
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, other, back)
}

func TestRoleStartAndContentHistory(t *testing.T) {
	assert.ErrorIs(t, maturity.RoleStart{Role: "agent"}.Validate(), maturity.ErrInvalidObservation)
	assert.NoError(t, maturity.RoleStart{At: storeT0}.Validate())

	assert.True(t, maturity.ContentHistory{}.RoleStart().IsZero())
	h := maturity.ContentHistory{RoleStarts: []maturity.RoleStart{
		{Role: "b", At: storeT0.Add(time.Hour)},
		{Role: "a", At: storeT0},
		{Role: "c", At: storeT0.Add(-time.Hour)},
	}}
	assert.Equal(t, storeT0.Add(time.Hour), h.RoleStart(), "the latest, in any order")
}

func TestMemStoreChecklistAndStances(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	r := maturity.ChecklistRecord{Employee: "ada", Item: maturity.Rotation, At: storeT0}
	require.NoError(t, s.SaveChecklistRecord(ctx, r))
	require.NoError(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "ada", Item: maturity.Rotation, At: storeT0.In(time.FixedZone("X", 3600))}))
	require.NoError(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "ada", Item: maturity.NewResponsibility, At: storeT0}))
	require.NoError(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "bo", Item: maturity.PersonalGoals, At: storeT0.Add(-time.Hour)}))
	assert.ErrorIs(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "ada", At: storeT0}), maturity.ErrInvalidObservation)

	got := storeCollect(t, s.ChecklistRecords(ctx, nil))
	require.Len(t, got, 3)
	assert.Equal(t, "bo", got[0].Employee)
	assert.Equal(t, []maturity.ChecklistItem{maturity.Rotation, maturity.NewResponsibility}, []maturity.ChecklistItem{got[1].Item, got[2].Item}, "items by number")
	employees := []string{"ada"}
	seq := s.ChecklistRecords(ctx, employees)
	employees[0] = "bo" // the store copied the list
	assert.Len(t, storeCollect(t, seq), 2)

	// What Checklist reads comes straight from the store.
	rep, err := maturity.Checklist(storeCollect(t, s.ChecklistRecords(ctx, []string{"ada", "bo"})), []string{"ada", "bo"}, storeT0, maturity.ChecklistOptions{})
	require.NoError(t, err)
	assert.Equal(t, []maturity.ChecklistItem{maturity.Rotation, maturity.NewResponsibility}, rep.Employees[0].Met)

	o := maturity.StanceObservation{Subject: "team-a", Stance: maturity.WeAreOK, At: storeT0}
	require.NoError(t, s.SaveStance(ctx, o))
	require.NoError(t, s.SaveStance(ctx, o))
	o.Stance = maturity.NotOKOthersOK
	err = s.SaveStance(ctx, o)
	require.ErrorIs(t, err, maturity.ErrConflict)
	assert.Contains(t, err.Error(), `the stance of "team-a"`)
	assert.ErrorIs(t, s.SaveStance(ctx, maturity.StanceObservation{Subject: "team-a", At: storeT0}), maturity.ErrInvalidObservation)
	stances := storeCollect(t, s.Stances(ctx, []string{"team-a", "team-b"}))
	require.Len(t, stances, 1)
	assert.Equal(t, maturity.WeAreOK, stances[0].Stance)
}

func TestMemStoreContent(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	require.NoError(t, s.SaveRoleStart(ctx, "ada", maturity.RoleStart{Role: "agent", At: storeT0}))
	require.NoError(t, s.SaveRoleStart(ctx, "ada", maturity.RoleStart{Role: "lead", At: storeT0.AddDate(1, 0, 0)}))
	require.NoError(t, s.SaveRoleStart(ctx, "ada", maturity.RoleStart{Role: "agent", At: storeT0}))
	err := s.SaveRoleStart(ctx, "ada", maturity.RoleStart{Role: "lead", At: storeT0})
	require.ErrorIs(t, err, maturity.ErrConflict)
	assert.Contains(t, err.Error(), `the role start of "ada"`)
	assert.ErrorIs(t, s.SaveRoleStart(ctx, "", maturity.RoleStart{At: storeT0}), maturity.ErrInvalidObservation)
	assert.ErrorIs(t, s.SaveRoleStart(ctx, "ada", maturity.RoleStart{}), maturity.ErrInvalidObservation)

	for _, r := range []maturity.Refresh{
		{Kind: maturity.RefreshProject, At: storeT0.AddDate(1, 6, 0)},
		{Kind: maturity.RefreshRotation, At: storeT0.AddDate(1, 6, 0)},
		{Kind: maturity.RefreshRotation, At: storeT0.AddDate(1, 6, 0)},
		{Kind: maturity.RefreshProgramme, At: storeT0.AddDate(0, 3, 0)},
	} {
		require.NoError(t, s.SaveRefresh(ctx, "ada", r))
	}
	assert.ErrorIs(t, s.SaveRefresh(ctx, "", maturity.Refresh{Kind: maturity.RefreshProject, At: storeT0}), maturity.ErrInvalidObservation)
	assert.ErrorIs(t, s.SaveRefresh(ctx, "ada", maturity.Refresh{At: storeT0}), maturity.ErrInvalidObservation)

	h, err := s.ContentHistory(ctx, "ada")
	require.NoError(t, err)
	require.Len(t, h.RoleStarts, 2)
	assert.Equal(t, []string{"agent", "lead"}, []string{h.RoleStarts[0].Role, h.RoleStarts[1].Role})
	require.Len(t, h.Refreshes, 3)
	assert.Equal(t, []maturity.RefreshKind{maturity.RefreshProgramme, maturity.RefreshRotation, maturity.RefreshProject},
		[]maturity.RefreshKind{h.Refreshes[0].Kind, h.Refreshes[1].Kind, h.Refreshes[2].Kind})
	assert.Equal(t, storeT0.AddDate(1, 0, 0), h.RoleStart())
	age, err := maturity.ContentAge(h.RoleStart(), h.Refreshes, storeT0.AddDate(2, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, storeT0.AddDate(2, 0, 0).Sub(storeT0.AddDate(1, 6, 0)), age)

	h.RoleStarts[0].Role = "changed"
	h.Refreshes = h.Refreshes[:0]
	again, err := s.ContentHistory(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, "agent", again.RoleStarts[0].Role)
	assert.Len(t, again.Refreshes, 3)

	none, err := s.ContentHistory(ctx, "bo")
	require.NoError(t, err)
	assert.Empty(t, none.RoleStarts)
	assert.Empty(t, none.Refreshes)

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.ContentHistory(canceled, "ada")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.SaveRefresh(canceled, "ada", maturity.Refresh{Kind: maturity.RefreshProject, At: storeT0}), context.Canceled)
}

func TestMemStoreLEAD(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	a := mustAnswers(t, "ABCDABCDABCD")
	self := maturity.LEADRecord{Leader: "lea", Form: maturity.LEADSelf, Rater: "lea", At: storeT0, Answers: a}
	other := maturity.LEADRecord{Leader: "lea", Form: maturity.LEADOther, Rater: "ada", At: storeT0, Answers: a}
	require.NoError(t, s.SaveLEAD(ctx, other))
	require.NoError(t, s.SaveLEAD(ctx, self))
	require.NoError(t, s.SaveLEAD(ctx, self))
	changed := self
	changed.Answers[11] = maturity.A
	err := s.SaveLEAD(ctx, changed)
	require.ErrorIs(t, err, maturity.ErrConflict)
	assert.NotContains(t, err.Error(), "ABCD", "answers are not in messages")
	changed.Rater = "bo"
	assert.ErrorIs(t, s.SaveLEAD(ctx, changed), maturity.ErrInvalidLEAD)

	got := storeCollect(t, s.LEADRecords(ctx, []string{"lea"}))
	require.Len(t, got, 2)
	assert.Equal(t, maturity.LEADSelf, got[0].Form, "self before other")
	assert.Equal(t, a, got[0].Answers)
	assert.Empty(t, storeCollect(t, s.LEADRecords(ctx, []string{"ada"})))
}

// Erase removes an employee's records in every optional store, counts
// them, and keeps what describes someone else.
func TestMemStoreEraseOptional(t *testing.T) {
	ctx := context.Background()
	s := maturity.NewMemStore()
	a := mustAnswers(t, "ABCDABCDABCD")
	require.NoError(t, s.SaveAssessment(ctx, storeAssessment("ada", "sales", maturity.Self, 1)))
	require.NoError(t, s.SaveObservation(ctx, storeObservation("ada", "bo", "sales", 1))) // ada leads: kept
	require.NoError(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "ada", Item: maturity.Rotation, At: storeT0}))
	require.NoError(t, s.SaveChecklistRecord(ctx, maturity.ChecklistRecord{Employee: "ada2", Item: maturity.Rotation, At: storeT0}))
	require.NoError(t, s.SaveStance(ctx, maturity.StanceObservation{Subject: "ada", Stance: maturity.WeAreOK, At: storeT0}))
	require.NoError(t, s.SaveStance(ctx, maturity.StanceObservation{Subject: "team", Stance: maturity.WeAreOK, At: storeT0}))
	require.NoError(t, s.SaveRoleStart(ctx, "ada", maturity.RoleStart{At: storeT0}))
	require.NoError(t, s.SaveRefresh(ctx, "ada", maturity.Refresh{Kind: maturity.RefreshProject, At: storeT0}))
	require.NoError(t, s.SaveRefresh(ctx, "Ada", maturity.Refresh{Kind: maturity.RefreshProject, At: storeT0}))
	require.NoError(t, s.SaveLEAD(ctx, maturity.LEADRecord{Leader: "ada", Form: maturity.LEADSelf, Rater: "ada", At: storeT0, Answers: a}))
	require.NoError(t, s.SaveLEAD(ctx, maturity.LEADRecord{Leader: "ada", Form: maturity.LEADOther, Rater: "bo", At: storeT0, Answers: a}))
	require.NoError(t, s.SaveLEAD(ctx, maturity.LEADRecord{Leader: "lea", Form: maturity.LEADOther, Rater: "ada", At: storeT0, Answers: a})) // lea's: kept

	n, err := s.Erase(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, 1+1+1+2+2, n)
	n, err = s.Erase(ctx, "ada")
	require.NoError(t, err)
	assert.Zero(t, n)

	assert.Len(t, storeCollect(t, s.Observations(ctx, maturity.Filter{})), 1)
	cl := storeCollect(t, s.ChecklistRecords(ctx, nil))
	require.Len(t, cl, 1)
	assert.Equal(t, "ada2", cl[0].Employee)
	st := storeCollect(t, s.Stances(ctx, nil))
	require.Len(t, st, 1)
	assert.Equal(t, "team", st[0].Subject)
	h, err := s.ContentHistory(ctx, "ada")
	require.NoError(t, err)
	assert.Empty(t, h.RoleStarts)
	assert.Empty(t, h.Refreshes)
	h, err = s.ContentHistory(ctx, "Ada")
	require.NoError(t, err)
	assert.Len(t, h.Refreshes, 1)
	leads := storeCollect(t, s.LEADRecords(ctx, nil))
	require.Len(t, leads, 1)
	assert.Equal(t, "lea", leads[0].Leader)
}

// A host detects the optional stores with type assertions, as io/fs does,
// and reads what Content needs from a ContentStore.
func ExampleContentStore() {
	ctx := context.Background()
	var s maturity.Store = maturity.NewMemStore()

	cs, ok := s.(maturity.ContentStore)
	if !ok {
		fmt.Println("the store keeps no job-content history")
		return
	}
	start := time.Date(2023, time.January, 9, 8, 0, 0, 0, time.UTC)
	if err := cs.SaveRoleStart(ctx, "p-17", maturity.RoleStart{Role: "complaints handler", At: start}); err != nil {
		fmt.Println(err)
		return
	}
	if err := cs.SaveRefresh(ctx, "p-17", maturity.Refresh{Kind: maturity.RefreshProject, At: start.AddDate(0, 8, 0)}); err != nil {
		fmt.Println(err)
		return
	}
	h, err := cs.ContentHistory(ctx, "p-17")
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := maturity.Content(h.RoleStart(), h.Refreshes, start.AddDate(3, 0, 0), false, maturity.ContentOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("content since", rep.Anchor.Format(time.DateOnly), "is", rep.Stage, "—", rep.Recommendation)

	_, isLEAD := s.(maturity.LEADStore)
	fmt.Println("keeps LEAD answers too:", isLEAD)
	// Output:
	// content since 2023-09-09 is responsive — add new job content
	// keeps LEAD answers too: true
}
