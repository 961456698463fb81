package nps_test

import (
	"fmt"
	"strings"

	"github.com/servicekultur/servicekultur/nps"
)

// Parse ratings strictly and show the 0–10 distribution beside the score.
func ExampleDistribution() {
	var d nps.Distribution
	for field := range strings.FieldsSeq("10 9 8 10 7 6 9 10 3 9 10 8") {
		r, err := nps.ParseRating(field)
		if err != nil {
			fmt.Println(err)
			return
		}
		_ = d.Add(r)
	}
	t, _ := d.Tally()
	score, _ := t.NPS()
	tens, _ := d.Share(10)
	for r, c := range d.All() {
		if c > 0 {
			fmt.Printf("%2d %s\n", r, strings.Repeat("#", c))
		}
	}
	fmt.Printf("NPS %.1f, share of 10s %.0f%%\n", score, 100*tens)
	// Output:
	//  3 #
	//  6 #
	//  7 #
	//  8 ##
	//  9 ###
	// 10 ####
	// NPS 41.7, share of 10s 33%
}

// Parsing is strict: no rounding, no silent clipping.
func ExampleParseRating() {
	for _, s := range []string{"9", "6.5", "11", " 7"} {
		r, err := nps.ParseRating(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r, r.Category())
	}
	// Output:
	// 9 promoter
	// nps: invalid rating "6.5": want a whole number from 0 to 10
	// nps: invalid rating "11": want a whole number from 0 to 10
	// nps: invalid rating " 7": want a whole number from 0 to 10
}
