package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// A small team's score is uncertain; the posterior says how likely it is
// that the true score is positive or meets a target, which is often the
// question a leader actually asks.
func ExampleTally_Posterior() {
	team := nps.Tally{Promoters: 7, Passives: 2, Detractors: 1}
	post, err := team.Posterior(nps.JeffreysPrior())
	if err != nil {
		fmt.Println(err)
		return
	}
	iv, _ := post.Interval(0.95)
	fmt.Println(iv)
	fmt.Printf("posterior mean %.1f, median %.1f\n", post.Mean(), post.Median())
	fmt.Printf("P(NPS > 0)  = %.3f\n", post.ProbAbove(0))
	fmt.Printf("P(NPS > 50) = %.3f\n", post.ProbAbove(50))
	// Output:
	// 60.0 [7.0, 84.9] (95% jeffreys, n=10)
	// posterior mean 52.2, median 54.4
	// P(NPS > 0)  = 0.987
	// P(NPS > 50) = 0.583
}

// A prior of the caller's choice: here a weakly informative one centred on
// the company's usual mix, worth ten responses.
func ExampleBayes() {
	prior := nps.Prior{Promoters: 5, Passives: 3, Detractors: 2}
	team := nps.Tally{Promoters: 3, Passives: 0, Detractors: 0}
	iv, err := team.Interval(0.9, nps.Bayes{Prior: prior})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(iv)
	// Output:
	// 100.0 [10.5, 75.8] (90% bayes(5,3,2), n=3)
}
