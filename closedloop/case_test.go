package closedloop

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) // a Monday

func testPolicy() Policy {
	return Policy{ID: "48h", EffectiveFrom: t0.AddDate(-1, 0, 0), Target: 48 * time.Hour, Clock: CalendarHours}
}

func testResponse(id, customer string, r nps.Rating, at time.Time) nps.Response {
	return nps.Response{ID: id, Rating: r, At: at, Customer: customer, Touchpoint: "phone",
		Employees: []string{"anna"}, Comment: "Nobody called back."}
}

func newCase(t *testing.T) Case {
	t.Helper()
	c, err := OpenCase("c1", testResponse("r1", "cust1", 3, t0), testPolicy(), "anna", "front", t0.Add(time.Minute))
	require.NoError(t, err)
	return c
}

func TestOpenCase(t *testing.T) {
	c := newCase(t)
	assert.Equal(t, Open, c.State)
	assert.Equal(t, []string{"r1"}, c.Responses)
	assert.Equal(t, "anna", c.Owner)
	assert.True(t, c.ReceivedAt.Equal(t0), "the clock starts at receipt")
	assert.True(t, c.Deadlines.Due.Equal(t0.Add(48*time.Hour)))
	assert.True(t, c.Deadlines.Reminder.Equal(t0.Add(36*time.Hour)))
	assert.True(t, c.Deadlines.Escalate.Equal(t0.Add(96*time.Hour)))
	assert.Equal(t, DefaultMaxAttempts, c.MaxAttempts)
	require.Len(t, c.History, 1)
	assert.Equal(t, EventOpened, c.History[0].Kind)

	p := testPolicy()
	r := testResponse("r1", "cust1", 3, t0)
	for name, open := range map[string]func() (Case, error){
		"empty ID":       func() (Case, error) { return OpenCase("", r, p, "anna", "", t0) },
		"no owner":       func() (Case, error) { return OpenCase("c", r, p, " ", "", t0) },
		"before receipt": func() (Case, error) { return OpenCase("c", r, p, "anna", "", t0.Add(-time.Second)) },
		"bad response":   func() (Case, error) { return OpenCase("c", nps.Response{ID: "x"}, p, "anna", "", t0) },
	} {
		t.Run(name, func(t *testing.T) {
			_, err := open()
			require.ErrorIs(t, err, ErrInvalidCase)
		})
	}
	_, err := OpenCase("c", r, Policy{ID: "p"}, "anna", "", t0)
	require.ErrorIs(t, err, ErrInvalidPolicy)
}

func TestCaseLifecycle(t *testing.T) {
	c := newCase(t)
	require.NoError(t, c.Attempt(t0.Add(2*time.Hour), "anna", "voicemail"))
	assert.Equal(t, Open, c.State)
	require.NoError(t, c.Contact(t0.Add(5*time.Hour), "anna"))
	assert.Equal(t, Contacted, c.State)
	assert.False(t, c.Breached(t0.Add(100*time.Hour)), "contacted in time stays in time")
	require.NoError(t, c.Tag(t0.Add(5*time.Hour), "anna", "communication", "communication", "processes and rules"))
	assert.Equal(t, []string{"communication", "processes and rules"}, c.RootCauses)
	eight := nps.Rating(8)
	require.NoError(t, c.Close(t0.Add(6*time.Hour), "anna", Recovered, &eight))
	assert.Equal(t, Closed, c.State)
	assert.Equal(t, Recovered, c.Outcome)
	require.NotNil(t, c.FollowUp)
	assert.Equal(t, nps.Rating(8), *c.FollowUp)
	kinds := []EventKind{}
	for _, e := range c.History {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []EventKind{EventOpened, EventAttempted, EventContacted, EventTagged, EventClosed}, kinds)
}

func TestCaseUnreachable(t *testing.T) {
	c := newCase(t)
	for i := range 3 {
		require.NoError(t, c.Attempt(t0.Add(time.Duration(i+1)*time.Hour), "anna", ""))
	}
	assert.Equal(t, Unreachable, c.State)
	assert.True(t, c.State.Final())
	require.ErrorIs(t, c.Attempt(t0.Add(5*time.Hour), "anna", ""), ErrInvalidTransition)
	require.ErrorIs(t, c.Contact(t0.Add(5*time.Hour), "anna"), ErrInvalidTransition)
	require.NoError(t, c.Close(t0.Add(6*time.Hour), "lead", NotRecovered, nil))
}

