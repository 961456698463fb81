package nps_test

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// segmentExampleResponses builds a small survey: for each touchpoint and
// month, the given ratings, received at noon UTC on the 10th.
func segmentExampleResponses() []nps.Response {
	data := []struct {
		touchpoint string
		month      time.Month
		ratings    string
	}{
		{"phone", time.March, "10 9 9 8 7 6 3 10 9 8 9 10 2 9 10 9 8 10 9 5"},
		{"phone", time.April, "9 10 9 8 10 9 7 9 10 9 6 10 9 8 9 10"},
		{"desk", time.March, "8 7 6 9 5 7 8 4 6 9 7 3 8 6 10"},
		{"desk", time.April, "6 7 5 8 3 9 6 7 2 8 6 7 4 9"},
		{"web", time.March, "9 8 7 10 6 9 8 7 9 10 8 7"},
		{"web", time.April, "10 8 9 7 6 9 8 10 7 9"},
	}
	var rs []nps.Response
	for _, d := range data {
		for f := range strings.FieldsSeq(d.ratings) {
			v, _ := nps.ParseRating(f)
			rs = append(rs, nps.Response{
				ID:         d.touchpoint + "-" + strconv.Itoa(len(rs)),
				Rating:     v,
				At:         time.Date(2025, d.month, 10, 12, 0, 0, 0, time.UTC),
				Touchpoint: d.touchpoint,
			})
		}
	}
	return rs
}

// segmentExampleStream serves responses the way a store's iterator does.
func segmentExampleStream(rs []nps.Response) iter.Seq2[nps.Response, error] {
	return func(yield func(nps.Response, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// A report by touchpoint: each touchpoint's score against all other
// responses, with Holm-adjusted p-values.
func ExampleSegments_VsRest() {
	byTouchpoint, err := nps.GroupBy(segmentExampleStream(segmentExampleResponses()), nps.ByTouchpoint)
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := byTouchpoint.VsRest(0.95, nps.Holm)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Println(r.Key, r.Err)
			continue
		}
		fmt.Printf("%-5s n=%2d NPS %+5.1f  vs rest %+5.1f [%+5.1f, %+5.1f]  p=%.2g  holm=%.2g  significant=%v\n",
			r.Key, r.Tally.N(), r.NPS, r.VsRest.Diff, r.Diff.Lower, r.Diff.Upper, r.VsRest.P, r.PAdjusted, r.Significant)
	}
	// Output:
	// desk  n=29 NPS -27.6  vs rest -74.1 [-103.0, -39.1]  p=7e-06  holm=2.1e-05  significant=true
	// phone n=36 NPS +52.8  vs rest +52.8 [+18.1, +81.0]  p=0.0011  holm=0.0022  significant=true
	// web   n=22 NPS +36.4  vs rest +19.4 [-16.4, +50.9]  p=0.26  holm=0.26  significant=false
}

// Touchpoint × month: the cells, and the totals per touchpoint and month.
func ExamplePivotBy() {
	month := func(r nps.Response) []string { return []string{r.At.In(time.UTC).Format("2006-01")} }
	p, err := nps.PivotBy(segmentExampleStream(segmentExampleResponses()), nps.ByTouchpoint, month)
	if err != nil {
		fmt.Println(err)
		return
	}
	score := func(d nps.Distribution) string {
		t, _ := d.Tally()
		s, err := t.NPS()
		if err != nil {
			return fmt.Sprintf("%13s", "-")
		}
		return fmt.Sprintf("%+6.1f (n=%2d)", s, t.N())
	}
	fmt.Printf("%-6s", "where")
	for _, c := range p.Cols() {
		fmt.Printf(" %13s", c)
	}
	fmt.Printf(" %13s\n", "total")
	for _, r := range p.Rows() {
		fmt.Printf("%-6s", r)
		for _, c := range p.Cols() {
			fmt.Printf(" %s", score(p.Cell(r, c)))
		}
		fmt.Printf(" %s\n", score(p.RowTotal(r)))
	}
	fmt.Printf("%-6s", "total")
	for _, c := range p.Cols() {
		fmt.Printf(" %s", score(p.ColTotal(c)))
	}
	fmt.Printf(" %s\n", score(p.Total()))
	// Output:
	// where        2025-03       2025-04         total
	// phone   +40.0 (n=20)  +68.8 (n=16)  +52.8 (n=36)
	// desk    -20.0 (n=15)  -35.7 (n=14)  -27.6 (n=29)
	// web     +33.3 (n=12)  +40.0 (n=10)  +36.4 (n=22)
	// total   +19.1 (n=47)  +25.0 (n=40)  +21.8 (n=87)
}
