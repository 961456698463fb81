package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// How many responses for ±5 points at 95 %? The empty tally plans for the
// worst case; an expected distribution needs fewer.
func ExampleSampleSize() {
	worst, _ := nps.SampleSize(5, 0.95, nps.Tally{})
	typical, _ := nps.SampleSize(5, 0.95, nps.Tally{Promoters: 50, Passives: 30, Detractors: 20})
	team, _ := nps.SampleSizeFinite(5, 0.95, nps.Tally{}, 200)
	perGroup, _ := nps.SampleSizeDiff(10, 0.95, 0.8, nps.Tally{}, nps.Tally{})
	fmt.Println("worst case:", worst)
	fmt.Println("expecting 50/30/20:", typical)
	fmt.Println("of a headcount of 200:", team)
	fmt.Println("per group to detect 10 points at 80% power:", perGroup)
	// Output:
	// worst case: 1537
	// expecting 50/30/20: 938
	// of a headcount of 200: 178
	// per group to detect 10 points at 80% power: 1570
}
