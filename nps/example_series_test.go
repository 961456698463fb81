package nps_test

import (
	"fmt"
	"iter"
	"time"
	_ "time/tzdata" // so the example runs on hosts without a zone database

	"github.com/servicekultur/servicekultur/nps"
)

// A monthly series in the customers' time zone, with a month in which
// nobody answered: the gap stays in the series, the changes around it are
// reported as impossible rather than as 0, and the trend keeps April's
// place on the time axis. No single month-over-month change is clear with
// a dozen answers a month, but the trend over the half year is.
func ExampleBuildSeries() {
	cph, err := nps.LoadZone("Europe/Copenhagen")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Ratings per month, answered on the 15th at noon local time; none in April.
	monthly := map[time.Month][]nps.Rating{
		time.January:  {10, 9, 8, 7, 6, 3, 9, 10, 5, 8, 2, 9},
		time.February: {10, 9, 9, 8, 7, 6, 9, 10, 4, 8, 9, 9},
		time.March:    {10, 10, 9, 8, 7, 9, 9, 10, 6, 8, 9, 9, 10},
		time.May:      {10, 10, 9, 9, 8, 9, 9, 10, 9, 8, 10, 9, 7},
		time.June:     {10, 10, 9, 9, 9, 9, 10, 10, 9, 8, 10, 9, 6, 10},
	}
	var responses []nps.Response
	for m, ratings := range monthly {
		for i, r := range ratings {
			at := time.Date(2026, m, 15, 12, 0, 0, 0, cph)
			responses = append(responses, nps.Response{ID: fmt.Sprintf("%d-%d", m, i), Rating: r, At: at})
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

	from := time.Date(2026, time.January, 1, 0, 0, 0, 0, cph)
	to := time.Date(2026, time.July, 1, 0, 0, 0, 0, cph)
	s, err := nps.BuildSeries(stream, from, to, nps.Monthly, cph, nps.SeriesOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range s.Points {
		if p.Empty {
			fmt.Printf("%v  n=%2d  no responses\n", p.Period, p.N)
			continue
		}
		fmt.Printf("%v  n=%2d  NPS %+5.1f  95%% [%+5.1f, %+5.1f]\n", p.Period, p.N, p.NPS, p.Interval.Lower, p.Interval.Upper)
	}
	for _, c := range s.Changes() {
		if c.Err != nil {
			fmt.Printf("%v → %v: no comparison (an empty month)\n", c.From, c.To)
			continue
		}
		fmt.Printf("%v → %v: %+5.1f [%+5.1f, %+5.1f] %v\n", c.From, c.To, c.Diff, c.Interval.Lower, c.Interval.Upper, c.Verdict)
	}
	tr, err := s.Trend()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("trend %+.1f points/month (SE %.1f, p = %.3f) over %d months with responses\n", tr.Slope, tr.StdErr, tr.P, tr.Periods)
	// Output:
	// 2026-01  n=12  NPS  +8.3  95% [-37.6, +50.7]
	// 2026-02  n=12  NPS +41.7  95% [ -7.5, +73.5]
	// 2026-03  n=13  NPS +61.5  95% [+15.4, +84.4]
	// 2026-04  n= 0  no responses
	// 2026-05  n=13  NPS +76.9  95% [+36.6, +91.8]
	// 2026-06  n=14  NPS +78.6  95% [+31.3, +94.1]
	// 2026-01 → 2026-02: +33.3 [-31.6, +89.2] no-clear-change
	// 2026-02 → 2026-03: +19.9 [-36.2, +74.1] no-clear-change
	// 2026-03 → 2026-04: no comparison (an empty month)
	// 2026-04 → 2026-05: no comparison (an empty month)
	// 2026-05 → 2026-06:  +1.6 [-47.9, +44.9] no-clear-change
	// trend +11.7 points/month (SE 4.4, p = 0.008) over 5 months with responses
}
