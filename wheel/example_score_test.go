package wheel_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/wheel"
)

// Five employees rate the wheel's example statements on 1–5; Score gives
// each stage of the wheel, clockwise, its normalised score and band.
func ExampleScore() {
	a := wheel.Assessment{
		ID:        "2026-spring",
		Framework: wheel.InternalMarketingWheel(),
		Scale:     wheel.Scale{Min: 1, Max: 5},
		Items:     wheel.ExampleItems(),
	}
	// How each of the five sees each stage, 1–5.
	seen := map[string][5]int{
		"hire":    {4, 5, 4, 3, 4},
		"develop": {3, 4, 4, 2, 3},
		"support": {2, 3, 2, 2, 1},
		"retain":  {4, 4, 5, 4, 3},
	}
	var rs []wheel.Response
	for i := range 5 {
		r := wheel.Response{
			Assessment: a.ID,
			Respondent: fmt.Sprintf("p%d", i+1),
			Role:       wheel.Employee,
			Answers:    map[string]wheel.Answer{},
		}
		for _, it := range a.Items {
			d, _ := a.Framework.Dimension(it.Dimension)
			v := seen[d.Stage][i]
			if it.Reverse {
				v = 6 - v // a reverse-coded statement: disagreeing is favourable
			}
			r.Answers[it.ID] = wheel.Rated(v)
		}
		rs = append(rs, r)
	}
	r := rs[3]
	r.Answers["ex-2.2-a"] = wheel.NA // p4 cannot judge one statement

	res, err := wheel.Score(a, rs, wheel.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, st := range res.All.Stages {
		fmt.Printf("%d. %-42s %5.1f  %s\n", i+1, a.Framework.Stages[i].Label, st.Score, st.Band)
	}
	fmt.Printf("   %-42s %5.1f  %s\n", "Overall", res.All.Overall, res.All.OverallBand)
	// Output:
	// 1. Hire the right people                       75.0  strong
	// 2. Develop people to deliver service quality   55.0  developing
	// 3. Provide needed support systems              25.0  weak
	// 4. Retain the best people                      75.0  strong
	//    Overall                                     57.5  developing
}
