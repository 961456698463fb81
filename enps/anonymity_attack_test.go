package enps

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// person is one invited employee in a scenario; rating < 0 means no answer.
type person struct {
	unit   string
	attrs  map[string]string
	rating int
}

func tok(i int) Token {
	var t Token
	t[0], t[1], t[15] = byte(i), byte(i>>8), 7
	return t
}

// scenario computes a report over the people and checks it by brute force.
func scenario(t *testing.T, units []Unit, people []person, req Request, prior []PublishedCell) (Report, *engine) {
	t.Helper()
	w := Wave{ID: "w", Opens: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Scale: StandardScale(), Units: units}
	var rs []Response
	for i, p := range people {
		w.Population = append(w.Population, Member{Employee: fmt.Sprint("e", i), Unit: p.unit, Attributes: p.attrs})
		if p.rating >= 0 {
			rs = append(rs, Response{Wave: "w", Respondent: tok(i), Unit: p.unit, Attributes: p.attrs, Rating: p.rating, At: w.Opens})
		}
	}
	o, err := w.Org()
	require.NoError(t, err)
	rep, e, err := compute(input{wave: w, org: o, responses: rs, req: req, prior: prior, salt: []byte("salt")})
	require.NoError(t, err)
	assertSafe(t, e, 16)
	return rep, e
}

// team returns n people in the unit with mixed ratings starting at r0.
func team(unit string, n, r0 int) []person {
	ps := make([]person, n)
	for i := range ps {
		ps[i] = person{unit: unit, rating: (r0 + 3*i) % 11}
	}
	return ps
}

func status(t *testing.T, rep Report, unit string, scope Scope, filter ...Attr) Cell {
	t.Helper()
	c, ok := rep.Cell(CellKey{Unit: unit, Scope: scope, Filter: filter})
	require.True(t, ok, "cell %s/%s%v missing", unit, scope, filter)
	return c
}

// published records a report's published cells as a ledger would.
func published(e *engine) []PublishedCell {
	var out []PublishedCell
	for i := range e.cells {
		if e.cells[i].status != Published {
			continue
		}
		var ts []Token
		for _, r := range e.cells[i].members {
			ts = append(ts, e.rs[r].Respondent)
		}
		out = append(out, PublishedCell{Key: fmt.Sprint(i), Respondents: ts})
	}
	return out
}

var dept = []Unit{{ID: "dept"}, {ID: "a", Parent: "dept"}, {ID: "b", Parent: "dept"}}

// A team of six, one of them on leave: the five who answered are
// published. When the sixth answers late and the report is re-run, the
// team's and the department's numbers would differ from the first run by
// one person — that person's rating — so both are withheld.
func TestAttackTeamOfSixWithOneOnLeave(t *testing.T) {
	people := append(team("a", 6, 1), team("b", 8, 2)...)
	people[5].rating = -1 // on leave
	rep, e := scenario(t, dept, people, Request{}, nil)
	assert.Equal(t, Published, status(t, rep, "a", Subtree).Status)
	assert.Equal(t, 5, status(t, rep, "a", Subtree).Responses)
	assert.Equal(t, 6, status(t, rep, "a", Subtree).Invited)
	first := published(e)

	people[5].rating = 0 // back, and unhappy
	rep, _ = scenario(t, dept, people, Request{}, first)
	for _, u := range []string{"a", "dept"} {
		c := status(t, rep, u, Subtree)
		assert.Equal(t, Suppressed, c.Status, u)
		assert.Equal(t, Differencing, c.Reason, u)
	}
	assert.Equal(t, Published, status(t, rep, "b", Subtree).Status, "b did not change")
}

// A parent whose only other members are two direct reports: publishing the
// child next to the parent would reveal the two by subtraction.
func TestAttackSubtractSubtreeFromParent(t *testing.T) {
	people := append(team("a", 10, 0), team("dept", 2, 4)...)
	units := []Unit{{ID: "dept"}, {ID: "a", Parent: "dept"}}
	rep, _ := scenario(t, units, people, Request{}, nil)
	assert.Equal(t, Published, status(t, rep, "dept", Subtree).Status)
	c := status(t, rep, "a", Subtree)
	assert.Equal(t, Suppressed, c.Status)
	assert.Equal(t, Complementary, c.Reason)
	assert.Zero(t, c.Responses, "no numbers on a suppressed cell")

	// With a third team of five, withholding that smaller team leaves a
	// residual of seven, so the team of ten is published.
	people = append(people, team("b", 5, 1)...)
	units = append(units, Unit{ID: "b", Parent: "dept"})
	rep, _ = scenario(t, units, people, Request{}, nil)
	assert.Equal(t, Published, status(t, rep, "a", Subtree).Status)
	assert.Equal(t, Complementary, status(t, rep, "b", Subtree).Reason)
}

