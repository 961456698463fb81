package enps

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Twelve teams whose members feel informed in proportion to how happy
// they are: the Inform share goes with eNPS across teams, Involve (answered
// at random) does not.
func TestReportAssociations(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	w := Wave{ID: "w", Opens: time.Unix(0, 0), Scale: StandardScale(), Units: []Unit{{ID: "co"}},
		Items: []Item{{ID: "inf", I: Inform}, {ID: "inv", I: Involve}}}
	var rs []Response
	n := 0
	for team := range 12 {
		id := fmt.Sprint("t", team)
		w.Units = append(w.Units, Unit{ID: id, Parent: "co"})
		for range 9 {
			w.Population = append(w.Population, Member{Employee: fmt.Sprint(n), Unit: id})
			rating := min(10, team/2+1+rng.IntN(7))
			informed := 1 + min(4, rating/2)
			rs = append(rs, Response{Wave: "w", Respondent: tok(n), Unit: id, Rating: rating, At: w.Opens,
				Items: map[string]int{"inf": informed, "inv": 1 + rng.IntN(5)}})
			n++
		}
	}
	o, err := w.Org()
	require.NoError(t, err)
	rep, _, err := compute(input{wave: w, org: o, responses: rs, salt: []byte("s")})
	require.NoError(t, err)
	c, ok := rep.Cell(CellKey{Unit: "co"})
	require.True(t, ok)
	require.Len(t, c.Drivers, 2, "favourability per I next to eNPS")
	assert.Equal(t, Involve, c.Drivers[0].I)
	assert.Equal(t, Inform, c.Drivers[1].I)

	as, err := rep.Associations(0)
	require.NoError(t, err)
	byI := map[I]Association{}
	for _, a := range as {
		byI[a.I] = a
	}
	inf, ok := byI[Inform]
	require.True(t, ok)
	assert.Greater(t, inf.Lower, 0.5, "strong association: %+v", inf)
	assert.LessOrEqual(t, inf.Units, 12, "the company cell is not a point next to its teams")
	assert.GreaterOrEqual(t, inf.Units, 4)
	if inv, ok := byI[Involve]; ok {
		assert.Less(t, inv.Lower, 0.0, "random answers: the interval covers 0")
	}
}
