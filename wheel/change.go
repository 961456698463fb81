package wheel

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Verdict reads a change between two waves: whether its interval excludes
// no change. The zero Verdict, NotCompared, says the change was not
// tested.
type Verdict uint8

// The verdicts on a change.
const (
	// NotCompared: the value is present in both waves but rests on fewer
	// than 2 respondents in one of them (or was withheld), so there is no
	// interval to read.
	NotCompared Verdict = iota
	// NoClearChange: the interval includes 0. The data do not show a
	// change, which is not evidence that nothing changed.
	NoClearChange
	// Improved: the whole interval lies above 0.
	Improved
	// Declined: the whole interval lies below 0.
	Declined
)

var verdictNames = [...]string{NotCompared: "not compared", NoClearChange: "no clear change", Improved: "improved", Declined: "declined"}

// Valid reports whether v is one of the verdicts, NotCompared included.
func (v Verdict) Valid() bool { return int(v) < len(verdictNames) }

// String returns "not compared", "no clear change", "improved" or
// "declined".
func (v Verdict) String() string {
	if !v.Valid() {
		return "Verdict(" + strconv.Itoa(int(v)) + ")"
	}
	return verdictNames[v]
}

// MarshalText implements [encoding.TextMarshaler]. An unknown verdict is
// an error wrapping [ErrInvalidOptions].
func (v Verdict) MarshalText() ([]byte, error) {
	if !v.Valid() {
		return nil, fmt.Errorf("%w: unknown verdict %d", ErrInvalidOptions, uint8(v))
	}
	return []byte(v.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the
// String forms; anything else is an error wrapping [ErrInvalidOptions].
func (v *Verdict) UnmarshalText(b []byte) error {
	for k, name := range verdictNames {
		if string(b) == name {
			*v = Verdict(k)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown verdict %q", ErrInvalidOptions, b)
}

// Change is the change of one score from one wave to the next.
type Change struct {
	// Level is "dimension" (a strategy), "stage" or "overall".
	Level string `json:"level"`
	// ID is the dimension's or stage's ID; "" for the overall index.
	ID string `json:"id,omitempty"`
	// Prev and Curr are the normalised scores of the earlier and the later
	// wave, PrevN and CurrN the respondents behind them.
	Prev  float64 `json:"prev"`
	Curr  float64 `json:"curr"`
	PrevN int     `json:"prevN"`
	CurrN int     `json:"currN"`
	// Delta = Curr − Prev in normalised points, with its Welch interval
	// [Lower, Upper]; all three are 0 when Verdict is NotCompared.
	Delta float64 `json:"delta"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// Verdict reads the interval: improved or declined only when it
	// excludes 0.
	Verdict Verdict `json:"verdict"`
}

// Compare compares a group's published scores in two waves, prev the
// earlier and curr the later, at the level (0.95 when zero) (domain notes
// §1.5). The caller pairs the scores: the same unit or role in two waves
// of the same framework.
//
// It returns a [Change] for every dimension present in both waves (in
// curr's order), then every stage present in both, then the overall
// index. A change is tested when its value is scored (Band not 0) with N
// ≥ 2 in both waves (for a stage its N, for the overall index
// OverallN); otherwise it is listed with Verdict [NotCompared]. Values in
// only one wave are left out.
//
// The interval is Welch's (Welch, B. L. (1947), "The generalization of
// 'Student's' problem when several different population variances are
// involved", Biometrika 34(1–2)): with standard errors e₁ (prev) and e₂
// (curr) and ν_i = N_i − 1,
//
//	Delta ± t(ν) · √(e₁² + e₂²),   ν = (e₁² + e₂²)² / (e₁⁴/ν₁ + e₂⁴/ν₂),
//
// the Welch–Satterthwaite degrees of freedom and t the Student t quantile
// at (1 + level)/2. When both standard errors are 0 the interval is Delta
// itself. The waves are treated as independent samples: answers are not
// paired across waves. Where the same people answer both, their answers
// correlate positively and the interval is conservative. For a stage or
// the overall index the standard error is that of respondents' stage
// (overall) scores, so N there counts only respondents with every part
// defined.
//
// Errors: a level outside (0, 1), scores not published in either wave
// (compare units only where both waves pass the k rule), and a compared
// value whose score is not a normalised score in 0–100 or whose standard
// error is not a finite number ≥ 0 wrap [ErrInvalidOptions].
func Compare(prev, curr Scores, level float64) ([]Change, error) {
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("%w: level %v not in (0, 1)", ErrInvalidOptions, level)
	}
	for _, s := range []struct {
		wave string
		s    Scores
	}{{"earlier", prev}, {"later", curr}} {
		if !s.s.Published {
			return nil, fmt.Errorf("%w: the %s scores of %s are not published; compare units only where both waves pass the k rule", ErrInvalidOptions, s.wave, s.s.Group)
		}
	}
	var out []Change
	prevDims := make(map[string]DimensionScore, len(prev.Dimensions))
	for _, d := range prev.Dimensions {
		prevDims[d.Dimension] = d
	}
	for _, c := range curr.Dimensions {
		p, ok := prevDims[c.Dimension]
		if !ok {
			continue
		}
		ch, err := changeOf("dimension", c.Dimension,
			changeValue{p.Score, p.StdErr, p.N, p.Band != 0},
			changeValue{c.Score, c.StdErr, c.N, c.Band != 0}, level)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	prevStages := make(map[string]StageScore, len(prev.Stages))
	for _, s := range prev.Stages {
		prevStages[s.Stage] = s
	}
	for _, c := range curr.Stages {
		p, ok := prevStages[c.Stage]
		if !ok {
			continue
		}
		ch, err := changeOf("stage", c.Stage,
			changeValue{p.Score, p.StdErr, p.N, p.Band != 0},
			changeValue{c.Score, c.StdErr, c.N, c.Band != 0}, level)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	ch, err := changeOf("overall", "",
		changeValue{prev.Overall, prev.OverallStdErr, prev.OverallN, prev.OverallBand != 0},
		changeValue{curr.Overall, curr.OverallStdErr, curr.OverallN, curr.OverallBand != 0}, level)
	if err != nil {
		return nil, err
	}
	return append(out, ch), nil
}

// changeValue is one wave's value for [changeOf].
type changeValue struct {
	score, se float64
	n         int
	scored    bool
}

// changeOf compares two waves' values of one score.
func changeOf(lvl, id string, p, c changeValue, level float64) (Change, error) {
	ch := Change{Level: lvl, ID: id, Prev: p.score, Curr: c.score, PrevN: p.n, CurrN: c.n}
	if !p.scored || !c.scored || p.n < 2 || c.n < 2 {
		return ch, nil
	}
	for _, v := range []changeValue{p, c} {
		if !validNormalised(v.score) || !(v.se >= 0) || math.IsInf(v.se, 0) {
			name := lvl
			if id != "" {
				name += " " + strconv.Quote(id)
			}
			return Change{}, fmt.Errorf("%w: %s has score %v with standard error %v", ErrInvalidOptions, name, v.score, v.se)
		}
	}
	ch.Delta = c.score - p.score
	ch.Lower, ch.Upper = ch.Delta, ch.Delta
	if se := math.Hypot(p.se, c.se); se > 0 {
		// Welch–Satterthwaite with the shares a, b of the variance, which
		// neither overflows nor underflows: ν = 1/(a²/ν₁ + b²/ν₂).
		a, b := (p.se/se)*(p.se/se), (c.se/se)*(c.se/se)
		df := 1 / (a*a/float64(p.n-1) + b*b/float64(c.n-1))
		half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.5+level/2) * se
		ch.Lower, ch.Upper = ch.Delta-half, ch.Delta+half
	}
	switch {
	case ch.Lower > 0:
		ch.Verdict = Improved
	case ch.Upper < 0:
		ch.Verdict = Declined
	default:
		ch.Verdict = NoClearChange
	}
	return ch, nil
}
