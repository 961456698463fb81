package nps

import (
	"fmt"
	"math"
	"strings"
)

// Interval is an interval estimate in NPS points. For a single group the
// limits lie in [−100, 100]; for a difference of two groups in [−200, 200].
type Interval struct {
	Lower    float64 `json:"lower"`    // lower limit, points
	Upper    float64 `json:"upper"`    // upper limit, points
	Estimate float64 `json:"estimate"` // the observed NPS (or difference), points
	Level    float64 `json:"level"`    // confidence or credibility level, e.g. 0.95
	Method   string  `json:"method"`   // the method's name, e.g. "tango"
	N        int     `json:"n"`        // responses behind the interval (both groups for a difference)
	Caveats  Caveat  `json:"caveats"`  // what the reader must know; 0 if nothing
}

// HalfWidth returns half the interval's width, (Upper − Lower)/2: the
// margin of error. (Reporting the whole width as the margin is a common bug.)
func (iv Interval) HalfWidth() float64 { return (iv.Upper - iv.Lower) / 2 }

// Contains reports whether x lies in [Lower, Upper].
func (iv Interval) Contains(x float64) bool { return iv.Lower <= x && x <= iv.Upper }

// String formats the interval for people, e.g.
// "38.9 [-0.4, 66.9] (95% tango, n=18)"; caveats follow in brackets.
func (iv Interval) String() string {
	s := fmt.Sprintf("%.1f [%.1f, %.1f] (%s%% %s, n=%d)",
		iv.Estimate, iv.Lower, iv.Upper, formatLevel(iv.Level), iv.Method, iv.N)
	if iv.Caveats != 0 {
		s += " [" + iv.Caveats.String() + "]"
	}
	return s
}

func formatLevel(level float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", level*100), "0"), ".")
}

// Caveat flags what a result cannot promise. Flags combine with |.
type Caveat uint8

// Caveats attached to intervals and tests.
const (
	// SmallSample: n is below the size at which the method's coverage is
	// trustworthy (30 for Wald and the bootstrap).
	SmallSample Caveat = 1 << iota
	// ZeroWidth: the interval collapsed to a point because every response
	// fell in one category. It expresses the method's failure, not
	// certainty; use Tango, AdjustedWald or a Bayesian interval.
	ZeroWidth
	// Clamped: a limit fell outside the score range and was cut to it.
	Clamped
	// Approximate: the method was applied to effective counts of a weighted
	// tally (Kish n_eff and weighted shares), an approximation with no
	// standard justification.
	Approximate
	// Census: every member of a known population answered, so there is no
	// sampling error and a finite-population interval is the point itself
	// (see [TangoFinite]). Non-response bias is then nil too.
	Census
)

var caveatNames = [...]struct {
	flag Caveat
	name string
}{{SmallSample, "small-sample"}, {ZeroWidth, "zero-width"}, {Clamped, "clamped"}, {Approximate, "approximate"}, {Census, "census"}}

const knownCaveats = SmallSample | ZeroWidth | Clamped | Approximate | Census

// String lists the flags, e.g. "small-sample,zero-width", or "none".
func (c Caveat) String() string {
	if c == 0 {
		return "none"
	}
	var parts []string
	for _, f := range caveatNames {
		if c&f.flag != 0 {
			parts = append(parts, f.name)
		}
	}
	if rest := c &^ knownCaveats; rest != 0 {
		parts = append(parts, fmt.Sprintf("Caveat(%d)", uint8(rest)))
	}
	return strings.Join(parts, ",")
}

// MarshalText implements [encoding.TextMarshaler] with the String form, so
// JSON results read "small-sample,zero-width" rather than a bit mask.
// Unknown flags are an error wrapping [ErrInvalidArgument].
func (c Caveat) MarshalText() ([]byte, error) {
	if c&^knownCaveats != 0 {
		return nil, argError("unknown caveat flags %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler], reading the String
// form; an unknown name is an error wrapping [ErrInvalidArgument].
func (c *Caveat) UnmarshalText(b []byte) error {
	var v Caveat
	if s := string(b); s != "none" && s != "" {
	names:
		for name := range strings.SplitSeq(s, ",") {
			for _, f := range caveatNames {
				if f.name == name {
					v |= f.flag
					continue names
				}
			}
			return argError("unknown caveat %q", name)
		}
	}
	*c = v
	return nil
}

// Interval returns an interval for the NPS at the given level (in (0, 1),
// e.g. 0.95) by the given method; a nil method means [Tango]. Limits are in
// points and always inside [−100, 100]. An empty tally is an error wrapping
// [ErrNoResponses]; a level outside (0, 1) one wrapping [ErrInvalidLevel].
//
// All methods agree to about a point from n ≈ 100 on; they differ for small
// teams and extreme splits, which is where the choice matters (see the
// package documentation). Every interval carries its method, level, n and
// caveats.
func (t Tally) Interval(level float64, method Method) (Interval, error) {
	c, err := t.counts()
	if err != nil {
		return Interval{}, err
	}
	return intervalFor(c, t.N(), level, method)
}

func intervalFor(c counts, n int, level float64, method Method) (Interval, error) {
	if err := checkLevel(level); err != nil {
		return Interval{}, err
	}
	if method == nil {
		method = Tango
	}
	b, err := method.interval(c, level)
	if err != nil {
		return Interval{}, err
	}
	iv := Interval{
		Lower: 100 * b.lo, Upper: 100 * b.hi, Estimate: 100 * c.nps(),
		Level: level, Method: method.String(), N: n, Caveats: b.caveats,
	}
	if n < method.safeN() {
		iv.Caveats |= SmallSample
	}
	if iv.Upper-iv.Lower == 0 && iv.Caveats&Census == 0 {
		iv.Caveats |= ZeroWidth
	}
	iv.Lower = math.Max(iv.Lower, -100)
	iv.Upper = math.Min(iv.Upper, 100)
	return iv, nil
}

// MarginOfError returns the margin of error in points at the level: half
// the width of the method's interval (for Wald that is z·SE). A nil method
// means [Tango]. A small margin is not a small error: non-response bias
// usually outweighs sampling error, and low response rates tend to inflate
// scores.
func (t Tally) MarginOfError(level float64, method Method) (float64, error) {
	iv, err := t.Interval(level, method)
	if err != nil {
		return 0, err
	}
	return iv.HalfWidth(), nil
}
