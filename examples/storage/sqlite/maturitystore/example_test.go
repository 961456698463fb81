package maturitystore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/maturitystore"
	"github.com/servicekultur/servicekultur/maturity"
)

// Keep maturity assessments and a stance observation in a SQLite file,
// read an employee's assessments, and erase the employee everywhere in
// one transaction.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "maturitystore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := maturitystore.Open(ctx, filepath.Join(dir, "maturity.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	rate := func(rater maturity.Rater, competence, commitment float64) maturity.Assessment {
		return maturity.Assessment{Employee: "anna", Task: "complaints", Rater: rater, RatedBy: "lea",
			At: at, Competence: competence, Commitment: commitment}
	}
	for _, err := range []error{
		s.SaveAssessment(ctx, rate(maturity.Self, 4, 4.5)),
		s.SaveAssessment(ctx, rate(maturity.Leader, 2.5, 4)),
		s.SaveStance(ctx, maturity.StanceObservation{Subject: "anna", Stance: maturity.NotOKOthersOK, At: at}),
	} {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	for a, err := range s.Assessments(ctx, maturity.Filter{Employees: []string{"anna"}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(a.Rater, a.Competence, a.Commitment)
	}
	n, err := s.Erase(ctx, "anna")
	fmt.Println("erased", n, err)
	// Output:
	// self 4 4.5
	// leader 2.5 4
	// erased 3 <nil>
}
