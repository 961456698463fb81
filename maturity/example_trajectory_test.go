package maturity_test

import (
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

func ExampleTrajectory() {
	date := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	rate := func(at time.Time, comp, commit float64) maturity.Assessment {
		return maturity.Assessment{Employee: "ann", Task: "key accounts", Rater: maturity.Leader, At: at, Competence: comp, Commitment: commit}
	}
	history := []maturity.Assessment{
		rate(date(2022, 1), 1.5, 2.0), // new and unsure: R1
		rate(date(2022, 7), 2.0, 4.0), // R2
		rate(date(2023, 1), 2.9, 4.0), // hovers below the cut: still R2
		rate(date(2023, 7), 4.0, 4.5), // R4
		rate(date(2024, 1), 4.0, 2.0), // a reorganisation shakes her: R3
	}
	until := date(2025, 8)
	p, err := maturity.Trajectory(history, maturity.Classifier{}, until)
	if err != nil {
		panic(err)
	}
	for _, s := range p.Steps {
		fmt.Println(s.At.Format("2006-01"), s.Level.Label(p.Model))
	}
	for _, c := range p.Cycles {
		fmt.Printf("%s %s→%s\n", c.Kind, c.From.Label(p.Model), c.To.Label(p.Model))
	}
	for i, d := range p.TimeAt {
		fmt.Printf("%s %d days\n", maturity.Level(i+1).Label(p.Model), d/(24*time.Hour))
	}
	fmt.Printf("top reached after %d days\n", p.TimeToTop/(24*time.Hour))

	// The leader still delegates as at R4; one style per review back
	// towards what R3 needs.
	recommended := maturity.Recommend(p.LevelAt(until))
	fmt.Println("next style:", maturity.NextStyle(4, recommended, 0).Name(p.Model))

	obs := []maturity.StyleObservation{
		{Leader: "lea", Employee: "ann", Task: "key accounts", Style: 4, Source: maturity.EmployeeReport, At: date(2024, 3)},
		{Leader: "lea", Employee: "ann", Task: "key accounts", Style: 4, Source: maturity.EmployeeReport, At: date(2024, 9)},
	}
	for _, a := range maturity.Alerts(p, obs, until, maturity.AlertOptions{}) {
		fmt.Println("alert:", a.Kind, "since", a.At.Format("2006-01"))
	}
	// Output:
	// 2022-01 R1
	// 2022-07 R2
	// 2023-07 R4
	// 2024-01 R3
	// developmental R1→R2
	// developmental R2→R4
	// regressive R4→R3
	// R1 181 days
	// R2 365 days
	// R3 578 days
	// R4 184 days
	// top reached after 546 days
	// next style: Participating
	// alert: regression since 2024-01
	// alert: stagnation since 2024-01
	// alert: persistent-mismatch since 2024-03
}
