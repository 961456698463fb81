package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// Weighted responses: the population-weighted score, Kish's effective
// sample size and the linearisation standard error.
func ExampleWeightedTally() {
	var wt nps.WeightedTally
	ratings := []nps.Rating{10, 9, 9, 8, 7, 6, 3, 0, 10, 5}
	weights := []float64{0.5, 1, 2, 1, 0.5, 3, 1, 1, 0.25, 2}
	for i, r := range ratings {
		if err := wt.Add(r, weights[i]); err != nil {
			fmt.Println(err)
			return
		}
	}
	score, _ := wt.NPS()
	neff, _ := wt.EffectiveN()
	se, _ := wt.StdErr()
	fmt.Printf("weighted NPS %.1f, n=%d, effective n %.1f, SE %.1f\n", score, wt.N(), neff, se)
	// Output:
	// weighted NPS -26.5, n=10, effective n 7.0, SE 35.2
}
