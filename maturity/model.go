package maturity

import (
	"fmt"
	"strings"
)

// Model is the situational-leadership model in use. The two are not
// interchangeable — the same low competence and high commitment is R2 and
// calls for S2 (Selling) under Hersey, but D1 and S1 (Directing) under
// SLII (Graeff 1997) — so the choice is explicit and labels never mix.
type Model uint8

const (
	// Hersey is Hersey & Blanchard's situational leadership with readiness
	// levels R1–R4 and the styles Telling, Selling, Participating and
	// Delegating. It is the zero Model, the default, since the seed's
	// "faglig vs psykologisk jobmodenhed" is Hersey's 1977 job and
	// psychological maturity.
	Hersey Model = iota
	// SLII is Blanchard's Situational Leadership II with development
	// levels D1–D4 and the styles Directing, Coaching, Supporting and
	// Delegating.
	SLII
)

// String returns "hersey" or "slii".
func (m Model) String() string {
	switch m {
	case Hersey:
		return "hersey"
	case SLII:
		return "slii"
	}
	return fmt.Sprintf("Model(%d)", uint8(m))
}

// Valid reports whether m is one of the two models.
func (m Model) Valid() bool { return m <= SLII }

// MarshalText implements [encoding.TextMarshaler].
func (m Model) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("%w: unknown model %d", ErrInvalidModel, uint8(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (m *Model) UnmarshalText(b []byte) error {
	switch string(b) {
	case "hersey":
		*m = Hersey
	case "slii":
		*m = SLII
	default:
		return fmt.Errorf("%w: unknown model %q", ErrInvalidModel, b)
	}
	return nil
}

// Level is a readiness (Hersey, R1–R4) or development (SLII, D1–D4)
// level, 1 (least ready) to 4, always read with its [Model]. The zero
// Level means "not classified".
type Level uint8

// Top is the highest level: R4 or D4, "as self-driven and engaged as
// possible".
const Top Level = 4

// Valid reports whether l is 1 to 4.
func (l Level) Valid() bool { return l >= 1 && l <= 4 }

// Label returns the level's label in the model: "R1".."R4" or "D1".."D4".
func (l Level) Label(m Model) string {
	if !l.Valid() || !m.Valid() {
		return fmt.Sprintf("Level(%d)", uint8(l))
	}
	if m == SLII {
		return fmt.Sprintf("D%d", l)
	}
	return fmt.Sprintf("R%d", l)
}

// Name returns the level's descriptive name in the model: for Hersey
// "unable and unwilling or insecure" …; for SLII "Enthusiastic Beginner",
// "Disillusioned Learner", "Capable but Cautious Contributor", "Self-Reliant
// Achiever".
func (l Level) Name(m Model) string {
	if !l.Valid() || !m.Valid() {
		return ""
	}
	if m == SLII {
		return [...]string{"", "Enthusiastic Beginner", "Disillusioned Learner", "Capable but Cautious Contributor", "Self-Reliant Achiever"}[l]
	}
	return [...]string{"", "unable, and unwilling or insecure", "unable, but willing or confident", "able, but unwilling or insecure", "able, willing and confident"}[l]
}

// ParseLevel reads a level label of the model ("R3" under Hersey, "D3"
// under SLII). A label of the other model is an error wrapping
// [ErrInvalidModel]: the models' levels are not the same thing.
func ParseLevel(m Model, s string) (Level, error) {
	prefix := "R"
	if m == SLII {
		prefix = "D"
	}
	if !m.Valid() || len(s) != 2 || !strings.HasPrefix(s, prefix) || s[1] < '1' || s[1] > '4' {
		return 0, fmt.Errorf("%w: %q is not a %s level", ErrInvalidModel, s, m)
	}
	return Level(s[1] - '0'), nil
}

// Style is a leadership style, 1 (most directive) to 4 (least), whose
// name depends on the model. The zero Style means "none".
type Style uint8

// Valid reports whether s is 1 to 4.
func (s Style) Valid() bool { return s >= 1 && s <= 4 }

// Label returns "S1".."S4".
func (s Style) Label() string {
	if !s.Valid() {
		return fmt.Sprintf("Style(%d)", uint8(s))
	}
	return fmt.Sprintf("S%d", s)
}

// Name returns the style's name in the model: Telling, Selling,
// Participating, Delegating (Hersey) or Directing, Coaching, Supporting,
// Delegating (SLII).
func (s Style) Name(m Model) string {
	if !s.Valid() || !m.Valid() {
		return ""
	}
	if m == SLII {
		return [...]string{"", "Directing", "Coaching", "Supporting", "Delegating"}[s]
	}
	return [...]string{"", "Telling", "Selling", "Participating", "Delegating"}[s]
}

// Directive reports whether the style gives high direction (task
// behaviour): S1 and S2.
func (s Style) Directive() bool { return s == 1 || s == 2 }

// Supportive reports whether the style gives high support (relationship
// behaviour): S2 and S3.
func (s Style) Supportive() bool { return s == 2 || s == 3 }

// Recommend returns the style that fits a level: S_k for level k, in both
// models.
func Recommend(l Level) Style {
	if !l.Valid() {
		return 0
	}
	return Style(l)
}

// FitKind says how a style used fits the recommended one.
type FitKind uint8

const (
	// Match: the style used is the one recommended.
	Match FitKind = iota + 1
	// OverLeading: more direction than the level needs (over-supervising;
	// "overstyring").
	OverLeading
	// UnderLeading: less direction than the level needs (under-supervising
	// or abdicating; "understyring").
	UnderLeading
)

// String returns "match", "over-leading" or "under-leading".
func (k FitKind) String() string {
	switch k {
	case Match:
		return "match"
	case OverLeading:
		return "over-leading"
	case UnderLeading:
		return "under-leading"
	}
	return fmt.Sprintf("FitKind(%d)", uint8(k))
}

// Fit is how well a style used fits the level.
type Fit struct {
	Kind FitKind `json:"kind"`
	// Distance is |used − recommended|: 1 is adjacent, 2 or 3 severe.
	// Adjacent is not "fine": the LEAD key scores an adjacent style +1 in
	// some situations and −1 in others.
	Distance int `json:"distance"`
}

// Severe reports whether the style is two or more steps off.
func (f Fit) Severe() bool { return f.Distance >= 2 }

// String formats the fit, e.g. "match", "over-leading (adjacent)",
// "under-leading (severe)".
func (f Fit) String() string {
	switch {
	case f.Kind == Match:
		return "match"
	case f.Severe():
		return f.Kind.String() + " (severe)"
	}
	return f.Kind.String() + " (adjacent)"
}

// FitOf compares the style used with the style the level calls for: with
// styles numbered 1 (most directive) to 4, d = used − recommended; d = 0
// is a match, d < 0 over-leading, d > 0 under-leading. An invalid style or
// level is an error wrapping [ErrInvalidModel].
func FitOf(used Style, l Level) (Fit, error) {
	if !used.Valid() || !l.Valid() {
		return Fit{}, fmt.Errorf("%w: style %d for level %d", ErrInvalidModel, used, l)
	}
	d := int(used) - int(Recommend(l))
	switch {
	case d == 0:
		return Fit{Kind: Match}, nil
	case d < 0:
		return Fit{Kind: OverLeading, Distance: -d}, nil
	}
	return Fit{Kind: UnderLeading, Distance: d}, nil
}
