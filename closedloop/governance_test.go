package closedloop

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// govDay is a day of elapsed time.
const govDay = 24 * time.Hour

// govNow is the decision instant of the governance tests, a Monday.
var govNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// blocking lists the rules that block d, in order.
func blocking(d ContactDecision) []ContactCheck {
	var cs []ContactCheck
	for _, r := range d.Reasons {
		if r.Blocks {
			cs = append(cs, r.Check)
		}
	}
	return cs
}

func TestContactDecide(t *testing.T) {
	ago := func(d time.Duration) time.Time { return govNow.Add(-d) }
	veteran := ContactHistory{CustomerSince: ago(6 * 365 * govDay), LastInvited: ago(200 * govDay), LastResponded: ago(199 * govDay)}
	delay := ContactRules{NewCustomerDelay: 30 * govDay}
	tests := []struct {
		name      string
		rules     ContactRules
		h         ContactHistory
		allowed   bool
		blocks    []ContactCheck
		notBefore time.Time
	}{
		{name: "no history, zero rules", allowed: true},
		{name: "long-standing customer", h: veteran, allowed: true},
		{
			name:      "invited 30 days ago",
			h:         ContactHistory{LastInvited: ago(30 * govDay)},
			blocks:    []ContactCheck{CheckInvitationGap},
			notBefore: govNow.Add(60 * govDay),
		},
		{
			name:      "responded unprompted 10 days ago",
			h:         ContactHistory{LastInvited: ago(300 * govDay), LastResponded: ago(10 * govDay)},
			blocks:    []ContactCheck{CheckResponseGap},
			notBefore: govNow.Add(80 * govDay),
		},
		{
			name:   "opted out",
			h:      ContactHistory{CustomerSince: ago(900 * govDay), OptedOut: true, OptedOutAt: ago(400 * govDay)},
			blocks: []ContactCheck{CheckOptOut},
		},
		{
			name:   "opted out, date unknown",
			h:      ContactHistory{OptedOut: true},
			blocks: []ContactCheck{CheckOptOut},
		},
		{
			name:   "open case",
			h:      ContactHistory{LastInvited: ago(100 * govDay), OpenCase: true},
			blocks: []ContactCheck{CheckOpenCase},
		},
		{
			name:      "new customer within the delay",
			rules:     delay,
			h:         ContactHistory{CustomerSince: ago(10 * govDay)},
			blocks:    []ContactCheck{CheckNewCustomer},
			notBefore: govNow.Add(20 * govDay),
		},
		{name: "new customer past the delay", rules: delay, h: ContactHistory{CustomerSince: ago(31 * govDay)}, allowed: true},
		{name: "customer start unknown", rules: delay, h: ContactHistory{}, allowed: true},
		{name: "no delay for a customer of one govDay", h: ContactHistory{CustomerSince: ago(govDay)}, allowed: true},
		{
			name:      "customer from next week",
			rules:     delay,
			h:         ContactHistory{CustomerSince: govNow.Add(7 * govDay)},
			blocks:    []ContactCheck{CheckNewCustomer},
			notBefore: govNow.Add(37 * govDay),
		},
		{name: "customer from next week, no delay", h: ContactHistory{CustomerSince: govNow.Add(7 * govDay)}, allowed: true},
		{
			name:      "several time rules: the latest end counts",
			rules:     ContactRules{MinGap: 60 * govDay, NewCustomerDelay: 90 * govDay},
			h:         ContactHistory{CustomerSince: ago(50 * govDay), LastInvited: ago(45 * govDay), LastResponded: ago(5 * govDay)},
			blocks:    []ContactCheck{CheckNewCustomer, CheckInvitationGap, CheckResponseGap},
			notBefore: govNow.Add(55 * govDay),
		},
		{
			name:      "open case and a gap: the gap is a lower bound",
			h:         ContactHistory{LastInvited: ago(80 * govDay), OpenCase: true},
			blocks:    []ContactCheck{CheckOpenCase, CheckInvitationGap},
			notBefore: govNow.Add(10 * govDay),
		},
		{
			name:   "opt-out beats everything",
			rules:  delay,
			h:      ContactHistory{CustomerSince: ago(govDay), OptedOut: true, OptedOutAt: ago(time.Hour), LastInvited: ago(2 * govDay), LastResponded: ago(govDay), OpenCase: true},
			blocks: []ContactCheck{CheckOptOut, CheckOpenCase, CheckNewCustomer, CheckInvitationGap, CheckResponseGap},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.rules.Decide(govNow, tt.h, SurveyScope{})
			require.NoError(t, err)
			assert.Equal(t, tt.allowed, d.Allowed, "%s", d)
			assert.Equal(t, tt.blocks, blocking(d), "%s", d)
			assert.True(t, tt.notBefore.Equal(d.NotBefore), "NotBefore = %v, want %v", d.NotBefore, tt.notBefore)
			assert.Equal(t, tt.allowed, len(tt.blocks) == 0, "test case is inconsistent")

			// Every rule is reported, in order, with an explanation.
			require.Len(t, d.Reasons, 5)
			for i, c := range []ContactCheck{CheckOptOut, CheckOpenCase, CheckNewCustomer, CheckInvitationGap, CheckResponseGap} {
				r := d.Reasons[i]
				assert.Equal(t, c, r.Check)
				assert.NotEmpty(t, r.Detail)
				assert.Equal(t, c, r.Check)
				assert.Equal(t, r.Blocks, d.BlockedBy(c))
				timed := c == CheckNewCustomer || c == CheckInvitationGap || c == CheckResponseGap
				if r.Blocks && timed {
					assert.True(t, r.Until.After(govNow), "%s until %v", c, r.Until)
				} else {
					assert.True(t, r.Until.IsZero(), "%s until %v", c, r.Until)
				}
			}

			// Once the time rules are kept, they no longer block.
			if !d.NotBefore.IsZero() {
				later, err := tt.rules.Decide(d.NotBefore, tt.h, SurveyScope{})
				require.NoError(t, err)
				assert.Equal(t, !tt.h.OpenCase, later.Allowed, "%s", later)
			}
		})
	}
}

