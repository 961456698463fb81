package nps_test

import (
	"context"
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// Save responses in a store and count one touchpoint's ratings for a week.
// A host plugs in its own database behind the same nps.Store interface.
func ExampleMemStore() {
	ctx := context.Background()
	week := time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)
	var s nps.MemStore
	err := s.Save(ctx,
		nps.Response{ID: "r1", Rating: 10, At: week.Add(9 * time.Hour), Touchpoint: "phone", Employees: []string{"anna"}},
		nps.Response{ID: "r2", Rating: 9, At: week.Add(30 * time.Hour), Touchpoint: "phone", Employees: []string{"ben"}},
		nps.Response{ID: "r3", Rating: 4, At: week.Add(50 * time.Hour), Touchpoint: "phone", Employees: []string{"anna", "ben"}},
		nps.Response{ID: "r4", Rating: 8, At: week.Add(52 * time.Hour), Touchpoint: "desk"},
		nps.Response{ID: "r5", Rating: 2, At: week.Add(8 * 24 * time.Hour), Touchpoint: "phone"}, // next week
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Saving again is a no-op, so a delivery can be retried.
	_ = s.Save(ctx, nps.Response{ID: "r1", Rating: 10, At: week.Add(9 * time.Hour), Touchpoint: "phone", Employees: []string{"anna"}})

	phone := nps.Filter{From: week, To: week.AddDate(0, 0, 7), Touchpoints: []string{"phone"}}
	d, err := nps.Count(ctx, &s, phone)
	if err != nil {
		fmt.Println(err)
		return
	}
	t, _ := d.Tally()
	score, _ := t.NPS()
	fmt.Printf("phone, week of %s: %v, NPS %.1f\n", week.Format("2006-01-02"), t, score)

	for r, err := range s.Responses(ctx, nps.Filter{Employees: []string{"ben"}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r.ID, r.Rating, r.At.Format(time.DateTime))
	}
	// Output:
	// phone, week of 2026-03-02: 2/0/1, NPS 33.3
	// r2 9 2026-03-03 06:00:00
	// r3 4 2026-03-04 02:00:00
}
