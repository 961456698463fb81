package maturity_test

import (
	"context"
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

// Keep a team's maturity assessments and the styles its leader used in a
// MemStore, read one employee's record back, and erase an employee who
// leaves. A host plugs in its own database behind the same maturity.Store
// interface; either way the records are personal HR data.
func ExampleMemStore() {
	ctx := context.Background()
	at := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	s := maturity.NewMemStore()
	rate := func(emp string, r maturity.Rater, competence, commitment float64) maturity.Assessment {
		return maturity.Assessment{
			Employee: emp, Task: "complaints", Rater: r, RatedBy: "lea", At: at,
			Competence: competence, Commitment: commitment,
		}
	}
	for _, a := range []maturity.Assessment{
		rate("p-17", maturity.Leader, 2, 4.5),
		rate("p-17", maturity.Self, 3.5, 4),
		rate("p-23", maturity.Leader, 4.5, 2),
		rate("p-17", maturity.Leader, 2, 4.5), // a retried delivery: no-op
	} {
		if err := s.SaveAssessment(ctx, a); err != nil {
			fmt.Println(err)
			return
		}
	}
	// A different rating under the same key is refused, not overwritten.
	fmt.Println(s.SaveAssessment(ctx, rate("p-17", maturity.Leader, 3, 4.5)))

	err := s.SaveObservation(ctx, maturity.StyleObservation{
		Leader: "lea", Employee: "p-17", Task: "complaints", Style: 2,
		Source: maturity.EmployeeReport, At: at.Add(24 * time.Hour),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	f := maturity.Filter{Employees: []string{"p-17"}, From: at, To: at.AddDate(0, 1, 0)}
	for a, err := range s.Assessments(ctx, f) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s rated by %s: competence %.1f, commitment %.1f\n", a.Employee, a.Rater, a.Competence, a.Commitment)
	}
	for o, err := range s.Observations(ctx, f) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s used %s (%s) with %s on %s; source: %s\n", o.Leader, o.Style.Label(), o.Style.Name(maturity.Hersey), o.Employee, o.Task, o.Source)
	}

	// p-17 leaves and asks for erasure.
	n, err := s.Erase(ctx, "p-17")
	fmt.Println("erased", n, err)
	left := 0
	for _, err := range s.Assessments(ctx, maturity.Filter{}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		left++
	}
	fmt.Println(left, "assessment left")
	// Output:
	// maturity: conflicting data under an existing key: the leader assessment of "p-17" on task "complaints" at 2026-03-02T09:00:00Z is stored with other content
	// p-17 rated by self: competence 3.5, commitment 4.0
	// p-17 rated by leader: competence 2.0, commitment 4.5
	// lea used S2 (Selling) with p-17 on complaints; source: employee-report
	// erased 3 <nil>
	// 1 assessment left
}
