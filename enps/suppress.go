package enps

import (
	"bytes"
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"slices"

	"github.com/servicekultur/servicekultur/nps"
)

// suppress takes every anonymity decision, in a fixed order:
//
//  1. minimum group: cells with 1..k−1 responses are BelowMinimum;
//  2. homogeneity: cells whose respondents share one category are
//     Homogeneous (unless the rules publish them);
//  3. complementary suppression: for every published cell P and each
//     dimension it is broken down along (the unit tree, each attribute
//     key), the residual — P minus its highest published sub-cells along
//     that dimension, P's own direct members counting as one — must be
//     empty, or at least MinResidual and not unanimous. Otherwise the
//     smallest of those sub-cells is suppressed, and the check repeats; if
//     none is left, P is;
//  4. differencing: no two published cells — in this report or earlier
//     ones for the audience — may have respondent sets that differ by 1 to
//     k−1 people; the smaller (or the new) cell is suppressed, and steps 3
//     and 5 run again;
//  5. atoms (see [engine.atoms]): every group derivable from published
//     cells, across dimensions too, has 0 or at least k members and did
//     not answer unanimously.
//
// Every step only suppresses, so the process ends, and it visits cells in
// their canonical order, so the outcome does not depend on input order.
func (e *engine) suppress() {
	for i := range e.cells {
		c := &e.cells[i]
		n := len(c.members)
		switch {
		case n == 0:
			c.status = NoData
		case n < e.k:
			c.status, c.reason = Suppressed, BelowMinimum
		case !e.in.rules.PublishHomogeneous && e.homogeneousSet(c.members):
			c.status, c.reason = Suppressed, Homogeneous
		default:
			c.status = Published
		}
		e.dirty[i] = true
	}
	e.settle()
	if e.differencing() {
		e.settle()
	}
}

// settle runs steps 3 and 5 until neither suppresses anything more.
func (e *engine) settle() {
	for {
		e.complementary()
		if !e.atoms() {
			return
		}
	}
}

// atoms runs step 5, the guarantee behind the others. Respondents that lie
// in exactly the same published cells form an atom; every group a reader
// can derive from published counts by adding and subtracting cells is a
// union of atoms. So if every atom has 0 or at least k members, and (by
// default) no atom answered unanimously, no derivable group is smaller
// than k or unanimous. Where the residual rules are exact — a unit
// hierarchy without attribute breakdowns, whose atoms are the residuals —
// this step finds nothing more; where breakdowns cross the hierarchy it is
// conservative. A failing atom is dissolved by suppressing the smallest
// cell that sets it apart (any of its cells but the largest), and the
// residual rules run again. It reports whether it suppressed anything.
func (e *engine) atoms() bool {
	did := false
	type atom struct {
		size, first int
		homogeneous bool
		cells       []int32
	}
	nm := len(e.masks)
	var buf []byte
	var cells []int32
	atomOf := make([]int32, len(e.rs))
	sig := func(cs []int32) []byte {
		buf = buf[:0]
		for _, q := range cs {
			buf = append(buf, byte(q), byte(q>>8), byte(q>>16), byte(q>>24))
		}
		return buf
	}
	for {
		index := map[string]int32{}
		var as []atom
		for r := range e.rs {
			cells = cells[:0]
			u := e.unit[r]
			for j := range nm {
				fl := e.filterOf[r*nm+j]
				if fl < 0 {
					continue
				}
				if q := e.cellAt(u, Direct, fl); q >= 0 && e.cells[q].status == Published {
					cells = append(cells, q)
				}
				for a := u; a >= 0; a = int32(e.o.parent[a]) {
					if q := e.cellAt(a, Subtree, fl); q >= 0 && e.cells[q].status == Published {
						cells = append(cells, q)
					}
				}
			}
			atomOf[r] = -1
			if len(cells) == 0 {
				continue // in no published cell: nothing about it is published
			}
			slices.Sort(cells)
			i, ok := index[string(sig(cells))]
			if !ok {
				i = int32(len(as))
				index[string(buf)] = i
				as = append(as, atom{first: int(e.cats[r]), homogeneous: true, cells: slices.Clone(cells)})
			}
			atomOf[r] = i
			a := &as[i]
			a.size++
			if int(e.cats[r]) != a.first {
				a.homogeneous = false
			}
		}
		failing := func(a *atom) bool {
			return a.size < e.k || (a.homogeneous && !e.in.rules.PublishHomogeneous)
		}
		// One round: a victim for every failing atom none of whose cells was
		// suppressed earlier in the round (those atoms have changed and are
		// looked at again in the next round).
		touched := map[int32]bool{}
		var victims []int32
		for ai := range as {
			a := &as[ai]
			if !failing(a) || slices.ContainsFunc(a.cells, func(q int32) bool { return touched[q] }) {
				continue
			}
			victim := int32(-1)
			consider := func(q int32) {
				if touched[q] {
					return
				}
				if victim < 0 || len(e.cells[q].members) < len(e.cells[victim].members) ||
					(len(e.cells[q].members) == len(e.cells[victim].members) && q > victim) {
					victim = q
				}
			}
			// Suppressing a cell merges the atom with a neighbour: the atom
			// lying in one cell fewer, or in one cell more. The latter lie in
			// the atom's smallest cell.
			rest := make([]int32, 0, len(a.cells))
			for i, q := range a.cells {
				rest = append(append(rest[:0], a.cells[:i]...), a.cells[i+1:]...)
				if _, ok := index[string(sig(rest))]; ok || len(rest) == 0 {
					consider(q)
				}
			}
			smallest := a.cells[0]
			for _, q := range a.cells {
				if len(e.cells[q].members) < len(e.cells[smallest].members) {
					smallest = q
				}
			}
			for _, r := range e.cells[smallest].members {
				b := atomOf[r]
				if b < 0 || b == int32(ai) || len(as[b].cells) != len(a.cells)+1 {
					continue
				}
				if extra, ok := oneMore(a.cells, as[b].cells); ok {
					consider(extra)
				}
			}
			if victim < 0 { // no neighbour: set the atom apart from one cell less
				largest := a.cells[0]
				for _, q := range a.cells {
					if len(e.cells[q].members) > len(e.cells[largest].members) {
						largest = q
					}
				}
				for _, q := range a.cells {
					if q != largest || len(a.cells) == 1 {
						consider(q)
					}
				}
			}
			if victim < 0 {
				continue
			}
			touched[victim] = true
			victims = append(victims, victim)
		}
		if len(victims) == 0 {
			return did
		}
		for _, q := range victims {
			e.cells[q].status, e.cells[q].reason = Suppressed, Complementary
			e.dirtyAbove(q)
		}
		did = true
		e.complementary()
	}
}

