package nps

import (
	"fmt"
	"math"
)

// WeightedCount accumulates one category of a [WeightedTally].
type WeightedCount struct {
	N     int     `json:"n"`      // responses
	Sum   float64 `json:"sum"`    // Σw
	SumSq float64 `json:"sum_sq"` // Σw²
}

// WeightedTally accumulates responses with survey weights (post-
// stratification, non-response adjustment) for the population-weighted score
// NPS_w = Σwᵢsᵢ/Σwᵢ with sᵢ = +1/0/−1. Per category it keeps the count, Σw
// and Σw², which suffice for the score, Kish's effective sample size and the
// linearisation standard error.
//
// The zero value is empty. Weights must be finite and non-negative; a zero
// weight counts the response in N but not in the score. Merging is
// commutative, and associative up to floating-point rounding in the sums
// (the order of additions can change the last bits). Methods with a pointer
// receiver modify the tally and are not safe for concurrent use.
type WeightedTally struct {
	Promoters  WeightedCount `json:"promoters"`
	Passives   WeightedCount `json:"passives"`
	Detractors WeightedCount `json:"detractors"`
}

func checkWeight(w float64) error {
	if !(w >= 0) || math.IsInf(w, 1) {
		return fmt.Errorf("%w: %v (want finite and ≥ 0)", ErrInvalidWeight, w)
	}
	return nil
}

func (wc WeightedCount) validate() error {
	switch {
	case wc.N < 0:
		return fmt.Errorf("%w: weighted count n = %d", ErrNegativeCount, wc.N)
	case checkWeight(wc.Sum) != nil || checkWeight(wc.SumSq) != nil:
		return fmt.Errorf("%w: weight sums %v, %v", ErrInvalidWeight, wc.Sum, wc.SumSq)
	case wc.N == 0 && (wc.Sum != 0 || wc.SumSq != 0):
		return fmt.Errorf("%w: weight sums without responses", ErrInvalidWeight)
	}
	return nil
}

func (wc WeightedCount) merge(o WeightedCount) (WeightedCount, bool) {
	n, ok := addCounts(wc.N, o.N)
	r := WeightedCount{N: n, Sum: wc.Sum + o.Sum, SumSq: wc.SumSq + o.SumSq}
	return r, ok && !math.IsInf(r.Sum, 0) && !math.IsInf(r.SumSq, 0)
}

// Validate reports negative counts (wrapping [ErrNegativeCount]), negative,
// NaN or infinite sums, or sums without responses (wrapping
// [ErrInvalidWeight]), and totals that overflow (wrapping [ErrOverflow]).
func (wt WeightedTally) Validate() error {
	for _, c := range wt.cats() {
		if err := c.validate(); err != nil {
			return err
		}
	}
	if _, ok := addCounts(wt.Promoters.N, wt.Passives.N, wt.Detractors.N); !ok {
		return fmt.Errorf("%w: weighted tally total", ErrOverflow)
	}
	if s := wt.Promoters.Sum + wt.Passives.Sum + wt.Detractors.Sum; math.IsInf(s, 0) {
		return fmt.Errorf("%w: total weight", ErrOverflow)
	}
	return nil
}

func (wt WeightedTally) cats() [3]WeightedCount {
	return [3]WeightedCount{wt.Promoters, wt.Passives, wt.Detractors}
}

// Add counts one rating with weight w. An invalid rating (wrapping
// [ErrInvalidRating]) or weight (wrapping [ErrInvalidWeight]) leaves wt
// unchanged.
func (wt *WeightedTally) Add(r Rating, w float64) error {
	if err := checkWeight(w); err != nil {
		return err
	}
	var one WeightedTally
	c := WeightedCount{N: 1, Sum: w, SumSq: w * w}
	switch r.Category() {
	case Promoter:
		one.Promoters = c
	case Passive:
		one.Passives = c
	case Detractor:
		one.Detractors = c
	default:
		return &RatingError{Index: -1, Input: r.String()}
	}
	return wt.Merge(one)
}

// Merge adds o to wt. If either is invalid or the sum overflows, it returns
// an error and leaves wt unchanged.
func (wt *WeightedTally) Merge(o WeightedTally) error {
	if err := wt.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	p, ok1 := wt.Promoters.merge(o.Promoters)
	m, ok2 := wt.Passives.merge(o.Passives)
	d, ok3 := wt.Detractors.merge(o.Detractors)
	r := WeightedTally{Promoters: p, Passives: m, Detractors: d}
	if !ok1 || !ok2 || !ok3 || r.Validate() != nil {
		return fmt.Errorf("%w: merging weighted tallies", ErrOverflow)
	}
	*wt = r
	return nil
}

// N returns the number of responses, whatever their weights.
func (wt WeightedTally) N() int { return wt.Promoters.N + wt.Passives.N + wt.Detractors.N }

// Unweighted returns the plain category counts.
func (wt WeightedTally) Unweighted() Tally {
	return Tally{Promoters: wt.Promoters.N, Passives: wt.Passives.N, Detractors: wt.Detractors.N}
}

// shares validates wt and returns the weighted shares and the total weight.
func (wt WeightedTally) shares() (p, m, d, total float64, err error) {
	if err := wt.Validate(); err != nil {
		return 0, 0, 0, 0, err
	}
	total = wt.Promoters.Sum + wt.Passives.Sum + wt.Detractors.Sum
	if !(total > 0) {
		return 0, 0, 0, 0, fmt.Errorf("%w: no responses with positive weight", ErrNoResponses)
	}
	return wt.Promoters.Sum / total, wt.Passives.Sum / total, wt.Detractors.Sum / total, total, nil
}

