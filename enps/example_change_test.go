package enps_test

import (
	"context"
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/enps"
)

// launchQuarter launches a wave for a store of 24 employees in two teams
// and submits their answers.
func launchQuarter(ctx context.Context, s *enps.Survey, id string, opens time.Time, rating func(team, i int) int) {
	d := enps.StaticDirectory{UnitList: []enps.Unit{
		{ID: "co", Manager: "Mette"}, {ID: "shop", Parent: "co", Manager: "Ali"}, {ID: "service", Parent: "co", Manager: "Bo"}}}
	for _, unit := range []string{"shop", "service"} {
		for i := range 12 {
			d.MemberList = append(d.MemberList, enps.Member{Employee: fmt.Sprintf("%s%d", unit, i), Unit: unit})
		}
	}
	if _, err := s.LaunchFrom(ctx, d, enps.Wave{ID: id, Opens: opens, Closes: opens.AddDate(0, 0, 14), Scale: enps.StandardScale()}, nil); err != nil {
		panic(err)
	}
	for team, unit := range []string{"shop", "service"} {
		for i := range 12 {
			if err := s.Submit(ctx, id, fmt.Sprintf("%s%d", unit, i), enps.Answer{Rating: rating(team, i)}, opens); err != nil {
				panic(err)
			}
		}
	}
}

// Two quarters: the service team's eNPS rises clearly, the shop's does
// not move; each leader's subtree is read against a target of +20.
func ExampleCompareWaves() {
	ctx := context.Background()
	s, err := enps.NewSurvey(enps.NewMemStore(), []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		panic(err)
	}
	q1 := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	shop := []int{10, 9, 9, 8, 7, 6, 10, 9, 5, 8, 9, 10}
	launchQuarter(ctx, s, "Q1", q1, func(team, i int) int {
		if team == 0 {
			return shop[i]
		}
		return []int{3, 6, 7, 5, 8, 4}[i%6]
	})
	launchQuarter(ctx, s, "Q2", q1.AddDate(0, 3, 0), func(team, i int) int {
		if team == 0 {
			return shop[(i+5)%12]
		}
		return []int{9, 10, 8, 9, 7, 10}[i%6]
	})
	changes, err := s.Compare(ctx, "Q1", "Q2", enps.Request{Audience: "board"}, q1.AddDate(0, 4, 0))
	if err != nil {
		panic(err)
	}
	for _, c := range changes {
		fmt.Printf("%-16s %+4.0f points [%+.0f, %+.0f] %s\n", c.Key, c.Diff, c.Interval.Lower, c.Interval.Upper, c.Verdict)
	}
	rep, err := s.Report(ctx, "Q2", enps.Request{Audience: "board"}, q1.AddDate(0, 4, 0))
	if err != nil {
		panic(err)
	}
	kpis, err := rep.KPI(20)
	if err != nil {
		panic(err)
	}
	for _, k := range kpis {
		fmt.Printf("%-6s eNPS %+3.0f: %s\n", k.Leader, k.ENPS, k.Attainment)
	}
	// Output:
	// co/subtree        +67 points [+21, +103] improved
	// shop/subtree       +0 points [-59, +59] no-clear-change
	// service/subtree  +133 points [+76, +161] improved
	// Mette  eNPS +54: above target
	// Ali    eNPS +42: above target
	// Bo     eNPS +67: above target
}
