package wheel_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/wheel"
)

// A unit's published scores on the wheel, read as a roadmap twice: weakest
// first, and clockwise from the first stage below the target of 75,
// wrapping round to "hire", which only needs maintaining.
func ExampleRoadmap() {
	f := wheel.InternalMarketingWheel()
	strategy := map[string]float64{
		"1.1": 78, "1.2": 76, "1.3": 80, // hire 78.0
		"2.1": 45, "2.2": 58, "2.3": 70, // develop 57.7
		"3.1": 82, "3.2": 88, "3.3": 79, // support 83.0
		"4.1": 66, "4.2": 81, "4.3": 74, // retain 73.7
	}
	s := wheel.Scores{Group: wheel.Group{Unit: "service"}, N: 24, Published: true}
	var bands wheel.Bands // the default cut-offs, 50 and 75
	for _, d := range f.Dimensions {
		v := strategy[d.ID]
		s.Dimensions = append(s.Dimensions, wheel.DimensionScore{Dimension: d.ID, Stage: d.Stage, N: 24, Score: v, Band: bands.Of(v)})
	}
	for _, st := range f.Stages {
		sum := 0.0
		for _, d := range f.Dimensions {
			if d.Stage == st.ID {
				sum += strategy[d.ID]
			}
		}
		s.Stages = append(s.Stages, wheel.StageScore{Stage: st.ID, N: 24, Score: sum / 3, Band: bands.Of(sum / 3)})
	}

	for _, policy := range []wheel.Policy{wheel.WeakestFirst, wheel.Clockwise} {
		steps, err := wheel.Roadmap(f, s, wheel.RoadmapOptions{Policy: policy})
		if err != nil {
			panic(err)
		}
		fmt.Println(policy)
		for _, st := range steps {
			what := st.Dimension
			if st.Maintain {
				what = "maintain"
			}
			fmt.Printf("%d. %-8s %-8s %4.1f %-10s %s\n", st.Rank, st.Stage, what, st.Score, st.Band, st.Reason)
		}
	}
	// Output:
	// weakest-first
	// 1. develop  2.1      45.0 weak       lowest stage (57.7); below target by 30.0 points
	// 2. develop  2.2      58.0 developing lowest stage (57.7); below target by 17.0 points
	// 3. develop  2.3      70.0 developing lowest stage (57.7); below target by 5.0 points
	// 4. retain   4.1      66.0 developing 2nd lowest stage (73.7); below target by 9.0 points
	// 5. retain   4.3      74.0 developing 2nd lowest stage (73.7); below target by 1.0 points
	// 6. hire     maintain 78.0 strong     3rd lowest stage (78.0); maintain: all strategies at or above target
	// 7. support  maintain 83.0 strong     4th lowest stage (83.0); maintain: all strategies at or above target
	// clockwise
	// 1. develop  2.1      45.0 weak       first stage below target (57.7); below target by 30.0 points
	// 2. develop  2.2      58.0 developing first stage below target (57.7); below target by 17.0 points
	// 3. develop  2.3      70.0 developing first stage below target (57.7); below target by 5.0 points
	// 4. support  maintain 83.0 strong     clockwise after Develop people to deliver service quality; maintain: all strategies at or above target
	// 5. retain   4.1      66.0 developing clockwise after Provide needed support systems; below target by 9.0 points
	// 6. retain   4.3      74.0 developing clockwise after Provide needed support systems; below target by 1.0 points
	// 7. hire     maintain 78.0 strong     clockwise after Retain the best people; maintain: all strategies at or above target
}
