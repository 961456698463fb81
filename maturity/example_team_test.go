package maturity_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

func ExampleTeam() {
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	jan := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	rate := func(emp string, r maturity.Rater, comp, commit float64) maturity.Assessment {
		return maturity.Assessment{Employee: emp, Task: "customer service", Rater: r, At: jan, Competence: comp, Commitment: commit}
	}
	// A team of five on a 1–5 scale; Dan also rated himself.
	statuses, err := maturity.Current([]maturity.Assessment{
		rate("ann", maturity.Leader, 1.5, 2.0), // unable, unwilling: R1
		rate("bob", maturity.Leader, 2.0, 4.5), // unable, willing: R2
		rate("cem", maturity.Leader, 2.5, 4.0), // R2
		rate("dan", maturity.Leader, 4.5, 4.5), // R4
		rate("dan", maturity.Self, 4.0, 5.0),
		rate("eva", maturity.Leader, 4.0, 2.5), // able, insecure: R3
	}, at, maturity.Classifier{})
	if err != nil {
		panic(err)
	}
	// The leader's LEAD profile, built by hand: mostly Selling, some
	// Participating.
	lead := &maturity.LEADProfile{
		Counts:    [4]int{1, 7, 3, 1},
		Primary:   []maturity.Style{2},
		Secondary: []maturity.Style{3},
		Range:     2,
	}
	v, err := maturity.Team(statuses, lead)
	if err != nil {
		panic(err)
	}
	styles := func(ss []maturity.Style) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Label()+" "+s.Name(v.Model))
		}
		return strings.Join(out, ", ")
	}
	for i, n := range v.Counts {
		fmt.Printf("%s %d (%.0f%%)\n", maturity.Level(i+1).Label(v.Model), n, 100*v.Shares[i])
	}
	fmt.Println("modal:", v.Modal[0].Label(v.Model))
	fmt.Printf("mean competence %.3f, commitment %.3f; at the top %.0f%%\n", v.MeanCompetence, v.MeanCommitment, 100*v.TopShare)
	fmt.Println("required:", styles(v.RequiredStyles))
	fmt.Println("flexibility gap:", styles(v.FlexibilityGap))
	for _, s := range statuses {
		if s.Gap != nil {
			fmt.Printf("%s rates himself %+.3f on competence and %+.3f on commitment\n", s.Employee, s.Gap.Competence, s.Gap.Commitment)
		}
	}
	// Output:
	// R1 1 (20%)
	// R2 2 (40%)
	// R3 1 (20%)
	// R4 1 (20%)
	// modal: R2
	// mean competence 0.475, commitment 0.625; at the top 20%
	// required: S1 Telling, S2 Selling, S3 Participating, S4 Delegating
	// flexibility gap: S1 Telling, S4 Delegating
	// dan rates himself -0.125 on competence and +0.125 on commitment
}
