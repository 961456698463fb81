package maturity_test

import (
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

func ExampleChecklist() {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	ago := func(months int) time.Time { return at.AddDate(0, -months, 0) }
	records := []maturity.ChecklistRecord{
		{Employee: "anna", Item: maturity.DevelopmentDialogue, At: ago(3)},
		{Employee: "anna", Item: maturity.NewResponsibility, At: ago(20)},
		{Employee: "anna", Item: maturity.JobDescription, At: ago(60)},
		{Employee: "anna", Item: maturity.PersonalGoals, At: ago(2)},
		{Employee: "bo", Item: maturity.DevelopmentDialogue, At: ago(14)}, // stale: over 12 months
		{Employee: "bo", Item: maturity.JobDescription, At: ago(10)},
		{Employee: "bo", Item: maturity.PersonalGoals, At: at.AddDate(0, 0, 7)}, // next week: not yet
	}
	rep, err := maturity.Checklist(records, []string{"anna", "bo"}, at, maturity.ChecklistOptions{})
	if err != nil {
		panic(err)
	}
	for _, e := range rep.Employees {
		fmt.Printf("%-4s %3.0f%% met: %v\n", e.Employee, 100*e.Share, e.Met)
	}
	fmt.Println("bo's last MUS:", rep.Employees[1].Latest[maturity.DevelopmentDialogue].Format(time.DateOnly))
	fmt.Println()
	for _, it := range rep.Items {
		fmt.Printf("%-21s %3.0f%%  %s\n", it.Item, 100*it.Share, it.Item.LabelDA())
	}
	// Output:
	// anna  57% met: [development-dialogue new-responsibility job-description personal-goals]
	// bo    14% met: [job-description]
	// bo's last MUS: 2025-04-01
	//
	// development-dialogue   50%  MUS afholdt
	// development-programme   0%  Tilmeldt et udviklingsforløb
	// rotation                0%  Jobrotation tilbudt eller brugt
	// new-responsibility     50%  Nyt ansvar tilføjet
	// role-tied-to-mission    0%  Rollen beskrevet som del af strategien, knyttet til den ædle sag eller mission og vision
	// job-description       100%  Stillingsbeskrivelse findes
	// personal-goals         50%  Personlige mål og succeskriterier sat
}
