package nps

import (
	"fmt"
	"math"
)

// Retractable aggregates. Subtract and Remove undo Merge and Add, so an
// aggregate can follow a sliding window (add what enters, remove what
// leaves), keep only each customer's latest answer (remove the old rating,
// add the new one), or forget a person on request (subtract their
// responses) without recounting everything. Each call is all or nothing: if
// any count would go negative it returns an error wrapping
// [ErrNegativeCount] and leaves the receiver unchanged. A negative result
// means the caller removed something that was never added, which no
// clamping could repair.

// Subtract removes o's counts from t, the inverse of [Tally.Merge]: after
// a.Merge(b), a.Subtract(b) restores a exactly. If o holds more of any
// category than t, or either tally is invalid, it returns an error
// (wrapping [ErrNegativeCount] or [ErrOverflow]) and leaves t unchanged.
func (t *Tally) Subtract(o Tally) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if o.Promoters > t.Promoters || o.Passives > t.Passives || o.Detractors > t.Detractors {
		return fmt.Errorf("%w: subtracting %v from %v", ErrNegativeCount, o, *t)
	}
	t.Promoters -= o.Promoters
	t.Passives -= o.Passives
	t.Detractors -= o.Detractors
	return nil
}

// Remove uncounts one rating, the inverse of [Tally.Add]. An invalid rating
// is an error wrapping [ErrInvalidRating]; a rating whose category count is
// already 0 one wrapping [ErrNegativeCount]. Either leaves t unchanged.
func (t *Tally) Remove(r Rating) error {
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
	if *c <= 0 {
		return fmt.Errorf("%w: removing a %v from %v", ErrNegativeCount, r.Category(), *t)
	}
	*c--
	return nil
}

// Subtract removes o's counts from d, the inverse of
// [Distribution.Merge]. If o holds more of any rating than d, or either is
// invalid, it returns an error (wrapping [ErrNegativeCount] or
// [ErrOverflow]) and leaves d unchanged.
func (d *Distribution) Subtract(o Distribution) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	for r := range d {
		if o[r] > d[r] {
			return fmt.Errorf("%w: subtracting %d ratings of %d from %d", ErrNegativeCount, o[r], r, d[r])
		}
	}
	for r := range d {
		d[r] -= o[r]
	}
	return nil
}

// Remove uncounts one rating, the inverse of [Distribution.Add]. An
// invalid rating is an error wrapping [ErrInvalidRating]; a rating whose
// count is already 0 one wrapping [ErrNegativeCount]. Either leaves d
// unchanged.
func (d *Distribution) Remove(r Rating) error {
	if !r.Valid() {
		return &RatingError{Index: -1, Input: r.String()}
	}
	if d[r] <= 0 {
		return fmt.Errorf("%w: removing a rating of %d that was not counted", ErrNegativeCount, r)
	}
	d[r]--
	return nil
}

// Subtract removes o from wt, the inverse of [WeightedTally.Merge]: the
// counts subtract exactly, the weight sums Σw and Σw² in floating point.
//
// Floating-point sums do not undo exactly: a.Merge(b) then a.Subtract(b)
// can leave a's sums off in the last bits, and an emptied category can be
// left with a residue such as ±1e-17 instead of 0. Subtract resolves this
// as follows, per category:
//
//   - The counts are exact. A count that would go negative is an error
//     wrapping [ErrNegativeCount].
//
//   - A category whose count reaches 0 gets sums of exactly 0: with no
//     responses there is no weight, whatever residue the subtraction left.
//
//   - Otherwise a sum x = a − b that is negative but within
//
//     |x| ≤ 2·n·ε·max(a, b),  ε = 2⁻⁵²,  n = wt's count in the category,
//
//     is rounding and becomes 0; this is twice the forward error bound of
//     recursive summation of n non-negative terms (N. J. Higham, Accuracy
//     and Stability of Numerical Algorithms, 2nd ed., SIAM 2002, §4.2).
//     A sum negative beyond it is an error wrapping [ErrNegativeCount]: o
//     was not part of wt. Positive results are kept as computed.
//
// On any error, including the errors of [WeightedTally.Validate] for either
// operand, wt is unchanged.
//
// The bound covers sums built by additions. After a long history of adds
// and subtracts, rounding accumulates with the history, not with what is
// left: what remains can lose relative precision (cancellation), and in the
// rare case that every remaining weight is zero a residue can exceed the
// bound and be reported as an error. A window kept this way for long should
// be rebuilt from its responses now and then; unweighted [Tally] and
// [Distribution] windows are exact forever.
func (wt *WeightedTally) Subtract(o WeightedTally) error {
	if err := wt.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	var r [3]WeightedCount
	mine, theirs := wt.cats(), o.cats()
	for i := range r {
		c, err := mine[i].subtract(theirs[i])
		if err != nil {
			return err
		}
		r[i] = c
	}
	*wt = WeightedTally{Promoters: r[0], Passives: r[1], Detractors: r[2]}
	return nil
}

// subtract returns wc − o with the rounding rules of
// [WeightedTally.Subtract]. Both must be valid.
func (wc WeightedCount) subtract(o WeightedCount) (WeightedCount, error) {
	if o.N > wc.N {
		return WeightedCount{}, fmt.Errorf("%w: subtracting %d weighted responses from %d", ErrNegativeCount, o.N, wc.N)
	}
	r := WeightedCount{N: wc.N - o.N}
	if r.N == 0 {
		return r, nil
	}
	var err error
	if r.Sum, err = subtractSum(wc.Sum, o.Sum, wc.N, "Σw"); err != nil {
		return WeightedCount{}, err
	}
	if r.SumSq, err = subtractSum(wc.SumSq, o.SumSq, wc.N, "Σw²"); err != nil {
		return WeightedCount{}, err
	}
	return r, nil
}

// subtractSum returns a − b for weight sums over n terms, with negative
// rounding residue set to 0.
func subtractSum(a, b float64, n int, name string) (float64, error) {
	x := a - b
	if x >= 0 {
		return x, nil
	}
	const eps = 0x1p-52
	if -x <= 2*float64(n)*eps*math.Max(a, b) {
		return 0, nil
	}
	return 0, fmt.Errorf("%w: subtracting %s = %v from %v", ErrNegativeCount, name, b, a)
}
