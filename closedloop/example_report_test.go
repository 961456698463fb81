package closedloop_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// A team followed up within 48 calendar hours (target 80%) until 9 March,
// and within 24 business hours (target 90%) since. The report for March so
// far gives attainment against target with each phase and its clock, time
// to first contact on each clock, the rates and the backlog, in total and
// per owner.
func ExampleSummarize() {
	ctx := context.Background()
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		log.Fatal(err)
	}
	var opts []closedloop.CalendarOption
	for d := time.Monday; d <= time.Friday; d++ {
		opts = append(opts, closedloop.Workday(d, "08:00", "16:00"))
	}
	office, err := closedloop.NewCalendar(cph, opts...)
	if err != nil {
		log.Fatal(err)
	}
	first := closedloop.Policy{ID: "48h", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, cph),
		Target: 48 * time.Hour, Clock: closedloop.CalendarHours, AttainmentTarget: 0.8}
	later := closedloop.Policy{ID: "24h", EffectiveFrom: time.Date(2026, 3, 9, 0, 0, 0, 0, cph),
		Target: 24 * time.Hour, Clock: closedloop.BusinessHours, Calendar: office}
	policies, err := closedloop.NewPolicies(first, later)
	if err != nil {
		log.Fatal(err)
	}

	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, cph) }
	var store closedloop.MemStore
	open := func(p closedloop.Policy, id, owner string, received time.Time, then func(c *closedloop.Case) error) {
		r := nps.Response{ID: id, Rating: 4, At: received, Customer: "cust-" + id, Touchpoint: "reception"}
		c, err := closedloop.OpenCase(closedloop.CaseID(id), r, p, owner, "front desk", received)
		if err == nil && then != nil {
			err = then(&c)
		}
		if err == nil {
			_, _, err = store.Create(ctx, c)
		}
		if err != nil {
			log.Fatal(err)
		}
	}
	contact := func(at time.Time, by string) func(c *closedloop.Case) error {
		return func(c *closedloop.Case) error { return c.Contact(at, by) }
	}
	seven := nps.Rating(7)
	open(first, "r1", "anna", at(2, 9), func(c *closedloop.Case) error {
		if err := c.Contact(at(2, 15), "anna"); err != nil {
			return err
		}
		return c.Close(at(2, 16), "anna", closedloop.Recovered, nil)
	})
	open(first, "r2", "bo", at(3, 10), func(c *closedloop.Case) error { // 52 hours: late
		if err := c.Contact(at(5, 14), "bo"); err != nil {
			return err
		}
		return c.Close(at(5, 15), "bo", closedloop.NotRecovered, &seven)
	})
	open(first, "r3", "anna", at(4, 11), contact(at(5, 9), "anna"))
	open(first, "r4", "bo", at(5, 16), func(c *closedloop.Case) error {
		for h := range 3 {
			if err := c.Attempt(at(6, 9+h), "bo", "no answer"); err != nil {
				return err
			}
		}
		return nil // unreachable
	})
	open(later, "r5", "anna", at(9, 9), contact(at(10, 11), "anna")) // 10 business hours
	open(later, "r6", "bo", at(13, 15), contact(at(17, 10), "bo"))   // 11 business hours, 91 calendar hours
	open(later, "r7", "anna", at(18, 9), nil)                        // due Friday 13:00
	open(later, "r8", "bo", at(19, 14), nil)

	now := at(20, 12)
	march := closedloop.CaseFilter{From: at(1, 0), To: time.Date(2026, 4, 1, 0, 0, 0, 0, cph)}
	total, owners, err := closedloop.Summarize(store.Cases(ctx, march), policies, now, 0.95, closedloop.ByOwner)
	if err != nil {
		log.Fatal(err)
	}

	pct := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
	hours := func(d time.Duration) string { return fmt.Sprintf("%.0fh", d.Hours()) }
	line := func(name string, f closedloop.Figures) {
		a := f.Attainment
		fmt.Printf("%s: %d of %d matured in time = %s [%s, %s], target %s: %s\n",
			name, a.Count, a.N, pct(a.Value), pct(a.Lower), pct(a.Upper), pct(a.Target), a.Verdict)
	}
	fmt.Printf("March, as of %s: %d cases, %d breaches (%d overdue), %d in backlog\n",
		now.Format("Mon 2 Jan 15:04"), total.Cases, total.Breaches, total.Overdue, total.Backlog)
	line("all", total.Figures)
	for _, ph := range total.Phases {
		line(fmt.Sprintf("  phase %s (%v %s)", ph.PolicyID, ph.Target.Hours(), ph.Clock), ph.Figures)
	}
	for _, d := range total.TimeToContact {
		fmt.Printf("time to contact in %s: median %s, P90 %s (n=%d)\n", d.Clock, hours(d.Median), hours(d.P90), d.N)
	}
	d := total.CalendarTimeToContact
	fmt.Printf("customer's wait in %s: median %s, P90 %s (n=%d)\n", d.Clock, hours(d.Median), hours(d.P90), d.N)
	fmt.Printf("recovered %d of %d contacted; unreachable %d of %d\n",
		total.RecoveryRate.Count, total.RecoveryRate.N, total.UnreachableRate.Count, total.UnreachableRate.N)
	b := total.BacklogByAge
	fmt.Printf("backlog by target used: <50%% %d, 50–75%% %d, ≥75%% %d\n", b.Under50, b.Under75, b.From75)
	for _, o := range owners {
		line(o.Key, o.Figures)
	}
	// Output:
	// March, as of Fri 20 Mar 12:00: 8 cases, 2 breaches (0 overdue), 2 in backlog
	// all: 4 of 6 matured in time = 67% [30%, 90%], target 83%: unclear
	//   phase 48h (48 calendar hours): 2 of 4 matured in time = 50% [15%, 85%], target 80%: unclear
	//   phase 24h (24 business hours): 2 of 2 matured in time = 100% [34%, 100%], target 90%: unclear
	// time to contact in calendar hours: median 22h, P90 52h (n=3)
	// time to contact in business hours: median 10h, P90 11h (n=2)
	// customer's wait in calendar hours: median 26h, P90 91h (n=5)
	// recovered 2 of 5 contacted; unreachable 1 of 6
	// backlog by target used: <50% 1, 50–75% 0, ≥75% 1
	// anna: 3 of 3 matured in time = 100% [44%, 100%], target 83%: unclear
	// bo: 1 of 3 matured in time = 33% [6%, 79%], target 83%: missed
}
