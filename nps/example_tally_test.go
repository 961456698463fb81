package nps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// Count ratings, then read the score, its shares and its standard error.
func ExampleTally() {
	ratings := []nps.Rating{10, 9, 9, 8, 7, 10, 3, 6, 9, 10, 8, 0, 9, 10, 7, 9, 5, 10}
	var t nps.Tally
	if err := t.AddRatings(ratings); err != nil {
		fmt.Println(err)
		return
	}
	score, _ := t.NPS()
	se, _ := t.StdErr()
	p, m, d, _ := t.Shares()
	fmt.Printf("tally %v (n=%d)\n", t, t.N())
	fmt.Printf("shares %.0f%% / %.0f%% / %.0f%%\n", 100*p, 100*m, 100*d)
	fmt.Printf("NPS %.1f, SE %.1f points\n", score, se)
	// Output:
	// tally 10/4/4 (n=18)
	// shares 56% / 22% / 22%
	// NPS 33.3, SE 19.2 points
}

// An empty tally has no score: it is an error, never 0.
func ExampleTally_NPS_empty() {
	var t nps.Tally
	_, err := t.NPS()
	fmt.Println(err)
	// Output:
	// nps: no responses
}

// Invalid input is rejected whole, with the position of the first bad
// rating; the tally is left as it was.
func ExampleTally_AddRatings() {
	var t nps.Tally
	err := t.AddRatings([]nps.Rating{9, 10, 11, 4})
	fmt.Println(err)
	fmt.Println(t.N())
	// Output:
	// nps: invalid rating "11" at index 2: want a whole number from 0 to 10
	// 0
}

// Partial tallies from many workers merge in any order.
func ExampleTally_Merge() {
	parts := []nps.Tally{{Promoters: 120, Passives: 50, Detractors: 30}, {Promoters: 80, Passives: 60, Detractors: 60}}
	var total nps.Tally
	for _, p := range parts {
		if err := total.Merge(p); err != nil {
			fmt.Println(err)
			return
		}
	}
	b, _ := total.MarshalBinary()
	var back nps.Tally
	_ = back.UnmarshalBinary(b)
	fmt.Println(total, len(b), "bytes", back == total)
	// Output:
	// 200/110/90 6 bytes true
}
