package nps_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/servicekultur/servicekultur/nps"
)

// Rank eight employees. Shrunk scores pull small samples towards the team;
// Mia's perfect score on three answers and Noah's wide interval are
// "insufficient data", listed last instead of at the top or bottom.
func ExampleRankEmployees() {
	// d spreads a tally over ratings 10, 8 and 4.
	d := func(promoters, passives, detractors int) nps.Distribution {
		var x nps.Distribution
		x[10], x[8], x[4] = promoters, passives, detractors
		return x
	}
	byEmployee := map[string]nps.Distribution{
		"Anna":  d(70, 20, 10),
		"Bo":    d(45, 30, 25),
		"Carla": d(48, 28, 24),
		"Dan":   d(25, 30, 45),
		"Eva":   d(52, 30, 18),
		"Finn":  d(40, 35, 25),
		"Mia":   d(3, 0, 0),
		"Noah":  d(8, 2, 5),
	}
	scores, err := nps.RankEmployees(byEmployee, nps.RankingOptions{Source: rand.NewPCG(1, 2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("employee   n    NPS  shrunk  P(top¼)  standing")
	for _, s := range scores {
		fmt.Printf("%-8s %3d %6.1f %7.1f %8.2f  %v\n",
			s.Employee, s.N, s.NPS, s.Shrunk, s.ProbTopQuarter, s.Standing)
	}
	// Output:
	// employee   n    NPS  shrunk  P(top¼)  standing
	// Anna     100   60.0    51.9     1.00  above
	// Eva      100   34.0    31.5     0.70  above
	// Carla    100   24.0    23.7     0.18  typical
	// Bo       100   20.0    20.5     0.09  typical
	// Finn     100   15.0    16.6     0.03  typical
	// Dan      100  -20.0   -10.8     0.00  below
	// Mia        3  100.0    30.1     0.00  insufficient-data
	// Noah      15   20.0    21.6     0.00  insufficient-data
}
