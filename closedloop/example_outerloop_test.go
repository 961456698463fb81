package closedloop_test

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// The quarter's root causes, most frequent first: communication and prices
// account for three quarters of the tags.
func ExampleRootCausePareto() {
	ctx := context.Background()
	policy := closedloop.Policy{ID: "48h", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Target: 48 * time.Hour, Clock: closedloop.CalendarHours}
	tags := [][]string{
		{"communication"}, {"communication", "prices and terms"}, {"prices and terms"},
		{"communication"}, {"processes and rules"}, {"communication", "personal fit"}, {},
	}
	var store closedloop.MemStore
	received := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for i, causes := range tags {
		r := nps.Response{ID: fmt.Sprint("r", i), Rating: 4, At: received, Customer: fmt.Sprint("cust-", i)}
		c, err := closedloop.OpenCase(closedloop.CaseID(r.ID), r, policy, "anna", "front desk", received)
		if err != nil {
			log.Fatal(err)
		}
		if len(causes) > 0 {
			if err := c.Tag(received, "anna", causes...); err != nil {
				log.Fatal(err)
			}
		}
		if _, _, err := store.Create(ctx, c); err != nil {
			log.Fatal(err)
		}
		received = received.Add(36 * time.Hour)
	}

	p, err := closedloop.RootCausePareto(store.Cases(ctx, closedloop.CaseFilter{
		From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		To:   time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}))
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range p.Items {
		fmt.Printf("%-20s %d  %3.0f%%  cumulative %3.0f%%\n", it.Cause, it.Count, 100*it.Share, 100*it.Cumulative)
	}
	fmt.Printf("%d cases, %d untagged\n", p.Cases, p.Untagged)
	// Output:
	// communication        4   50%  cumulative  50%
	// prices and terms     2   25%  cumulative  75%
	// personal fit         1   12%  cumulative  88%
	// processes and rules  1   12%  cumulative 100%
	// 7 cases, 1 untagged
}

// A root cause that keeps coming back at the huddle becomes an issue: it
// gets an accountable owner and a priority by stated criteria, is
// accepted, worked on, communicated to the units concerned and closed.
// Every change is kept with who and when.
func ExampleIssue() {
	at := func(day int) time.Time { return time.Date(2026, 12, day, 9, 0, 0, 0, time.UTC) }
	candidate := closedloop.Candidate{Cause: "communication", Cases: []string{"case:r1", "case:r4", "case:r9"}}
	issue, err := candidate.Propose("ISS-12", at(1), "lise")
	if err != nil {
		log.Fatal(err)
	}
	issue.Title = "Customers are not called back when promised"

	p, err := closedloop.NewPriority(float64(len(issue.LinkedCases)), 4, 2,
		"frequency: cases in 28 days; impact: 1–5 (5 = customer lost); effort: person-weeks")
	if err != nil {
		log.Fatal(err)
	}
	steps := []func() error{
		func() error { return issue.Assign(at(1), "lise", "mads") },
		func() error { return issue.Prioritise(at(1), "lise", p) },
		func() error { return issue.SetStatus(at(2), "ceo", closedloop.IssueAccepted, "") },
		func() error { return issue.SetStatus(at(3), "mads", closedloop.IssueInProgress, "") },
		func() error { return issue.Communicate(at(4), "mads", "front desk", "call centre") },
		func() error {
			return issue.SetStatus(at(20), "mads", closedloop.IssueDone, "call-back slots in the booking system")
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			log.Fatal(err)
		}
	}
	// Done is final.
	err = issue.SetStatus(at(21), "mads", closedloop.IssueInProgress, "")
	fmt.Println("reopen:", err)

	fmt.Printf("%s %q: %s, owner %s, score %g\n", issue.ID, issue.Title, issue.Status, issue.Owner, issue.Priority.Score)
	for _, c := range issue.History {
		fmt.Printf("%s %-5s %s\n", c.At.Format("Jan 2"), c.By, c.Detail)
	}
	// Output:
	// reopen: closedloop: invalid transition: issue ISS-12 is done: cannot move to in progress: settled or unknown status
	// ISS-12 "Customers are not called back when promised": done, owner mads, score 6
	// Dec 1 lise  proposed from huddle
	// Dec 1 lise  owner mads
	// Dec 1 lise  priority 6 = frequency 3 × impact 4 ÷ effort 2 (frequency: cases in 28 days; impact: 1–5 (5 = customer lost); effort: person-weeks)
	// Dec 2 ceo   proposed → accepted
	// Dec 3 mads  accepted → in progress
	// Dec 4 mads  communicated to call centre, front desk
	// Dec 20 mads  in progress → done: call-back slots in the booking system
}

// An NPS goal of 50 is operationalised as a time to fix faults, from a
// driver analysis of the fix times and the ratings that followed; the
// action plan carries the target, its owner and deadline, and the units it
// was communicated to. A goal the data cannot reach is refused.
func ExampleTargetFromDriver() {
	// Fix time in hours, then promoters, passives and detractors among
	// the customers whose fault took that long.
	rows := []struct {
		hours                           float64
		promoters, passives, detractors int
	}{
		{1, 32, 6, 2}, {2, 30, 7, 3}, {3, 28, 8, 4}, {4, 25, 9, 6},
		{6, 26, 8, 6}, {8, 22, 9, 9}, {12, 20, 9, 11}, {16, 18, 10, 12},
		{24, 15, 10, 15}, {36, 12, 10, 18}, {48, 10, 10, 20}, {72, 8, 9, 23},
	}
	d := new(nps.Driver)
	for _, r := range rows {
		for _, c := range []struct {
			rating nps.Rating
			n      int
		}{{10, r.promoters}, {8, r.passives}, {3, r.detractors}} {
			if err := d.AddN(r.hours, c.rating, c.n); err != nil {
				log.Fatal(err)
			}
		}
	}
	created := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	deadline := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)

	est, err := d.Target(50, nps.TargetOptions{Source: rand.NewPCG(1, 2)})
	if err != nil {
		log.Fatal(err)
	}
	target, err := closedloop.TargetFromDriver("time to fix faults", "hours", est, "head of field service", deadline)
	if err != nil {
		log.Fatal(err)
	}
	plan := closedloop.ActionPlan{
		Scope: "field service", Goal: 50, Created: created,
		Targets:        []closedloop.OperationalTarget{target},
		Actions:        []string{"stock common spare parts in the vans", "a second shift on Mondays"},
		CommunicatedTo: []string{"field service", "call centre"},
	}
	if err := plan.Validate(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("goal NPS %g for %s: %s\n", plan.Goal, plan.Scope, plan.Targets[0])
	fmt.Println("basis:", plan.Targets[0].Basis)
	fmt.Println("a 4-hour fix meets it:", plan.Targets[0].Met(4))

	est, err = d.Target(80, nps.TargetOptions{Source: rand.NewPCG(1, 2)})
	if err != nil {
		log.Fatal(err)
	}
	_, err = closedloop.TargetFromDriver("time to fix faults", "hours", est, "head of field service", deadline)
	fmt.Println(err)
	// Output:
	// goal NPS 50 for field service: time to fix faults at most 4.778 hours by 2027-03-31 (owner head of field service)
	// basis: isotonic fit of 480 responses: NPS 50 at 4.778 hours, 95% interval 2.865–7.759
	// a 4-hour fix meets it: true
	// closedloop: estimate cannot set an operational target: time to fix faults for NPS 80: the fit does not reach it within the observed 1–72 hours; a target there would be an extrapolation
}
