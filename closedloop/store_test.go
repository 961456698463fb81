package closedloop

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNextAction(t *testing.T) {
	c := newCase(t)
	next := func(c Case) (time.Time, Notices, bool) { return c.NextAction() }

	at, n, ok := next(c)
	require.True(t, ok)
	assert.Equal(t, NoticeOpened, n)
	assert.True(t, at.Equal(c.OpenedAt), "the owner is told at once")

	c.Notices |= NoticeOpened
	at, n, _ = next(c)
	assert.Equal(t, NoticeReminder, n)
	assert.True(t, at.Equal(c.Deadlines.Reminder))

	c.Notices |= NoticeReminder
	at, n, _ = next(c)
	assert.Equal(t, NoticeBreach, n)
	assert.True(t, at.Equal(c.Deadlines.Due))

	c.Notices |= NoticeBreach
	at, n, _ = next(c)
	assert.Equal(t, NoticeEscalated, n)
	assert.True(t, at.Equal(c.Deadlines.Escalate))

	c.Notices |= NoticeEscalated
	_, _, ok = next(c)
	assert.False(t, ok, "everything delivered")

	// No reminder in the policy: straight to the breach.
	p := testPolicy()
	p.Reminder = -1
	nr, err := OpenCase("c2", testResponse("r2", "cust2", 1, t0), p, "anna", "", t0)
	require.NoError(t, err)
	nr.Notices = NoticeOpened
	_, n, _ = next(nr)
	assert.Equal(t, NoticeBreach, n)

	// Paused: only a pending notice of opening.
	paused := newCase(t)
	require.NoError(t, paused.Pause(t0.Add(time.Hour), "anna", ""))
	_, n, ok = next(paused)
	assert.True(t, ok)
	assert.Equal(t, NoticeOpened, n)
	paused.Notices = NoticeOpened
	_, _, ok = next(paused)
	assert.False(t, ok)

	// Contacted: nothing more, whatever was delivered.
	done := newCase(t)
	require.NoError(t, done.Contact(t0.Add(time.Hour), "anna"))
	_, _, ok = next(done)
	assert.False(t, ok)
}

func TestCaseFilter(t *testing.T) {
	c := newCase(t) // received t0, owner anna, team front, phone, cust1, open
	tests := []struct {
		name string
		f    CaseFilter
		want bool
	}{
		{"zero", CaseFilter{}, true},
		{"from inclusive", CaseFilter{From: t0}, true},
		{"from after", CaseFilter{From: t0.Add(time.Nanosecond)}, false},
		{"to exclusive", CaseFilter{To: t0}, false},
		{"to after", CaseFilter{To: t0.Add(time.Nanosecond)}, true},
		{"customer", CaseFilter{Customer: "cust1"}, true},
		{"other customer", CaseFilter{Customer: "cust2"}, false},
		{"owner", CaseFilter{Owners: []string{"bo", "anna"}}, true},
		{"other owner", CaseFilter{Owners: []string{"bo"}}, false},
		{"team", CaseFilter{Teams: []string{"front"}}, true},
		{"other team", CaseFilter{Teams: []string{"back"}}, false},
		{"touchpoint", CaseFilter{Touchpoints: []string{"phone"}}, true},
		{"other touchpoint", CaseFilter{Touchpoints: []string{"web"}}, false},
		{"state", CaseFilter{States: []State{Open, Contacted}}, true},
		{"other state", CaseFilter{States: []State{Closed}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.f.Validate())
			assert.Equal(t, tt.want, tt.f.Match(c))
		})
	}
	for name, f := range map[string]CaseFilter{
		"reversed":      {From: t0, To: t0.Add(-time.Second)},
		"empty owner":   {Owners: []string{""}},
		"empty team":    {Teams: []string{" "}},
		"unknown state": {States: []State{9}},
	} {
		require.ErrorIs(t, f.Validate(), ErrInvalidFilter, name)
	}
}

func TestCaseValidate(t *testing.T) {
	ok := newCase(t)
	require.NoError(t, ok.Validate())
	for name, mut := range map[string]func(*Case){
		"no ID":       func(c *Case) { c.ID = "" },
		"no response": func(c *Case) { c.ResponseID = " " },
		"no owner":    func(c *Case) { c.Owner = "" },
		"bad state":   func(c *Case) { c.State = 0 },
		"bad clock":   func(c *Case) { c.Clock = 7 },
		"no receipt":  func(c *Case) { c.ReceivedAt = time.Time{} },
		"no due":      func(c *Case) { c.Deadlines.Due = time.Time{} },
		"bad rating":  func(c *Case) { c.Rating = 11 },
	} {
		t.Run(name, func(t *testing.T) {
			c := ok.Clone()
			mut(&c)
			require.ErrorIs(t, c.Validate(), ErrInvalidCase)
		})
	}
}
