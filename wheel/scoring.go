package wheel

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/servicekultur/servicekultur/internal/anonymity"
)

// Scoring defaults and floors (domain notes §1.3 and §3.4).
const (
	scoreDefaultMinAnswered = 0.5
	scoreDefaultLevel       = 0.95
	scoreDefaultMinGroup    = 5
	scoreMinGroupFloor      = 3
	scoreWeightTolerance    = 1e-9
)

// Score scores an assessment's responses (domain notes §1.3): for everyone,
// for each unit's subtree and for each role, under the minimum-group rule,
// with the managers' view compared with the employees'. The same data give
// the same Result, whatever the order of rs. The work is proportional to
// the number of responses times the number of items, times the number of
// groups a respondent is in (everyone, their role, their unit and each
// unit above it), plus the anonymity decisions, which grow with the
// square of the number of groups.
//
// # Respondent means
//
// Respondent r's mean on dimension d is
//
//	x_rd = (1/m_rd) · Σ v_ri   over the m_rd items i of d that r answered,
//
// where "answered" excludes "not applicable" and missing answers, and a
// reverse-coded item's answer v counts as Min + Max − v. x_rd is defined
// only when m_rd ≥ max(1, ⌈MinAnswered · n_d⌉), n_d being the number of
// d's items in the assessment (half of them, rounded up, by default).
// Dimensions without items in the assessment are left out of the results
// altogether, and so are stages none of whose dimensions has items.
//
// # Dimension scores
//
// Over the N members of a group with x_rd defined, with the sample mean
// x̄ = Σ x_rd / N and standard deviation s = √(Σ (x_rd − x̄)² / (N − 1)):
//
//	Mean            = x̄ (on the scale)
//	Lower, Upper    = x̄ ∓ t_{(1+Level)/2, N−1} · s/√N   (Student's t)
//	Score           = 100 · (x̄ − Min)/(Max − Min)
//	StdErr          = 100 · s/√N / (Max − Min)
//	Favourable      = share of the members' valid answers to d's items
//	                  (after reverse coding) in the top two boxes
//
// The interval is clamped to the scale, which the mean cannot leave; with
// N < 2 it is the whole scale and StdErr is 0. ScoreLower and ScoreUpper
// are Lower and Upper normalised. Band is Options.Bands applied to Score.
//
// Importance is the normalised mean of the members' importance ratings of
// d ("not applicable" excluded; ImportanceN of them) and Gap = Score −
// Importance. Dimensions with both a score and an importance are placed in
// the importance–performance grid (Martilla & James 1977), split at the
// means of Score and of Importance across those dimensions, a value at or
// above the mean counting as high: high importance and low performance is
// [ConcentrateHere], high and high [KeepUpTheGoodWork], low and low
// [LowPriority], low importance and high performance [PossibleOverkill].
//
// # Stage scores and overall index
//
// A stage's Score is the (weighted) mean of its dimensions' Scores,
//
//	Score = Σ w_d · Score_d / Σ w_d   over the stage's dimensions with items,
//
// with every w_d = 1, so that each dimension counts alike whatever its
// number of items, or, with Options.Weights, the given weights (a
// dimension of a weighted stage that has no weight weighs 0; dividing by
// Σ w_d renormalises the weights when some dimensions have no items). If
// any dimension with positive weight is not scored in the group, the
// stage is not scored (Band 0, Score 0). N and StdErr (s/√N of the
// members' own stage scores Σ w_d · 100·(x_rd − Min)/(Max − Min) / Σ w_d;
// 0 when N < 2) come from the members with every such dimension defined.
//
// Alpha is Cronbach's (1951) coefficient over the stage's k items (all
// its dimensions' items, reverse-coded), from the AlphaN members who
// answered all of them:
//
//	α = k/(k − 1) · (1 − Σ_i σ²_i / σ²_T)
//
// with σ²_i the sample variance of item i and σ²_T that of the members'
// item sums. It is NaN when k < 2, when fewer than max(2, k_min)
// members answered every item (k_min being the minimum group), or when
// σ²_T = 0. (Note that NaN does not encode as JSON.)
//
// Overall is the mean of the stage scores, or, for a framework without
// stages, the (weighted) mean of its dimension scores, weights then
// summing to 1 over the whole framework; it is not scored (OverallBand 0)
// unless every stage (dimension with positive weight) is. OverallN and
// OverallStdErr come from the members with every such dimension defined,
// each with their own overall score. Favourable pools all the members'
// valid answers.
//
// # Groups and anonymity
//
// Result.All covers everyone; Result.Units has one entry per unit of
// a.Units (in that order) with at least one respondent in its subtree;
// Result.Roles one per role present, employees, managers, others. Whether
// a group is published is decided for all of them together, so that no
// subtraction of one group from another (a unit minus its managers, a
// parent minus its child) isolates fewer than k = Options.MinGroup
// respondents: the rules of enps (domain notes §3.4) — minimum group,
// differencing, complementary suppression. A withheld group carries only
// Group, N and Reason ("below minimum", "complementary", "differencing").
//
// Within a published group every published statistic also rests on at
// least k respondents: a dimension defined for fewer than k members is
// not scored (only Dimension, Stage, N and ImportanceN are set, Band is
// 0), an importance rated by fewer than k is not reported, Alpha needs
// AlphaN ≥ k (else NaN), and the overall Favourable needs k members with a
// valid answer (else 0). Stage and overall scores are built from dimension
// scores, so they rest on k respondents too; their StdErr, a spread, is
// reported from N ≥ 2 (0 below), so that [Compare] can test them. Counts
// are always reported.
//
// # Managers and employees
//
// Result.RoleGaps compares, for each dimension scored in both the
// published manager and employee groups, the managers' mean normalised
// x_rd with the employees': Gap = x̄_M − x̄_E with the Welch (1947)
// interval Gap ∓ t_{(1+Level)/2, ν} · √(v_M + v_E), v = s²/N, and
// Welch–Satterthwaite degrees of freedom
//
//	ν = (v_M + v_E)² / (v_M²/(N_M − 1) + v_E²/(N_E − 1)).
//
// When both groups answered without any spread, the interval is the gap
// itself. Differs is true when the interval excludes 0.
//
// # Errors
//
// An invalid assessment fails with its [Assessment.Validate] error;
// options out of range wrap [ErrInvalidOptions] (MinAnswered outside
// (0, 1], Level outside (0, 1), MinGroup below 3, bands out of order,
// weights of unknown dimensions, negative or not finite, a stage's
// weights not summing to 1 within 1e-9, or a stage weighted only on
// dimensions without items); an invalid response fails with its
// [Response.Check] error; two different responses from one respondent
// wrap [ErrDuplicateRespondent] (identical copies count once); no
// responses wraps [ErrEmptyAssessment].
//
// Result.Options are opts with the defaults filled in, Result.Scale the
// scale with its bounds filled in, and Result.Warnings those of
// [Assessment.Warnings].
//
// # References
//
//   - Student (1908), "The probable error of a mean", Biometrika 6(1).
//   - Cronbach, L. J. (1951), "Coefficient alpha and the internal
//     structure of tests", Psychometrika 16(3).
//   - Welch, B. L. (1947), "The generalization of 'Student's' problem when
//     several different population variances are involved", Biometrika
//     34(1–2).
//   - Martilla, J. A. & James, J. C. (1977), "Importance–performance
//     analysis", Journal of Marketing 41(1).
func Score(a Assessment, rs []Response, opts Options) (Result, error) {
	if err := a.Validate(); err != nil {
		return Result{}, err
	}
	o, err := scoringOptions(a.Framework, opts)
	if err != nil {
		return Result{}, err
	}
	run, err := newScoreRun(a, o)
	if err != nil {
		return Result{}, err
	}
	if err := run.load(rs); err != nil {
		return Result{}, err
	}
	return run.result(), nil
}

