package nps

import (
	"fmt"
	"iter"
	"math"
	"math/bits"
	"strconv"
)

// Tally holds the counts of the three categories: a sufficient statistic for
// the unweighted NPS and everything in this package computed from it.
//
// The zero value is an empty tally. A Tally is a plain value: copy it freely,
// compute partial tallies on many workers and combine them with
// [Tally.Merge], which is associative and commutative with the zero value as
// identity. Methods with a pointer receiver modify the tally and are not safe
// for concurrent use on the same Tally; the value methods are.
//
// A Tally built by hand (a struct literal, a decoded message) may hold
// negative counts or counts whose sum overflows; every estimate validates it
// first (see [Tally.Validate]).
type Tally struct {
	Promoters  int `json:"promoters"`  // ratings 9–10
	Passives   int `json:"passives"`   // ratings 7–8
	Detractors int `json:"detractors"` // ratings 0–6
}

// Validate reports whether t is a usable tally: no negative count (an error
// wrapping [ErrNegativeCount]) and a total that fits in an int (one wrapping
// [ErrOverflow]). An empty tally is valid.
func (t Tally) Validate() error {
	if t.Promoters < 0 || t.Passives < 0 || t.Detractors < 0 {
		return fmt.Errorf("%w: tally %d/%d/%d (promoters/passives/detractors)",
			ErrNegativeCount, t.Promoters, t.Passives, t.Detractors)
	}
	if _, ok := addCounts(t.Promoters, t.Passives, t.Detractors); !ok {
		return fmt.Errorf("%w: tally %d/%d/%d", ErrOverflow, t.Promoters, t.Passives, t.Detractors)
	}
	return nil
}

// N returns the number of responses. For a tally that fails [Tally.Validate]
// the result is meaningless.
func (t Tally) N() int { return t.Promoters + t.Passives + t.Detractors }

// String formats the tally as "promoters/passives/detractors", e.g. "45/30/25".
func (t Tally) String() string {
	return strconv.Itoa(t.Promoters) + "/" + strconv.Itoa(t.Passives) + "/" + strconv.Itoa(t.Detractors)
}

// Add counts one rating. An invalid rating is an error wrapping
// [ErrInvalidRating] and leaves t unchanged.
func (t *Tally) Add(r Rating) error {
	var c *int
	switch r.Category() {
	case Promoter:
		c = &t.Promoters
	case Passive:
		c = &t.Passives
	case Detractor:
		c = &t.Detractors
	default:
		return &RatingError{Index: -1, Input: r.String()}
	}
	if *c == math.MaxInt || *c < 0 {
		return t.mergeError(Tally{})
	}
	*c++
	return nil
}

// AddRatings counts every rating in rs. It validates all of them first: on
// an invalid rating it returns a [*RatingError] with its index and leaves t
// unchanged, so a batch is counted whole or not at all.
//
// It allocates nothing and processes eight ratings per 64-bit word; see the
// package benchmarks for throughput.
func (t *Tally) AddRatings(rs []Rating) error {
	p, m, d, bad := countRatings(rs)
	if bad >= 0 {
		return &RatingError{Index: bad, Input: rs[bad].String()}
	}
	return t.Merge(Tally{Promoters: p, Passives: m, Detractors: d})
}

// AddSeq counts every rating the sequence yields. Like [Tally.AddRatings] it
// is all or nothing: on the first invalid rating it stops, returns a
// [*RatingError] whose Index counts from 0, and leaves t unchanged.
func (t *Tally) AddSeq(seq iter.Seq[Rating]) error {
	var local Tally
	i := 0
	for r := range seq {
		if err := local.Add(r); err != nil {
			return &RatingError{Index: i, Input: r.String()}
		}
		i++
	}
	return t.Merge(local)
}

// Merge adds the counts of o to t. Merging is associative and commutative
// and the empty tally is its identity, so partial tallies may be combined in
// any order. If either tally is invalid or the sum overflows, Merge returns
// an error (wrapping [ErrNegativeCount] or [ErrOverflow]) and leaves t
// unchanged.
func (t *Tally) Merge(o Tally) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	p, ok1 := addCounts(t.Promoters, o.Promoters)
	m, ok2 := addCounts(t.Passives, o.Passives)
	d, ok3 := addCounts(t.Detractors, o.Detractors)
	r := Tally{Promoters: p, Passives: m, Detractors: d}
	if !ok1 || !ok2 || !ok3 || r.Validate() != nil {
		return t.mergeError(o)
	}
	*t = r
	return nil
}

func (t Tally) mergeError(o Tally) error {
	return fmt.Errorf("%w: merging %v and %v", ErrOverflow, t, o)
}

// Shares returns the shares of promoters, passives and detractors (each in
// [0, 1], summing to 1). An empty tally is an error wrapping
// [ErrNoResponses].
func (t Tally) Shares() (promoters, passives, detractors float64, err error) {
	c, err := t.counts()
	if err != nil {
		return 0, 0, 0, err
	}
	n := c.n()
	return c.p / n, c.m / n, c.d / n, nil
}

// addCounts adds non-negative ints and reports whether the sum fits.
func addCounts(xs ...int) (int, bool) {
	var sum uint64
	for _, x := range xs {
		var carry uint64
		sum, carry = bits.Add64(sum, uint64(x), 0)
		if carry != 0 || sum > math.MaxInt {
			return 0, false
		}
	}
	return int(sum), true
}

// counts validates t and converts it for the estimators.
func (t Tally) counts() (counts, error) {
	if err := t.Validate(); err != nil {
		return counts{}, err
	}
	if t.N() == 0 {
		return counts{}, ErrNoResponses
	}
	return counts{p: float64(t.Promoters), m: float64(t.Passives), d: float64(t.Detractors)}, nil
}

// counts are category counts as floats: integer for a Tally, fractional for
// pseudo-counts (adjusted Wald) and for the effective counts of a weighted
// tally. Every estimator in the package works on counts.
type counts struct{ p, m, d float64 }

func (c counts) n() float64 { return c.p + c.m + c.d }

// nps returns the net score on the unit scale (−1..1).
func (c counts) nps() float64 { return (c.p - c.d) / c.n() }

// variance returns the per-respondent variance on the unit scale,
// σ² = p + d − (p − d)² with shares p and d (n denominator).
func (c counts) variance() float64 {
	n := c.n()
	p, d := c.p/n, c.d/n
	v := p + d - (p-d)*(p-d)
	if v < 0 { // rounding when one category holds everything
		v = 0
	}
	return v
}
