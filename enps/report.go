package enps

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"

	"github.com/servicekultur/servicekultur/nps"
)

// Request says what a report covers. The zero Request reports the subtree
// of every unit at 95%, for a single shared audience.
type Request struct {
	// Audience names who will see the report (a leader, "hr", "board").
	// The differencing rule compares cells published to the same audience,
	// in this report and, with a [Ledger], in earlier ones. Reports for
	// different audiences must not be shown to the same people.
	Audience string `json:"audience,omitempty"`
	// Units limits the report to these units and everything below them; empty
	// means every unit.
	Units []string `json:"units,omitempty"`
	// Scopes lists the cell scopes per unit: [Subtree] when empty. A leaf
	// unit's direct cell equals its subtree cell and is not listed twice.
	Scopes []Scope `json:"scopes,omitempty"`
	// Breakdowns lists attribute combinations to break every reported cell
	// down by, e.g. {{"location"}, {"tenure"}, {"location", "tenure"}}.
	// Each combination is a set of cells, one per combination of values
	// present in the snapshot; members lacking an attribute fall in no cell
	// of that breakdown.
	Breakdowns [][]string `json:"breakdowns,omitempty"`
	// Level is the confidence level of the intervals: 0.95 when zero.
	Level float64 `json:"level,omitempty"`
}

// Report holds the cells of one wave for one audience. The scale, rules and
// level travel with it, so a number is never read without its breaks.
type Report struct {
	Wave     string  `json:"wave"`
	Question string  `json:"question,omitempty"`
	Scale    Scale   `json:"scale"`
	Rules    Rules   `json:"rules"`
	Level    float64 `json:"level"`
	Audience string  `json:"audience,omitempty"`
	// Cells in a fixed order: units parents first, then scope, then
	// attribute conditions.
	Cells []Cell `json:"cells"`
}

// Cell returns the cell with the key.
func (r Report) Cell(key CellKey) (Cell, bool) {
	for _, c := range r.Cells {
		if c.Key.Equal(key) {
			return c, true
		}
	}
	return Cell{}, false
}

// Published returns the number of published cells.
func (r Report) Published() int {
	n := 0
	for _, c := range r.Cells {
		if c.Status == Published {
			n++
		}
	}
	return n
}

// input is everything a report is computed from.
type input struct {
	wave      Wave
	org       *Org
	responses []Response // at most one per respondent
	rules     Rules
	req       Request
	prior     []PublishedCell // earlier publications for the audience
	salt      []byte          // orders comments
}

// compute builds the report: the cells, the anonymity decisions and the
// published numbers. It is deterministic: the same input gives the same
// report, whatever the order of responses.
func compute(in input) (Report, *engine, error) {
	e, err := newEngine(in)
	if err != nil {
		return Report{}, nil, err
	}
	e.suppress()
	rep, err := e.report()
	return rep, e, err
}

// engine holds the indexed cells of one report.
type engine struct {
	in    input
	o     *Org
	k     int
	rs    []Response // sorted by respondent token
	unit  []int32    // org index of each response's unit
	cats  []uint8    // category index of each response: 0 detractor, 1 passive, 2 promoter
	masks []uint32   // requested attribute key sets, ascending; masks[0] = 0
	keys  []string   // attribute keys, bit i = keys[i]
	// filters interns attribute conditions: filterOf[r*len(masks)+m] is the
	// filter of response r under masks[m], or −1 when r lacks a key.
	filters  []filter
	filterOf []int32
	// cells, indexed densely by (unit, scope, filter) through slot.
	cells []ecell
	slot  []int32
	// within[f] lists the filters whose conditions are a subset of f's
	// (f itself included): the filters of cells that contain f's cells.
	within [][]int32
	// refine[f] lists the filters with one condition more than f's.
	refine [][]int32
	// dirty marks cells whose residuals must be checked again.
	dirty []bool
}

// filter is one interned attribute condition set.
type filter struct {
	mask  uint32
	attrs []Attr
}

// ecell is a cell being decided.
type ecell struct {
	unit    int32
	scope   Scope
	filter  int32
	members []int32 // response indices, ascending
	tally   [3]int  // members per category: detractors, passives, promoters
	invited int
	status  CellStatus
	reason  Reason
}

func (e *engine) slotOf(unit int32, scope Scope, f int32) int {
	return (int(unit)*2+int(scope))*len(e.filters) + int(f)
}

// cellAt returns the index of the cell at (unit, scope, filter), or −1.
func (e *engine) cellAt(unit int32, scope Scope, f int32) int32 {
	if f < 0 {
		return -1
	}
	return e.slot[e.slotOf(unit, scope, f)]
}

