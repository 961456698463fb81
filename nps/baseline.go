package nps

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Baseline is the level a unit, touchpoint or company measured before it
// started to work on its service — "start by establishing the current
// level" — so later results can be read against it. Make it with
// [NewBaseline] and read progress with [Baseline.Compare].
//
// From and To bound the responses it was measured on, [From, To): a
// calendar [Period]'s Start and End, or any range such as the weeks of an
// annual survey. It is a plain value with JSON tags, to be stored next to
// the responses it summarises.
type Baseline struct {
	Scope    string       `json:"scope"` // what was measured: a unit, a touchpoint, "company"
	From     time.Time    `json:"from"`  // first instant, inclusive
	To       time.Time    `json:"to"`    // end, exclusive
	Dist     Distribution `json:"distribution"`
	Tally    Tally        `json:"tally"`
	N        int          `json:"n"`
	NPS      float64      `json:"nps"`      // points
	Interval Interval     `json:"interval"` // Tango interval for NPS
}

// NewBaseline records the baseline of scope measured on [from, to) with
// the ratings d, with a Tango interval at level. An empty d is an error
// wrapping [ErrNoResponses]: a baseline of nothing would make every later
// result look like a change. Zero times, or to not after from, are an
// error wrapping [ErrInvalidArgument]; an invalid d wraps
// [ErrNegativeCount] or [ErrOverflow]; a level outside (0, 1)
// [ErrInvalidLevel].
func NewBaseline(scope string, from, to time.Time, d Distribution, level float64) (Baseline, error) {
	if from.IsZero() || to.IsZero() || !from.Before(to) {
		return Baseline{}, argError("baseline %q: range [%v, %v) is empty or unset", scope, from, to)
	}
	t, err := d.Tally()
	if err != nil {
		return Baseline{}, fmt.Errorf("baseline %q: %w", scope, err)
	}
	iv, err := t.Interval(level, Tango)
	if err != nil {
		return Baseline{}, fmt.Errorf("baseline %q: %w", scope, err)
	}
	return Baseline{Scope: scope, From: from, To: to, Dist: d, Tally: t, N: t.N(), NPS: iv.Estimate, Interval: iv}, nil
}

// BaselineChange is the change of a current result against a [Baseline],
// in points, from [Baseline.Compare].
type BaselineChange struct {
	Baseline float64 `json:"baseline"` // the baseline's NPS
	Current  float64 `json:"current"`  // the current NPS
	Diff     float64 `json:"diff"`     // Current − Baseline
	N        int     `json:"n"`        // current responses
	// Interval is the MOVER-Tango interval for Diff (see [DiffInterval]).
	Interval Interval `json:"interval"`
	// Comparison is the Wald test of [Compare]. It is nil when the test is
	// undefined because both results are unanimous (a zero standard error);
	// the interval and the verdict still hold.
	Comparison *Comparison `json:"comparison"`
	// Verdict reads the interval at the level asked for.
	Verdict Verdict `json:"verdict"`
}

// Compare compares a current result with the baseline: the difference
// current − baseline, its MOVER-Tango interval at level, the Wald test and
// a plain verdict. The current responses must not include the baseline's,
// since the groups are taken to be independent. An empty current tally,
// or a baseline without responses (one built by hand or decoded), is an
// error wrapping [ErrNoResponses]; a level outside (0, 1) one wrapping
// [ErrInvalidLevel].
func (b Baseline) Compare(current Tally, level float64) (BaselineChange, error) {
	if err := b.Tally.Validate(); err != nil {
		return BaselineChange{}, fmt.Errorf("baseline %q: %w", b.Scope, err)
	}
	if b.Tally.N() == 0 {
		return BaselineChange{}, fmt.Errorf("baseline %q: %w", b.Scope, ErrNoResponses)
	}
	if err := current.Validate(); err != nil {
		return BaselineChange{}, fmt.Errorf("current result against baseline %q: %w", b.Scope, err)
	}
	if current.N() == 0 {
		return BaselineChange{}, fmt.Errorf("current result against baseline %q: %w", b.Scope, ErrNoResponses)
	}
	diff, iv, cmp, v, err := change(current, b.Tally, SeriesOptions{Level: level, Method: Tango})
	if err != nil && (iv.Method == "" || !errors.Is(err, ErrUndefined)) {
		return BaselineChange{}, fmt.Errorf("baseline %q: %w", b.Scope, err)
	}
	bc := BaselineChange{Diff: diff, N: current.N(), Interval: iv, Verdict: v}
	bc.Baseline, _ = b.Tally.NPS()
	bc.Current, _ = current.NPS()
	if err == nil {
		bc.Comparison = &cmp
	}
	return bc, nil
}

// Verdict is a plain-language reading of a change: whether its interval
// excludes no change. The zero value is not a verdict.
type Verdict uint8

// The verdicts on a change.
const (
	// NoClearChange: the interval includes 0. The data do not show a
	// change — which is not evidence that nothing changed.
	NoClearChange Verdict = iota + 1
	// Improved: the whole interval lies above 0.
	Improved
	// Declined: the whole interval lies below 0.
	Declined
)

var verdictNames = [...]string{NoClearChange: "no-clear-change", Improved: "improved", Declined: "declined"}

// verdictOf reads an interval for a difference.
func verdictOf(iv Interval) Verdict {
	switch {
	case iv.Lower > 0:
		return Improved
	case iv.Upper < 0:
		return Declined
	}
	return NoClearChange
}

// Valid reports whether v is one of the three verdicts.
func (v Verdict) Valid() bool { return v >= NoClearChange && v <= Declined }

// String returns "no-clear-change", "improved" or "declined".
func (v Verdict) String() string {
	if !v.Valid() {
		return "Verdict(" + strconv.Itoa(int(v)) + ")"
	}
	return verdictNames[v]
}

// MarshalText implements [encoding.TextMarshaler] with the String form. An
// invalid verdict is an error wrapping [ErrInvalidArgument].
func (v Verdict) MarshalText() ([]byte, error) {
	if !v.Valid() {
		return nil, argError("verdict %d", uint8(v))
	}
	return []byte(v.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the
// String forms in any letter case.
func (v *Verdict) UnmarshalText(b []byte) error {
	for k := NoClearChange; k <= Declined; k++ {
		if strings.EqualFold(string(b), k.String()) {
			*v = k
			return nil
		}
	}
	return argError("unknown verdict %q", b)
}
