package closedloop_test

import (
	"fmt"
	"log"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
)

// A customer invited 20 days ago may take the two-weekly visit survey, whose
// own gap overrides the list's and the global one, but not the quarterly
// relationship survey, which keeps the global 90 days. Each decision says
// why.
func ExampleContactRules_Decide() {
	const day = 24 * time.Hour
	rules := closedloop.ContactRules{
		// MinGap zero: 90 days, closedloop.DefaultContactGap.
		ListGaps:         map[string]time.Duration{"vip": 120 * day},
		SurveyGaps:       map[string]time.Duration{"visit": 14 * day},
		NewCustomerDelay: 30 * day,
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	h := closedloop.ContactHistory{
		CustomerSince: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC),
		LastInvited:   now.Add(-20 * day),
		LastResponded: now.Add(-19 * day),
	}
	for _, scope := range []closedloop.SurveyScope{
		{List: "vip", Survey: "visit"},
		{List: "all", Survey: "quarterly"},
	} {
		d, err := rules.Decide(now, h, scope)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: allowed %t, gap %d days from %s\n", scope.Survey, d.Allowed, d.Gap/day, d.GapLevel)
		for _, r := range d.Reasons {
			mark := "ok"
			if r.Blocks {
				mark = "NO"
			}
			fmt.Printf("  %s %-14s %s\n", mark, r.Check, r.Detail)
		}
	}
	// Output:
	// visit: allowed true, gap 14 days from survey
	//   ok opt-out        not opted out
	//   ok open-case      no open follow-up case
	//   ok new-customer   customer since 2023-04-01T00:00:00Z, past the new-customer delay of 30 days
	//   ok invitation-gap last invited 2026-11-03T10:00:00Z, past the gap of 14 days (survey "visit")
	//   ok response-gap   last responded 2026-11-04T10:00:00Z, past the gap of 14 days (survey "visit")
	// quarterly: allowed false, gap 90 days from default
	//   ok opt-out        not opted out
	//   ok open-case      no open follow-up case
	//   ok new-customer   customer since 2023-04-01T00:00:00Z, past the new-customer delay of 30 days
	//   NO invitation-gap last invited 2026-11-03T10:00:00Z, within the gap of 90 days (default), not before 2027-02-01T10:00:00Z
	//   NO response-gap   last responded 2026-11-04T10:00:00Z, within the gap of 90 days (default), not before 2027-02-02T10:00:00Z
}

// String explains a decision in one line: an opt-out blocks for good, a
// follow-up case in progress blocks until it is closed, and time rules
// block until NotBefore.
func ExampleContactDecision_String() {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	histories := []closedloop.ContactHistory{
		{LastInvited: now.AddDate(-1, 0, 0)},
		{LastInvited: now.AddDate(0, -1, 0)},
		{LastInvited: now.AddDate(-1, 0, 0), OpenCase: true},
		{OptedOut: true, OptedOutAt: now.AddDate(0, 0, -3)},
	}
	for _, h := range histories {
		d, err := closedloop.ContactRules{}.Decide(now, h, closedloop.SurveyScope{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d)
	}
	// Output:
	// allowed: not opted out; no open follow-up case; no new-customer delay; last invited 2025-11-23T10:00:00Z, past the gap of 90 days (default); never responded
	// not before 2027-01-21T10:00:00Z: last invited 2026-10-23T10:00:00Z, within the gap of 90 days (default), not before 2027-01-21T10:00:00Z
	// blocked: a follow-up case is open, not until it is closed
	// never: opted out 2026-11-20T10:00:00Z, for good
}
