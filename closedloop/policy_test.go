package closedloop

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

func TestTriggerOpens(t *testing.T) {
	resp := func(r nps.Rating, tp, comment string) nps.Response {
		return nps.Response{Rating: r, Touchpoint: tp, Comment: comment}
	}
	tests := []struct {
		name string
		tr   Trigger
		r    nps.Response
		want bool
	}{
		{"detractor", Trigger{}, resp(6, "phone", ""), true},
		{"zero", Trigger{}, resp(0, "phone", ""), true},
		{"passive not by default", Trigger{}, resp(7, "phone", ""), false},
		{"passive when asked", Trigger{Passives: true}, resp(8, "phone", ""), true},
		{"promoter never by rating", Trigger{Passives: true}, resp(9, "phone", ""), false},
		{"comment when asked", Trigger{Comments: true}, resp(10, "phone", "Thanks!"), true},
		{"blank comment", Trigger{Comments: true}, resp(10, "phone", "  \n"), false},
		{"comment not by default", Trigger{}, resp(9, "phone", "ok"), false},
		{"touchpoint listed", Trigger{Touchpoints: []string{"phone"}}, resp(3, "phone", ""), true},
		{"touchpoint not listed", Trigger{Touchpoints: []string{"web"}}, resp(3, "phone", ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.tr.Opens(tt.r))
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	cal := officeHours(t, time.UTC)
	ok := Policy{ID: "48h", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Target: 48 * time.Hour, Clock: CalendarHours}
	require.NoError(t, ok.Validate())
	biz := ok
	biz.Clock, biz.Calendar = BusinessHours, cal
	require.NoError(t, biz.Validate())
	for name, mut := range map[string]func(*Policy){
		"no ID":            func(p *Policy) { p.ID = " " },
		"no start":         func(p *Policy) { p.EffectiveFrom = time.Time{} },
		"zero target":      func(p *Policy) { p.Target = 0 },
		"negative target":  func(p *Policy) { p.Target = -time.Hour },
		"huge target":      func(p *Policy) { p.Target = time.Duration(math.MaxInt64) },
		"no clock":         func(p *Policy) { p.Clock = 0 },
		"unknown clock":    func(p *Policy) { p.Clock = 9 },
		"business, no cal": func(p *Policy) { p.Clock = BusinessHours },
		"reminder 1":       func(p *Policy) { p.Reminder = 1 },
		"reminder NaN":     func(p *Policy) { p.Reminder = math.NaN() },
		"attainment > 1":   func(p *Policy) { p.AttainmentTarget = 1.1 },
		"attainment < 0":   func(p *Policy) { p.AttainmentTarget = -0.1 },
		"attempts < 0":     func(p *Policy) { p.MaxAttempts = -1 },
		"blank touchpoint": func(p *Policy) { p.Trigger.Touchpoints = []string{""} },
	} {
		t.Run(name, func(t *testing.T) {
			p := ok
			mut(&p)
			require.ErrorIs(t, p.Validate(), ErrInvalidPolicy)
		})
	}
}

func TestPolicyDeadlines(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	cal := officeHours(t, cph)
	received := at(t, cph, "2026-11-27 15:00") // a Friday afternoon
	calendar := Policy{ID: "c", EffectiveFrom: received, Target: 48 * time.Hour, Clock: CalendarHours, Calendar: cal}
	d := calendar.Deadlines(received, 0)
	assert.True(t, d.Reminder.Equal(received.Add(36*time.Hour)))
	assert.True(t, d.Due.Equal(received.Add(48*time.Hour)), "calendar hours ignore the calendar")
	assert.True(t, d.Escalate.Equal(received.Add(96*time.Hour)))

	business := calendar
	business.Clock, business.Target = BusinessHours, 24*time.Hour
	d = business.Deadlines(received, 0)
	assert.True(t, d.Reminder.Equal(at(t, cph, "2026-12-02 09:00")), "%v", d.Reminder) // 18 h: Fri 1 + Mon 8 + Tue 8 + Wed 1
	assert.True(t, d.Due.Equal(at(t, cph, "2026-12-02 15:00")), "%v", d.Due)
	assert.True(t, d.Escalate.Equal(at(t, cph, "2026-12-07 15:00")), "%v", d.Escalate) // 48 h: 1 + 5×8 + 7

	// Resumed after a pause with 20 business hours used: 4 left.
	resumed := at(t, cph, "2026-12-07 10:00")
	d = business.Deadlines(resumed, 20*time.Hour)
	assert.True(t, d.Due.Equal(at(t, cph, "2026-12-07 14:00")), "%v", d.Due)
	assert.True(t, d.Reminder.Equal(resumed), "a passed reminder falls due at once")

	none := calendar
	none.Reminder = -1
	assert.True(t, none.Deadlines(received, 0).Reminder.IsZero())
}

func TestPolicyDefaults(t *testing.T) {
	var p Policy
	assert.Equal(t, DefaultDedupe, p.dedupe())
	assert.InDelta(t, DefaultReminder, p.reminder(), 0)
	assert.InDelta(t, DefaultAttainmentTarget, p.Attainment(), 0)
	assert.Equal(t, DefaultMaxAttempts, p.maxAttempts())
	p = Policy{Dedupe: -1, Reminder: 0.5, AttainmentTarget: 0.8, MaxAttempts: 5}
	assert.Equal(t, time.Duration(-1), p.dedupe())
	assert.InDelta(t, 0.5, p.reminder(), 0)
	assert.InDelta(t, 0.8, p.Attainment(), 0)
	assert.Equal(t, 5, p.maxAttempts())
}

func TestPolicies(t *testing.T) {
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	jul := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	p48 := Policy{ID: "48h", EffectiveFrom: jan, Target: 48 * time.Hour, Clock: CalendarHours}
	p24 := Policy{ID: "24h", EffectiveFrom: jul, Target: 24 * time.Hour, Clock: CalendarHours}
	ps, err := NewPolicies(p24, p48)
	require.NoError(t, err)
	assert.Equal(t, []string{"48h", "24h"}, []string{ps.All()[0].ID, ps.All()[1].ID})

	_, err = ps.At(jan.Add(-time.Second))
	require.ErrorIs(t, err, ErrNoPolicy)
	got, err := ps.At(jan)
	require.NoError(t, err)
	assert.Equal(t, "48h", got.ID)
	got, err = ps.At(jul.Add(-time.Nanosecond))
	require.NoError(t, err)
	assert.Equal(t, "48h", got.ID, "a case keeps the policy in force at receipt")
	got, err = ps.At(jul)
	require.NoError(t, err)
	assert.Equal(t, "24h", got.ID)

	byID, ok := ps.ByID("24h")
	require.True(t, ok)
	assert.Equal(t, 24*time.Hour, byID.Target)
	_, ok = ps.ByID("12h")
	assert.False(t, ok)

	var none *Policies
	_, err = none.At(jul)
	require.ErrorIs(t, err, ErrNoPolicy)
	assert.Nil(t, none.All())

	_, err = NewPolicies(p48, p48)
	require.ErrorIs(t, err, ErrInvalidPolicy, "duplicate ID")
	twin := p24
	twin.ID, twin.EffectiveFrom = "twin", jan
	_, err = NewPolicies(p48, twin)
	require.ErrorIs(t, err, ErrInvalidPolicy, "same instant")
	_, err = NewPolicies(Policy{ID: "x"})
	require.ErrorIs(t, err, ErrInvalidPolicy)
}

func TestClockText(t *testing.T) {
	for _, c := range []Clock{CalendarHours, BusinessHours} {
		b, err := json.Marshal(c)
		require.NoError(t, err)
		var back Clock
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, c, back)
	}
	assert.Equal(t, "calendar hours", CalendarHours.String())
	assert.Equal(t, "business hours", BusinessHours.String())
	assert.Equal(t, "Clock(0)", Clock(0).String())
	_, err := json.Marshal(Clock(0))
	require.ErrorIs(t, err, ErrInvalidPolicy)
	var c Clock
	require.ErrorIs(t, c.UnmarshalText([]byte("wall")), ErrInvalidPolicy)
}
