package nps

import (
	"fmt"
	"iter"
	"math"
	"strconv"
	"strings"
)

// Distribution counts the answers at each rating 0–10: Distribution[r] is
// the number of ratings r. It keeps what a [Tally] throws away, so the full
// shape can be shown next to a score (one NPS can hide very different
// distributions) and the share of 10s reported. Convert it with
// [Distribution.Tally].
//
// The zero value is empty. A Distribution is a plain array value; merging is
// associative and commutative. Methods with a pointer receiver modify it and
// are not safe for concurrent use on the same value.
type Distribution [11]int

// Add counts one rating. An invalid rating is an error wrapping
// [ErrInvalidRating] and leaves d unchanged.
func (d *Distribution) Add(r Rating) error {
	if !r.Valid() {
		return &RatingError{Index: -1, Input: r.String()}
	}
	if d[r] == math.MaxInt || d[r] < 0 {
		return fmt.Errorf("%w: count of rating %d", ErrOverflow, r)
	}
	d[r]++
	return nil
}

// AddRatings counts every rating in rs, all or nothing: on an invalid
// rating it returns a [*RatingError] with its index and leaves d unchanged.
func (d *Distribution) AddRatings(rs []Rating) error {
	var local Distribution
	for i, r := range rs {
		if !r.Valid() {
			return &RatingError{Index: i, Input: r.String()}
		}
		local[r]++
	}
	return d.Merge(local)
}

// AddSeq counts every rating the sequence yields, all or nothing like
// [Distribution.AddRatings].
func (d *Distribution) AddSeq(seq iter.Seq[Rating]) error {
	var local Distribution
	i := 0
	for r := range seq {
		if !r.Valid() {
			return &RatingError{Index: i, Input: r.String()}
		}
		if local[r] == math.MaxInt {
			return fmt.Errorf("%w: count of rating %d", ErrOverflow, r)
		}
		local[r]++
		i++
	}
	return d.Merge(local)
}

// Merge adds o's counts to d. On a negative count or overflow it returns an
// error and leaves d unchanged.
func (d *Distribution) Merge(o Distribution) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	var r Distribution
	for i := range r {
		s, ok := addCounts(d[i], o[i])
		if !ok {
			return fmt.Errorf("%w: merging distributions at rating %d", ErrOverflow, i)
		}
		r[i] = s
	}
	if err := r.Validate(); err != nil {
		return err
	}
	*d = r
	return nil
}

// Validate reports a negative count (wrapping [ErrNegativeCount]) or a total
// that overflows an int (wrapping [ErrOverflow]).
func (d Distribution) Validate() error {
	for i, c := range d {
		if c < 0 {
			return fmt.Errorf("%w: rating %d has count %d", ErrNegativeCount, i, c)
		}
	}
	if _, ok := addCounts(d[:]...); !ok {
		return fmt.Errorf("%w: distribution total", ErrOverflow)
	}
	return nil
}

// N returns the number of ratings. For a distribution that fails
// [Distribution.Validate] the result is meaningless.
func (d Distribution) N() int {
	n := 0
	for _, c := range d {
		n += c
	}
	return n
}

// Tally converts the distribution to category counts: 0–6 detractors, 7–8
// passives, 9–10 promoters. It returns the error of [Distribution.Validate].
func (d Distribution) Tally() (Tally, error) {
	if err := d.Validate(); err != nil {
		return Tally{}, err
	}
	var t Tally
	for r, c := range d {
		switch Rating(r).Category() {
		case Promoter:
			t.Promoters += c
		case Passive:
			t.Passives += c
		default:
			t.Detractors += c
		}
	}
	return t, nil
}

// Share returns the share (0–1) of ratings equal to r, such as the share of
// 10s. An empty distribution is an error wrapping [ErrNoResponses].
func (d Distribution) Share(r Rating) (float64, error) {
	if !r.Valid() {
		return 0, &RatingError{Index: -1, Input: r.String()}
	}
	if err := d.Validate(); err != nil {
		return 0, err
	}
	n := d.N()
	if n == 0 {
		return 0, ErrNoResponses
	}
	return float64(d[r]) / float64(n), nil
}

// Mean returns the mean rating (0–10). It is reported beside the NPS, not
// instead of it. An empty distribution is an error wrapping [ErrNoResponses].
func (d Distribution) Mean() (float64, error) {
	if err := d.Validate(); err != nil {
		return 0, err
	}
	n := d.N()
	if n == 0 {
		return 0, ErrNoResponses
	}
	s := 0.0
	for r, c := range d {
		s += float64(r) * float64(c)
	}
	return s / float64(n), nil
}

// All yields each rating with its count, 0 to 10, empty ratings included.
func (d Distribution) All() iter.Seq2[Rating, int] {
	return func(yield func(Rating, int) bool) {
		for r, c := range d {
			if !yield(Rating(r), c) {
				return
			}
		}
	}
}

// String formats the counts as "0:c0 1:c1 … 10:c10".
func (d Distribution) String() string {
	var b strings.Builder
	for r, c := range d {
		if r > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(r))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c))
	}
	return b.String()
}
