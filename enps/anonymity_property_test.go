package enps

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/internal/anonymity"
)

// randomWave builds a random org tree, population and responses.
func randomWave(rng *rand.Rand) (Wave, []Response, Request) {
	nu := 2 + rng.IntN(7)
	units := []Unit{{ID: "u0"}}
	for i := 1; i < nu; i++ {
		units = append(units, Unit{ID: fmt.Sprintf("u%d", i), Parent: fmt.Sprintf("u%d", rng.IntN(i))})
	}
	w := Wave{ID: "w", Opens: time.Unix(0, 0), Scale: StandardScale(), Units: units}
	var rs []Response
	np := 8 + rng.IntN(45)
	for i := range np {
		m := Member{Employee: fmt.Sprintf("e%d", i), Unit: units[rng.IntN(nu)].ID,
			Attributes: map[string]string{"location": string(rune('A' + rng.IntN(3)))}}
		if rng.IntN(5) > 0 {
			m.Attributes["tenure"] = string(rune('x' + rng.IntN(2)))
		}
		w.Population = append(w.Population, m)
		if rng.IntN(10) < 8 {
			var t Token
			t[0], t[1] = byte(i), byte(i>>8)
			t[15] = 1
			rating := rng.IntN(11)
			if rng.IntN(2) == 0 {
				rating = 9 + rng.IntN(2) // lumpy data make homogeneous groups likely
			}
			rs = append(rs, Response{Wave: "w", Respondent: t, Unit: m.Unit, Attributes: m.Attributes, Rating: rating, At: w.Opens})
		}
	}
	req := Request{}
	if rng.IntN(2) == 0 {
		req.Scopes = []Scope{Subtree, Direct}
	}
	all := [][]string{{"location"}, {"tenure"}, {"location", "tenure"}}
	for _, b := range all {
		if rng.IntN(2) == 0 {
			req.Breakdowns = append(req.Breakdowns, b)
		}
	}
	return w, rs, req
}

// TestAnonymityBruteForce attacks random reports as an insider who knows
// every published count and category count: any group whose membership
// vector is a linear combination of the published cells' vectors has its
// counts revealed. It checks, over all unions of atoms, that every such
// group has 0 or at least k members, and (by default rules) that no
// revealed group of two or more... answered unanimously.
func TestAnonymityBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for iter := range 600 {
		w, rs, req := randomWave(rng)
		o, err := w.Org()
		require.NoError(t, err)
		rep, e, err := compute(input{wave: w, org: o, responses: rs, req: req, salt: []byte("s")})
		require.NoError(t, err)
		_ = rep
		if assertSafe(t, e, 14) {
			checked++
		}
		if t.Failed() {
			t.Fatalf("iteration %d, request %+v", iter, req)
		}
	}
	t.Logf("%d random reports checked by brute force", checked)
	require.Greater(t, checked, 100)
}

// assertSafe checks by brute force over all unions of atoms that every
// group derivable from the published cells has 0 or at least k members and
// did not answer unanimously (see anonymity.Audit). It reports false (and
// checks nothing) when there are more than maxAtoms atoms.
func assertSafe(t *testing.T, e *engine, maxAtoms int) bool {
	t.Helper()
	var sets [][]int32
	for i := range e.cells {
		if e.cells[i].status == Published {
			sets = append(sets, e.cells[i].members)
		}
	}
	var category []uint8
	if !e.in.rules.PublishHomogeneous {
		category = e.cats
	}
	checked, err := anonymity.Audit(len(e.rs), sets, category, e.k, maxAtoms)
	if err != nil {
		t.Error(err)
	}
	return checked
}
