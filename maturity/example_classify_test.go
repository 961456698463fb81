package maturity_test

import (
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

// Classifying an employee on one task: competence 2 and commitment 4.5 on
// 1–5. Under Hersey that is R2 and calls for Selling; the same scores
// under SLII are D1 and call for Directing — which is why the model is an
// explicit choice. The leader has been delegating: under-leading.
func ExampleClassifier_ClassifyAssessment() {
	a := maturity.Assessment{
		Employee: "sara", Task: "mortgage advice", Rater: maturity.Leader,
		At: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Competence: 2, Commitment: 4.5,
	}
	for _, m := range []maturity.Model{maturity.Hersey, maturity.SLII} {
		c, err := maturity.Classifier{Model: m}.ClassifyAssessment(a, maturity.Classification{})
		if err != nil {
			panic(err)
		}
		style := maturity.Recommend(c.Level)
		fit, err := maturity.FitOf(4, c.Level)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %s (%s), recommend %s %s; delegating is %s\n",
			m, c.Label(), c.Level.Name(m), style.Label(), style.Name(m), fit)
	}
	// Output:
	// hersey: R2 (unable, but willing or confident), recommend S2 Selling; delegating is under-leading (severe)
	// slii: D1 (Enthusiastic Beginner), recommend S1 Directing; delegating is under-leading (severe)
}
