package enps_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/servicekultur/servicekultur/enps"
)

// Keep a wave and its responses in a MemStore and read the running counts
// per unit, as a live response-rate view does. A Survey normally builds
// the responses and their pseudonymous tokens; here they are written by
// hand. A host plugs in its own database behind the same enps.Store
// interface.
func ExampleMemStore() {
	ctx := context.Background()
	opens := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	s := enps.NewMemStore()
	w := enps.Wave{
		ID:     "2026-q1",
		Opens:  opens,
		Closes: opens.AddDate(0, 0, 14),
		Scale:  enps.StandardScale(),
		Units:  []enps.Unit{{ID: "co"}, {ID: "sales", Parent: "co"}, {ID: "ops", Parent: "co"}},
		Population: []enps.Member{
			{Employee: "anna", Unit: "sales"}, {Employee: "ben", Unit: "sales"},
			{Employee: "cleo", Unit: "sales"}, {Employee: "dan", Unit: "ops"},
		},
	}
	if err := s.SaveWave(ctx, w); err != nil {
		fmt.Println(err)
		return
	}
	answer := func(who byte, unit string, rating int, after time.Duration) enps.Response {
		return enps.Response{Wave: w.ID, Respondent: enps.Token{who}, Unit: unit, Rating: rating, At: opens.Add(after)}
	}
	for _, r := range []enps.Response{
		answer(1, "sales", 9, time.Hour),
		answer(2, "sales", 10, 2*time.Hour),
		answer(3, "sales", 6, 3*time.Hour),
		answer(4, "ops", 8, 4*time.Hour),
		answer(1, "sales", 9, time.Hour), // a retried delivery: no-op
	} {
		if err := s.Save(ctx, r); err != nil {
			fmt.Println(err)
			return
		}
	}
	// The same key with another rating is refused; nothing is overwritten.
	fmt.Println(s.Save(ctx, answer(1, "sales", 2, time.Hour)))

	show := func() {
		counts, err := s.Counts(ctx, w.ID)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, unit := range slices.Sorted(maps.Keys(counts)) {
			fmt.Println(unit, counts[unit])
		}
	}
	show()

	// An employee asks for erasure: their answers go, and the counts follow.
	n, err := s.Delete(ctx, w.ID, enps.Token{4})
	fmt.Println("erased", n, err)
	show()
	// Output:
	// enps: conflicting data under an existing ID: wave 2026-q1 holds another response of respondent 01000000000000000000000000000000 at 2026-03-02 09:00:00 +0000 UTC
	// ops [0 0 0 0 0 0 0 0 1 0 0]
	// sales [0 0 0 0 0 0 1 0 0 1 1]
	// erased 1 <nil>
	// sales [0 0 0 0 0 0 1 0 0 1 1]
}
