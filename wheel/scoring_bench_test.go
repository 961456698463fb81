package wheel

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkScore scores 2,000 respondents in 40 units answering the 24
// example items of the wheel.
func BenchmarkScore(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a := Assessment{ID: "a", At: time.Unix(0, 0), Framework: InternalMarketingWheel(), Items: ExampleItems(), Units: []Unit{{ID: "co"}}}
	for u := range 40 {
		a.Units = append(a.Units, Unit{ID: fmt.Sprint("u", u), Parent: "co"})
	}
	rs := make([]Response, 2000)
	for i := range rs {
		r := Response{Assessment: "a", Respondent: fmt.Sprint("r", i), Role: Employee, Unit: a.Units[1+rng.IntN(40)].ID, Answers: map[string]Answer{}}
		if i%10 == 0 {
			r.Role = Manager
		}
		for _, it := range a.Items {
			if rng.IntN(20) == 0 {
				r.Answers[it.ID] = NA
				continue
			}
			r.Answers[it.ID] = Rated(1 + rng.IntN(5))
		}
		rs[i] = r
	}
	for b.Loop() {
		if _, err := Score(a, rs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