// Siblings are suppressed smallest first until the residual is large
// enough.
func TestComplementarySmallestFirst(t *testing.T) {
	units := []Unit{{ID: "dept"}, {ID: "a", Parent: "dept"}, {ID: "b", Parent: "dept"}, {ID: "c", Parent: "dept"}}
	people := append(append(append(team("a", 12, 0), team("b", 6, 1)...), team("c", 7, 2)...), team("dept", 2, 5)...)
	rep, _ := scenario(t, units, people, Request{}, nil)
	assert.Equal(t, Suppressed, status(t, rep, "b", Subtree).Status, "the smallest sibling goes")
	assert.Equal(t, Published, status(t, rep, "c", Subtree).Status)
	assert.Equal(t, Published, status(t, rep, "a", Subtree).Status)
}

// Two overlapping filters, location × tenure, in one unit: no cell of the
// cross table, published or derivable, holds fewer than k people.
func TestAttackOverlappingFilters(t *testing.T) {
	units := []Unit{{ID: "u"}}
	var people []person
	add := func(n int, loc, ten string, r0 int) {
		for i := range n {
			people = append(people, person{unit: "u", attrs: map[string]string{"location": loc, "tenure": ten}, rating: (r0 + 4*i) % 11})
		}
	}
	add(6, "Oslo", "new", 0)
	add(7, "Oslo", "old", 3)
	add(2, "Bergen", "new", 6)
	add(6, "Bergen", "old", 9)
	req := Request{Breakdowns: [][]string{{"location"}, {"tenure"}, {"location", "tenure"}}}
	rep, _ := scenario(t, units, people, req, nil)
	c := status(t, rep, "u", Subtree, Attr{"location", "Bergen"}, Attr{"tenure", "new"})
	assert.Equal(t, Suppressed, c.Status)
	assert.Equal(t, BelowMinimum, c.Reason)
	assert.Equal(t, Published, status(t, rep, "u", Subtree).Status)
	// Bergen (8) minus Bergen×old (6) would leave the two new Bergen hires.
	bo := status(t, rep, "u", Subtree, Attr{"location", "Bergen"}, Attr{"tenure", "old"})
	b := status(t, rep, "u", Subtree, Attr{"location", "Bergen"})
	assert.False(t, bo.Status == Published && b.Status == Published, "Bergen and Bergen×old together reveal two people")
}

// A rolling window that moves by one response: the new set differs from
// the published one by a single person, so it is withheld; once five new
// answers have come in, it is published again.
func TestAttackRollingWindowMovesByOne(t *testing.T) {
	units := []Unit{{ID: "u"}}
	people := team("u", 12, 0)
	for i := 8; i < 12; i++ {
		people[i].rating = -1
	}
	_, e := scenario(t, units, people, Request{}, nil)
	first := published(e)
	require.Len(t, first, 1)

	people[8].rating = 10
	rep, _ := scenario(t, units, people, Request{}, first)
	c := status(t, rep, "u", Subtree)
	assert.Equal(t, Suppressed, c.Status)
	assert.Equal(t, Differencing, c.Reason)

	// Drop one from the window and add one: still 2 apart.
	people[0].rating = -1
	rep, _ = scenario(t, units, people, Request{}, first)
	assert.Equal(t, Differencing, status(t, rep, "u", Subtree).Reason)

	for i := 9; i < 12; i++ {
		people[i].rating = 9
	}
	people[1].rating = -1 // 6 apart now
	rep, _ = scenario(t, units, people, Request{}, first)
	assert.Equal(t, Published, status(t, rep, "u", Subtree).Status)
}

