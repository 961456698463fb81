package wheel

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Policy says how [Roadmap] orders the stages. The zero Policy is
// [WeakestFirst], the default.
type Policy uint8

// The roadmap policies.
const (
	// WeakestFirst orders the stages by stage score, lowest first; stages
	// within [RoadmapOptions.Tie] points of each other are taken in the
	// framework's order (clockwise for the wheel). It is the zero Policy.
	WeakestFirst Policy = iota
	// Clockwise starts at the first stage, in the framework's order, whose
	// score is below the target and walks on clockwise, wrapping round
	// (after the last stage comes the first). It follows the seed's walk
	// round the wheel — "med uret!" — and the dependency of each stage on
	// the one before: people never hired or developed cannot be retained.
	// Only an ordered framework ([Framework.Ordered]) has a clockwise.
	Clockwise
)

var policyNames = [...]string{WeakestFirst: "weakest-first", Clockwise: "clockwise"}

// Valid reports whether p is one of the policies.
func (p Policy) Valid() bool { return int(p) < len(policyNames) }

// String returns "weakest-first" or "clockwise".
func (p Policy) String() string {
	if !p.Valid() {
		return "Policy(" + strconv.Itoa(int(p)) + ")"
	}
	return policyNames[p]
}

// MarshalText implements [encoding.TextMarshaler]. An unknown policy is
// an error wrapping [ErrInvalidOptions].
func (p Policy) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, fmt.Errorf("%w: unknown roadmap policy %d", ErrInvalidOptions, uint8(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the
// String forms; anything else is an error wrapping [ErrInvalidOptions].
func (p *Policy) UnmarshalText(b []byte) error {
	for v, name := range policyNames {
		if string(b) == name {
			*p = Policy(v)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown roadmap policy %q", ErrInvalidOptions, b)
}

// RoadmapOptions configure [Roadmap]. The zero RoadmapOptions are the
// defaults: weakest first, target 75, ties within 1 point.
type RoadmapOptions struct {
	// Policy orders the stages: [WeakestFirst] when zero.
	Policy Policy `json:"policy"`
	// Target is the normalised score (0–100) a strategy should reach: 75,
	// the lower edge of the default "strong" band, when zero. It must lie
	// in (0, 100].
	Target float64 `json:"target,omitempty"`
	// Tie: stages whose scores differ by less than Tie normalised points
	// count as tied under [WeakestFirst], and are taken in the framework's
	// order (clockwise). 1 when zero; it must not be negative (use a tiny
	// positive value to break only exact ties by order).
	Tie float64 `json:"tie,omitempty"`
}

// withDefaults fills in the zero fields and checks the options.
func (o RoadmapOptions) withDefaults() (RoadmapOptions, error) {
	if o.Target == 0 {
		o.Target = 75
	}
	if o.Tie == 0 {
		o.Tie = 1
	}
	switch {
	case !o.Policy.Valid():
		return o, fmt.Errorf("%w: unknown roadmap policy %d", ErrInvalidOptions, uint8(o.Policy))
	case !(o.Target > 0 && o.Target <= 100):
		return o, fmt.Errorf("%w: roadmap target %v not in (0, 100]", ErrInvalidOptions, o.Target)
	case !(o.Tie > 0 && !math.IsInf(o.Tie, 0)):
		return o, fmt.Errorf("%w: tie %v is not a positive number of points", ErrInvalidOptions, o.Tie)
	}
	return o, nil
}

// Step is one step of a roadmap: work on a strategy (dimension) that is
// below target, or, with Maintain set, keep up a stage whose strategies
// all reach it.
type Step struct {
	// Rank is the step's place, 1 to the number of steps.
	Rank int `json:"rank"`
	// Stage is the stage ID; "" in a framework without stages.
	Stage string `json:"stage,omitempty"`
	// Dimension is the strategy's (dimension's) ID; "" for a maintain
	// step.
	Dimension string `json:"dimension,omitempty"`
	// Label is the strategy's label, or the stage's for a maintain step
	// (the framework's name for the maintain step of a framework without
	// stages).
	Label string `json:"label"`
	// Score and Band are the strategy's normalised score and band; for a
	// maintain step the stage's (the overall index for a framework
	// without stages).
	Score float64 `json:"score"`
	Band  Band    `json:"band"`
	// Maintain marks a stage whose scored strategies all reach the target.
	Maintain bool `json:"maintain,omitempty"`
	// Reason says why the step is where it is: the stage's place ("lowest
	// stage (48.2)", "2nd lowest stage (55.0), tied within 1 point with
	// Retain the best people and first clockwise", "first stage below
	// target (48.2)", "clockwise after Hire the right people"), then, after
	// "; ", the strategy's gap ("below target by 12.5 points") or, for a
	// maintain step, "maintain: all strategies at or above target". In a
	// framework without stages: "weakest (45.0)", "2nd weakest (60.0)",
	// then the gap, or "maintain: all dimensions at or above target".
	Reason string `json:"reason"`
}

// maintainReason ends the reason of every maintain step.
const maintainReason = "maintain: all strategies at or above target"

// Roadmap turns a group's published scores under framework f into ordered
// steps (domain notes §1.4).
//
// Under [WeakestFirst] the stages are sorted by stage score, lowest first;
// a stage within opts.Tie points of the lowest remaining one is tied with
// it, and of tied stages the one first in the framework's order
// (clockwise) goes first. Each stage's strategies below opts.Target follow
// one another, lowest score first (equal scores in framework order), each
// a step. A stage with no scored strategy below the target yields one
// step with Maintain set instead, in the stage's place. So a stage scoring
// at or above the target still gets steps for its strategies below it.
//
// Under [Clockwise] the walk starts at the first stage, in the framework's
// order, whose score is below the target (the first scored stage when
// none is) and goes on clockwise, wrapping round; within a stage the steps
// are as above. It needs an ordered framework ([Framework.Ordered]), as
// the wheel is.
//
// Stages and strategies that were not scored (Band 0: too few answers or
// withheld) are skipped and get no step; so do the strategies of an
// unscored stage. Under [Clockwise] the step after a skipped stage names
// the stage before it as the one it comes "clockwise after". The result
// is empty when nothing is scored.
//
// A framework without stages (the service-culture parameters) gets a
// single list: its scored dimensions below target, weakest first (equal
// scores in framework order), or, when none is below the target, one
// maintain step carrying the overall index. [Clockwise] does not apply.
//
// Errors: an invalid framework wraps [ErrInvalidFramework]; scores
// naming a stage or dimension f does not have, or naming one twice, wrap
// [ErrUnknownDimension]; unpublished scores (a group too small to report),
// a scored value that is not a number in 0–100, an unknown policy, a
// target outside (0, 100], a negative tie, and [Clockwise] with a
// framework that has no stages or no order wrap [ErrInvalidOptions].
func Roadmap(f Framework, s Scores, opts RoadmapOptions) ([]Step, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if !s.Published {
		reason := ""
		if s.Reason != "" {
			reason = ": " + s.Reason
		}
		return nil, fmt.Errorf("%w: the scores of %s are not published%s; a roadmap needs published scores", ErrInvalidOptions, s.Group, reason)
	}
	if opts.Policy == Clockwise {
		switch {
		case len(f.Stages) == 0:
			return nil, fmt.Errorf("%w: %s has no stages to walk clockwise", ErrInvalidOptions, f.ID)
		case !f.Ordered:
			return nil, fmt.Errorf("%w: the stages of %s have no order to walk clockwise", ErrInvalidOptions, f.ID)
		}
	}
	dims, err := roadmapDimensions(f, s)
	if err != nil {
		return nil, err
	}
	stages, err := roadmapStages(f, s)
	if err != nil {
		return nil, err
	}
	if len(f.Stages) == 0 {
		return roadmapFlat(f, s, dims, opts), nil
	}

	// Scored stages, in framework order, with their scored dimensions.
	type stage struct {
		info  StageInfo
		score StageScore
		dims  []DimensionScore // scored, in framework order
	}
	var scored []stage
	for _, si := range f.Stages {
		sc, ok := stages[si.ID]
		if !ok || sc.Band == 0 {
			continue
		}
		st := stage{info: si, score: sc}
		for _, d := range f.Dimensions {
			if ds, ok := dims[d.ID]; ok && d.Stage == si.ID {
				st.dims = append(st.dims, ds)
			}
		}
		scored = append(scored, st)
	}
	if len(scored) == 0 {
		return []Step{}, nil
	}

	// Order the stages and say why each is where it is.
	order := make([]int, 0, len(scored))
	reasons := make([]string, 0, len(scored))
	switch opts.Policy {
	case WeakestFirst:
		left := make([]int, len(scored)) // indices into scored, in framework order
		for k := range left {
			left[k] = k
		}
		for len(left) > 0 {
			low := scored[left[0]].score.Score
			for _, k := range left[1:] {
				low = min(low, scored[k].score.Score)
			}
			// The first stage in framework order within Tie of the lowest.
			pick := slices.IndexFunc(left, func(k int) bool { return scored[k].score.Score-low < opts.Tie })
			k := left[pick]
			reason := fmt.Sprintf("%s stage (%.1f)", roadmapLowest(len(order)+1), scored[k].score.Score)
			var tied []string // the other candidates
			for _, j := range left {
				if j != k && scored[j].score.Score-low < opts.Tie {
					tied = append(tied, scored[j].info.Label)
				}
			}
			if len(tied) > 0 {
				first := "first in the framework's order"
				if f.Ordered {
					first = "first clockwise"
				}
				unit := "points"
				if opts.Tie == 1 {
					unit = "point"
				}
				reason += fmt.Sprintf(", tied within %s %s with %s and %s", roadmapNum(opts.Tie), unit, strings.Join(tied, ", "), first)
			}
			order = append(order, k)
			reasons = append(reasons, reason)
			left = slices.Delete(left, pick, pick+1)
		}
	case Clockwise:
		start := slices.IndexFunc(scored, func(st stage) bool { return st.score.Score < opts.Target })
		first := fmt.Sprintf("first stage below target (%.1f)", scored[max(start, 0)].score.Score)
		if start < 0 {
			start = 0
			first = fmt.Sprintf("first stage (%.1f); no stage below target", scored[0].score.Score)
		}
		for i := range scored {
			k := (start + i) % len(scored)
			order = append(order, k)
			if i == 0 {
				reasons = append(reasons, first)
				continue
			}
			prev := scored[(start+i-1)%len(scored)]
			reasons = append(reasons, "clockwise after "+prev.info.Label)
		}
	}

	var steps []Step
	for i, k := range order {
		st := scored[k]
		below := roadmapBelow(st.dims, opts.Target)
		if len(below) == 0 {
			steps = append(steps, Step{
				Rank: len(steps) + 1, Stage: st.info.ID, Label: st.info.Label,
				Score: st.score.Score, Band: st.score.Band, Maintain: true,
				Reason: reasons[i] + "; " + maintainReason,
			})
			continue
		}
		for _, d := range below {
			steps = append(steps, Step{
				Rank: len(steps) + 1, Stage: st.info.ID, Dimension: d.Dimension, Label: roadmapLabel(f, d.Dimension),
				Score: d.Score, Band: d.Band,
				Reason: reasons[i] + "; " + roadmapGap(d.Score, opts.Target),
			})
		}
	}
	return steps, nil
}

// roadmapFlat is the roadmap of a framework without stages.
func roadmapFlat(f Framework, s Scores, dims map[string]DimensionScore, opts RoadmapOptions) []Step {
	var all []DimensionScore
	for _, d := range f.Dimensions {
		if ds, ok := dims[d.ID]; ok {
			all = append(all, ds)
		}
	}
	if len(all) == 0 {
		return []Step{}
	}
	below := roadmapBelow(all, opts.Target)
	if len(below) == 0 {
		return []Step{{
			Rank: 1, Label: f.Name, Score: s.Overall, Band: s.OverallBand, Maintain: true,
			Reason: "maintain: all dimensions at or above target",
		}}
	}
	steps := make([]Step, len(below))
	for i, d := range below {
		steps[i] = Step{
			Rank: i + 1, Dimension: d.Dimension, Label: roadmapLabel(f, d.Dimension),
			Score: d.Score, Band: d.Band,
			Reason: fmt.Sprintf("%s (%.1f); %s", roadmapWeakest(i+1), d.Score, roadmapGap(d.Score, opts.Target)),
		}
	}
	return steps
}

// roadmapDimensions indexes the scored dimensions of s by ID, checking
// that f knows each and that each is listed once and scored in 0–100.
func roadmapDimensions(f Framework, s Scores) (map[string]DimensionScore, error) {
	out := make(map[string]DimensionScore, len(s.Dimensions))
	seen := make(map[string]bool, len(s.Dimensions))
	for _, d := range s.Dimensions {
		if _, ok := f.Dimension(d.Dimension); !ok {
			return nil, fmt.Errorf("%w: the scores name dimension %q, which %s does not have", ErrUnknownDimension, d.Dimension, f.ID)
		}
		if seen[d.Dimension] {
			return nil, fmt.Errorf("%w: the scores list dimension %q twice", ErrUnknownDimension, d.Dimension)
		}
		seen[d.Dimension] = true
		if d.Band == 0 {
			continue
		}
		if !validNormalised(d.Score) {
			return nil, fmt.Errorf("%w: dimension %q has score %v, not a normalised score in 0–100", ErrInvalidOptions, d.Dimension, d.Score)
		}
		out[d.Dimension] = d
	}
	return out, nil
}

// roadmapStages indexes the stage scores of s by ID, with the same checks
// as roadmapDimensions for the scored ones.
func roadmapStages(f Framework, s Scores) (map[string]StageScore, error) {
	out := make(map[string]StageScore, len(s.Stages))
	for _, st := range s.Stages {
		if !slices.ContainsFunc(f.Stages, func(si StageInfo) bool { return si.ID == st.Stage }) {
			return nil, fmt.Errorf("%w: the scores name stage %q, which %s does not have", ErrUnknownDimension, st.Stage, f.ID)
		}
		if _, dup := out[st.Stage]; dup {
			return nil, fmt.Errorf("%w: the scores list stage %q twice", ErrUnknownDimension, st.Stage)
		}
		if st.Band != 0 && !validNormalised(st.Score) {
			return nil, fmt.Errorf("%w: stage %q has score %v, not a normalised score in 0–100", ErrInvalidOptions, st.Stage, st.Score)
		}
		out[st.Stage] = st
	}
	return out, nil
}

// validNormalised reports whether v is a normalised score.
func validNormalised(v float64) bool { return v >= 0 && v <= 100 }

// roadmapBelow returns the dimensions below target, lowest first; equal
// scores keep their order.
func roadmapBelow(dims []DimensionScore, target float64) []DimensionScore {
	var out []DimensionScore
	for _, d := range dims {
		if d.Score < target {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b DimensionScore) int { return cmp.Compare(a.Score, b.Score) })
	return out
}

// roadmapLabel returns the label of dimension id in f (the ID when it has
// none).
func roadmapLabel(f Framework, id string) string {
	if d, ok := f.Dimension(id); ok && d.Label != "" {
		return d.Label
	}
	return id
}

// roadmapGap says how far below target a score is, to a tenth of a point
// (never "by 0.0").
func roadmapGap(score, target float64) string {
	if gap := target - score; gap >= 0.05 {
		return fmt.Sprintf("below target by %.1f points", gap)
	}
	return "below target by less than 0.1 points"
}

// roadmapNum formats a number of points without trailing zeros.
func roadmapNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// roadmapLowest returns "lowest", "2nd lowest", "3rd lowest", ….
func roadmapLowest(n int) string {
	if n == 1 {
		return "lowest"
	}
	return roadmapOrdinal(n) + " lowest"
}

// roadmapWeakest returns "weakest", "2nd weakest", ….
func roadmapWeakest(n int) string {
	if n == 1 {
		return "weakest"
	}
	return roadmapOrdinal(n) + " weakest"
}

// roadmapOrdinal returns "1st", "2nd", "3rd", "4th", …, "11th", "21st".
func roadmapOrdinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