// oneMore reports whether the ascending list b is a plus one cell, and
// which.
func oneMore(a, b []int32) (int32, bool) {
	extra := int32(-1)
	i := 0
	for _, q := range b {
		if i < len(a) && a[i] == q {
			i++
			continue
		}
		if extra >= 0 {
			return 0, false
		}
		extra = q
	}
	return extra, i == len(a) && extra >= 0
}

// complementary runs step 3 to its fixed point over the dirty cells.
func (e *engine) complementary() {
	for more := true; more; {
		more = false
		for i := range e.cells {
			if !e.dirty[i] {
				continue
			}
			e.dirty[i] = false
			if e.cells[i].status == Published {
				e.fixResiduals(int32(i))
				more = true
			}
		}
	}
}

// dirtyAbove marks every cell containing cell q (q included) for checking:
// suppressing q changes their residuals.
func (e *engine) dirtyAbove(q int32) {
	c := &e.cells[q]
	for _, f := range e.within[c.filter] {
		if c.scope == Direct {
			if p := e.cellAt(c.unit, Direct, f); p >= 0 {
				e.dirty[p] = true
			}
		}
		for a := c.unit; a >= 0; a = int32(e.o.parent[a]) {
			if p := e.cellAt(a, Subtree, f); p >= 0 {
				e.dirty[p] = true
			}
		}
	}
}

// parts calls f with the maximal cells strictly inside p, along one
// dimension, that pass the test: along the unit tree (key < 0) the
// highest such cells below p's unit (and p's unit's direct cell); along
// attribute key bit key, p's cells for each value of that key. The cells
// of one call are disjoint.
func (e *engine) parts(p *ecell, key int, pass func(q int32) bool, f func(q int32)) {
	if key >= 0 {
		for _, g := range e.refine[p.filter] {
			if e.filters[g].mask&^e.filters[p.filter].mask != 1<<key {
				continue
			}
			if q := e.cellAt(p.unit, p.scope, g); q >= 0 && pass(q) {
				f(q)
			}
		}
		return
	}
	if p.scope != Subtree {
		return
	}
	if q := e.cellAt(p.unit, Direct, p.filter); q >= 0 && pass(q) {
		f(q)
	}
	stack := append([]int(nil), e.o.children[p.unit]...)
	for len(stack) > 0 {
		c := int32(stack[len(stack)-1])
		stack = stack[:len(stack)-1]
		if q := e.cellAt(c, Subtree, p.filter); q >= 0 && pass(q) {
			f(q)
			continue
		}
		if q := e.cellAt(c, Direct, p.filter); q >= 0 && pass(q) {
			f(q)
		}
		stack = append(stack, e.o.children[c]...)
	}
}

