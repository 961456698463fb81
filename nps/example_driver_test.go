package nps_test

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"

	"github.com/servicekultur/servicekultur/nps"
)

// NPS by the time it took to fix the customer's fault, read from the
// "fix_hours" label of each response. Responses without a fix time are
// counted apart, so their share and score can be checked too.
func ExampleDriver_Bins() {
	// Fix time in hours, and the ratings of the customers whose fault
	// took that long; "" for faults whose fix time was not recorded.
	data := []struct {
		hours   string
		ratings []nps.Rating
	}{
		{"0.5", []nps.Rating{10, 10, 9, 9, 10, 9, 8, 10}},
		{"2", []nps.Rating{10, 9, 9, 8, 10, 7, 9, 6, 10}},
		{"3.5", []nps.Rating{9, 10, 8, 9, 7, 9, 5}},
		{"6", []nps.Rating{9, 8, 10, 6, 9, 7, 8, 9, 4}},
		{"7", []nps.Rating{8, 9, 6, 10, 7, 3}},
		{"18", []nps.Rating{7, 9, 5, 8, 6, 9, 2, 8}},
		{"30", []nps.Rating{6, 8, 3, 9, 5, 7, 1, 6}},
		{"72", []nps.Rating{4, 7, 2, 6, 0, 8}},
		{"", []nps.Rating{9, 5, 8, 3}},
	}
	var responses []nps.Response
	for _, row := range data {
		for i, r := range row.ratings {
			resp := nps.Response{ID: fmt.Sprintf("%s-%d", row.hours, i), Rating: r}
			if row.hours != "" {
				resp.Labels = map[string]string{"fix_hours": row.hours}
			}
			responses = append(responses, resp)
		}
	}
	// A store's Responses method yields such a sequence.
	var stream iter.Seq2[nps.Response, error] = func(yield func(nps.Response, error) bool) {
		for _, r := range responses {
			if !yield(r, nil) {
				return
			}
		}
	}

	d, err := nps.DriverFromResponses(stream, "fix_hours")
	if err != nil {
		fmt.Println(err)
		return
	}
	bins, err := d.Bins([]float64{4, 8, 24}, 0.95, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range bins {
		label := fmt.Sprintf("%g–%g h", b.Lower, b.Upper)
		switch {
		case math.IsInf(b.Lower, -1):
			label = fmt.Sprintf("under %g h", b.Upper)
		case math.IsInf(b.Upper, 1):
			label = fmt.Sprintf("%g h or more", b.Lower)
		}
		fmt.Printf("%-12s n=%2d  NPS %+6.1f  95%% [%+6.1f, %+6.1f]\n", label, b.N, b.NPS, b.Interval.Lower, b.Interval.Upper)
	}
	fmt.Printf("no fix time  n=%2d\n", d.Missing().N())
	// Output:
	// under 4 h    n=24  NPS  +62.5  95% [ +29.8,  +81.2]
	// 4–8 h        n=15  NPS  +13.3  95% [ -27.2,  +49.4]
	// 8–24 h       n= 8  NPS  -12.5  95% [ -58.0,  +39.7]
	// 24 h or more n=14  NPS  -57.1  95% [ -80.7,  -14.5]
	// no fix time  n= 4
}

// Which fix time goes with an NPS of 50? The isotonic fit assumes only
// that the score does not rise with the fix time; its interval comes from
// a seeded bootstrap, so the result is reproducible.
func ExampleDriver_Target() {
	// Fix time in hours, then promoters, passives and detractors among
	// the customers whose fault took that long (from a GROUP BY).
	rows := []struct {
		hours                          float64
		promoters, passives, detractor int
	}{
		{1, 32, 6, 2}, {2, 30, 7, 3}, {3, 28, 8, 4}, {4, 25, 9, 6},
		{6, 26, 8, 6}, {8, 22, 9, 9}, {12, 20, 9, 11}, {16, 18, 10, 12},
		{24, 15, 10, 15}, {36, 12, 10, 18}, {48, 10, 10, 20}, {72, 8, 9, 23},
	}
	d := new(nps.Driver)
	for _, r := range rows {
		for _, c := range []struct {
			rating nps.Rating
			n      int
		}{{10, r.promoters}, {8, r.passives}, {3, r.detractor}} {
			if err := d.AddN(r.hours, c.rating, c.n); err != nil {
				fmt.Println(err)
				return
			}
		}
	}

	for _, target := range []float64{50, 80} {
		e, err := d.Target(target, nps.TargetOptions{Source: rand.NewPCG(1, 2)})
		if err != nil {
			fmt.Println(err)
			return
		}
		if !e.Reached {
			fmt.Printf("NPS %g is not reached within the data: even at %g h the fitted NPS is %.1f\n",
				target, e.Value, e.Fit[0].NPS)
			continue
		}
		fmt.Printf("NPS %g is reached when faults are fixed within %.1f hours, 95%% interval [%.1f, %.1f]\n",
			target, e.Value, e.Lower, e.Upper)
	}

	// The straight line needs no random numbers, but the score does not
	// fall on a straight line here: the line puts NPS 50 earlier, and its
	// interval reaches below 0 hours.
	e, err := d.Target(50, nps.TargetOptions{Method: nps.Linear})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("linear: %.1f hours, 95%% interval [%.1f, %.1f], within the data: %v\n", e.Value, e.Lower, e.Upper, e.Reached)
	// Output:
	// NPS 50 is reached when faults are fixed within 4.8 hours, 95% interval [2.9, 7.8]
	// NPS 80 is not reached within the data: even at 1 h the fitted NPS is 75.0
	// linear: 2.9 hours, 95% interval [-3.3, 7.8], within the data: true
}
