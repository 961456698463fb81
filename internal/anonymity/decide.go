package anonymity

import (
	"fmt"
	"slices"
)

// Reason says why a group may not be published; 0 means it may.
type Reason uint8

// Reasons, as in enps.
const (
	BelowMinimum  Reason = iota + 1 // fewer than K members
	Complementary                   // subtraction would isolate fewer than K
	Differencing                    // differs from another group by 1..K−1 members
	Homogeneous                     // every member in one category
)

// String names the reason ("" for 0).
func (r Reason) String() string {
	switch r {
	case 0:
		return ""
	case BelowMinimum:
		return "below minimum"
	case Complementary:
		return "complementary"
	case Differencing:
		return "differencing"
	case Homogeneous:
		return "homogeneous"
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Rules are the thresholds. MinResidual 0 means K.
type Rules struct {
	K, MinResidual     int
	PublishHomogeneous bool
}

// Decide decides, for each group (a sorted list of member indices in
// [0, n)), whether it may be published: it returns 0 for a publishable or
// empty group and the reason otherwise. category, if not nil, gives each
// member's answer category, and groups (and derivable groups) that
// answered unanimously are withheld unless r.PublishHomogeneous.
//
// The rules, in order: fewer than K members; unanimous; two groups whose
// member sets differ by 1 to K−1 (the smaller goes; Complementary when one
// contains the other, Differencing otherwise); and the atom rule: members
// lying in exactly the same published groups form an atom, every group
// derivable by adding and subtracting published groups is a union of
// atoms, so every atom must have at least max(K, MinResidual) members and
// (with categories) not be unanimous. A failing atom is merged with a
// neighbour by withholding the smallest group that sets it apart. Every
// step only withholds, so Decide ends; it visits groups and atoms in a
// fixed order, so the same input gives the same decisions.
func Decide(n int, groups [][]int32, category []uint8, r Rules) []Reason {
	if r.MinResidual == 0 {
		r.MinResidual = r.K
	}
	out := make([]Reason, len(groups))
	homogeneous := func(ms []int32) bool {
		if category == nil || r.PublishHomogeneous || len(ms) == 0 {
			return false
		}
		for _, m := range ms[1:] {
			if category[m] != category[ms[0]] {
				return false
			}
		}
		return true
	}
	for i, g := range groups {
		switch {
		case len(g) == 0:
		case len(g) < r.K:
			out[i] = BelowMinimum
		case homogeneous(g):
			out[i] = Homogeneous
		}
	}
	// Pairwise differencing.
	for i := range groups {
		for j := i + 1; j < len(groups); j++ {
			if out[i] != 0 || out[j] != 0 || len(groups[i]) == 0 || len(groups[j]) == 0 {
				continue
			}
			a, b := groups[i], groups[j]
			if absDiff(len(a), len(b)) >= r.K {
				continue
			}
			d, inter := symDiff(a, b)
			if d == 0 || d >= r.K {
				continue
			}
			victim := j
			if len(a) < len(b) {
				victim = i
			}
			reason := Differencing
			if inter == min(len(a), len(b)) {
				reason = Complementary
			}
			out[victim] = reason
		}
	}
	// The atom rule.
	threshold := max(r.K, r.MinResidual)
	member := make([][]int32, n) // groups holding each member
	for {
		for m := range member {
			member[m] = member[m][:0]
		}
		for i, g := range groups {
			if out[i] != 0 {
				continue
			}
			for _, m := range g {
				member[m] = append(member[m], int32(i))
			}
		}
		type atom struct {
			members []int32
			groups  []int32
		}
		index := map[string]int{}
		var atoms []atom
		atomOf := make([]int, n)
		for m := range n {
			atomOf[m] = -1
			if len(member[m]) == 0 {
				continue
			}
			k := key(member[m])
			i, ok := index[k]
			if !ok {
				i = len(atoms)
				index[k] = i
				atoms = append(atoms, atom{groups: slices.Clone(member[m])})
			}
			atoms[i].members = append(atoms[i].members, int32(m))
			atomOf[m] = i
		}
		withheld := false
		for ai, a := range atoms {
			if len(a.members) >= threshold && !homogeneous(a.members) {
				continue
			}
			if slices.ContainsFunc(a.groups, func(g int32) bool { return out[g] != 0 }) {
				continue // changed this round; seen again next round
			}
			victim := int32(-1)
			consider := func(g int32) {
				if out[g] != 0 {
					return
				}
				if victim < 0 || len(groups[g]) < len(groups[victim]) || (len(groups[g]) == len(groups[victim]) && g > victim) {
					victim = g
				}
			}
			// Neighbours: the atom in one group fewer …
			for i, g := range a.groups {
				rest := append(slices.Clone(a.groups[:i]), a.groups[i+1:]...)
				if _, ok := index[key(rest)]; ok || len(rest) == 0 {
					consider(g)
				}
			}
			// … or in one group more (such members lie in the atom's groups).
			for _, m := range groups[a.groups[0]] {
				b := atomOf[m]
				if b < 0 || b == ai || len(atoms[b].groups) != len(a.groups)+1 {
					continue
				}
				if extra, ok := oneMore(a.groups, atoms[b].groups); ok {
					consider(extra)
				}
			}
			if victim < 0 {
				for _, g := range a.groups {
					consider(g)
				}
			}
			out[victim] = Complementary
			withheld = true
		}
		if !withheld {
			return out
		}
	}
}

func key(gs []int32) string {
	b := make([]byte, 0, 4*len(gs))
	for _, g := range gs {
		b = append(b, byte(g), byte(g>>8), byte(g>>16), byte(g>>24))
	}
	return string(b)
}

// oneMore reports whether ascending b is ascending a plus one element, and
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

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// symDiff returns |a Δ b| and |a ∩ b| for ascending lists.
func symDiff(a, b []int32) (diff, inter int) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			diff++
			i++
		default:
			diff++
			j++
		}
	}
	return diff + len(a) - i + len(b) - j, inter
}
