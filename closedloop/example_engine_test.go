package closedloop_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// A detractor's response opens a case owned by the employee who served the
// customer; ticks deliver the notice, the reminder and the breach to the
// leader until the owner records the contact.
func ExampleEngine() {
	ctx := context.Background()
	policies, err := closedloop.NewPolicies(closedloop.Policy{
		ID:            "48h",
		EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Target:        48 * time.Hour,
		Clock:         closedloop.CalendarHours,
	})
	if err != nil {
		log.Fatal(err)
	}
	org := closedloop.StaticOrg{
		Leaders:     map[string]string{"anna": "lise"},
		TeamLeaders: map[string]string{"front desk": "lise"},
	}
	notify := closedloop.NotifierFunc(func(_ context.Context, n closedloop.Notification) error {
		fmt.Printf("%s: %s to %v\n", n.Due.Format("Mon 15:04"), n.Kind, n.To)
		return nil
	})
	var store closedloop.MemStore
	engine, err := closedloop.NewEngine(&store, policies, org, notify)
	if err != nil {
		log.Fatal(err)
	}

	received := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC) // a Monday
	c, action, err := engine.Ingest(ctx, nps.Response{
		ID: "resp-1", Rating: 4, At: received, Customer: "cust-9",
		Touchpoint: "reception", Employees: []string{"anna"}, Unit: "front desk",
		Comment: "Waited 40 minutes without a word.",
	}, received.Add(time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(action, c.ID, "owner", c.Owner, "due", c.Deadlines.Due.Format("Mon 15:04"))

	for _, hours := range []int{0, 36, 48} {
		if _, err := engine.Tick(ctx, received.Add(time.Duration(hours)*time.Hour+time.Minute)); err != nil {
			log.Fatal(err)
		}
	}

	// Anna calls the customer: the clock stops and nothing more is sent.
	c, err = store.Get(ctx, c.ID)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Contact(received.Add(50*time.Hour), "anna"); err != nil {
		log.Fatal(err)
	}
	if _, err := store.Update(ctx, c); err != nil {
		log.Fatal(err)
	}
	rep, err := engine.Tick(ctx, received.Add(200*time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("later:", rep.Delivered, "sent; breached:", c.Breached(received.Add(200*time.Hour)))
	// Output:
	// opened case:resp-1 owner anna due Wed 09:30
	// Mon 09:31: opened to [anna]
	// Tue 21:30: reminder to [anna]
	// Wed 09:30: breach to [lise anna]
	// later: 0 sent; breached: true
}
