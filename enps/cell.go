package enps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/servicekultur/servicekultur/nps"
)

// Scope says which members of a unit a cell covers.
type Scope uint8

const (
	// Subtree covers the unit and every unit below it: a leader's whole
	// reporting line. The zero Scope.
	Subtree Scope = iota
	// Direct covers the unit's own members only, without child units.
	Direct
)

// String returns "subtree" or "direct".
func (s Scope) String() string {
	if s == Direct {
		return "direct"
	}
	return "subtree"
}

// Attr is one attribute condition of a cell: Key = Value.
type Attr struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// CellKey names a cell: a unit, a scope and attribute conditions (sorted by
// key; empty for the whole unit).
type CellKey struct {
	Unit   string `json:"unit"`
	Scope  Scope  `json:"scope"`
	Filter []Attr `json:"filter,omitempty"`
}

// String formats the key, e.g. "sales/subtree" or
// "sales/subtree[location=Oslo,tenure=<1y]".
func (k CellKey) String() string {
	var b strings.Builder
	b.WriteString(k.Unit)
	b.WriteByte('/')
	b.WriteString(k.Scope.String())
	if len(k.Filter) > 0 {
		b.WriteByte('[')
		for i, a := range k.Filter {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(a.Key)
			b.WriteByte('=')
			b.WriteString(a.Value)
		}
		b.WriteByte(']')
	}
	return b.String()
}

// Equal reports whether two keys name the same cell.
func (k CellKey) Equal(o CellKey) bool {
	return k.Unit == o.Unit && k.Scope == o.Scope && slices.Equal(k.Filter, o.Filter)
}

// CellStatus says whether a cell's numbers are published.
type CellStatus uint8

const (
	// NoData: nobody in the cell answered (or nobody was invited).
	NoData CellStatus = iota
	// Published: the cell passed every rule; its numbers are set.
	Published
	// Suppressed: the cell has answers but a rule withholds them; Reason
	// says which. Only the headcount invited is shown.
	Suppressed
)

// String returns "no data", "published" or "suppressed".
func (s CellStatus) String() string {
	switch s {
	case Published:
		return "published"
	case Suppressed:
		return "suppressed"
	}
	return "no data"
}

// Reason says why a cell was suppressed.
type Reason uint8

const (
	// BelowMinimum: fewer responses than the minimum group k
	// ("insufficient", which is not "no data").
	BelowMinimum Reason = iota + 1
	// Complementary: publishing the cell would let a reader subtract it and
	// its siblings from a parent and learn about fewer than k people (or
	// about a group that answered unanimously).
	Complementary
	// Differencing: the cell's respondents differ from those of another
	// cell published to the same audience — in this report or an earlier
	// one — by 1 to k−1 people.
	Differencing
	// Homogeneous: every respondent gave the same category, so publishing
	// the cell would tell each of them what the others answered.
	Homogeneous
)

// String returns "below minimum", "complementary", "differencing" or
// "homogeneous".
func (r Reason) String() string {
	switch r {
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

// MarshalText implements [encoding.TextMarshaler].
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// MarshalText implements [encoding.TextMarshaler].
func (s CellStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalText implements [encoding.TextMarshaler].
func (s Scope) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Cell is one published (or withheld) group of a [Report]. Only Key,
// Status, Reason and Invited are set for cells that are not published.
type Cell struct {
	Key     CellKey    `json:"key"`
	Parent  string     `json:"parent,omitempty"`  // the unit's parent unit, "" for a root
	Manager string     `json:"manager,omitempty"` // the unit's manager, whose KPI it is
	Status  CellStatus `json:"status"`
	Reason  Reason     `json:"reason,omitempty"`
	Invited int        `json:"invited"` // headcount in the wave's snapshot

	Responses    int          `json:"responses,omitempty"`
	ResponseRate float64      `json:"responseRate,omitempty"` // Responses / Invited
	Tally        nps.Tally    `json:"tally"`
	ENPS         float64      `json:"enps"`     // points, −100..100
	Interval     nps.Interval `json:"interval"` // Tango with the finite-population correction
	// Distribution counts the responses per rating (index rating − scale
	// minimum); nil unless every rating given was given by at least two
	// people, so no single person's exact rating is shown.
	Distribution []int `json:"distribution,omitempty"`
	// Drivers are the favourability of the survey items per I, for waves
	// with tagged items.
	Drivers []DriverScore `json:"drivers,omitempty"`
	// Comments are released only for cells without attribute conditions
	// and with at least Rules.MinComments responses, in an order that has
	// nothing to do with who wrote them or when.
	Comments []string `json:"comments,omitempty"`
}
