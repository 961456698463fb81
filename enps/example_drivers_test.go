package enps_test

import (
	"fmt"

	"github.com/servicekultur/servicekultur/enps"
)

// How the favourable share of the Inform items goes together with the
// eNPS across twelve published units. It is an association across units,
// not evidence that informing better raises the eNPS.
func ExampleAssociate() {
	points := []enps.UnitDriver{
		{Unit: "sales-north", Share: 0.62, ENPS: 18},
		{Unit: "sales-south", Share: 0.48, ENPS: -4},
		{Unit: "support-1", Share: 0.71, ENPS: 25},
		{Unit: "support-2", Share: 0.55, ENPS: 12},
		{Unit: "logistics", Share: 0.39, ENPS: -15},
		{Unit: "finance", Share: 0.66, ENPS: 9},
		{Unit: "it", Share: 0.58, ENPS: 21},
		{Unit: "hr", Share: 0.74, ENPS: 30},
		{Unit: "marketing", Share: 0.51, ENPS: 3},
		{Unit: "store-a", Share: 0.44, ENPS: 6},
		{Unit: "store-b", Share: 0.69, ENPS: 14},
		{Unit: "store-c", Share: 0.35, ENPS: -22},
	}
	a, err := enps.Associate(enps.Inform, points, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s across %d units (few: %t)\n", a.I, a.Units, a.FewUnits)
	fmt.Printf("Pearson r = %.2f, %.0f%% interval [%.2f, %.2f]\n", a.Pearson, 100*a.Level, a.Lower, a.Upper)
	fmt.Printf("Spearman ρ = %.2f\n", a.Spearman)
	// Output:
	// inform across 12 units (few: false)
	// Pearson r = 0.90, 95% interval [0.66, 0.97]
	// Spearman ρ = 0.90
}