// published is the pass test of the complementary rule.
func (e *engine) published(q int32) bool { return e.cells[q].status == Published }

// fixResiduals checks the residuals of published cell p along each
// dimension and suppresses sub-cells, smallest first, until each passes;
// if none is left to suppress, p goes. It reports whether it suppressed
// anything.
func (e *engine) fixResiduals(pi int32) bool {
	did := false
	var keys uint32
	mp := e.filters[e.cells[pi].filter].mask
	for _, g := range e.refine[e.cells[pi].filter] {
		keys |= e.filters[g].mask &^ mp
	}
	for key := -1; key < len(e.keys); key++ {
		if key >= 0 && keys&(1<<key) == 0 {
			continue
		}
		for e.cells[pi].status == Published {
			p := &e.cells[pi]
			res := p.tally
			victim := int32(-1)
			e.parts(p, key, e.published, func(q int32) {
				for c := range res {
					res[c] -= e.cells[q].tally[c]
				}
				if victim < 0 || len(e.cells[q].members) < len(e.cells[victim].members) ||
					(len(e.cells[q].members) == len(e.cells[victim].members) && q > victim) {
					victim = q
				}
			})
			n := res[0] + res[1] + res[2]
			homogeneous := n > 0 && (res[0] == n || res[1] == n || res[2] == n)
			bad := n > 0 && (n < e.in.rules.MinResidual ||
				(homogeneous && n < len(p.members) && !e.in.rules.PublishHomogeneous))
			if !bad {
				break
			}
			if victim < 0 { // nothing left to suppress below: the parent goes
				p.status, p.reason = Suppressed, Complementary
				e.dirtyAbove(pi)
				return true
			}
			e.cells[victim].status, e.cells[victim].reason = Suppressed, Complementary
			e.dirtyAbove(victim)
			did = true
		}
	}
	return did
}

// differencing runs step 4 and reports whether it suppressed anything.
func (e *engine) differencing() bool {
	k := e.k
	inv := make([][]int32, len(e.rs)) // response → published cells holding it
	for i := range e.cells {
		if e.cells[i].status == Published {
			for _, r := range e.cells[i].members {
				inv[r] = append(inv[r], int32(i))
			}
		}
	}
	did := false
	mark := make([]int32, len(e.cells))
	for i := range mark {
		mark[i] = -1
	}
	for ai := range e.cells {
		a := &e.cells[ai]
		if a.status != Published {
			continue
		}
		// If |A Δ B| < k, one of A's first k members lies in B.
		for _, r := range a.members[:min(k, len(a.members))] {
			for _, bi := range inv[r] {
				if int(bi) == ai || mark[bi] == int32(ai) {
					continue
				}
				mark[bi] = int32(ai)
				b := &e.cells[bi]
				if b.status != Published || absDiff(len(a.members), len(b.members)) >= k {
					continue
				}
				d := symDiff(a.members, b.members, k)
				if d == 0 || d >= k {
					continue
				}
				victim := int32(ai)
				if len(b.members) < len(a.members) || (len(b.members) == len(a.members) && bi > int32(ai)) {
					victim = bi
				}
				e.cells[victim].status, e.cells[victim].reason = Suppressed, Differencing
				e.dirtyAbove(victim)
				did = true
				if victim == int32(ai) {
					break
				}
			}
			if a.status != Published {
				break
			}
		}
	}
	// Earlier publications for the audience.
	for _, pc := range e.in.prior {
		present := make([]int32, 0, len(pc.Respondents))
		absent := 0
		for _, t := range pc.Respondents {
			if r, ok := e.find(t); ok {
				present = append(present, r)
			} else {
				absent++
			}
		}
		if absent >= k {
			continue
		}
		slices.Sort(present)
		seen := map[int32]bool{}
		for _, r := range present[:min(k, len(present))] {
			for _, ci := range inv[r] {
				c := &e.cells[ci]
				if seen[ci] || c.status != Published {
					continue
				}
				seen[ci] = true
				if absDiff(len(c.members), len(pc.Respondents)) >= k {
					continue
				}
				d := absent + symDiff(present, c.members, k)
				if d > 0 && d < k {
					c.status, c.reason = Suppressed, Differencing
					e.dirtyAbove(ci)
					did = true
				}
			}
		}
	}
	return did
}

