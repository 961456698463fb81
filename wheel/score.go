package wheel

import (
	"encoding/json"
	"fmt"
	"math"
)

// Band is a verbal reading of a normalised score. The zero Band means
// "not scored" (too few answers, or withheld).
type Band uint8

// Bands, from the cut-offs in [Bands].
const (
	Weak Band = iota + 1
	Developing
	Strong
)

// String returns "weak", "developing", "strong" or "not scored".
func (b Band) String() string {
	switch b {
	case Weak:
		return "weak"
	case Developing:
		return "developing"
	case Strong:
		return "strong"
	}
	return "not scored"
}

// MarshalText implements [encoding.TextMarshaler].
func (b Band) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// Bands are the cut-offs on the normalised 0–100 scale: weak below
// Developing, developing below Strong, strong from Strong up. The zero
// Bands are the library's defaults, 50 and 75 (a mean of 3.0 and 4.0 on
// 1–5); no source prescribes them.
type Bands struct {
	Developing float64 `json:"developing"`
	Strong     float64 `json:"strong"`
}

func (b Bands) withDefaults() (Bands, error) {
	if b.Developing == 0 && b.Strong == 0 {
		b = Bands{Developing: 50, Strong: 75}
	}
	if !(0 < b.Developing && b.Developing < b.Strong && b.Strong <= 100) {
		return b, fmt.Errorf("%w: bands %v and %v not in order within (0, 100]", ErrInvalidOptions, b.Developing, b.Strong)
	}
	return b, nil
}

// Of returns the band of a normalised score (with the default cut-offs
// for zero Bands).
func (b Bands) Of(score float64) Band {
	b, err := b.withDefaults()
	if err != nil {
		return 0
	}
	switch {
	case score >= b.Strong:
		return Strong
	case score >= b.Developing:
		return Developing
	}
	return Weak
}

// Quadrant is a strategy's place in the importance–performance grid
// (Martilla & James 1977), split at the means of importance and
// performance across strategies.
type Quadrant uint8

// Importance–performance quadrants. The zero Quadrant means "no
// importance ratings".
const (
	ConcentrateHere   Quadrant = iota + 1 // important, performing below par
	KeepUpTheGoodWork                     // important, performing well
	LowPriority                           // less important, performing below par
	PossibleOverkill                      // less important, performing well
)

// String returns the quadrant's name from Martilla & James.
func (q Quadrant) String() string {
	switch q {
	case ConcentrateHere:
		return "concentrate here"
	case KeepUpTheGoodWork:
		return "keep up the good work"
	case LowPriority:
		return "low priority"
	case PossibleOverkill:
		return "possible overkill"
	}
	return "no importance ratings"
}

// MarshalText implements [encoding.TextMarshaler].
func (q Quadrant) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

// Options configure scoring. The zero Options are the defaults.
type Options struct {
	// MinAnswered is the share of a dimension's items a respondent must
	// answer for their dimension mean to count: ½ when zero, rounded up
	// (1 of 1, 1 of 2, 2 of 3 items).
	MinAnswered float64 `json:"minAnswered,omitempty"`
	// Level of the t intervals: 0.95 when zero.
	Level float64 `json:"level,omitempty"`
	// Bands on the normalised scale (50 and 75 when zero).
	Bands Bands `json:"bands"`
	// Weights optionally weight the dimensions within each stage (ID →
	// weight); a stage's weights must sum to 1. Without weights every
	// dimension counts equally, whatever its number of items.
	Weights map[string]float64 `json:"weights,omitempty"`
	// MinGroup is k, the fewest respondents behind any published group
	// result (units, roles): 5 when zero, never below 3 — the same rule as
	// enps.
	MinGroup int `json:"minGroup,omitempty"`
}