// scoringOptions fills in the defaults and checks the options.
func scoringOptions(f Framework, o Options) (Options, error) {
	if o.MinAnswered == 0 {
		o.MinAnswered = scoreDefaultMinAnswered
	}
	if o.Level == 0 {
		o.Level = scoreDefaultLevel
	}
	if o.MinGroup == 0 {
		o.MinGroup = scoreDefaultMinGroup
	}
	b, err := o.Bands.withDefaults()
	if err != nil {
		return o, err
	}
	o.Bands = b
	switch {
	case !(o.MinAnswered > 0 && o.MinAnswered <= 1):
		return o, fmt.Errorf("%w: minimum answered share %v not in (0, 1]", ErrInvalidOptions, o.MinAnswered)
	case !(o.Level > 0 && o.Level < 1):
		return o, fmt.Errorf("%w: level %v not in (0, 1)", ErrInvalidOptions, o.Level)
	case o.MinGroup < scoreMinGroupFloor:
		return o, fmt.Errorf("%w: minimum group %d is below %d", ErrInvalidOptions, o.MinGroup, scoreMinGroupFloor)
	}
	if len(o.Weights) == 0 {
		o.Weights = nil
		return o, nil
	}
	sums := map[string]float64{}
	for _, id := range slices.Sorted(maps.Keys(o.Weights)) {
		w := o.Weights[id]
		d, ok := f.Dimension(id)
		switch {
		case !ok:
			return o, fmt.Errorf("%w: weight given for %q, which %s does not have", ErrInvalidOptions, id, f.ID)
		case !(w >= 0) || math.IsInf(w, 1):
			return o, fmt.Errorf("%w: weight %v of %q is not a non-negative number", ErrInvalidOptions, w, id)
		}
		sums[d.Stage] += w
	}
	for _, st := range slices.Sorted(maps.Keys(sums)) {
		if math.Abs(sums[st]-1) > scoreWeightTolerance {
			what := "the weights"
			if st != "" {
				what = fmt.Sprintf("the weights of stage %q", st)
			}
			return o, fmt.Errorf("%w: %s sum to %v, not 1", ErrInvalidOptions, what, sums[st])
		}
	}
	o.Weights = maps.Clone(o.Weights)
	return o, nil
}