func TestContactGapPrecedence(t *testing.T) {
	rules := ContactRules{
		MinGap:     60 * govDay,
		ListGaps:   map[string]time.Duration{"vip": 120 * govDay, "weekly": 7 * govDay},
		SurveyGaps: map[string]time.Duration{"visit": 14 * govDay, "annual": 365 * govDay},
	}
	mapsOnly := ContactRules{ListGaps: rules.ListGaps, SurveyGaps: rules.SurveyGaps}
	tests := []struct {
		name    string
		rules   ContactRules
		scope   SurveyScope
		gap     time.Duration
		level   GapLevel
		allowed bool // last invited 20 days ago
	}{
		{"zero rules", ContactRules{}, SurveyScope{List: "vip", Survey: "visit"}, DefaultContactGap, GapDefault, false},
		{"global", rules, SurveyScope{}, 60 * govDay, GapGlobal, false},
		{"unknown list and survey fall back to global", rules, SurveyScope{List: "other", Survey: "other"}, 60 * govDay, GapGlobal, false},
		{"list over global", rules, SurveyScope{List: "weekly"}, 7 * govDay, GapList, true},
		{"survey over global", rules, SurveyScope{Survey: "visit"}, 14 * govDay, GapSurvey, true},
		{"survey over list, shorter", rules, SurveyScope{List: "vip", Survey: "visit"}, 14 * govDay, GapSurvey, true},
		{"survey over list, longer", rules, SurveyScope{List: "weekly", Survey: "annual"}, 365 * govDay, GapSurvey, false},
		{"unknown survey falls back to list", rules, SurveyScope{List: "weekly", Survey: "other"}, 7 * govDay, GapList, true},
		{"no global: default", mapsOnly, SurveyScope{List: "other"}, DefaultContactGap, GapDefault, false},
		{"no global: list", mapsOnly, SurveyScope{List: "weekly"}, 7 * govDay, GapList, true},
	}
	h := ContactHistory{LastInvited: govNow.Add(-20 * govDay)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.rules.Decide(govNow, h, tt.scope)
			require.NoError(t, err)
			assert.Equal(t, tt.gap, d.Gap)
			assert.Equal(t, tt.level, d.GapLevel)
			assert.Equal(t, tt.allowed, d.Allowed, "%s", d)
			assert.Contains(t, d.Reasons[3].Detail, describeGap(tt.gap, tt.level, tt.scope))
			assert.Contains(t, d.Reasons[4].Detail, "never responded")
		})
	}
}

func TestContactBoundary(t *testing.T) {
	rules := ContactRules{NewCustomerDelay: 30 * govDay}
	last := time.Date(2026, 8, 25, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		h     ContactHistory
		check ContactCheck
		end   time.Time
	}{
		{"invitation", ContactHistory{LastInvited: last}, CheckInvitationGap, last.Add(DefaultContactGap)},
		{"response", ContactHistory{LastResponded: last}, CheckResponseGap, last.Add(DefaultContactGap)},
		{"new customer", ContactHistory{CustomerSince: last}, CheckNewCustomer, last.Add(30 * govDay)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := rules.Decide(tt.end, tt.h, SurveyScope{})
			require.NoError(t, err)
			assert.True(t, d.Allowed, "exactly at the end: %s", d)

			d, err = rules.Decide(tt.end.Add(-time.Nanosecond), tt.h, SurveyScope{})
			require.NoError(t, err)
			assert.False(t, d.Allowed)
			assert.Equal(t, []ContactCheck{tt.check}, blocking(d))
			assert.True(t, d.NotBefore.Equal(tt.end), "NotBefore = %v", d.NotBefore)
		})
	}
}

