package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// Count ratings on several workers and merge their accumulators, as a Beam
// runner does with a CombineFn; the result is exactly a one-pass count.
func ExampleCombiner() {
	var c nps.Combiner
	bundles := [][]nps.Rating{
		{10, 9, 8, 3},
		{9, 9, 10, 7, 6},
		{0, 10, 9},
	}
	var accs []nps.Distribution
	for _, bundle := range bundles {
		acc := c.CreateAccumulator()
		for _, r := range bundle {
			var err error
			if acc, err = c.AddInput(acc, r); err != nil {
				fmt.Println(err)
				return
			}
		}
		accs = append(accs, acc)
	}
	merged := c.CreateAccumulator()
	for _, acc := range accs {
		merged, _ = c.MergeAccumulators(merged, acc)
	}
	out, _ := c.ExtractOutput(merged)
	t, _ := out.Tally()
	score, _ := t.NPS()
	fmt.Println(out)
	fmt.Printf("tally %v, NPS %.1f\n", t, score)

	_, err := c.AddInput(merged, 11)
	fmt.Println(err)
	// Output:
	// 0:1 1:0 2:0 3:1 4:0 5:0 6:1 7:1 8:1 9:4 10:3
	// tally 7/2/3, NPS 33.3
	// nps: invalid rating "11": want a whole number from 0 to 10
}