// scoreRun holds one scoring: the assessment indexed, and every
// respondent's reverse-coded answers, dimension means and importance
// ratings in flat respondent-major arrays.
type scoreRun struct {
	a      Assessment
	o      Options
	lo, hi int
	top    int // lowest favourable point
	units  *tree

	dims    []scoreDim   // dimensions with items, in framework order
	stages  []scoreStage // stages with items, in framework order
	overall []int        // dimensions with positive weight, all stages

	itemIndex map[string]int // item ID → index in a.Items
	itemDim   []int          // item index → dims index
	checker   checker
	fwDims    map[string]int // framework dimension ID → dims index, −1 without items

	rs   []Response // sorted by respondent, deduplicated
	vals []int8     // len(rs)·len(items): reverse-coded answer, −1 none
	x    []float64  // len(rs)·len(dims): x_rd on the scale, NaN undefined
	imp  []float64  // len(rs)·len(dims): importance on the scale, NaN none
}

// scoreDim is a dimension with items in the assessment.
type scoreDim struct {
	id, stage string
	items     []int // indices into a.Items
	need      int   // answers needed for x_rd
	// weight within its stage (the framework without stages): 1, or the
	// given weight; weighted means divide by the stage's total, so that
	// equal weights give exact means.
	weight float64
}

// scoreStage is a stage with items in the assessment.
type scoreStage struct {
	id    string
	dims  []int // dimensions with positive weight
	items []int // the items of all its dimensions
}

