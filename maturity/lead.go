package maturity

import (
	"encoding/json"
	"fmt"
	"slices"
)

// LEADSituations is the number of situations on the LEAD (Leader
// Effectiveness and Adaptability Description), one answer each.
const LEADSituations = 12

// Alternative is one of the four alternatives A–D a LEAD respondent picks
// per situation. The zero Alternative means "no answer" and is invalid.
type Alternative uint8

// The four alternatives.
const (
	// A is the first alternative.
	A Alternative = iota + 1
	// B is the second alternative.
	B
	// C is the third alternative.
	C
	// D is the fourth alternative.
	D
)

// Valid reports whether a is one of A–D.
func (a Alternative) Valid() bool { return a >= A && a <= D }

// String returns "A".."D", or "Alternative(n)" for an invalid value.
func (a Alternative) String() string {
	if !a.Valid() {
		return fmt.Sprintf("Alternative(%d)", uint8(a))
	}
	return string(rune('A' + a - A))
}

// MarshalText implements [encoding.TextMarshaler]; an invalid alternative
// is an error wrapping [ErrInvalidLEAD].
func (a Alternative) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("%w: alternative %d is not one of A–D", ErrInvalidLEAD, uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts one
// letter A–D, upper or lower case; anything else is an error wrapping
// [ErrInvalidLEAD].
func (a *Alternative) UnmarshalText(b []byte) error {
	if len(b) != 1 {
		return fmt.Errorf("%w: alternative %q is not one of A–D", ErrInvalidLEAD, b)
	}
	v, ok := alternativeOf(b[0])
	if !ok {
		return fmt.Errorf("%w: alternative %q is not one of A–D", ErrInvalidLEAD, b)
	}
	*a = v
	return nil
}

// alternativeOf reads one letter A–D or a–d.
func alternativeOf(c byte) (Alternative, bool) {
	switch {
	case c >= 'A' && c <= 'D':
		return A + Alternative(c-'A'), true
	case c >= 'a' && c <= 'd':
		return A + Alternative(c-'a'), true
	}
	return 0, false
}

// Answers are one respondent's LEAD answers, one alternative per situation
// in situation order (index 0 is situation 1). The same type holds a
// LEAD-Self and a LEAD-Other form.
type Answers [LEADSituations]Alternative

// ParseAnswers reads answers written as exactly 12 letters A–D, upper or
// lower case, in situation order, such as "ACDBBCADCBAD". Nothing else is
// accepted — no separators or spaces, no 11 or 13 answers, no E, no empty
// string — and any of it is an error wrapping [ErrInvalidLEAD].
func ParseAnswers(s string) (Answers, error) {
	var a Answers
	if len(s) != LEADSituations {
		return Answers{}, fmt.Errorf("%w: want %d answers A–D, got %d characters in %q", ErrInvalidLEAD, LEADSituations, len(s), s)
	}
	for i := range len(s) {
		v, ok := alternativeOf(s[i])
		if !ok {
			return Answers{}, fmt.Errorf("%w: answer to situation %d is %q, not one of A–D", ErrInvalidLEAD, i+1, s[i])
		}
		a[i] = v
	}
	return a, nil
}

// Validate reports an error wrapping [ErrInvalidLEAD] unless every
// situation has an answer A–D.
func (a Answers) Validate() error {
	for i, v := range a {
		if !v.Valid() {
			return fmt.Errorf("%w: situation %d has no answer A–D (%d)", ErrInvalidLEAD, i+1, uint8(v))
		}
	}
	return nil
}

// String returns the answers as 12 letters, "?" where an answer is
// missing or invalid.
func (a Answers) String() string {
	b := make([]byte, len(a))
	for i, v := range a {
		b[i] = '?'
		if v.Valid() {
			b[i] = byte('A' + v - A)
		}
	}
	return string(b)
}

// MarshalText implements [encoding.TextMarshaler] as the 12 letters of
// [Answers.String]; incomplete answers are an error wrapping
// [ErrInvalidLEAD].
func (a Answers) MarshalText() ([]byte, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with
// [ParseAnswers].
func (a *Answers) UnmarshalText(b []byte) error {
	v, err := ParseAnswers(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// LEADKey is a LEAD scoring key, indexed by situation (0 is situation 1)
// and then alternative (0 is A … 3 is D). It is data, not logic:
// [StandardLEADKey] supplies the published key, and a host with a licensed
// variant may supply its own.
type LEADKey struct {
	// Styles maps each situation's alternatives A–D to the style they
	// express.
	Styles [LEADSituations][4]Style `json:"styles"`
	// Weights maps each situation's alternatives A–D to their
	// effectiveness weight: +2 for the style that best fits the
	// situation, then +1, −1 and −2.
	Weights [LEADSituations][4]int `json:"weights"`
}

// Validate reports an error wrapping [ErrInvalidLEAD] unless, in every
// situation, the alternatives A–D map to S1–S4 once each and their weights
// are a permutation of {+2, +1, −1, −2}.
func (k LEADKey) Validate() error {
	for i := range LEADSituations {
		var styles [5]bool
		var weights [5]bool // index w+2 for w in {−2, −1, +1, +2}
		for j := range 4 {
			s := k.Styles[i][j]
			if !s.Valid() || styles[s] {
				return fmt.Errorf("%w: key situation %d: alternative %s maps to %s, want each of S1–S4 once", ErrInvalidLEAD, i+1, A+Alternative(j), s.Label())
			}
			styles[s] = true
			w := k.Weights[i][j]
			if w < -2 || w > 2 || w == 0 || weights[w+2] {
				return fmt.Errorf("%w: key situation %d: alternative %s weighs %d, want each of +2, +1, −1, −2 once", ErrInvalidLEAD, i+1, A+Alternative(j), w)
			}
			weights[w+2] = true
		}
	}
	return nil
}

// standardLEADKey is the published key in alternative order A, B, C, D.
var standardLEADKey = LEADKey{
	Styles: [LEADSituations][4]Style{
		{1, 3, 2, 4}, // 1
		{2, 4, 3, 1}, // 2
		{2, 4, 1, 3}, // 3
		{3, 1, 4, 2}, // 4
		{4, 2, 1, 3}, // 5
		{3, 1, 4, 2}, // 6
		{1, 3, 2, 4}, // 7
		{4, 2, 1, 3}, // 8
		{4, 2, 1, 3}, // 9
		{3, 1, 4, 2}, // 10
		{1, 3, 2, 4}, // 11
		{2, 4, 1, 3}, // 12
	},
	Weights: [LEADSituations][4]int{
		{+2, -1, +1, -2}, // 1: best S1
		{+2, -2, +1, -1}, // 2: best S2
		{+1, -1, -2, +2}, // 3: best S3
		{+1, -2, +2, -1}, // 4: best S4
		{-2, +1, +2, -1}, // 5: best S1
		{-1, +1, -2, +2}, // 6: best S2
		{-2, +2, -1, +1}, // 7: best S3
		{+2, -1, -2, +1}, // 8: best S4
		{-2, +1, +2, -1}, // 9: best S1
		{+1, -2, -1, +2}, // 10: best S2
		{-2, +2, -1, +1}, // 11: best S3
		{-1, +2, -2, +1}, // 12: best S4
	},
}

// StandardLEADKey returns the scoring key of Hersey & Blanchard's LEAD
// (Leader Effectiveness and Adaptability Description; Center for
// Leadership Studies): which style each alternative of each of the 12
// situations expresses, and its effectiveness weight.
//
// Source: transcribed from the public LEAD scoring sheet, and checked
// against an independent public implementation's key, which agrees in all
// 48 cells. Each situation uses each style and each weight once; the best
// style is S1 in situations 1, 5 and 9, S2 in 2, 6 and 10, S3 in 3, 7 and
// 11, and S4 in 4, 8 and 12, so each readiness level is tested three
// times.
//
// The weights are data and are never derived from the distance to the
// best style: compare situations 2, 6 and 10, all best answered with S2,
// where the adjacent S1 scores −1, +1 and −2 and the adjacent S3 +1, −1
// and +1.
//
// The situation texts are copyrighted by the Center for Leadership Studies
// and are not shipped with this package; respondents answer on the
// licensed form and only their letters are scored here.
func StandardLEADKey() LEADKey { return standardLEADKey }

// LEADOptions tunes how a LEAD profile is read.
type LEADOptions struct {
	// SecondaryMin is the count from which a style that is not primary is
	// secondary; 2 when zero. This is a widely used reading convention,
	// not part of the scoring sheet. Negative values are invalid.
	SecondaryMin int `json:"secondaryMin,omitempty"`
}

// LEADProfile is the reading of one set of LEAD answers: style, style
// range (flexibility) and style adaptability (effectiveness).
type LEADProfile struct {
	// Counts is how often each style S1..S4 was chosen (index 0 is S1);
	// the counts sum to 12.
	Counts [4]int `json:"counts"`
	// Primary holds the style(s) with the highest count, ascending; a tie
	// gives several.
	Primary []Style `json:"primary"`
	// Secondary holds the other styles chosen at least
	// [LEADOptions.SecondaryMin] times, ascending.
	Secondary []Style `json:"secondary"`
	// Range is the number of styles in Primary ∪ Secondary, 1 to 4: the
	// leader's style flexibility.
	Range int `json:"range"`
	// Effectiveness is the sum of the 12 weights, −24 ("very
	// ineffective") to +24 ("very effective"). The sheet gives no bands
	// in between.
	Effectiveness int `json:"effectiveness"`
	// EffectivenessShare is (Effectiveness + 24) / 48, in [0, 1].
	EffectivenessShare float64 `json:"effectivenessShare"`
}

// ScoreLEAD reads a profile from complete answers with a valid key.
// Missing answers, an invalid key or a negative
// [LEADOptions.SecondaryMin] are an error wrapping [ErrInvalidLEAD].
func ScoreLEAD(a Answers, key LEADKey, opts LEADOptions) (LEADProfile, error) {
	if err := a.Validate(); err != nil {
		return LEADProfile{}, err
	}
	if err := key.Validate(); err != nil {
		return LEADProfile{}, err
	}
	if opts.SecondaryMin < 0 {
		return LEADProfile{}, fmt.Errorf("%w: secondary minimum %d is negative", ErrInvalidLEAD, opts.SecondaryMin)
	}
	secondaryMin := opts.SecondaryMin
	if secondaryMin == 0 {
		secondaryMin = 2
	}

	var p LEADProfile
	for i, alt := range a {
		j := alt - A
		p.Counts[key.Styles[i][j]-1]++
		p.Effectiveness += key.Weights[i][j]
	}
	top := slices.Max(p.Counts[:]) // at least 3, since 12 answers fall in 4 styles
	for i, n := range p.Counts {
		s := Style(i + 1)
		switch {
		case n == top:
			p.Primary = append(p.Primary, s)
		case n > 0 && n >= secondaryMin:
			p.Secondary = append(p.Secondary, s)
		}
	}
	p.Range = len(p.Primary) + len(p.Secondary)
	p.EffectivenessShare = float64(p.Effectiveness+2*LEADSituations) / float64(4*LEADSituations)
	return p, nil
}

// Uses reports whether s is one of the profile's primary or secondary
// styles.
func (p LEADProfile) Uses(s Style) bool {
	return slices.Contains(p.Primary, s) || slices.Contains(p.Secondary, s)
}

// Styles returns Primary ∪ Secondary in ascending order, as a new slice.
func (p LEADProfile) Styles() []Style {
	out := make([]Style, 0, len(p.Primary)+len(p.Secondary))
	out = append(out, p.Primary...)
	out = append(out, p.Secondary...)
	slices.Sort(out)
	return slices.Compact(out)
}

// leadProfileJSON is LEADProfile with the styles as numbers: a []Style
// would otherwise be encoded as a base64 byte string.
type leadProfileJSON struct {
	Counts             [4]int  `json:"counts"`
	PrimaryNums        []int   `json:"primary"`
	SecondaryNums      []int   `json:"secondary"`
	Range              int     `json:"range"`
	Effectiveness      int     `json:"effectiveness"`
	EffectivenessShare float64 `json:"effectivenessShare"`
}

// MarshalJSON implements [json.Marshaler], writing the primary and
// secondary styles as arrays of numbers 1–4.
func (p LEADProfile) MarshalJSON() ([]byte, error) {
	return json.Marshal(leadProfileJSON{
		Counts:             p.Counts,
		PrimaryNums:        stylesToInts(p.Primary),
		SecondaryNums:      stylesToInts(p.Secondary),
		Range:              p.Range,
		Effectiveness:      p.Effectiveness,
		EffectivenessShare: p.EffectivenessShare,
	})
}

// UnmarshalJSON implements [json.Unmarshaler], the inverse of
// [LEADProfile.MarshalJSON].
func (p *LEADProfile) UnmarshalJSON(b []byte) error {
	var v leadProfileJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	primary, err := intsToStyles(v.PrimaryNums)
	if err != nil {
		return err
	}
	secondary, err := intsToStyles(v.SecondaryNums)
	if err != nil {
		return err
	}
	*p = LEADProfile{
		Counts:             v.Counts,
		Primary:            primary,
		Secondary:          secondary,
		Range:              v.Range,
		Effectiveness:      v.Effectiveness,
		EffectivenessShare: v.EffectivenessShare,
	}
	return nil
}

func stylesToInts(ss []Style) []int {
	out := make([]int, len(ss))
	for i, s := range ss {
		out[i] = int(s)
	}
	return out
}

func intsToStyles(ns []int) ([]Style, error) {
	if ns == nil {
		return nil, nil
	}
	out := make([]Style, len(ns))
	for i, n := range ns {
		if n < 1 || n > 4 {
			return nil, fmt.Errorf("%w: style %d is not 1–4", ErrInvalidLEAD, n)
		}
		out[i] = Style(n)
	}
	return out, nil
}
