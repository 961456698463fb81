package nps

import (
	"fmt"
	"math"
)

// NPS returns the Net Promoter Score in points: 100·(P − D)/n, in
// [−100, 100]. An empty tally is an error wrapping [ErrNoResponses], never 0
// or NaN; an invalid one wraps [ErrNegativeCount] or [ErrOverflow]. The value
// is not rounded; round only for display.
func (t Tally) NPS() (float64, error) {
	c, err := t.counts()
	if err != nil {
		return 0, err
	}
	return 100 * c.nps(), nil
}

// Variance returns the per-respondent variance of the −1/0/+1 scores in
// points², 10⁴·(p + d − (p − d)²), in [0, 10⁴]. (Points² means ×10⁴, not
// ×100: the R package NPS gets this wrong.)
func (t Tally) Variance() (float64, error) {
	c, err := t.counts()
	if err != nil {
		return 0, err
	}
	return 1e4 * c.variance(), nil
}

// StdErr returns the Wald standard error of the NPS in points,
// 100·√((p + d − (p − d)²)/n) (Rocks 2016; the R package's nps_se_). It is 0
// when every response falls in one category; that expresses the formula's
// failure, not certainty (see [ZeroWidth]).
func (t Tally) StdErr() (float64, error) {
	c, err := t.counts()
	if err != nil {
		return 0, err
	}
	return 100 * math.Sqrt(c.variance()/c.n()), nil
}

// StdErrFinite returns the Wald standard error with the finite-population
// correction for a population (headcount) of size population:
// SE·√((N − n)/(N − 1)). Use it where a large share of a known population
// answered, as in eNPS. The population must be at least n and at least 2.
func (t Tally) StdErrFinite(population int) (float64, error) {
	se, err := t.StdErr()
	if err != nil {
		return 0, err
	}
	n := t.N()
	if population < n || population < 2 {
		return 0, fmt.Errorf("%w: population %d is smaller than the %d responses (or below 2)", ErrInvalidArgument, population, n)
	}
	return se * math.Sqrt(float64(population-n)/float64(population-1)), nil
}