// newScoreRun indexes the assessment under the options.
func newScoreRun(a Assessment, o Options) (*scoreRun, error) {
	lo, hi := a.Scale.Range()
	t, err := newTree(a.Units)
	if err != nil {
		return nil, err
	}
	s := &scoreRun{
		a: a, o: o, lo: lo, hi: hi, top: a.Scale.TopTwo(), units: t,
		itemIndex: make(map[string]int, len(a.Items)),
		itemDim:   make([]int, len(a.Items)),
		checker:   newChecker(a),
		fwDims:    make(map[string]int, len(a.Framework.Dimensions)),
	}
	byDim := map[string][]int{}
	for i, it := range a.Items {
		s.itemIndex[it.ID] = i
		byDim[it.Dimension] = append(byDim[it.Dimension], i)
	}
	for _, d := range a.Framework.Dimensions {
		items := byDim[d.ID]
		if len(items) == 0 {
			s.fwDims[d.ID] = -1
			continue
		}
		need := max(1, int(math.Ceil(o.MinAnswered*float64(len(items))-scoreWeightTolerance)))
		s.fwDims[d.ID] = len(s.dims)
		for _, i := range items {
			s.itemDim[i] = len(s.dims)
		}
		s.dims = append(s.dims, scoreDim{id: d.ID, stage: d.Stage, items: items, need: need})
	}

	// Weights, per stage (the whole framework without stages), renormalised
	// over the dimensions with items.
	groups := []string{""}
	if len(a.Framework.Stages) > 0 {
		groups = groups[:0]
		for _, st := range a.Framework.Stages {
			groups = append(groups, st.ID)
		}
	}
	for _, g := range groups {
		var members []int
		weighted := false
		for di, d := range s.dims {
			if d.stage == g {
				members = append(members, di)
			}
		}
		for _, fd := range a.Framework.Dimensions {
			if _, ok := o.Weights[fd.ID]; ok && fd.Stage == g {
				weighted = true
			}
		}
		if len(members) == 0 {
			continue
		}
		total := 0.0
		for _, di := range members {
			w := 1.0
			if weighted {
				w = o.Weights[s.dims[di].id]
			}
			s.dims[di].weight = w
			total += w
		}
		if total == 0 {
			return nil, fmt.Errorf("%w: stage %q is weighted only on dimensions without items in assessment %s", ErrInvalidOptions, g, a.ID)
		}
		st := scoreStage{id: g}
		for _, di := range members {
			if s.dims[di].weight > 0 {
				st.dims = append(st.dims, di)
				s.overall = append(s.overall, di)
			}
			st.items = append(st.items, s.dims[di].items...)
		}
		if g != "" {
			s.stages = append(s.stages, st)
		}
	}
	return s, nil
}

// load checks, orders and deduplicates the responses and computes every
// respondent's dimension means.
func (s *scoreRun) load(rs []Response) error {
	if len(rs) == 0 {
		return fmt.Errorf("%w: assessment %s", ErrEmptyAssessment, s.a.ID)
	}
	for _, r := range rs {
		if err := s.checker.check(r); err != nil {
			return err
		}
	}
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(rs[i].Respondent, rs[j].Respondent) })
	s.rs = make([]Response, 0, len(rs))
	for _, i := range order {
		r := rs[i]
		if n := len(s.rs); n > 0 && s.rs[n-1].Respondent == r.Respondent {
			if !s.rs[n-1].Equal(r) {
				return fmt.Errorf("%w: respondent %s answered assessment %s twice, differently", ErrDuplicateRespondent, r.Respondent, s.a.ID)
			}
			continue
		}
		s.rs = append(s.rs, r)
	}

	ni, nd := len(s.a.Items), len(s.dims)
	s.vals = make([]int8, len(s.rs)*ni)
	s.x = make([]float64, len(s.rs)*nd)
	s.imp = make([]float64, len(s.rs)*nd)
	sum := make([]float64, nd)
	cnt := make([]int, nd)
	for ri, r := range s.rs {
		clear(sum)
		clear(cnt)
		vals := s.vals[ri*ni : (ri+1)*ni]
		for i, it := range s.a.Items {
			ans, ok := r.Answers[it.ID]
			if !ok || ans.NotApplicable {
				vals[i] = -1
				continue
			}
			v := ans.Value
			if it.Reverse {
				v = s.lo + s.hi - v
			}
			vals[i] = int8(v)
			if di := s.itemDim[i]; di >= 0 {
				sum[di] += float64(v)
				cnt[di]++
			}
		}
		for di, d := range s.dims {
			x, imp := math.NaN(), math.NaN()
			if cnt[di] >= d.need {
				x = sum[di] / float64(cnt[di])
			}
			if ans, ok := r.Importance[d.id]; ok && !ans.NotApplicable {
				imp = float64(ans.Value)
			}
			s.x[ri*nd+di], s.imp[ri*nd+di] = x, imp
		}
	}
	return nil
}