// A unit split between two waves: in the second wave the old team is a
// parent of a team of ten and a team of two. Publishing the parent and the
// team of ten would reveal the two.
func TestAttackUnitSplitBetweenWaves(t *testing.T) {
	before := []Unit{{ID: "co"}, {ID: "u", Parent: "co"}, {ID: "v", Parent: "co"}}
	people := append(team("u", 12, 0), team("v", 9, 1)...)
	rep, _ := scenario(t, before, people, Request{}, nil)
	assert.Equal(t, Published, status(t, rep, "u", Subtree).Status)

	after := append(before, Unit{ID: "u1", Parent: "u"}, Unit{ID: "u2", Parent: "u"})
	for i := range 12 {
		people[i].unit = "u1"
		if i >= 10 {
			people[i].unit = "u2"
		}
	}
	rep, _ = scenario(t, after, people, Request{}, nil)
	assert.Equal(t, Published, status(t, rep, "u", Subtree).Status)
	assert.Equal(t, BelowMinimum, status(t, rep, "u2", Subtree).Reason)
	c := status(t, rep, "u1", Subtree)
	assert.Equal(t, Suppressed, c.Status)
	assert.Equal(t, Complementary, c.Reason)
}

// Five detractors make −100: each learns what the other four answered.
func TestHomogeneousCellSuppressed(t *testing.T) {
	units := []Unit{{ID: "u"}}
	people := []person{{"u", nil, 2}, {"u", nil, 3}, {"u", nil, 0}, {"u", nil, 6}, {"u", nil, 5}}
	rep, _ := scenario(t, units, people, Request{}, nil)
	c := status(t, rep, "u", Subtree)
	assert.Equal(t, Suppressed, c.Status)
	assert.Equal(t, Homogeneous, c.Reason)

	w := Wave{ID: "w", Opens: time.Unix(0, 0), Scale: StandardScale(), Units: units}
	var rs []Response
	for i, p := range people {
		w.Population = append(w.Population, Member{Employee: fmt.Sprint(i), Unit: "u"})
		rs = append(rs, Response{Wave: "w", Respondent: tok(i), Unit: "u", Rating: p.rating, At: w.Opens})
	}
	o, err := w.Org()
	require.NoError(t, err)
	rep, _, err = compute(input{wave: w, org: o, responses: rs, rules: Rules{PublishHomogeneous: true}})
	require.NoError(t, err)
	assert.Equal(t, Published, rep.Cells[0].Status, "configurable")
	assert.Equal(t, -100.0, rep.Cells[0].ENPS)
}

func TestInsufficientIsNotNoData(t *testing.T) {
	units := []Unit{{ID: "co"}, {ID: "a", Parent: "co"}, {ID: "b", Parent: "co"}, {ID: "c", Parent: "co"}}
	people := append(append(team("a", 12, 0), team("b", 3, 1)...), team("c", 4, 0)...)
	for i := 15; i < 19; i++ {
		people[i].rating = -1 // nobody in c answered
	}
	rep, _ := scenario(t, units, people, Request{}, nil)
	b := status(t, rep, "b", Subtree)
	assert.Equal(t, Suppressed, b.Status)
	assert.Equal(t, BelowMinimum, b.Reason)
	c := status(t, rep, "c", Subtree)
	assert.Equal(t, NoData, c.Status)
	assert.Equal(t, 4, c.Invited)
}

func TestPublishedCellNumbers(t *testing.T) {
	units := []Unit{{ID: "u"}}
	// 12 invited, 10 answered: 7 promoters, 2 passives, 1 detractor.
	ratings := []int{9, 9, 10, 10, 10, 9, 10, 7, 8, 3, -1, -1}
	var people []person
	for _, r := range ratings {
		people = append(people, person{unit: "u", rating: r})
	}
	rep, _ := scenario(t, units, people, Request{}, nil)
	c := rep.Cells[0]
	require.Equal(t, Published, c.Status)
	assert.Equal(t, 10, c.Responses)
	assert.Equal(t, 12, c.Invited)
	assert.InDelta(t, 10.0/12, c.ResponseRate, 1e-12)
	assert.Equal(t, 60.0, c.ENPS)
	assert.Equal(t, "tango-fpc", c.Interval.Method)
	assert.True(t, c.Interval.Contains(60))
	assert.Nil(t, c.Distribution, "the 3, 7 and 8 were each given by one person")
	assert.Equal(t, StandardScale(), rep.Scale, "the scale travels with the result")
}
