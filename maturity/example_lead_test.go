package maturity_test

import (
	"fmt"
	"strings"

	"github.com/servicekultur/servicekultur/maturity"
)

func ExampleScoreLEAD() {
	// One leader's LEAD-Self: the letters picked in situations 1–12. The
	// situation texts stay on the licensed form.
	a, err := maturity.ParseAnswers("AAAACDCDBBBA")
	if err != nil {
		panic(err)
	}
	p, err := maturity.ScoreLEAD(a, maturity.StandardLEADKey(), maturity.LEADOptions{})
	if err != nil {
		panic(err)
	}
	names := func(ss []maturity.Style) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Label()+" "+s.Name(maturity.Hersey))
		}
		return strings.Join(out, ", ")
	}
	for i, n := range p.Counts {
		fmt.Printf("%s %-13s %d\n", maturity.Style(i+1).Label(), maturity.Style(i+1).Name(maturity.Hersey), n)
	}
	fmt.Println("primary:", names(p.Primary))
	fmt.Println("secondary:", names(p.Secondary))
	fmt.Println("range:", p.Range)
	fmt.Printf("effectiveness: %+d of ±24 (%.2f)\n", p.Effectiveness, p.EffectivenessShare)
	// Output:
	// S1 Telling       3
	// S2 Selling       6
	// S3 Participating 3
	// S4 Delegating    0
	// primary: S2 Selling
	// secondary: S1 Telling, S3 Participating
	// range: 3
	// effectiveness: +10 of ±24 (0.71)
}