// result scores every group, decides which may be published and compares
// the roles.
func (s *scoreRun) result() Result {
	lo, hi := s.lo, s.hi
	res := Result{
		Assessment: s.a.ID,
		Framework:  s.a.Framework.ID,
		Scale:      Scale{Min: lo, Max: hi, Labels: slices.Clone(s.a.Scale.Labels)},
		Options:    s.o,
		Warnings:   s.a.Warnings(),
	}

	// The groups: everyone, each unit's subtree, each role.
	n := len(s.rs)
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	byUnit := make(map[string][]int32, len(s.a.Units))
	var byRole [Other + 1][]int32
	within := map[string][]string{} // a respondent's unit → the units whose subtree holds it
	for i, r := range s.rs {
		if r.Unit != "" {
			us, ok := within[r.Unit]
			if !ok {
				for _, u := range s.a.Units {
					if s.units.within(r.Unit, u.ID) {
						us = append(us, u.ID)
					}
				}
				within[r.Unit] = us
			}
			for _, u := range us {
				byUnit[u] = append(byUnit[u], int32(i))
			}
		}
		byRole[r.Role] = append(byRole[r.Role], int32(i))
	}
	groups := []Group{{}}
	cells := [][]int32{all}
	for _, u := range s.a.Units {
		if ms := byUnit[u.ID]; len(ms) > 0 {
			groups = append(groups, Group{Unit: u.ID})
			cells = append(cells, ms)
		}
	}
	for role := Employee; role <= Other; role++ {
		if ms := byRole[role]; len(ms) > 0 {
			groups = append(groups, Group{Role: role})
			cells = append(cells, ms)
		}
	}
	reasons := anonymity.Decide(n, cells, nil, anonymity.Rules{K: s.o.MinGroup})

	out := make([]Scores, len(groups))
	for i, g := range groups {
		if reasons[i] != 0 {
			out[i] = Scores{Group: g, N: len(cells[i]), Reason: reasons[i].String()}
			continue
		}
		out[i] = s.scores(g, cells[i])
	}
	res.All = out[0]
	for _, sc := range out[1:] {
		if sc.Group.Role == 0 {
			res.Units = append(res.Units, sc)
		} else {
			res.Roles = append(res.Roles, sc)
		}
	}

	var mgr, emp *Scores
	for i := range res.Roles {
		switch sc := &res.Roles[i]; {
		case !sc.Published:
		case sc.Group.Role == Manager:
			mgr = sc
		case sc.Group.Role == Employee:
			emp = sc
		}
	}
	if mgr != nil && emp != nil {
		res.RoleGaps = s.roleGaps(mgr, emp)
	}
	return res
}

