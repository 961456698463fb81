package enps

import (
	"fmt"
	"slices"
)

// Unit is a node of the org hierarchy: a team, department or company. A
// leader's scope is their unit's subtree.
type Unit struct {
	ID      string `json:"id"`
	Parent  string `json:"parent,omitempty"` // "" for a root
	Manager string `json:"manager,omitempty"`
	Name    string `json:"name,omitempty"`
}

// Org is a validated org tree, as it stood when a wave was launched. Build
// it with [NewOrg]. An Org is immutable and safe for concurrent use.
type Org struct {
	units    []Unit         // in the order given
	index    map[string]int // unit ID → position
	children [][]int        // positions of each unit's children, in order given
	parent   []int          // −1 for roots
	roots    []int
	order    []int // pre-order: every unit before its descendants
	end      []int // pre-order position one past each unit's subtree
	pos      []int // unit → pre-order position
}

// NewOrg validates the units as a tree (or a forest: several roots are
// allowed) and indexes it. Duplicate or empty IDs, unknown parents and
// cycles are errors wrapping [ErrInvalidOrg].
func NewOrg(units []Unit) (*Org, error) {
	o := &Org{units: slices.Clone(units), index: make(map[string]int, len(units))}
	for i, u := range units {
		if u.ID == "" {
			return nil, fmt.Errorf("%w: unit %d has no ID", ErrInvalidOrg, i)
		}
		if _, dup := o.index[u.ID]; dup {
			return nil, fmt.Errorf("%w: unit %q listed twice", ErrInvalidOrg, u.ID)
		}
		o.index[u.ID] = i
	}
	o.children = make([][]int, len(units))
	o.parent = make([]int, len(units))
	for i, u := range units {
		if u.Parent == "" {
			o.parent[i] = -1
			o.roots = append(o.roots, i)
			continue
		}
		p, ok := o.index[u.Parent]
		if !ok {
			return nil, fmt.Errorf("%w: unit %q has unknown parent %q", ErrInvalidOrg, u.ID, u.Parent)
		}
		o.parent[i] = p
		o.children[p] = append(o.children[p], i)
	}
	// Pre-order walk; units not reached lie on a cycle.
	o.pos = make([]int, len(units))
	o.end = make([]int, len(units))
	o.order = make([]int, 0, len(units))
	stack := make([]int, 0, 64)
	for _, r := range slices.Backward(o.roots) {
		stack = append(stack, r)
	}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if u < 0 { // closing marker
			o.end[^u] = len(o.order)
			continue
		}
		o.pos[u] = len(o.order)
		o.order = append(o.order, u)
		stack = append(stack, ^u)
		for _, c := range slices.Backward(o.children[u]) {
			stack = append(stack, c)
		}
	}
	if len(o.order) != len(units) {
		for i := range units {
			if !o.reached(i) {
				return nil, fmt.Errorf("%w: unit %q lies on a cycle", ErrInvalidOrg, units[i].ID)
			}
		}
	}
	return o, nil
}

func (o *Org) reached(i int) bool {
	p := o.pos[i]
	return p < len(o.order) && o.order[p] == i
}

// Len returns the number of units.
func (o *Org) Len() int { return len(o.units) }

// Units returns the units in the order they were given.
func (o *Org) Units() []Unit { return slices.Clone(o.units) }

// Unit returns the unit with the ID.
func (o *Org) Unit(id string) (Unit, bool) {
	i, ok := o.index[id]
	if !ok {
		return Unit{}, false
	}
	return o.units[i], true
}

// Children returns the IDs of the unit's child units, in the order given.
func (o *Org) Children(id string) []string {
	i, ok := o.index[id]
	if !ok {
		return nil
	}
	out := make([]string, len(o.children[i]))
	for k, c := range o.children[i] {
		out[k] = o.units[c].ID
	}
	return out
}

// Roots returns the IDs of the units without a parent.
func (o *Org) Roots() []string {
	out := make([]string, len(o.roots))
	for k, r := range o.roots {
		out[k] = o.units[r].ID
	}
	return out
}

// Subtree returns the IDs of the unit and all units below it, parents
// before children.
func (o *Org) Subtree(id string) []string {
	i, ok := o.index[id]
	if !ok {
		return nil
	}
	var out []string
	for _, u := range o.order[o.pos[i]:o.end[i]] {
		out = append(out, o.units[u].ID)
	}
	return out
}

// Contains reports whether unit lies in the subtree of ancestor (a unit
// contains itself).
func (o *Org) Contains(ancestor, unit string) bool {
	a, ok1 := o.index[ancestor]
	u, ok2 := o.index[unit]
	if !ok1 || !ok2 {
		return false
	}
	return o.pos[a] <= o.pos[u] && o.pos[u] < o.end[a]
}

// Ancestors returns the IDs of the unit's parent, grandparent and so on up
// to its root.
func (o *Org) Ancestors(id string) []string {
	i, ok := o.index[id]
	if !ok {
		return nil
	}
	var out []string
	for p := o.parent[i]; p >= 0; p = o.parent[p] {
		out = append(out, o.units[p].ID)
	}
	return out
}