// NPS returns the weighted score Σwᵢsᵢ/Σwᵢ in points. No response with a
// positive weight is an error wrapping [ErrNoResponses].
func (wt WeightedTally) NPS() (float64, error) {
	p, _, d, _, err := wt.shares()
	return 100 * (p - d), err
}

// EffectiveN returns Kish's effective sample size n_eff = (Σw)²/Σw²: the
// number of unweighted responses that would give the same precision. It is
// at most N, with equality when all weights are equal.
//
// Source: L. Kish, Survey Sampling, Wiley (1965).
func (wt WeightedTally) EffectiveN() (float64, error) {
	_, _, _, total, err := wt.shares()
	if err != nil {
		return 0, err
	}
	sq := wt.Promoters.SumSq + wt.Passives.SumSq + wt.Detractors.SumSq
	return total * total / sq, nil
}

// StdErr returns the linearisation (Taylor) standard error of the weighted
// NPS, in points, for the ratio estimator under with-replacement sampling:
//
//	SE² = n/(n − 1) · Σ wᵢ²(sᵢ − NPS_w)² / (Σw)²
//
// where n = [WeightedTally.N] (responses with zero weight included). It matches R's
// survey::svymean with svydesign(ids = ~1, weights = ~w); with equal weights
// it is √(n/(n − 1)) times the Wald SE. Fewer than two weighted responses
// is an error wrapping [ErrUndefined].
func (wt WeightedTally) StdErr() (float64, error) {
	p, _, d, total, err := wt.shares()
	if err != nil {
		return 0, err
	}
	n := wt.N()
	if n < 2 {
		return 0, fmt.Errorf("%w: the linearisation standard error needs at least two responses", ErrUndefined)
	}
	mu := p - d
	ss := wt.Promoters.SumSq*(1-mu)*(1-mu) + wt.Passives.SumSq*mu*mu + wt.Detractors.SumSq*(1+mu)*(1+mu)
	fn := float64(n)
	return 100 * math.Sqrt(fn/(fn-1)*ss) / total, nil
}

// KishStdErr returns √(σ²_w/n_eff) in points, with σ²_w = p_w + d_w −
// (p_w − d_w)² from the weighted shares and n_eff from
// [WeightedTally.EffectiveN]. With equal weights it equals the Wald SE
// exactly.
func (wt WeightedTally) KishStdErr() (float64, error) {
	c, _, err := wt.effective()
	if err != nil {
		return 0, err
	}
	return 100 * math.Sqrt(c.variance()/c.n()), nil
}

// effective returns the effective counts n_eff·(p_w, m_w, d_w).
func (wt WeightedTally) effective() (counts, float64, error) {
	p, m, d, _, err := wt.shares()
	if err != nil {
		return counts{}, 0, err
	}
	neff, _ := wt.EffectiveN()
	return counts{p: p * neff, m: m * neff, d: d * neff}, neff, nil
}

// Interval returns an interval for the weighted NPS by plugging the
// effective counts n_eff·(p_w, m_w, d_w) into the method (nil means
// [Tango]). Weighted versions of the score and Bayesian intervals have no
// standard form; this plug-in is the simplest sound choice and is an
// approximation, flagged with the [Approximate] caveat. Interval.N is the
// number of responses; the small-sample caveat uses n_eff.
func (wt WeightedTally) Interval(level float64, method Method) (Interval, error) {
	c, neff, err := wt.effective()
	if err != nil {
		return Interval{}, err
	}
	iv, err := intervalFor(c, int(math.Floor(neff)), level, method)
	if err != nil {
		return Interval{}, err
	}
	iv.N = wt.N()
	iv.Caveats |= Approximate
	return iv, nil
}

// AppendBinary implements [encoding.BinaryAppender]: version 1, kind 3,
// then for promoters, passives and detractors the count as an unsigned
// varint and Σw and Σw² as 8-byte little-endian floats.
func (wt WeightedTally) AppendBinary(b []byte) ([]byte, error) {
	if err := wt.Validate(); err != nil {
		return b, err
	}
	b = append(b, binaryVersion, kindWeighted)
	for _, c := range wt.cats() {
		b = appendCount(b, c.N)
		b = appendFloat(b, c.Sum)
		b = appendFloat(b, c.SumSq)
	}
	return b, nil
}

// MarshalBinary implements [encoding.BinaryMarshaler].
func (wt WeightedTally) MarshalBinary() ([]byte, error) { return wt.AppendBinary(make([]byte, 0, 64)) }

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. Corrupt input is
// an error wrapping [ErrInvalidEncoding], and wt is left unchanged.
func (wt *WeightedTally) UnmarshalBinary(b []byte) error {
	r := newBinReader(b, kindWeighted, "weighted tally")
	var cs [3]WeightedCount
	for i := range cs {
		cs[i] = WeightedCount{N: r.count(), Sum: r.float(), SumSq: r.float()}
	}
	if err := r.done(); err != nil {
		return err
	}
	v := WeightedTally{Promoters: cs[0], Passives: cs[1], Detractors: cs[2]}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*wt = v
	return nil
}

// weightedJSON mirrors WeightedTally without its methods, for decoding.
type weightedJSON WeightedTally

// UnmarshalJSON decodes the struct-tagged form strictly (no unknown fields)
// and validates it; corrupt input is an error wrapping [ErrInvalidEncoding]
// and leaves wt unchanged.
func (wt *WeightedTally) UnmarshalJSON(b []byte) error {
	var v weightedJSON
	if err := decodeStrict(b, &v); err != nil {
		return encodingError("weighted tally: %v", err)
	}
	nv := WeightedTally(v)
	if err := nv.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEncoding, err)
	}
	*wt = nv
	return nil
}