// scores computes a published group's scores; members are indices into
// s.rs, ascending.
func (s *scoreRun) scores(g Group, members []int32) Scores {
	k := s.o.MinGroup
	nd, ni := len(s.dims), len(s.a.Items)
	span := float64(s.hi - s.lo)
	sc := Scores{Group: g, N: len(members), Published: true}
	buf := make([]float64, 0, len(members))

	// Dimensions.
	sc.Dimensions = make([]DimensionScore, nd)
	for di, d := range s.dims {
		ds := DimensionScore{Dimension: d.id, Stage: d.stage}
		buf = buf[:0]
		for _, r := range members {
			if v := s.x[int(r)*nd+di]; !math.IsNaN(v) {
				buf = append(buf, v)
			}
		}
		ds.N = len(buf)
		if ds.N >= k {
			mean, sd := scoreMeanSD(buf)
			ds.Mean = mean
			ds.Lower, ds.Upper = float64(s.lo), float64(s.hi)
			if ds.N >= 2 {
				se := sd / math.Sqrt(float64(ds.N))
				h := scoreTQuantile(s.o.Level, float64(ds.N-1)) * se
				ds.Lower = max(mean-h, float64(s.lo))
				ds.Upper = min(mean+h, float64(s.hi))
				ds.StdErr = 100 * se / span
			}
			ds.Score = s.a.Scale.Normalise(mean)
			ds.ScoreLower = s.a.Scale.Normalise(ds.Lower)
			ds.ScoreUpper = s.a.Scale.Normalise(ds.Upper)
			ds.Band = s.o.Bands.Of(ds.Score)
			valid, fav := 0, 0
			for _, r := range members {
				vals := s.vals[int(r)*ni:]
				for _, i := range d.items {
					if v := int(vals[i]); v >= 0 {
						valid++
						if v >= s.top {
							fav++
						}
					}
				}
			}
			if valid > 0 {
				ds.Favourable = float64(fav) / float64(valid)
			}
		}
		buf = buf[:0]
		for _, r := range members {
			if v := s.imp[int(r)*nd+di]; !math.IsNaN(v) {
				buf = append(buf, v)
			}
		}
		ds.ImportanceN = len(buf)
		if ds.ImportanceN >= k {
			mean, _ := scoreMeanSD(buf)
			ds.Importance = s.a.Scale.Normalise(mean)
			if ds.Band != 0 {
				ds.Gap = ds.Score - ds.Importance
			}
		}
		sc.Dimensions[di] = ds
	}
	scoreQuadrants(sc.Dimensions, k)

	// Stages: scores from the dimension scores, spread from the members'
	// own stage scores.
	scored := func(dims []int) bool {
		for _, di := range dims {
			if sc.Dimensions[di].Band == 0 {
				return false
			}
		}
		return true
	}
	own := func(r int32, dims []int) (float64, bool) {
		v, total := 0.0, 0.0
		for _, di := range dims {
			x := s.x[int(r)*nd+di]
			if math.IsNaN(x) {
				return 0, false
			}
			v += s.dims[di].weight * s.a.Scale.Normalise(x)
			total += s.dims[di].weight
		}
		return v / total, true
	}
	weighted := func(dims []int) float64 {
		v, total := 0.0, 0.0
		for _, di := range dims {
			v += s.dims[di].weight * sc.Dimensions[di].Score
			total += s.dims[di].weight
		}
		return v / total
	}
	for _, st := range s.stages {
		ss := StageScore{Stage: st.id}
		if scored(st.dims) {
			ss.Score = weighted(st.dims)
			ss.Band = s.o.Bands.Of(ss.Score)
		}
		buf = buf[:0]
		for _, r := range members {
			if v, ok := own(r, st.dims); ok {
				buf = append(buf, v)
			}
		}
		ss.N = len(buf)
		ss.StdErr = scoreStdErr(buf)
		ss.Alpha, ss.AlphaN = s.alpha(members, st.items)
		sc.Stages = append(sc.Stages, ss)
	}

	// Overall.
	overallScored := scored(s.overall)
	buf = buf[:0]
	if len(s.stages) > 0 {
		for _, ss := range sc.Stages {
			sc.Overall += ss.Score
		}
		sc.Overall /= float64(len(sc.Stages))
		for _, r := range members {
			v, ok := 0.0, true
			for _, st := range s.stages {
				w, okStage := own(r, st.dims)
				v += w
				ok = ok && okStage
			}
			if ok {
				buf = append(buf, v/float64(len(s.stages)))
			}
		}
	} else {
		if overallScored {
			sc.Overall = weighted(s.overall)
		}
		for _, r := range members {
			if v, ok := own(r, s.overall); ok {
				buf = append(buf, v)
			}
		}
	}
	if overallScored {
		sc.OverallBand = s.o.Bands.Of(sc.Overall)
	} else {
		sc.Overall = 0
	}
	sc.OverallN = len(buf)
	sc.OverallStdErr = scoreStdErr(buf)

	answering, valid, fav := 0, 0, 0
	for _, r := range members {
		answered := false
		for _, v := range s.vals[int(r)*ni : (int(r)+1)*ni] {
			if v >= 0 {
				answered = true
				valid++
				if int(v) >= s.top {
					fav++
				}
			}
		}
		if answered {
			answering++
		}
	}
	if answering >= k && valid > 0 {
		sc.Favourable = float64(fav) / float64(valid)
	}
	return sc
}

