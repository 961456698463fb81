package enps_test

import (
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/enps"
)

// A plan drawn from the built-in catalogue: three initiatives are under
// way or done, the rest only planned. Coverage lists the I's that still
// lack an active or completed initiative.
func ExampleCoverage() {
	plan := enps.Catalogue()
	started := time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)
	for k, in := range plan {
		switch in.Code {
		case "INF-1", "INC-3": // a fixed communication plan; immediate recognition
			plan[k].Status, plan[k].Owner, plan[k].Started = enps.Active, "hr-lead", started
		case "INS-1": // the noble cause and values
			plan[k].Status = enps.Done
		}
	}
	missing, err := enps.Coverage(plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("not covered:", len(missing))
	for _, i := range missing {
		fmt.Println("-", i)
		for _, in := range plan {
			if in.I == i {
				fmt.Printf("    %s %s\n", in.Code, in.TextEN)
			}
		}
	}
	// Output:
	// not covered: 2
	// - involve
	//     INV-1 an employee-voice programme on the customer experience
	//     INV-2 a customer-experience ambassador programme
	//     INV-3 improvement processes based on employee input and customer cases
	//     INV-4 cross-organisational and cross-disciplinary links
	//     INV-5 let employees handle the follow-up with customers
	// - instruct
	//     ITR-1 company-wide training in the desired customer experience, including onboarding
	//     ITR-2 a training programme for leaders and coaches
	//     ITR-3 leaders and frontline staff as trainers
	//     ITR-4 continuous coaching and feedback
}