func newEngine(in input) (*engine, error) {
	rules, err := in.rules.withDefaults()
	if err != nil {
		return nil, err
	}
	in.rules = rules
	if in.req.Level == 0 {
		in.req.Level = 0.95
	}
	if !(in.req.Level > 0 && in.req.Level < 1) {
		return nil, fmt.Errorf("%w: level %v not in (0, 1)", ErrInvalidRequest, in.req.Level)
	}
	e := &engine{in: in, o: in.org, k: rules.MinGroup}

	// Attribute keys and requested masks.
	keyBit := map[string]int{}
	for _, b := range in.req.Breakdowns {
		for _, k := range b {
			if k == "" {
				return nil, fmt.Errorf("%w: empty attribute key in a breakdown", ErrInvalidRequest)
			}
			if _, ok := keyBit[k]; !ok {
				keyBit[k] = -1
			}
		}
	}
	e.keys = slices.Sorted(maps.Keys(keyBit))
	if len(e.keys) > 16 {
		return nil, fmt.Errorf("%w: %d attribute keys in breakdowns, at most 16", ErrInvalidRequest, len(e.keys))
	}
	for i, k := range e.keys {
		keyBit[k] = i
	}
	e.masks = []uint32{0}
	for _, b := range in.req.Breakdowns {
		var m uint32
		for _, k := range b {
			m |= 1 << keyBit[k]
		}
		if m != 0 && !slices.Contains(e.masks, m) {
			e.masks = append(e.masks, m)
		}
	}
	slices.Sort(e.masks)

	// Scopes.
	scopes := in.req.Scopes
	if len(scopes) == 0 {
		scopes = []Scope{Subtree}
	}
	var wantScope [2]bool
	for _, s := range scopes {
		if s > Direct {
			return nil, fmt.Errorf("%w: unknown scope %d", ErrInvalidRequest, s)
		}
		wantScope[s] = true
	}

	// Reported units.
	reported := make([]bool, e.o.Len())
	if len(in.req.Units) == 0 {
		for i := range reported {
			reported[i] = true
		}
	}
	for _, id := range in.req.Units {
		i, ok := e.o.index[id]
		if !ok {
			return nil, fmt.Errorf("%w: unknown unit %q", ErrInvalidRequest, id)
		}
		for _, u := range e.o.order[e.o.pos[i]:e.o.end[i]] {
			reported[u] = true
		}
	}

	// Responses, in token order so member lists are sorted by token.
	e.rs = slices.Clone(in.responses)
	slices.SortFunc(e.rs, func(a, b Response) int { return bytes.Compare(a.Respondent[:], b.Respondent[:]) })
	for i := 1; i < len(e.rs); i++ {
		if e.rs[i].Respondent == e.rs[i-1].Respondent {
			return nil, fmt.Errorf("%w: respondent %d answers twice in one report", ErrInvalidResponse, i)
		}
	}
	e.unit = make([]int32, len(e.rs))
	e.cats = make([]uint8, len(e.rs))
	for i, r := range e.rs {
		u, ok := e.o.index[r.Unit]
		if !ok {
			return nil, fmt.Errorf("%w: response in unknown unit %q", ErrInvalidResponse, r.Unit)
		}
		e.unit[i] = int32(u)
		c, err := in.wave.Scale.Category(r.Rating)
		if err != nil {
			return nil, err
		}
		e.cats[i] = uint8(c.Index())
	}

	// Intern filters over population and responses alike.
	fidx := map[string]int32{}
	e.filters = append(e.filters, filter{}) // filter 0: no conditions
	fidx[""] = 0
	intern := func(attrs map[string]string, m uint32) int32 {
		if m == 0 {
			return 0
		}
		var b strings.Builder
		var as []Attr
		for i, k := range e.keys {
			if m&(1<<i) == 0 {
				continue
			}
			v, ok := attrs[k]
			if !ok {
				return -1
			}
			as = append(as, Attr{Key: k, Value: v})
			fmt.Fprintf(&b, "%d:%s\x00%d:%s\x00", len(k), k, len(v), v)
		}
		s := b.String()
		if f, ok := fidx[s]; ok {
			return f
		}
		f := int32(len(e.filters))
		e.filters = append(e.filters, filter{mask: m, attrs: as})
		fidx[s] = f
		return f
	}
	nm := len(e.masks)
	popFilter := make([]int32, len(in.wave.Population)*nm)
	for i, mem := range in.wave.Population {
		for j, m := range e.masks {
			popFilter[i*nm+j] = intern(mem.Attributes, m)
		}
	}
	e.filterOf = make([]int32, len(e.rs)*nm)
	for i, r := range e.rs {
		for j, m := range e.masks {
			e.filterOf[i*nm+j] = intern(r.Attributes, m)
		}
	}
	// Renumber filters in a canonical order (mask, then values), so cell
	// order does not depend on the order of the snapshot.
	perm := make([]int32, len(e.filters))
	order := make([]int32, len(e.filters))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		fa, fb := e.filters[a], e.filters[b]
		if c := cmp.Compare(fa.mask, fb.mask); c != 0 {
			return c
		}
		return slices.CompareFunc(fa.attrs, fb.attrs, func(x, y Attr) int { return cmp.Compare(x.Value, y.Value) })
	})
	sorted := make([]filter, len(e.filters))
	for newi, old := range order {
		perm[old] = int32(newi)
		sorted[newi] = e.filters[old]
	}
	e.filters = sorted
	for _, fs := range [][]int32{popFilter, e.filterOf} {
		for i, f := range fs {
			if f >= 0 {
				fs[i] = perm[f]
			}
		}
	}

	canon := func(as []Attr) string {
		var b strings.Builder
		for _, a := range as {
			fmt.Fprintf(&b, "%d:%s\x00%d:%s\x00", len(a.Key), a.Key, len(a.Value), a.Value)
		}
		return b.String()
	}
	byCanon := make(map[string]int32, len(e.filters))
	for i, f := range e.filters {
		byCanon[canon(f.attrs)] = int32(i)
	}
	e.within = make([][]int32, len(e.filters))
	for i, f := range e.filters {
		for _, m := range e.masks {
			if m&f.mask != m {
				continue
			}
			var sub []Attr
			for _, a := range f.attrs {
				if m&(1<<keyBit[a.Key]) != 0 {
					sub = append(sub, a)
				}
			}
			if g, ok := byCanon[canon(sub)]; ok {
				e.within[i] = append(e.within[i], g)
			}
		}
	}

	// Cells: every reported unit's whole cells exist; filter cells exist
	// where someone was invited.
	e.slot = make([]int32, e.o.Len()*2*len(e.filters))
	for i := range e.slot {
		e.slot[i] = -1
	}
	isLeaf := func(u int32) bool { return len(e.o.children[u]) == 0 }
	add := func(u int32, s Scope, f int32) int32 {
		sl := e.slotOf(u, s, f)
		if e.slot[sl] < 0 {
			e.slot[sl] = int32(len(e.cells))
			e.cells = append(e.cells, ecell{unit: u, scope: s, filter: f})
		}
		return e.slot[sl]
	}
	wants := func(u int32, s Scope) bool {
		return reported[u] && wantScope[s] && (s == Subtree || !isLeaf(u) || !wantScope[Subtree])
	}
	for _, u := range e.o.order {
		for s := Subtree; s <= Direct; s++ {
			if wants(int32(u), s) {
				add(int32(u), s, 0)
			}
		}
	}
	// visit calls f for every wanted cell containing a member of unit u
	// with filters fs (one per mask).
	visit := func(u int32, fs []int32, f func(c int32)) {
		for j := range e.masks {
			fl := fs[j]
			if fl < 0 {
				continue
			}
			if wants(u, Direct) {
				f(add(u, Direct, fl))
			}
			for a := u; a >= 0; a = int32(e.o.parent[a]) {
				if wants(a, Subtree) {
					f(add(a, Subtree, fl))
				}
			}
		}
	}
	for i, mem := range in.wave.Population {
		u := int32(e.o.index[mem.Unit])
		visit(u, popFilter[i*nm:(i+1)*nm], func(c int32) { e.cells[c].invited++ })
	}
	for i := range e.rs {
		visit(e.unit[i], e.filterOf[i*nm:(i+1)*nm], func(c int32) {
			e.cells[c].members = append(e.cells[c].members, int32(i))
		})
	}
	// Canonical cell order: unit pre-order, scope, filter.
	slices.SortFunc(e.cells, func(a, b ecell) int {
		if c := cmp.Compare(e.o.pos[a.unit], e.o.pos[b.unit]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.scope, b.scope); c != 0 {
			return c
		}
		return cmp.Compare(a.filter, b.filter)
	})
	for i, c := range e.cells {
		e.slot[e.slotOf(c.unit, c.scope, c.filter)] = int32(i)
	}
	e.dirty = make([]bool, len(e.cells))
	for i := range e.cells {
		for _, r := range e.cells[i].members {
			e.cells[i].tally[e.cats[r]]++
		}
	}
	e.refine = make([][]int32, len(e.filters))
	for g, fs := range e.within {
		for _, f := range fs {
			if bits.OnesCount32(e.filters[g].mask) == bits.OnesCount32(e.filters[f].mask)+1 {
				e.refine[f] = append(e.refine[f], int32(g))
			}
		}
	}
	return e, nil
}

// tallyOf returns the category counts of a cell.
func (c *ecell) tallyOf() nps.Tally {
	return nps.Tally{Detractors: c.tally[0], Passives: c.tally[1], Promoters: c.tally[2]}
}

// homogeneousSet reports whether all listed responses share one category.
func (e *engine) homogeneousSet(members []int32) bool {
	if len(members) == 0 {
		return false
	}
	first := e.cats[members[0]]
	for _, r := range members[1:] {
		if e.cats[r] != first {
			return false
		}
	}
	return true
}
