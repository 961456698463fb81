package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// The trend over six quarters, in points per quarter.
func ExampleFitTrend() {
	quarters := []nps.Tally{
		{Promoters: 95, Passives: 60, Detractors: 45},
		{Promoters: 100, Passives: 58, Detractors: 42},
		{Promoters: 98, Passives: 62, Detractors: 40},
		{Promoters: 110, Passives: 55, Detractors: 35},
		{Promoters: 112, Passives: 58, Detractors: 30},
		{Promoters: 118, Passives: 52, Detractors: 30},
	}
	tr, err := nps.FitTrend(quarters)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slope %+.2f points/quarter (SE %.2f), p = %.4f\n", tr.Slope, tr.StdErr, tr.P)
	fmt.Printf("heterogeneity χ²=%.2f on %d df, inflation ×%.2f\n", tr.ChiSq, tr.DF, tr.Inflation)
	// Output:
	// slope +4.00 points/quarter (SE 1.30), p = 0.0021
	// heterogeneity χ²=0.46 on 4 df, inflation ×1.00
}