// find returns the response index of a respondent token.
func (e *engine) find(t Token) (int32, bool) {
	i, ok := slices.BinarySearchFunc(e.rs, t, func(r Response, t Token) int { return bytes.Compare(r.Respondent[:], t[:]) })
	return int32(i), ok
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// symDiff returns |a Δ b| for ascending lists, stopping early at limit.
func symDiff(a, b []int32, limit int) int {
	d, i, j := 0, 0, 0
	for i < len(a) && j < len(b) && d < limit {
		switch {
		case a[i] == b[j]:
			i++
			j++
		case a[i] < b[j]:
			d++
			i++
		default:
			d++
			j++
		}
	}
	return d + len(a) - i + len(b) - j
}

// commentCells decides which published cells release comments: cells
// without attribute conditions and with at least MinComments responses,
// such that no cell's comments minus its sub-cells' comments come from
// 1..MinComments−1 people (the complementary rule at the comment threshold).
func (e *engine) commentCells() []bool {
	ok := make([]bool, len(e.cells))
	for i, c := range e.cells {
		ok[i] = c.status == Published && c.filter == 0 && len(c.members) >= e.in.rules.MinComments
	}
	for changed := true; changed; {
		changed = false
		for i := range e.cells {
			if !ok[i] {
				continue
			}
			p := &e.cells[i]
			for {
				res := len(p.members)
				victim := int32(-1)
				e.parts(p, -1, func(q int32) bool { return ok[q] }, func(q int32) {
					res -= len(e.cells[q].members)
					if victim < 0 || len(e.cells[q].members) < len(e.cells[victim].members) {
						victim = q
					}
				})
				if res == 0 || res >= e.in.rules.MinComments {
					break
				}
				ok[victim] = false
				changed = true
			}
		}
	}
	return ok
}

// report turns the decided cells into the published report.
func (e *engine) report() (Report, error) {
	in := e.in
	rep := Report{
		Wave: in.wave.ID, Question: in.wave.Question, Scale: in.wave.Scale,
		Rules: in.rules, Level: in.req.Level, Audience: in.req.Audience,
		Cells: make([]Cell, len(e.cells)),
	}
	comments := e.commentCells()
	for i := range e.cells {
		c := &e.cells[i]
		out := Cell{
			Key:     CellKey{Unit: e.o.units[c.unit].ID, Scope: c.scope, Filter: slices.Clone(e.filters[c.filter].attrs)},
			Parent:  e.o.units[c.unit].Parent,
			Manager: e.o.units[c.unit].Manager,
			Status:  c.status,
			Reason:  c.reason,
			Invited: c.invited,
		}
		if c.status == Published {
			n := len(c.members)
			if c.invited < n {
				return Report{}, fmt.Errorf("%w: cell %s has %d responses but only %d invited; responses must come from the wave's snapshot",
					ErrInvalidResponse, out.Key, n, c.invited)
			}
			out.Responses = n
			out.ResponseRate = float64(n) / float64(c.invited)
			out.Tally = c.tallyOf()
			v, err := out.Tally.NPS()
			if err != nil {
				return Report{}, err
			}
			out.ENPS = v
			out.Interval, err = out.Tally.Interval(in.req.Level, nps.TangoFinite{Population: c.invited})
			if err != nil {
				return Report{}, err
			}
			out.Distribution = e.distribution(c)
			if len(in.wave.Items) > 0 {
				out.Drivers = driverScores(in.wave.Items, e.rs, c.members)
			}
			if comments[i] {
				out.Comments = e.comments(c)
			}
		}
		rep.Cells[i] = out
	}
	return rep, nil
}

// distribution returns the rating counts of a cell, or nil when some rating
// was given by a single person.
func (e *engine) distribution(c *ecell) []int {
	sc := e.in.wave.Scale
	d := make([]int, sc.Points())
	for _, r := range c.members {
		d[e.rs[r].Rating-sc.Min]++
	}
	if slices.Contains(d, 1) {
		return nil
	}
	return d
}

// comments returns the cell's comments ordered by a keyed hash of their
// text: stable across re-runs, unrelated to who wrote them or when.
func (e *engine) comments(c *ecell) []string {
	type keyed struct {
		h    [32]byte
		text string
	}
	var ks []keyed
	for _, r := range c.members {
		t := e.rs[r].Comment
		if t == "" {
			continue
		}
		m := hmac.New(sha256.New, e.in.salt)
		m.Write([]byte(e.in.wave.ID))
		m.Write([]byte{0})
		m.Write([]byte(t))
		var k keyed
		copy(k.h[:], m.Sum(nil))
		k.text = t
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := bytes.Compare(a.h[:], b.h[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.text, b.text)
	})
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.text
	}
	return out
}
