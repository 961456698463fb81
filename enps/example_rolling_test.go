package enps_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/enps"
)

// A rolling pulse: answers come in continuously, the team lead sees a
// weekly publication of everyone's latest answer from the last 90 days —
// but only once five new answers have come in.
func ExampleSurvey_RollingReport() {
	ctx := context.Background()
	s, err := enps.NewSurvey(enps.NewMemStore(), []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		panic(err)
	}
	opens := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	d := enps.StaticDirectory{UnitList: []enps.Unit{{ID: "team"}}}
	for i := range 15 {
		d.MemberList = append(d.MemberList, enps.Member{Employee: fmt.Sprint("e", i), Unit: "team"})
	}
	if _, err := s.LaunchFrom(ctx, d, enps.Wave{ID: "pulse", Mode: enps.Rolling, Opens: opens, Scale: enps.StandardScale()}, nil); err != nil {
		panic(err)
	}
	answer := func(i, rating int, at time.Time) {
		if err := s.Submit(ctx, "pulse", fmt.Sprint("e", i), enps.Answer{Rating: rating}, at); err != nil {
			panic(err)
		}
	}
	for i, r := range []int{9, 7, 10, 4, 8, 9, 6} {
		answer(i, r, opens.Add(time.Duration(i+1)*time.Hour))
	}
	answer(7, 10, opens.Add(week+time.Hour)) // one answer in week two
	for n := 1; n <= 2; n++ {
		rep, err := s.RollingReport(ctx, "pulse", enps.Request{Audience: "lead"}, opens.Add(time.Duration(n)*week), enps.RollingOptions{})
		switch {
		case errors.Is(err, enps.ErrNotDue):
			fmt.Printf("week %d: not published (too few new answers)\n", n)
		case err != nil:
			panic(err)
		default:
			c := rep.Cells[0]
			fmt.Printf("week %d: eNPS %+.0f from %d of %d\n", n, c.ENPS, c.Responses, c.Invited)
		}
	}
	// Output:
	// week 1: eNPS +14 from 7 of 15
	// week 2: not published (too few new answers)
}
