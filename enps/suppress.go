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
//  3. complementary suppression: for every published cell P and every set
//     D of the dimensions it is broken down along (the unit tree and each
//     attribute key), the residual — P's respondents in no published
//     sub-cell along D — must be empty, or at least MinResidual and not
//     unanimous. Otherwise the smallest maximal published sub-cell is
//     suppressed, and the check repeats until no residual is too small;
//  4. differencing: no two published cells — in this report or earlier
//     ones for the audience — may have respondent sets that differ by 1 to
//     k−1 people; the smaller (or the new) cell is suppressed, and step 3
//     runs again.
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
	for {
		index := map[string]int{}
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
			if len(cells) == 0 {
				continue // in no published cell: nothing about it is published
			}
			slices.Sort(cells)
			buf = buf[:0]
			for _, q := range cells {
				buf = append(buf, byte(q), byte(q>>8), byte(q>>16), byte(q>>24))
			}
			i, ok := index[string(buf)]
			if !ok {
				i = len(as)
				index[string(buf)] = i
				as = append(as, atom{first: int(e.cats[r]), homogeneous: true, cells: slices.Clone(cells)})
			}
			a := &as[i]
			a.size++
			if int(e.cats[r]) != a.first {
				a.homogeneous = false
			}
		}
		sig := func(cs []int32) string {
			b := make([]byte, 0, 4*len(cs))
			for _, q := range cs {
				b = append(b, byte(q), byte(q>>8), byte(q>>16), byte(q>>24))
			}
			return string(b)
		}
		failing := false
		for _, a := range as {
			if a.size < e.k || (a.homogeneous && !e.in.rules.PublishHomogeneous) {
				failing = true
				break
			}
		}
		if !failing {
			return did
		}
		// plus maps a signature to the cells whose addition gives another
		// atom's signature: the neighbours one cell further in.
		plus := map[string][]int32{}
		for _, a := range as {
			for i, q := range a.cells {
				k := sig(slices.Delete(slices.Clone(a.cells), i, i+1))
				plus[k] = append(plus[k], q)
			}
		}
		// One round: a victim for every failing atom untouched so far in the
		// round; the others are looked at again in the next round.
		touched := map[int32]bool{}
		round := 0
		for _, a := range as {
			if a.size >= e.k && !(a.homogeneous && !e.in.rules.PublishHomogeneous) {
				continue
			}
			if slices.ContainsFunc(a.cells, func(q int32) bool { return touched[q] }) {
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
			// lying in one cell fewer, or in one cell more.
			for i, q := range a.cells {
				rest := slices.Delete(slices.Clone(a.cells), i, i+1)
				if _, ok := index[sig(rest)]; ok || len(rest) == 0 {
					consider(q)
				}
			}
			for _, q := range plus[sig(a.cells)] {
				consider(q)
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
			for _, q := range a.cells {
				touched[q] = true
			}
			e.cells[victim].status, e.cells[victim].reason = Suppressed, Complementary
			did = true
			round++
		}
		if round == 0 {
			return did
		}
		e.complementary()
	}
}

// complementary runs step 3 to its fixed point.
func (e *engine) complementary() {
	for changed := true; changed; {
		changed = false
		for i := range e.cells {
			if e.cells[i].status != Published {
				continue
			}
			if e.fixResiduals(int32(i)) {
				changed = true
			}
		}
	}
}

// dims returns the attribute keys (as a mask) along which cell p is broken
// down, and whether it is broken down along the unit tree.
func (e *engine) dims(p *ecell) (attr uint32, units bool) {
	mp := e.filters[p.filter].mask
	for _, m := range e.masks {
		if m != mp && m&mp == mp {
			attr |= m &^ mp
		}
	}
	units = p.scope == Subtree
	return attr, units
}

// fixResiduals checks every residual of published cell p and suppresses
// sub-cells until they pass; it reports whether it suppressed anything.
func (e *engine) fixResiduals(pi int32) bool {
	p := &e.cells[pi]
	attr, units := e.dims(p)
	// Enumerate dimension sets D as (unit flag, attribute submask).
	var subs []uint32
	for s := attr; ; s = (s - 1) & attr {
		subs = append(subs, s)
		if s == 0 {
			break
		}
	}
	did := false
	for _, da := range subs {
		for _, du := range []bool{false, true} {
			if (da == 0 && !du) || (du && !units) {
				continue
			}
			for e.cells[pi].status == Published {
				res, homo := e.residual(pi, du, da)
				minRes := e.in.rules.MinResidual
				bad := res > 0 && (res < minRes || (homo && res < len(e.cells[pi].members) && !e.in.rules.PublishHomogeneous))
				if !bad {
					break
				}
				q := e.smallestMaximal(pi, du, da)
				if q < 0 { // nothing left to suppress below: the parent goes
					e.cells[pi].status, e.cells[pi].reason = Suppressed, Complementary
					return true
				}
				e.cells[q].status, e.cells[q].reason = Suppressed, Complementary
				did = true
			}
		}
	}
	return did
}

