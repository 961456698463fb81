package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// The default interval is Tango's score interval; other methods are a
// parameter away. For a team of ten the methods differ, and Wald says so.
func ExampleTally_Interval() {
	team := nps.Tally{Promoters: 7, Passives: 2, Detractors: 1}
	for _, m := range []nps.Method{nps.Tango, nps.AdjustedWald, nps.Jeffreys, nps.Wald} {
		iv, err := team.Interval(0.95, m)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(iv)
	}
	// Output:
	// 60.0 [4.9, 85.9] (95% tango, n=10)
	// 60.0 [7.0, 85.3] (95% adjusted-wald, n=10)
	// 60.0 [7.0, 84.9] (95% jeffreys, n=10)
	// 60.0 [18.9, 100.0] (95% wald, n=10) [small-sample,clamped]
}

// The margin of error is half the interval's width.
func ExampleTally_MarginOfError() {
	t := nps.Tally{Promoters: 500, Passives: 300, Detractors: 200}
	moe, _ := t.MarginOfError(0.95, nil)
	fmt.Printf("NPS 30 ± %.1f points\n", moe)
	// Output:
	// NPS 30 ± 4.8 points
}
