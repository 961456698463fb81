package closedloop_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// Monday morning's huddle of the front desk covers the day since the last
// one: the new comments, the shout-outs, the cases that need attention and
// a root cause that keeps coming back.
func ExampleHuddleDigest() {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC) // Monday
	since := now.Add(-24 * time.Hour)                     // the previous huddle
	hoursAgo := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }

	var responses nps.MemStore
	err := responses.Save(ctx,
		nps.Response{ID: "r1", Rating: 3, At: hoursAgo(20), Customer: "cust-1", Touchpoint: "phone",
			Unit: "front desk", Employees: []string{"anna"}, Comment: "Promised a call back, never came. jens@example.com"},
		nps.Response{ID: "r2", Rating: 10, At: hoursAgo(18), Customer: "cust-2", Touchpoint: "reception",
			Unit: "front desk", Employees: []string{"bo"}, Comment: "Bo sorted it out in five minutes!"},
		nps.Response{ID: "r3", Rating: 10, At: hoursAgo(16), Customer: "cust-3", Touchpoint: "reception",
			Unit: "front desk", Employees: []string{"anna", "bo"}},
		nps.Response{ID: "r4", Rating: 8, At: hoursAgo(15), Customer: "cust-4", Touchpoint: "phone",
			Unit: "front desk", Employees: []string{"anna"}, Comment: "Fine."},
	)
	if err != nil {
		log.Fatal(err)
	}

	// Two earlier detractors' cases, both about communication; one is past
	// its 48-hour target without a contact.
	policy := closedloop.Policy{ID: "48h", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Target: 48 * time.Hour, Clock: closedloop.CalendarHours}
	var cases closedloop.MemStore
	for i, received := range []time.Time{hoursAgo(80), hoursAgo(30)} {
		r := nps.Response{ID: fmt.Sprint("old-", i), Rating: 2, At: received, Customer: fmt.Sprint("cust-old-", i),
			Touchpoint: "phone", Unit: "front desk", Employees: []string{"anna"}}
		c, err := closedloop.OpenCase(closedloop.CaseID(r.ID), r, policy, "anna", "front desk", received)
		if err != nil {
			log.Fatal(err)
		}
		if err := c.Tag(received.Add(time.Hour), "lise", "communication"); err != nil {
			log.Fatal(err)
		}
		if _, _, err := cases.Create(ctx, c); err != nil {
			log.Fatal(err)
		}
	}

	team := "front desk"
	h, err := closedloop.HuddleDigest(ctx,
		responses.Responses(ctx, nps.Filter{Units: []string{team}, From: since, To: now}),
		cases.Cases(ctx, closedloop.CaseFilter{Teams: []string{team}}),
		team, since, now, closedloop.DigestOptions{})
	if err != nil {
		log.Fatal(err)
	}
	score, err := h.Tally.NPS()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s since %s: NPS %+.0f from %d responses\n", h.Team, h.Since.Format("Mon 15:04"), score, h.Tally.N())
	for _, v := range h.Detractors {
		fmt.Printf("detractor (%d, %s): %s\n", v.Rating, v.Touchpoint, v.Comment)
	}
	for _, v := range h.Promoters {
		fmt.Printf("thank-you (%d, %s): %s\n", v.Rating, v.Touchpoint, v.Comment)
	}
	for _, s := range h.ShoutOuts {
		fmt.Printf("shout-out %s: 10s %d, thank-yous %d\n", s.Employee, s.Tens, s.ThankYous)
	}
	for _, a := range h.Attention {
		fmt.Printf("attention: %s %s (owner %s) since %s\n", a.Case, a.Kind, a.Owner, a.Since.Format("Mon 15:04"))
	}
	for _, c := range h.Candidates {
		fmt.Printf("candidate issue: %s on %d cases\n", c.Cause, len(c.Cases))
	}
	// Output:
	// front desk since Sun 08:30: NPS +25 from 4 responses
	// detractor (3, phone): Promised a call back, never came. [e-mail]
	// thank-you (10, reception): Bo sorted it out in five minutes!
	// shout-out bo: 10s 2, thank-yous 1
	// shout-out anna: 10s 1, thank-yous 0
	// attention: case:old-0 overdue (owner anna) since Sun 00:30
	// candidate issue: communication on 2 cases
}

// The leadership review reads comments from unhappy and from happy
// customers, spread across the touchpoints: the phone has the most recent
// complaints, but reception and the web shop are heard too. The meeting's
// attendance is recorded with the digest.
func ExampleLeadershipDigest() {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	since := now.AddDate(0, 0, -7)
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	var responses nps.MemStore
	err := responses.Save(ctx,
		nps.Response{ID: "a", Rating: 2, At: at(26, 10), Customer: "cust-a", Touchpoint: "phone", Comment: "Thirty minutes on hold."},
		nps.Response{ID: "b", Rating: 4, At: at(26, 9), Customer: "cust-b", Touchpoint: "phone", Comment: "Transferred three times."},
		nps.Response{ID: "c", Rating: 5, At: at(24, 12), Customer: "cust-c", Touchpoint: "reception", Comment: "No parking, call me on 20 30 40 50."},
		nps.Response{ID: "d", Rating: 6, At: at(25, 16), Customer: "cust-d", Touchpoint: "web shop", Comment: "Checkout failed twice."},
		nps.Response{ID: "e", Rating: 10, At: at(26, 11), Customer: "cust-e", Touchpoint: "phone", Comment: "Kind and quick."},
		nps.Response{ID: "f", Rating: 9, At: at(23, 15), Customer: "cust-f", Touchpoint: "reception", Comment: "Felt welcome."},
		nps.Response{ID: "g", Rating: 10, At: at(25, 8), Customer: "cust-g", Touchpoint: "phone"},
		nps.Response{ID: "h", Rating: 7, At: at(22, 8), Customer: "cust-h", Touchpoint: "phone"},
	)
	if err != nil {
		log.Fatal(err)
	}
	l, err := closedloop.LeadershipDigest(ctx, responses.Responses(ctx, nps.Filter{From: since, To: now}),
		since, now, 3, 2, closedloop.DigestOptions{})
	if err != nil {
		log.Fatal(err)
	}
	score, err := l.Tally.NPS()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("NPS %+.1f from %d responses; %d unhappy and %d happy comments\n",
		score, l.Tally.N(), l.UnhappyComments, l.HappyComments)
	for _, v := range l.Unhappy {
		fmt.Printf("unhappy, %s: %s\n", v.Touchpoint, v.Comment)
	}
	for _, v := range l.Happy {
		fmt.Printf("happy, %s: %s\n", v.Touchpoint, v.Comment)
	}
	l.Meeting = closedloop.Meeting{At: now, Attendees: []string{"ceo", "coo", "head of service"}, CEOPresent: true}
	fmt.Println("CEO at the table:", l.Meeting.CEOPresent)
	// Output:
	// NPS -12.5 from 8 responses; 4 unhappy and 2 happy comments
	// unhappy, phone: Thirty minutes on hold.
	// unhappy, web shop: Checkout failed twice.
	// unhappy, reception: No parking, call me on [phone].
	// happy, phone: Kind and quick.
	// happy, reception: Felt welcome.
	// CEO at the table: true
}

// The default redaction masks e-mail addresses and phone numbers, but
// keeps times and short numbers; names need the host's own screening.
func ExampleRedactContacts() {
	fmt.Println(closedloop.RedactContacts("Ask Kim, kim@example.org or +45 20 30 40 50, about the 40 minutes in room 12."))
	// Output:
	// Ask Kim, [e-mail] or [phone], about the 40 minutes in room 12.
}