// alpha returns Cronbach's alpha over the items from the members who
// answered them all, and their number; NaN when undefined or resting on
// fewer than the minimum group.
func (s *scoreRun) alpha(members []int32, items []int) (float64, int) {
	ni := len(s.a.Items)
	var complete []int32
	for _, r := range members {
		vals := s.vals[int(r)*ni:]
		if !slices.ContainsFunc(items, func(i int) bool { return vals[i] < 0 }) {
			complete = append(complete, r)
		}
	}
	n, k := len(complete), len(items)
	if k < 2 || n < max(2, s.o.MinGroup) {
		return math.NaN(), n
	}
	means := make([]float64, k)
	totalMean := 0.0
	for _, r := range complete {
		vals := s.vals[int(r)*ni:]
		for j, i := range items {
			means[j] += float64(vals[i])
		}
	}
	for j := range means {
		means[j] /= float64(n)
		totalMean += means[j]
	}
	itemVar, totalVar := 0.0, 0.0
	for _, r := range complete {
		vals := s.vals[int(r)*ni:]
		t := 0.0
		for j, i := range items {
			d := float64(vals[i]) - means[j]
			itemVar += d * d
			t += float64(vals[i])
		}
		totalVar += (t - totalMean) * (t - totalMean)
	}
	// Both sums share the factor 1/(n − 1), which cancels.
	if totalVar == 0 {
		return math.NaN(), n
	}
	return float64(k) / float64(k-1) * (1 - itemVar/totalVar), n
}

// roleGaps compares managers' and employees' normalised dimension means.
func (s *scoreRun) roleGaps(mgr, emp *Scores) []RoleGap {
	var out []RoleGap
	for di := range s.dims {
		m, e := mgr.Dimensions[di], emp.Dimensions[di]
		if m.Band == 0 || e.Band == 0 || m.N < 2 || e.N < 2 {
			continue
		}
		g := RoleGap{Dimension: m.Dimension, Gap: m.Score - e.Score}
		vm, ve := m.StdErr*m.StdErr, e.StdErr*e.StdErr
		g.Lower, g.Upper = g.Gap, g.Gap
		if v := vm + ve; v > 0 {
			df := v * v / (vm*vm/float64(m.N-1) + ve*ve/float64(e.N-1))
			h := scoreTQuantile(s.o.Level, df) * math.Sqrt(v)
			g.Lower, g.Upper = g.Gap-h, g.Gap+h
		}
		g.Differs = g.Lower > 0 || g.Upper < 0
		out = append(out, g)
	}
	return out
}

// scoreQuadrants places the dimensions that have both a score and a
// reported importance in the importance–performance grid, split at the
// means across those dimensions (Martilla & James 1977).
func scoreQuadrants(ds []DimensionScore, k int) {
	placed := func(d DimensionScore) bool { return d.Band != 0 && d.ImportanceN >= k }
	var perf, imp float64
	n := 0
	for _, d := range ds {
		if placed(d) {
			perf += d.Score
			imp += d.Importance
			n++
		}
	}
	if n == 0 {
		return
	}
	perf /= float64(n)
	imp /= float64(n)
	for i := range ds {
		d := &ds[i]
		if !placed(*d) {
			continue
		}
		switch hiImp, hiPerf := d.Importance >= imp, d.Score >= perf; {
		case hiImp && !hiPerf:
			d.Quadrant = ConcentrateHere
		case hiImp:
			d.Quadrant = KeepUpTheGoodWork
		case !hiPerf:
			d.Quadrant = LowPriority
		default:
			d.Quadrant = PossibleOverkill
		}
	}
}

// scoreMeanSD returns the mean and sample standard deviation (0 for fewer
// than two values) of xs, in two passes.
func scoreMeanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// scoreStdErr returns s/√N of xs, or 0 for fewer than two values.
func scoreStdErr(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	_, sd := scoreMeanSD(xs)
	return sd / math.Sqrt(float64(len(xs)))
}

// scoreTQuantile returns the two-sided Student's t critical value at the
// level with df degrees of freedom.
func scoreTQuantile(level, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.5 + level/2)
}
