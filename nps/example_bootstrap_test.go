package nps_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/servicekultur/servicekultur/nps"
)

// The bootstrap takes a seeded source, so its intervals are reproducible:
// the same seed gives the same interval. From about 100 responses on it
// agrees with Tango's interval; for a team of ten it under-covers, and the
// interval says so.
func ExampleBootstrap() {
	for _, t := range []nps.Tally{
		{Promoters: 45, Passives: 30, Detractors: 25},
		{Promoters: 7, Passives: 2, Detractors: 1},
	} {
		iv, err := t.Interval(0.95, nps.Bootstrap{Source: rand.NewPCG(1, 2)})
		if err != nil {
			fmt.Println(err)
			return
		}
		tango, _ := t.Interval(0.95, nps.Tango)
		fmt.Println(iv)
		fmt.Println(tango)
	}
	// Output:
	// 20.0 [4.0, 35.0] (95% bootstrap, n=100)
	// 20.0 [3.6, 35.2] (95% tango, n=100)
	// 60.0 [10.0, 100.0] (95% bootstrap, n=10) [small-sample]
	// 60.0 [4.9, 85.9] (95% tango, n=10)
}