// TestCaseInvalidTransitions checks that every refused action is an error
// wrapping ErrInvalidTransition (as a *TransitionError) and changes
// nothing.
func TestCaseInvalidTransitions(t *testing.T) {
	open := newCase(t)
	contacted := newCase(t)
	require.NoError(t, contacted.Contact(t0.Add(time.Hour), "anna"))
	closed := contacted.Clone()
	require.NoError(t, closed.Close(t0.Add(2*time.Hour), "anna", Lost, nil))
	paused := newCase(t)
	require.NoError(t, paused.Pause(t0.Add(time.Hour), "anna", "customer on holiday"))
	bad := nps.Rating(11)
	late := t0.Add(3 * time.Hour)
	tests := []struct {
		name string
		c    Case
		act  func(*Case) error
	}{
		{"close open", open, func(c *Case) error { return c.Close(late, "anna", Recovered, nil) }},
		{"contact twice", contacted, func(c *Case) error { return c.Contact(late, "anna") }},
		{"attempt after contact", contacted, func(c *Case) error { return c.Attempt(late, "anna", "") }},
		{"close twice", closed, func(c *Case) error { return c.Close(late, "anna", Recovered, nil) }},
		{"reassign closed", closed, func(c *Case) error { return c.Reassign(late, "lead", "bo", "") }},
		{"attach to closed", closed, func(c *Case) error {
			return c.Attach(testResponse("r2", "cust1", 2, late), late)
		}},
		{"pause contacted", contacted, func(c *Case) error { return c.Pause(late, "anna", "") }},
		{"pause twice", paused, func(c *Case) error { return c.Pause(late, "anna", "") }},
		{"resume running", open, func(c *Case) error { return c.Resume(testPolicy(), late, "anna") }},
		{"resume other policy", paused, func(c *Case) error {
			p := testPolicy()
			p.ID = "24h"
			return c.Resume(p, late, "anna")
		}},
		{"resume before pause", paused, func(c *Case) error { return c.Resume(testPolicy(), t0.Add(time.Minute), "anna") }},
		{"no actor", open, func(c *Case) error { return c.Contact(late, " ") }},
		{"before receipt", open, func(c *Case) error { return c.Contact(t0.Add(-time.Hour), "anna") }},
		{"bad outcome", contacted, func(c *Case) error { return c.Close(late, "anna", 0, nil) }},
		{"bad follow-up", contacted, func(c *Case) error { return c.Close(late, "anna", Recovered, &bad) }},
		{"close before contact", contacted, func(c *Case) error { return c.Close(t0.Add(time.Minute), "anna", Recovered, nil) }},
		{"reassign to nobody", open, func(c *Case) error { return c.Reassign(late, "lead", "", "") }},
		{"empty tag", open, func(c *Case) error { return c.Tag(late, "anna", "prices and terms", "") }},
		{"empty note", open, func(c *Case) error { return c.Note(late, "anna", " ") }},
		{"other customer", open, func(c *Case) error {
			return c.Attach(testResponse("r2", "cust2", 2, late), late)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c.Clone()
			err := tt.act(&c)
			require.ErrorIs(t, err, ErrInvalidTransition)
			var te *TransitionError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.c.ID, te.Case)
			assert.Equal(t, tt.c, c, "a refused action changes nothing")
		})
	}
}

func TestCasePauseResume(t *testing.T) {
	c := newCase(t)
	require.NoError(t, c.Pause(t0.Add(10*time.Hour), "anna", "customer asked to be called next week"))
	assert.True(t, c.Paused())
	assert.False(t, c.Breached(t0.Add(200*time.Hour)), "not breached while paused")
	require.NoError(t, c.Resume(testPolicy(), t0.Add(7*24*time.Hour), "anna"))
	assert.False(t, c.Paused())
	assert.Equal(t, 10*time.Hour, c.Used)
	// 38 of 48 hours left from the resume.
	assert.True(t, c.Deadlines.Due.Equal(t0.Add(7*24*time.Hour+38*time.Hour)), "%v", c.Deadlines.Due)
	assert.True(t, c.Deadlines.Escalate.Equal(t0.Add(7*24*time.Hour+86*time.Hour)))
	// A second pause and resume keeps adding up.
	require.NoError(t, c.Pause(t0.Add(7*24*time.Hour+8*time.Hour), "anna", ""))
	require.NoError(t, c.Resume(testPolicy(), t0.Add(9*24*time.Hour), "anna"))
	assert.Equal(t, 18*time.Hour, c.Used)
	assert.True(t, c.Deadlines.Due.Equal(t0.Add(9*24*time.Hour+30*time.Hour)))
	// The customer answered while paused: contact ends the pause.
	require.NoError(t, c.Pause(t0.Add(9*24*time.Hour+time.Hour), "anna", ""))
	require.NoError(t, c.Contact(t0.Add(9*24*time.Hour+2*time.Hour), "anna"))
	assert.False(t, c.Paused())
	assert.False(t, c.Breached(t0.Add(30*24*time.Hour)))
}

func TestCasePauseBusinessHours(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	p := Policy{ID: "biz", EffectiveFrom: t0.AddDate(-1, 0, 0), Target: 16 * time.Hour, Clock: BusinessHours,
		Calendar: officeHours(t, cph)}
	r := testResponse("r1", "cust1", 2, at(t, cph, "2026-11-23 12:00"))
	c, err := OpenCase("c1", r, p, "anna", "", r.At)
	require.NoError(t, err)
	assert.True(t, c.Deadlines.Due.Equal(at(t, cph, "2026-11-25 12:00")))
	require.NoError(t, c.Pause(at(t, cph, "2026-11-23 14:00"), "anna", "")) // 2 business hours used
	require.NoError(t, c.Resume(p, at(t, cph, "2026-11-27 20:00"), "anna")) // Friday evening
	assert.Equal(t, 2*time.Hour, c.Used)
	assert.True(t, c.Deadlines.Due.Equal(at(t, cph, "2026-12-01 14:00")), "%v", c.Deadlines.Due)
}

