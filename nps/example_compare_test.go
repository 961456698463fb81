package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// Compare this quarter with last quarter (different respondents).
func ExampleCompare() {
	thisQ := nps.Tally{Promoters: 500, Passives: 300, Detractors: 200}
	lastQ := nps.Tally{Promoters: 450, Passives: 300, Detractors: 250}
	c, err := nps.Compare(thisQ, lastQ)
	if err != nil {
		fmt.Println(err)
		return
	}
	iv, _ := nps.DiffInterval(thisQ, lastQ, 0.95, nps.Tango)
	fmt.Printf("change %+.1f points, z = %.2f, p = %.4f\n", c.Diff, c.Z, c.P)
	fmt.Printf("95%% interval [%.1f, %.1f] (%s)\n", iv.Lower, iv.Upper, iv.Method)
	fmt.Println("significant at 5%:", c.Significant(0.05))
	// Output:
	// change +10.0 points, z = 2.81, p = 0.0050
	// 95% interval [3.0, 17.0] (mover-tango)
	// significant at 5%: true
}

// The same panel asked twice: use the paired test, not Compare.
func ExampleComparePaired() {
	var panel nps.Paired
	record := func(before, after nps.Category, n int) {
		for range n {
			_ = panel.Add(before, after)
		}
	}
	record(nps.Promoter, nps.Promoter, 60)
	record(nps.Passive, nps.Promoter, 12)
	record(nps.Detractor, nps.Passive, 10)
	record(nps.Passive, nps.Passive, 50)
	record(nps.Promoter, nps.Passive, 12)
	record(nps.Detractor, nps.Detractor, 40)
	record(nps.Passive, nps.Detractor, 8)
	record(nps.Promoter, nps.Detractor, 3)
	record(nps.Detractor, nps.Promoter, 5)
	c, _ := nps.ComparePaired(panel)
	fmt.Printf("n=%d change %+.1f points (SE %.1f), p = %.3f\n", c.N, c.Diff, c.StdErr, c.P)
	// Output:
	// n=200 change +3.0 points (SE 4.3), p = 0.485
}

// Adjust p-values when many segments are tested at once.
func ExampleAdjustHolm() {
	p := []float64{0.004, 0.03, 0.02, 0.2}
	holm, _ := nps.AdjustHolm(p)
	bh, _ := nps.AdjustBH(p)
	fmt.Printf("holm %.3f\nbh   %.3f\n", holm, bh)
	// Output:
	// holm [0.016 0.060 0.060 0.200]
	// bh   [0.016 0.040 0.040 0.200]
}