// DimensionScore is one dimension's (strategy's) score in a group.
type DimensionScore struct {
	Dimension string `json:"dimension"`
	Stage     string `json:"stage,omitempty"`
	// N counts respondents with a defined mean for the dimension.
	N int `json:"n"`
	// Mean is the mean of respondents' dimension means on the scale, with
	// its t interval at the level.
	Mean  float64 `json:"mean"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// Score is Mean normalised to 0–100, with its interval.
	Score      float64 `json:"score"`
	ScoreLower float64 `json:"scoreLower"`
	ScoreUpper float64 `json:"scoreUpper"`
	// StdErr is the standard error of Score (normalised points), s/√N.
	StdErr float64 `json:"stdErr"`
	// Favourable is the share of answers in the top two boxes.
	Favourable float64 `json:"favourable"`
	Band       Band    `json:"band"`
	// Importance (normalised 0–100) and Gap = Score − Importance, when
	// respondents rated importance; Quadrant places the dimension.
	ImportanceN int      `json:"importanceN,omitempty"`
	Importance  float64  `json:"importance,omitempty"`
	Gap         float64  `json:"gap,omitempty"`
	Quadrant    Quadrant `json:"quadrant,omitempty"`
}

// StageScore is one stage's score: the mean of its dimensions' normalised
// scores (weighted when weights are given), with internal consistency.
type StageScore struct {
	Stage string  `json:"stage"`
	Score float64 `json:"score"`
	Band  Band    `json:"band"`
	// N counts respondents with a defined mean for every dimension of the
	// stage; StdErr is the standard error of their stage scores (the
	// weighted mean of their normalised dimension means), for comparing
	// waves.
	N      int     `json:"n"`
	StdErr float64 `json:"stdErr"`
	// Alpha is Cronbach's alpha over the stage's items, from respondents
	// who answered them all (AlphaN of them); NaN when undefined (fewer
	// than 2 items or respondents, or no variance; null in JSON).
	Alpha  float64 `json:"alpha"`
	AlphaN int     `json:"alphaN"`
}

// Group names the respondents a set of scores covers.
type Group struct {
	Unit string `json:"unit,omitempty"` // a unit's subtree; "" for everyone
	Role Role   `json:"role,omitempty"` // one role; 0 for all
}

// String formats the group, e.g. "all", "unit sales", "managers".
func (g Group) String() string {
	switch {
	case g.Unit == "" && g.Role == 0:
		return "all"
	case g.Role == 0:
		return "unit " + g.Unit
	case g.Unit == "":
		return g.Role.String() + "s"
	}
	return g.Role.String() + "s in unit " + g.Unit
}

// Scores are a group's results. When Published is false only Group, N
// and Reason are set: the group is too small, or publishing it would let
// a reader subtract it from others and learn about fewer than k people.
type Scores struct {
	Group      Group            `json:"group"`
	N          int              `json:"n"`
	Published  bool             `json:"published"`
	Reason     string           `json:"reason,omitempty"`
	Dimensions []DimensionScore `json:"dimensions,omitempty"`
	Stages     []StageScore     `json:"stages,omitempty"`
	// Overall is the mean of the stage scores (of the dimension scores for
	// a framework without stages).
	Overall     float64 `json:"overall"`
	OverallBand Band    `json:"overallBand"`
	// OverallN counts respondents with every stage (dimension) defined and
	// OverallStdErr is the standard error of their overall scores.
	OverallN      int     `json:"overallN"`
	OverallStdErr float64 `json:"overallStdErr"`
	Favourable    float64 `json:"favourable"`
}

// RoleGap is the difference between managers' and employees' views of a
// dimension (managers − employees, normalised points) with its Welch
// interval.
type RoleGap struct {
	Dimension string  `json:"dimension"`
	Gap       float64 `json:"gap"`
	Lower     float64 `json:"lower"`
	Upper     float64 `json:"upper"`
	// Differs is true when the interval excludes 0.
	Differs bool `json:"differs"`
}

// Result holds an assessment's scores: everyone, each unit's subtree and
// each role, under the minimum-group rule, and the manager–employee gap.
type Result struct {
	Assessment string    `json:"assessment"`
	Framework  string    `json:"framework"`
	Scale      Scale     `json:"scale"`
	Options    Options   `json:"options"`
	All        Scores    `json:"all"`
	Units      []Scores  `json:"units,omitempty"`
	Roles      []Scores  `json:"roles,omitempty"`
	RoleGaps   []RoleGap `json:"roleGaps,omitempty"`
	Warnings   []string  `json:"warnings,omitempty"`
}

// MarshalJSON encodes the stage score; an undefined Alpha (NaN) is null.
func (s StageScore) MarshalJSON() ([]byte, error) {
	type plain StageScore
	var alpha *float64
	if !math.IsNaN(s.Alpha) {
		alpha = &s.Alpha
	}
	return json.Marshal(struct {
		plain
		Alpha *float64 `json:"alpha"`
	}{plain(s), alpha})
}

// UnmarshalJSON decodes the stage score; a null Alpha is NaN.
func (s *StageScore) UnmarshalJSON(b []byte) error {
	type plain StageScore
	var v struct {
		plain
		Alpha *float64 `json:"alpha"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = StageScore(v.plain)
	s.Alpha = math.NaN()
	if v.Alpha != nil {
		s.Alpha = *v.Alpha
	}
	return nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (b *Band) UnmarshalText(t []byte) error {
	for v := Band(0); v <= Strong; v++ {
		if string(t) == v.String() {
			*b = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown band %q", ErrInvalidOptions, t)
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (q *Quadrant) UnmarshalText(t []byte) error {
	for v := Quadrant(0); v <= PossibleOverkill; v++ {
		if string(t) == v.String() {
			*q = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown quadrant %q", ErrInvalidOptions, t)
}