// Gaps are elapsed time: across the change to summer time, 90 days end an
// hour later on the local clock. Times come back in now's location.
func TestContactElapsedTimeAndLocation(t *testing.T) {
	cph := zone(t, "Europe/Copenhagen")
	invited := time.Date(2026, 3, 1, 10, 0, 0, 0, cph)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, cph)
	d, err := ContactRules{}.Decide(now, ContactHistory{LastInvited: invited.UTC()}, SurveyScope{})
	require.NoError(t, err)
	assert.True(t, time.Date(2026, 5, 30, 11, 0, 0, 0, cph).Equal(d.NotBefore), "NotBefore = %v", d.NotBefore)
	assert.Equal(t, cph, d.NotBefore.Location())
	assert.Equal(t, cph, d.Reasons[3].Until.Location())
	assert.Equal(t, "last invited 2026-03-01T10:00:00+01:00, within the gap of 90 days (default), not before 2026-05-30T11:00:00+02:00", d.Reasons[3].Detail)
}

func TestContactRulesInvalid(t *testing.T) {
	tests := []struct {
		name  string
		rules ContactRules
		msg   string
	}{
		{"negative gap", ContactRules{MinGap: -time.Nanosecond}, "MinGap -1ns is negative"},
		{"negative delay", ContactRules{NewCustomerDelay: -govDay}, "NewCustomerDelay -24h0m0s is negative"},
		{"zero list gap", ContactRules{ListGaps: map[string]time.Duration{"vip": 0}}, `list "vip" has gap 0s, not positive`},
		{"negative survey gap", ContactRules{SurveyGaps: map[string]time.Duration{"q4": -govDay}}, `survey "q4" has gap -24h0m0s, not positive`},
		{"empty list name", ContactRules{ListGaps: map[string]time.Duration{"": govDay}}, "list gap 24h0m0s set for an empty list name"},
		{"empty survey name", ContactRules{SurveyGaps: map[string]time.Duration{"": govDay}}, "survey gap 24h0m0s set for an empty survey name"},
		{
			"the first problem by name",
			ContactRules{SurveyGaps: map[string]time.Duration{"d": 0, "c": govDay, "b": -1, "a": govDay, "e": 0}},
			`survey "b" has gap -1ns, not positive`,
		},
		{
			"list before survey",
			ContactRules{ListGaps: map[string]time.Duration{"z": 0}, SurveyGaps: map[string]time.Duration{"a": 0}},
			`list "z"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 5 { // map order must not change the message
				err := tt.rules.Validate()
				require.ErrorIs(t, err, ErrInvalidContactRules)
				assert.Contains(t, err.Error(), tt.msg)

				d, err := tt.rules.Decide(govNow, ContactHistory{}, SurveyScope{})
				require.ErrorIs(t, err, ErrInvalidContactRules)
				assert.Zero(t, d)
			}
		})
	}
	assert.NoError(t, ContactRules{}.Validate())
}

func TestContactHistoryInvalid(t *testing.T) {
	later := govNow.Add(time.Nanosecond)
	tests := []struct {
		name string
		now  time.Time
		h    ContactHistory
		msg  string
	}{
		{"zero now", time.Time{}, ContactHistory{}, "zero decision instant"},
		{"now after 9999", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), ContactHistory{}, "decision instant is outside"},
		{"now before year 1", time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), ContactHistory{}, "decision instant is outside"},
		{"invited after now", govNow, ContactHistory{LastInvited: later}, "last invitation at 2026-11-23T10:00:00Z is after the decision instant"},
		{"responded after now", govNow, ContactHistory{LastResponded: later}, "last response at"},
		{"opted out after now", govNow, ContactHistory{OptedOut: true, OptedOutAt: govNow.Add(govDay)}, "opt-out at 2026-11-24T10:00:00Z is after"},
		{"opt-out time without opt-out", govNow, ContactHistory{OptedOutAt: govNow.Add(-govDay)}, "opt-out time 2026-11-22T10:00:00Z without opt-out"},
		{"customer start out of range", govNow, ContactHistory{CustomerSince: time.Unix(1<<62, 0)}, "customer start is outside"},
		{"invitation out of range", govNow, ContactHistory{LastInvited: time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC)}, "last invitation is outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ContactRules{}.Decide(tt.now, tt.h, SurveyScope{})
			require.ErrorIs(t, err, ErrInvalidContactHistory)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Zero(t, d)
			assert.False(t, d.Allowed)
		})
	}
	// The same instant as now is not in the future.
	_, err := ContactRules{}.Decide(govNow, ContactHistory{OptedOut: true, OptedOutAt: govNow, LastInvited: govNow, LastResponded: govNow}, SurveyScope{})
	assert.NoError(t, err)
}

func TestContactDecisionString(t *testing.T) {
	rules := ContactRules{NewCustomerDelay: 30 * govDay, SurveyGaps: map[string]time.Duration{"visit": 14 * govDay}}
	tests := []struct {
		name  string
		h     ContactHistory
		scope SurveyScope
		want  string
	}{
		{
			"allowed",
			ContactHistory{CustomerSince: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), LastInvited: govNow.Add(-100 * govDay)},
			SurveyScope{List: "all"},
			"allowed: not opted out; no open follow-up case; customer since 2024-01-15T00:00:00Z, past the new-customer delay of 30 days; " +
				"last invited 2026-08-15T10:00:00Z, past the gap of 90 days (default); never responded",
		},
		{
			"allowed, nothing known",
			ContactHistory{},
			SurveyScope{Survey: "visit"},
			"allowed: not opted out; no open follow-up case; customer start unknown, new-customer delay of 30 days not applied; never invited; never responded",
		},
		{
			"not before",
			ContactHistory{LastInvited: govNow.Add(-10 * govDay), LastResponded: govNow.Add(-9*govDay - 90*time.Minute)},
			SurveyScope{Survey: "visit"},
			"not before 2026-11-28T08:30:00Z: last invited 2026-11-13T10:00:00Z, within the gap of 14 days (survey \"visit\"), not before 2026-11-27T10:00:00Z; " +
				"last responded 2026-11-14T08:30:00Z, within the gap of 14 days (survey \"visit\"), not before 2026-11-28T08:30:00Z",
		},
		{
			"open case",
			ContactHistory{OpenCase: true, LastResponded: govNow.Add(-2 * govDay)},
			SurveyScope{},
			"blocked: a follow-up case is open, not until it is closed; last responded 2026-11-21T10:00:00Z, within the gap of 90 days (default), not before 2027-02-19T10:00:00Z",
		},
		{
			"never",
			ContactHistory{OptedOut: true, OptedOutAt: time.Date(2025, 5, 4, 12, 0, 0, 0, time.UTC), OpenCase: true},
			SurveyScope{},
			"never: opted out 2025-05-04T12:00:00Z, for good; a follow-up case is open, not until it is closed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := rules.Decide(govNow, tt.h, tt.scope)
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.String())
		})
	}
	assert.Equal(t, "blocked:", ContactDecision{}.String())
}

func TestContactDecisionJSON(t *testing.T) {
	rules := ContactRules{ListGaps: map[string]time.Duration{"vip": 30 * govDay}}
	h := ContactHistory{CustomerSince: time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC), LastInvited: govNow.Add(-10 * govDay)}
	d, err := rules.Decide(govNow, h, SurveyScope{List: "vip"})
	require.NoError(t, err)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"allowed": false,
		"not_before": "2026-12-13T10:00:00Z",
		"gap": 2592000000000000,
		"gap_level": "list",
		"reasons": [
			{"check": "opt-out", "blocks": false, "detail": "not opted out"},
			{"check": "open-case", "blocks": false, "detail": "no open follow-up case"},
			{"check": "new-customer", "blocks": false, "detail": "no new-customer delay"},
			{"check": "invitation-gap", "blocks": true, "until": "2026-12-13T10:00:00Z",
			 "detail": "last invited 2026-11-13T10:00:00Z, within the gap of 30 days (list \"vip\"), not before 2026-12-13T10:00:00Z"},
			{"check": "response-gap", "blocks": false, "detail": "never responded"}
		]
	}`, string(b))

	var back ContactDecision
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, d.String(), back.String())
	assert.True(t, back.NotBefore.Equal(d.NotBefore))

	allowed, err := ContactRules{}.Decide(govNow, ContactHistory{}, SurveyScope{})
	require.NoError(t, err)
	b, err = json.Marshal(allowed)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "not_before")
	assert.NotContains(t, string(b), "until")
}

func TestContactRulesNotModified(t *testing.T) {
	rules := ContactRules{ListGaps: map[string]time.Duration{"vip": govDay}}
	_, err := rules.Decide(govNow, ContactHistory{}, SurveyScope{List: "other", Survey: "x"})
	require.NoError(t, err)
	assert.Equal(t, map[string]time.Duration{"vip": govDay}, rules.ListGaps)
	assert.Nil(t, rules.SurveyGaps)
}

func TestSpan(t *testing.T) {
	assert.Equal(t, "1 day", span(govDay))
	assert.Equal(t, "90 days", span(DefaultContactGap))
	assert.Equal(t, "36h0m0s", span(36*time.Hour))
	assert.Equal(t, "0s", span(0))
}
