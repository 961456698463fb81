package wheel_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/wheel"
)

// A unit's scores in two waves of the wheel, spring and autumn: after a
// half-year of training, strategy 2.1 and the "develop" stage have clearly
// improved; the other changes are within what chance alone would give.
func ExampleCompare() {
	dim := func(id string, score, se float64, n int) wheel.DimensionScore {
		return wheel.DimensionScore{Dimension: id, Score: score, StdErr: se, N: n, Band: wheel.Bands{}.Of(score)}
	}
	spring := wheel.Scores{
		Group: wheel.Group{Unit: "service"}, N: 18, Published: true,
		Dimensions: []wheel.DimensionScore{dim("2.1", 45, 4.1, 18), dim("2.2", 58, 3.6, 18), dim("2.3", 70, 3.2, 18), dim("4.1", 66, 3.9, 17)},
		Stages: []wheel.StageScore{
			{Stage: "develop", Score: 57.7, Band: wheel.Developing, N: 18, StdErr: 2.9},
			{Stage: "retain", Score: 73.7, Band: wheel.Developing, N: 17, StdErr: 3.1},
		},
		Overall: 67.4, OverallBand: wheel.Developing, OverallN: 17, OverallStdErr: 2.4,
	}
	autumn := wheel.Scores{
		Group: wheel.Group{Unit: "service"}, N: 21, Published: true,
		Dimensions: []wheel.DimensionScore{dim("2.1", 63, 3.8, 21), dim("2.2", 61, 3.5, 21), dim("2.3", 74, 3.0, 20), dim("4.1", 64, 4.0, 21)},
		Stages: []wheel.StageScore{
			{Stage: "develop", Score: 66.0, Band: wheel.Developing, N: 20, StdErr: 2.7},
			{Stage: "retain", Score: 72.5, Band: wheel.Developing, N: 21, StdErr: 3.0},
		},
		Overall: 70.8, OverallBand: wheel.Developing, OverallN: 20, OverallStdErr: 2.3,
	}
	changes, err := wheel.Compare(spring, autumn, 0.95)
	if err != nil {
		panic(err)
	}
	for _, c := range changes {
		fmt.Printf("%-9s %-7s %4.1f → %4.1f  %+5.1f [%+5.1f, %+5.1f]  %s\n", c.Level, c.ID, c.Prev, c.Curr, c.Delta, c.Lower, c.Upper, c.Verdict)
	}
	// Output:
	// dimension 2.1     45.0 → 63.0  +18.0 [ +6.7, +29.3]  improved
	// dimension 2.2     58.0 → 61.0   +3.0 [ -7.2, +13.2]  no clear change
	// dimension 2.3     70.0 → 74.0   +4.0 [ -4.9, +12.9]  no clear change
	// dimension 4.1     66.0 → 64.0   -2.0 [-13.3,  +9.3]  no clear change
	// stage     develop 57.7 → 66.0   +8.3 [ +0.3, +16.3]  improved
	// stage     retain  73.7 → 72.5   -1.2 [-10.0,  +7.6]  no clear change
	// overall           67.4 → 70.8   +3.4 [ -3.4, +10.2]  no clear change
}
