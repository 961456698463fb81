package enps_test

import (
	"context"
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/enps"
)

// A wave in a small company: a sales team of ten (eight answer), a support team of
// three and the CEO's two direct reports. Support is too small to publish,
// and publishing sales next to the company would leave five people to
// subtract — enough, so sales is shown.
func ExampleSurvey_Report() {
	ctx := context.Background()
	key := []byte("0123456789abcdef0123456789abcdef") // keep the real one in a secrets manager
	s, err := enps.NewSurvey(enps.NewMemStore(), key)
	if err != nil {
		panic(err)
	}
	opens := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	w := enps.Wave{
		ID: "2026-Q1", Opens: opens, Closes: opens.AddDate(0, 0, 14), Scale: enps.StandardScale(),
		Units: []enps.Unit{{ID: "co", Manager: "ceo"}, {ID: "sales", Parent: "co"}, {ID: "support", Parent: "co"}},
	}
	ratings := map[string][]int{"sales": {10, 9, 9, 8, 7, 6, 10, 3}, "support": {9, 4, 8}, "co": {10, 7}}
	absent := map[string]int{"sales": 2} // invited, did not answer
	for _, unit := range []string{"sales", "support", "co"} {
		for i := range len(ratings[unit]) + absent[unit] {
			w.Population = append(w.Population, enps.Member{Employee: fmt.Sprintf("%s-%d", unit, i), Unit: unit})
		}
	}
	if err := s.Launch(ctx, w); err != nil {
		panic(err)
	}
	for _, unit := range []string{"sales", "support", "co"} {
		for i, r := range ratings[unit] {
			if err := s.Submit(ctx, "2026-Q1", fmt.Sprintf("%s-%d", unit, i), enps.Answer{Rating: r}, opens.Add(time.Hour)); err != nil {
				panic(err)
			}
		}
	}
	rep, err := s.Report(ctx, "2026-Q1", enps.Request{Audience: "ceo"}, opens.AddDate(0, 0, 15))
	if err != nil {
		panic(err)
	}
	fmt.Println("scale:", rep.Scale)
	for _, c := range rep.Cells {
		if c.Status != enps.Published {
			fmt.Printf("%-14s %s (%s), %d invited\n", c.Key, c.Status, c.Reason, c.Invited)
			continue
		}
		fmt.Printf("%-14s eNPS %+.0f [%+.0f, %+.0f], %d of %d answered\n",
			c.Key, c.ENPS, c.Interval.Lower, c.Interval.Upper, c.Responses, c.Invited)
	}
	// Output:
	// scale: 0–10 (detractors 0–6, passives 7–8, promoters 9–10)
	// co/subtree     eNPS +23 [+6, +39], 13 of 15 answered
	// sales/subtree  eNPS +25 [-3, +49], 8 of 10 answered
	// support/subtree suppressed (below minimum), 3 invited
}