// subCells calls f with every cell strictly inside p that contains
// response r and refines p only along the unit tree (if du) and the
// attribute keys in da.
func (e *engine) subCells(p *ecell, r int32, du bool, da uint32, f func(q int32)) {
	nm := len(e.masks)
	mp := e.filters[p.filter].mask
	fo := e.filterOf[int(r)*nm : (int(r)+1)*nm]
	for j, m := range e.masks {
		if m&mp != mp || m&^(mp|da) != 0 {
			continue
		}
		fl := fo[j]
		if fl < 0 {
			continue
		}
		if m != mp {
			if q := e.cellAt(p.unit, p.scope, fl); q >= 0 {
				f(q)
			}
		}
		if !du {
			continue
		}
		u := e.unit[r]
		if q := e.cellAt(u, Direct, fl); q >= 0 && !(u == p.unit && p.scope == Direct && m == mp) {
			f(q)
		}
		for a := u; a >= 0 && a != p.unit; a = int32(e.o.parent[a]) {
			if q := e.cellAt(a, Subtree, fl); q >= 0 {
				f(q)
			}
		}
	}
}

// residual counts p's respondents in no published sub-cell along (du, da),
// and reports whether those respondents all share one category.
func (e *engine) residual(pi int32, du bool, da uint32) (n int, homogeneous bool) {
	p := &e.cells[pi]
	first := -1
	homogeneous = true
	for _, r := range p.members {
		covered := false
		e.subCells(p, r, du, da, func(q int32) {
			if !covered && e.cells[q].status == Published {
				covered = true
			}
		})
		if covered {
			continue
		}
		n++
		if first < 0 {
			first = int(e.cats[r])
		} else if int(e.cats[r]) != first {
			homogeneous = false
		}
	}
	return n, homogeneous
}

// smallestMaximal returns the smallest published sub-cell of p along
// (du, da) that no other such published sub-cell contains, or −1.
func (e *engine) smallestMaximal(pi int32, du bool, da uint32) int32 {
	p := &e.cells[pi]
	seen := map[int32]bool{}
	var cand []int32
	for _, r := range p.members {
		e.subCells(p, r, du, da, func(q int32) {
			if e.cells[q].status == Published && !seen[q] {
				seen[q] = true
				cand = append(cand, q)
			}
		})
	}
	return e.smallestOf(cand)
}

// smallestOf returns the smallest of the cells that no other listed cell
// contains (ties: the later cell), or −1 for none.
func (e *engine) smallestOf(cand []int32) int32 {
	best := int32(-1)
	for _, q := range cand {
		maximal := true
		for _, o := range cand {
			if o != q && e.contains(o, q) {
				maximal = false
				break
			}
		}
		if !maximal {
			continue
		}
		if best < 0 || len(e.cells[q].members) < len(e.cells[best].members) ||
			(len(e.cells[q].members) == len(e.cells[best].members) && q > best) {
			best = q
		}
	}
	return best
}

// contains reports whether cell a structurally contains cell b.
func (e *engine) contains(ai, bi int32) bool {
	a, b := &e.cells[ai], &e.cells[bi]
	fa, fb := e.filters[a.filter], e.filters[b.filter]
	if fb.mask&fa.mask != fa.mask {
		return false
	}
	for _, x := range fa.attrs {
		if !slices.Contains(fb.attrs, x) {
			return false
		}
	}
	if a.scope == Direct {
		return b.scope == Direct && a.unit == b.unit
	}
	pa, pb := e.o.pos[a.unit], e.o.pos[b.unit]
	return pa <= pb && pb < e.o.end[a.unit]
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
				res := 0
				var cand []int32
				seen := map[int32]bool{}
				for _, r := range p.members {
					covered := false
					e.subCells(p, r, true, 0, func(q int32) {
						if ok[q] {
							covered = true
							if !seen[q] {
								seen[q] = true
								cand = append(cand, q)
							}
						}
					})
					if !covered {
						res++
					}
				}
				if res == 0 || res >= e.in.rules.MinComments {
					break
				}
				ok[e.smallestOf(cand)] = false
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
			out.Tally = e.tally(c)
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
