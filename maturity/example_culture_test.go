package maturity_test

import (
	"fmt"
	"time"

	"github.com/servicekultur/servicekultur/maturity"
)

func ExampleStanceDistribution() {
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	obs := []maturity.StanceObservation{
		{Subject: "sales", Stance: maturity.OKOthersNotOK, At: at.AddDate(0, -6, 0)},
		{Subject: "sales", Stance: maturity.WeAreOK, At: at.AddDate(0, -1, 0)}, // the latest counts
		{Subject: "support", Stance: maturity.WeAreOK, At: at.AddDate(0, 0, -3)},
		{Subject: "billing", Stance: maturity.NotOKOthersOK, At: at.AddDate(0, 0, -8)},
		{Subject: "field", Stance: maturity.OKOthersNotOK, At: at.AddDate(0, 0, -2)},
	}
	d, err := maturity.StanceDistribution(obs, at)
	if err != nil {
		panic(err)
	}
	for s := maturity.NotOKOthersOK; s <= maturity.NotOKNotOK; s++ {
		fmt.Printf("%s %-52s %d  %3.0f%%\n", s.Notation(), s.LabelDA(), d.Count(s), 100*d.Share(s))
	}
	fmt.Printf("at the target (%s): %.0f%% of %d teams\n", maturity.WeAreOK.Notation(), 100*d.TargetShare, d.N)
	// Output:
	// I-U+ Jeg er ikke ok, men andre i organisationen er        1   25%
	// I+U- Jeg er ok, men det er de andre i organisationen ikke 1   25%
	// I+U+ Vi er ok, og sammen kan vi                           2   50%
	// I-U- Jeg er ikke ok, og det er de andre i organisationen heller ikke 0    0%
	// at the target (I+U+): 50% of 4 teams
}

func ExamplePresenceGap() {
	// The same behaviour — greeting customers, say — rated 1–5 per
	// employee, once with the leader in the room and once without.
	pairs := []maturity.PresencePair{
		{Subject: "e1", Present: 5, Absent: 3},
		{Subject: "e2", Present: 4, Absent: 3},
		{Subject: "e3", Present: 5, Absent: 3},
		{Subject: "e4", Present: 4, Absent: 3},
		{Subject: "e5", Present: 5, Absent: 4},
	}
	r, err := maturity.PresenceGap(pairs)
	if err != nil {
		panic(err)
	}
	// A clearly positive gap: behaviour that shows when the leader is
	// watching suggests compliance rather than culture.
	fmt.Printf("present %.1f, absent %.1f: gap %.1f (95%% CI %.2f to %.2f, n = %d)\n",
		r.MeanPresent, r.MeanAbsent, r.Gap, r.Lower, r.Upper, r.N)
	// Output:
	// present 4.6, absent 3.2: gap 1.4 (95% CI 0.72 to 2.08, n = 5)
}