func TestCaseBreached(t *testing.T) {
	c := newCase(t)
	assert.False(t, c.Breached(t0.Add(47*time.Hour)))
	assert.True(t, c.Breached(t0.Add(48*time.Hour)), "due is the breach instant")
	late := newCase(t)
	require.NoError(t, late.Contact(t0.Add(49*time.Hour), "anna"))
	assert.True(t, late.Breached(t0.Add(49*time.Hour)))
	pausedLate := newCase(t)
	require.NoError(t, pausedLate.Pause(t0.Add(50*time.Hour), "anna", ""))
	assert.True(t, pausedLate.Breached(t0.Add(60*time.Hour)), "paused after the breach stays breached")
}

func TestCaseAttachReassignNote(t *testing.T) {
	c := newCase(t)
	r2 := testResponse("r2", "cust1", 5, t0.Add(24*time.Hour))
	require.NoError(t, c.Attach(r2, r2.At))
	require.NoError(t, c.Attach(r2, r2.At), "attaching twice is a no-op")
	assert.Equal(t, []string{"r1", "r2"}, c.Responses)
	assert.True(t, c.Deadlines.Due.Equal(t0.Add(48*time.Hour)), "due times stay")
	require.NoError(t, c.Reassign(t0.Add(25*time.Hour), "lead", "bo", "anna on leave"))
	assert.Equal(t, "bo", c.Owner)
	require.NoError(t, c.Reassign(t0.Add(25*time.Hour), "lead", "bo", ""), "same owner is a no-op")
	require.NoError(t, c.Note(t0.Add(26*time.Hour), "bo", "Left a message with the reception."))
	last := c.History[len(c.History)-1]
	assert.Equal(t, EventNoted, last.Kind)
	assert.Equal(t, "bo", last.Actor)
	assert.Equal(t, EventReassigned, c.History[len(c.History)-2].Kind)
	assert.Equal(t, "anna → bo: anna on leave", c.History[len(c.History)-2].Detail)
	require.ErrorIs(t, c.Attach(nps.Response{ID: "bad"}, t0), ErrInvalidCase)
}

func TestCaseJSON(t *testing.T) {
	c := newCase(t)
	require.NoError(t, c.Contact(t0.Add(time.Hour), "anna"))
	nine := nps.Rating(9)
	require.NoError(t, c.Close(t0.Add(2*time.Hour), "anna", Recovered, &nine))
	c.Notices = NoticeOpened | NoticeReminder
	b, err := json.Marshal(c)
	require.NoError(t, err)
	var back Case
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)
	assert.Contains(t, string(b), `"state":"closed"`)
	assert.Contains(t, string(b), `"outcome":"recovered"`)
	assert.Contains(t, string(b), `"clock":"calendar"`)

	var s State
	require.ErrorIs(t, s.UnmarshalText([]byte("lost")), ErrInvalidCase)
	var o Outcome
	require.ErrorIs(t, o.UnmarshalText([]byte("won")), ErrInvalidCase)
	_, err = State(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidCase)
	assert.Equal(t, "State(9)", State(9).String())
	assert.Equal(t, "no longer a customer", Lost.String())
	assert.Equal(t, "Outcome(7)", Outcome(7).String())
}

func TestCaseClone(t *testing.T) {
	c := newCase(t)
	one := nps.Rating(1)
	c.FollowUp = &one
	d := c.Clone()
	d.Responses[0] = "changed"
	d.History[0].Detail = "changed"
	*d.FollowUp = 10
	assert.Equal(t, "r1", c.Responses[0])
	assert.NotEqual(t, "changed", c.History[0].Detail)
	assert.Equal(t, nps.Rating(1), *c.FollowUp)
}

func TestCaseContactWhilePaused(t *testing.T) {
	c := newCase(t)
	require.NoError(t, c.Pause(t0.Add(10*time.Hour), "anna", "call back next week"))
	require.ErrorIs(t, c.Contact(t0.Add(9*time.Hour), "anna"), ErrInvalidTransition, "before the pause")
	require.NoError(t, c.Contact(t0.Add(7*24*time.Hour), "anna"))
	assert.False(t, c.Paused(), "a contacted case waits on nobody")
	assert.True(t, c.ClockStop().Equal(t0.Add(10*time.Hour)), "the clock stopped at the pause")
	assert.False(t, c.Breached(t0.Add(30*24*time.Hour)))

	plain := newCase(t)
	assert.True(t, plain.ClockStop().IsZero())
	require.NoError(t, plain.Contact(t0.Add(50*time.Hour), "anna"))
	assert.True(t, plain.ClockStop().Equal(t0.Add(50*time.Hour)))
	assert.True(t, plain.Breached(t0.Add(50*time.Hour)))
}
