package nps

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mathext"
)

// Limits of the fitted prior's strength (its pseudo-response count A).
const (
	// maxPriorStrength caps A at 1000 pseudo-responses.
	maxPriorStrength = 1000
	// priorStrengthPerResponse caps A at ten times the median group size,
	// so the prior never outweighs a typical employee's data more than
	// tenfold, however uniform the groups look.
	priorStrengthPerResponse = 10
	// minPriorStrength is the smallest A searched.
	minPriorStrength = 0.05
	// minPriorComponent is the floor of every pseudo-count.
	minPriorComponent = 1e-3
)

// FitPrior fits a Dirichlet prior to the category counts of many groups
// (employees, teams) by empirical Bayes, so that each group's posterior is
// shrunk towards the others in proportion to how much the groups really
// differ. It is the prior [RankEmployees] uses by default.
//
// Model: group i's shares θᵢ ~ Dirichlet(A·m) and its counts nᵢ given θᵢ
// are multinomial, so marginally nᵢ is Dirichlet-multinomial with log
// likelihood (up to terms free of A and m)
//
//	ℓ(A, m) = Σᵢ [ lnΓ(A) − lnΓ(Nᵢ + A) + Σₖ (lnΓ(nᵢₖ + A·mₖ) − lnΓ(A·mₖ)) ].
//
// The mean m is fixed at the pooled shares smoothed by Jeffreys'
// half-counts, mₖ = (nₖ + ½)/(N + 3/2), so no component is zero; the
// precision A maximises the profile likelihood, found by bisection in log A
// on the sign of
//
//	∂ℓ/∂A = Σᵢ [ ψ(A) − ψ(Nᵢ + A) + Σₖ mₖ (ψ(nᵢₖ + A·mₖ) − ψ(A·mₖ)) ]
//
// (ψ the digamma function; Minka 2000, §3 and §4, where A is the
// "precision"). The prior is Prior{A·m_pro, A·m_pas, A·m_det}, each
// component at least 10⁻³.
//
// When the groups scatter no more than multinomial sampling explains, the
// maximum lies at A → ∞ (every group has the pooled shares); and with one
// non-empty group there is nothing to fit. A is then capped at ten times
// the median size of the non-empty groups, at least 10 and at most 1000
// pseudo-responses: strong shrinkage, but never so strong that a group's
// own data cannot move its estimate. Empty groups carry no information and
// are skipped. If no group has a response the error wraps [ErrNoResponses];
// an invalid tally's error is returned with its index.
//
// Source: T. P. Minka, "Estimating a Dirichlet distribution", technical
// report, Microsoft Research (2000; revised 2012).
func FitPrior(groups []Tally) (Prior, error) {
	var pooled Tally
	distinct := make(map[Tally]int)
	sizes := make([]int, 0, len(groups))
	for i, g := range groups {
		if err := g.Validate(); err != nil {
			return Prior{}, fmt.Errorf("group %d: %w", i, err)
		}
		if g.N() == 0 {
			continue
		}
		if err := pooled.Merge(g); err != nil {
			return Prior{}, fmt.Errorf("group %d: %w", i, err)
		}
		distinct[g]++
		sizes = append(sizes, g.N())
	}
	if len(sizes) == 0 {
		return Prior{}, fmt.Errorf("%w: no group has responses to fit a prior to", ErrNoResponses)
	}
	n := float64(pooled.N())
	m := [3]float64{
		(float64(pooled.Promoters) + 0.5) / (n + 1.5),
		(float64(pooled.Passives) + 0.5) / (n + 1.5),
		(float64(pooled.Detractors) + 0.5) / (n + 1.5),
	}
	slices.Sort(sizes)
	median := float64(sizes[len(sizes)/2])
	if len(sizes)%2 == 0 {
		median = (median + float64(sizes[len(sizes)/2-1])) / 2
	}
	hi := min(maxPriorStrength, max(10, priorStrengthPerResponse*median))
	a := hi
	if len(sizes) >= 2 {
		a = fitPrecision(distinct, m, minPriorStrength, hi)
	}
	return Prior{
		Promoters:  max(a*m[0], minPriorComponent),
		Passives:   max(a*m[1], minPriorComponent),
		Detractors: max(a*m[2], minPriorComponent),
	}, nil
}

// fitPrecision maximises the Dirichlet-multinomial profile likelihood in
// the precision A over [lo, hi] by bisection in log A on the sign of its
// derivative; see [FitPrior]. groups maps each distinct tally to how often
// it occurs.
func fitPrecision(groups map[Tally]int, m [3]float64, lo, hi float64) float64 {
	deriv := func(a float64) float64 {
		psiA := mathext.Digamma(a)
		var psiM [3]float64
		for k := range 3 {
			psiM[k] = mathext.Digamma(a * m[k])
		}
		s := 0.0
		for t, w := range groups {
			c := [3]float64{float64(t.Promoters), float64(t.Passives), float64(t.Detractors)}
			g := psiA - mathext.Digamma(c[0]+c[1]+c[2]+a)
			for k := range 3 {
				if c[k] > 0 {
					g += m[k] * (mathext.Digamma(c[k]+a*m[k]) - psiM[k])
				}
			}
			s += float64(w) * g
		}
		return s
	}
	if deriv(hi) >= 0 {
		return hi // no overdispersion: the maximum is at or beyond the cap
	}
	if deriv(lo) <= 0 {
		return lo
	}
	l, h := math.Log(lo), math.Log(hi)
	for h-l > 1e-6 {
		mid := (l + h) / 2
		if deriv(math.Exp(mid)) > 0 {
			l = mid
		} else {
			h = mid
		}
	}
	return math.Exp((l + h) / 2)
}

// Standing says how an employee's loyalty score stands against the team's,
// for a leader who must see who is doing well and who is not without
// mistaking noise for performance. The zero value is
// [StandingInsufficient].
type Standing int

// Standings, from no verdict to credibly above the team.
const (
	// StandingInsufficient: too few responses or too wide an interval to
	// rank; shown as "insufficient data", never at the bottom.
	StandingInsufficient Standing = iota
	// StandingBelow: credibly below the team score.
	StandingBelow
	// StandingTypical: not credibly different from the team score.
	StandingTypical
	// StandingAbove: credibly above the team score.
	StandingAbove
)

var standingNames = [...]string{"insufficient-data", "below", "typical", "above"}

// String returns "insufficient-data", "below", "typical" or "above", or
// "Standing(n)" for an unknown value.
func (s Standing) String() string {
	if s >= 0 && int(s) < len(standingNames) {
		return standingNames[s]
	}
	return fmt.Sprintf("Standing(%d)", int(s))
}

// MarshalText implements [encoding.TextMarshaler] with the String form; an
// unknown value is an error wrapping [ErrInvalidArgument].
func (s Standing) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(standingNames) {
		return nil, argError("standing %d", int(s))
	}
	return []byte(standingNames[s]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler], reading the String
// form; an unknown name is an error wrapping [ErrInvalidArgument].
func (s *Standing) UnmarshalText(b []byte) error {
	i := slices.Index(standingNames[:], string(b))
	if i < 0 {
		return argError("unknown standing %q", b)
	}
	*s = Standing(i)
	return nil
}

// EmployeeScore is one employee's loyalty performance: the raw score with
// its interval for transparency, and the shrunk score, credible interval,
// standing and rank probabilities that [RankEmployees] bases its verdicts
// on. Scores are in points.
type EmployeeScore struct {
	Employee string       `json:"employee"`
	N        int          `json:"n"`     // responses
	Tally    Tally        `json:"tally"` // category counts
	Dist     Distribution `json:"dist"`  // 0–10 counts
	// NPS is the raw score; Interval its Tango interval at the ranking
	// level. Both are zero when N = 0.
	NPS      float64  `json:"nps"`
	Interval Interval `json:"interval"`
	// ShareTop2 is the share (0–1) of 9s and 10s and ShareTens that of 10s
	// ("up towards the 10"); zero when N = 0.
	ShareTop2 float64 `json:"share_top2"`
	ShareTens float64 `json:"share_tens"`
	// Shrunk is the posterior mean under the prior: the raw score pulled
	// towards the team's, the more the fewer responses there are. Credible
	// is the equal-tailed posterior interval at the ranking level (its
	// Estimate is the raw score).
	Shrunk   float64  `json:"shrunk"`
	Credible Interval `json:"credible"`
	// ProbTopQuarter and ProbBottomQuarter are the posterior probabilities
	// of being among the top or bottom ⌈k/4⌉ of the k ranked employees;
	// zero for an insufficient employee, who takes no part.
	ProbTopQuarter    float64 `json:"prob_top_quarter"`
	ProbBottomQuarter float64 `json:"prob_bottom_quarter"`
	// ProbAboveTeam is the posterior P(NPS > team NPS) behind Standing; zero
	// for an insufficient employee.
	ProbAboveTeam float64  `json:"prob_above_team"`
	Standing      Standing `json:"standing"`
	Insufficient  bool     `json:"insufficient"`
}

// RankingOptions configures [RankEmployees]. The zero value (with a
// Source) gives the defaults of the domain model.
type RankingOptions struct {
	// Level is the credibility for a verdict, in (0.5, 1); 0 means 0.9.
	// Above needs P(NPS > team) ≥ Level, Below P(NPS > team) ≤ 1 − Level.
	// It is also the level of both intervals.
	Level float64
	// MinResponses is the fewest responses an employee needs to be ranked;
	// 0 means 10.
	MinResponses int
	// MaxWidth is the widest raw (Tango) interval, in points, at Level that
	// still allows ranking; 0 means 40.
	MaxWidth float64
	// Prior is the Dirichlet prior for the shrunk scores; nil means one
	// fitted by [FitPrior] to all employees (Jeffreys' when none has a
	// response).
	Prior *Prior
	// Draws is the number of joint posterior draws for the quarter
	// probabilities, 0 means 4000; at most 10⁶. With 4000 draws a
	// probability's Monte Carlo standard error is at most 0.008.
	Draws int
	// Source is the random source for the quarter probabilities. It is
	// required, so results are reproducible; nil is an error wrapping
	// [ErrInvalidArgument]. Each call consumes numbers from it.
	Source rand.Source
}

const (
	defaultRankingLevel = 0.9
	defaultMinResponses = 10
	defaultMaxWidth     = 40
	defaultDraws        = 4000
	maxDraws            = 1_000_000
)

func (o RankingOptions) withDefaults() (RankingOptions, error) {
	var err error
	if o.Level, err = verdictLevel(o.Level, "ranking level"); err != nil {
		return o, err
	}
	switch {
	case o.MinResponses == 0:
		o.MinResponses = defaultMinResponses
	case o.MinResponses < 0:
		return o, argError("minimum responses %d is negative", o.MinResponses)
	}
	switch {
	case o.MaxWidth == 0:
		o.MaxWidth = defaultMaxWidth
	case !(o.MaxWidth > 0):
		return o, argError("maximum interval width %v (want a positive number of points)", o.MaxWidth)
	}
	if o.Draws, err = checkDraws(o.Draws); err != nil {
		return o, err
	}
	if o.Prior != nil {
		if err := o.Prior.Validate(); err != nil {
			return o, err
		}
	}
	if o.Source == nil {
		return o, argError("employee ranking needs a random source")
	}
	return o, nil
}

func verdictLevel(level float64, what string) (float64, error) {
	if level == 0 {
		return defaultRankingLevel, nil
	}
	if !(level > 0.5 && level < 1) {
		return 0, fmt.Errorf("%w: %s %v (want (0.5, 1))", ErrInvalidLevel, what, level)
	}
	return level, nil
}

func checkDraws(d int) (int, error) {
	switch {
	case d == 0:
		return defaultDraws, nil
	case d < 0 || d > maxDraws:
		return 0, argError("posterior draws %d (want 1 to %d, or 0 for %d)", d, maxDraws, defaultDraws)
	}
	return d, nil
}

// RankEmployees scores every employee and ranks those with enough data,
// honestly: raw scores of employees with few responses are mostly noise, so
// the ranking uses scores shrunk towards the team, and employees without
// enough data are set apart instead of being put at the bottom.
//
// Each employee's shares get the Dirichlet posterior under opts.Prior (by
// default fitted to all employees by [FitPrior], i.e. empirical Bayes), and
// Shrunk is its mean (see [Posterior]). An employee with fewer than
// MinResponses responses, or whose raw Tango interval at Level is wider
// than MaxWidth points, is Insufficient with [StandingInsufficient]. The
// others are compared with the team score, the pooled raw NPS of all
// employees' responses, treated as fixed (it rests on far more responses
// than any one employee's; a response credited to several employees
// counts once for each): Standing is [StandingAbove] when the exact
// posterior P(NPS > team) ≥ Level, [StandingBelow] when it is ≤ 1 − Level,
// else [StandingTypical].
//
// ProbTopQuarter and ProbBottomQuarter come from Draws joint draws of the
// ranked employees' posteriors (each Dirichlet drawn as normalised gamma
// variates, Marsaglia & Tsang 2000): in each draw the k ranked employees
// are sorted and the top and bottom ⌈k/4⌉ counted. It takes O(k) memory and
// O(Draws·k·log k) time. With k < 4 the quarters overlap (one employee is
// in both).
//
// The result lists the ranked employees by Shrunk, highest first (ties by
// name), then the insufficient ones by name. A negative count or overflow
// in a distribution is an error naming the employee; invalid options are
// errors wrapping [ErrInvalidArgument] or [ErrInvalidLevel]. An empty map
// gives an empty result.
//
// Source: G. Marsaglia and W. W. Tsang, "A simple method for generating
// gamma variables", ACM TOMS 26(3):363–372 (2000).
func RankEmployees(byEmployee map[string]Distribution, opts RankingOptions) ([]EmployeeScore, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(byEmployee))
	scores := make([]EmployeeScore, len(names))
	tallies := make([]Tally, len(names))
	var team Tally
	for i, name := range names {
		d := byEmployee[name]
		t, err := d.Tally()
		if err != nil {
			return nil, fmt.Errorf("employee %q: %w", name, err)
		}
		if err := team.Merge(t); err != nil {
			return nil, fmt.Errorf("employee %q: %w", name, err)
		}
		tallies[i] = t
		scores[i] = EmployeeScore{Employee: name, N: t.N(), Tally: t, Dist: d}
	}
	prior := JeffreysPrior()
	if opts.Prior != nil {
		prior = opts.Prior.orJeffreys()
	} else if p, err := FitPrior(tallies); err == nil {
		prior = p
	} else if !errors.Is(err, ErrNoResponses) {
		return nil, err
	}
	teamNPS := 0.0
	if team.N() > 0 {
		teamNPS = 100 * float64(team.Promoters-team.Detractors) / float64(team.N())
	}
	var ranked []int
	for i := range scores {
		if err := scores[i].score(prior, teamNPS, opts); err != nil {
			return nil, err
		}
		if !scores[i].Insufficient {
			ranked = append(ranked, i)
		}
	}
	quarterProbs(scores, ranked, prior, opts.Draws, rand.New(opts.Source))
	slices.SortFunc(scores, func(a, b EmployeeScore) int {
		if a.Insufficient != b.Insufficient {
			if a.Insufficient {
				return 1
			}
			return -1
		}
		if !a.Insufficient {
			if c := cmp.Compare(b.Shrunk, a.Shrunk); c != 0 {
				return c
			}
		}
		return strings.Compare(a.Employee, b.Employee)
	})
	return scores, nil
}

// score fills in everything but the quarter probabilities.
func (s *EmployeeScore) score(prior Prior, teamNPS float64, opts RankingOptions) error {
	t := s.Tally
	po, err := t.Posterior(prior)
	if err != nil {
		return fmt.Errorf("employee %q: %w", s.Employee, err)
	}
	s.Shrunk = po.Mean()
	if s.Credible, err = po.Interval(opts.Level); err != nil {
		return err
	}
	s.Standing, s.Insufficient = StandingInsufficient, true
	if s.N == 0 {
		return nil
	}
	n := float64(s.N)
	s.NPS = 100 * float64(t.Promoters-t.Detractors) / n
	s.ShareTop2 = float64(t.Promoters) / n
	s.ShareTens = float64(s.Dist[MaxRating]) / n
	if s.Interval, err = t.Interval(opts.Level, Tango); err != nil {
		return fmt.Errorf("employee %q: %w", s.Employee, err)
	}
	if s.N < opts.MinResponses || s.Interval.Upper-s.Interval.Lower > opts.MaxWidth {
		return nil
	}
	s.Insufficient = false
	s.ProbAboveTeam = po.ProbAbove(teamNPS)
	switch {
	case s.ProbAboveTeam >= opts.Level:
		s.Standing = StandingAbove
	case s.ProbAboveTeam <= 1-opts.Level:
		s.Standing = StandingBelow
	default:
		s.Standing = StandingTypical
	}
	return nil
}

// quarterProbs estimates, by joint posterior draws, how often each ranked
// employee falls in the top and bottom quarter; see [RankEmployees].
func quarterProbs(scores []EmployeeScore, ranked []int, prior Prior, draws int, rng *rand.Rand) {
	k := len(ranked)
	if k == 0 {
		return
	}
	q := (k + 3) / 4
	alpha := make([][3]float64, k)
	for j, i := range ranked {
		t := scores[i].Tally
		alpha[j] = [3]float64{float64(t.Promoters) + prior.Promoters,
			float64(t.Passives) + prior.Passives, float64(t.Detractors) + prior.Detractors}
	}
	vals := make([]float64, k)
	order := make([]int, k)
	top := make([]int, k)
	bottom := make([]int, k)
	byVal := func(a, b int) int { return cmp.Compare(vals[b], vals[a]) }
	for range draws {
		for j := range alpha {
			vals[j] = drawNPS(rng, alpha[j])
			order[j] = j
		}
		slices.SortFunc(order, byVal)
		for _, j := range order[:q] {
			top[j]++
		}
		for _, j := range order[k-q:] {
			bottom[j]++
		}
	}
	for j, i := range ranked {
		scores[i].ProbTopQuarter = float64(top[j]) / float64(draws)
		scores[i].ProbBottomQuarter = float64(bottom[j]) / float64(draws)
	}
}

// drawNPS draws the NPS on the unit scale from Dirichlet(a): normalised
// independent Gamma(aₖ, 1) variates. At least one aₖ must be ≥ 1 or the
// draw may be NaN (every gamma underflowing to 0).
func drawNPS(rng *rand.Rand, a [3]float64) float64 {
	p, m, d := gammaDraw(rng, a[0]), gammaDraw(rng, a[1]), gammaDraw(rng, a[2])
	return (p - d) / (p + m + d)
}

// gammaDraw draws from Gamma(a, 1) for a > 0 by Marsaglia and Tsang's
// squeeze method; for a < 1 it uses Gamma(a) = Gamma(a + 1)·U^(1/a).
func gammaDraw(rng *rand.Rand, a float64) float64 {
	boost := 1.0
	if a < 1 {
		boost = math.Pow(rng.Float64(), 1/a)
		a++
	}
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return boost * d * v
		}
	}
}

// SignalKind says whether a [Signal] is for recognition or for coaching.
type SignalKind int

// Signal kinds. The zero SignalKind is invalid.
const (
	// SignalProgress: the employee's score credibly improved; give them the
	// recognition they are owed.
	SignalProgress SignalKind = iota + 1
	// SignalCoaching: the employee's score credibly declined; the
	// detractors' comments and touchpoints show where it goes wrong.
	SignalCoaching
)

// String returns "progress" or "coaching", or "SignalKind(n)".
func (k SignalKind) String() string {
	switch k {
	case SignalProgress:
		return "progress"
	case SignalCoaching:
		return "coaching"
	}
	return fmt.Sprintf("SignalKind(%d)", int(k))
}

// MarshalText implements [encoding.TextMarshaler] with the String form; an
// unknown kind is an error wrapping [ErrInvalidArgument].
func (k SignalKind) MarshalText() ([]byte, error) {
	if k != SignalProgress && k != SignalCoaching {
		return nil, argError("signal kind %d", int(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler], reading the String
// form; an unknown name is an error wrapping [ErrInvalidArgument].
func (k *SignalKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "progress":
		*k = SignalProgress
	case "coaching":
		*k = SignalCoaching
	default:
		return argError("unknown signal kind %q", b)
	}
	return nil
}

// Signal reports an employee whose score changed credibly between two
// periods: progress to recognise or a decline to coach. Diff and Interval
// are in points.
type Signal struct {
	Employee string     `json:"employee"`
	Kind     SignalKind `json:"kind"`
	From     Tally      `json:"from"` // the earlier period
	To       Tally      `json:"to"`   // the later period
	// ProbImproved is the posterior P(NPS_after > NPS_before).
	ProbImproved float64 `json:"prob_improved"`
	// Diff is the raw change NPS_after − NPS_before and Interval its
	// MOVER-Tango interval (see [DiffInterval]) at the options' Level.
	Diff     float64  `json:"diff"`
	Interval Interval `json:"interval"`
	// Touchpoints and Comments are the distinct touchpoints and non-empty
	// comments of the later period's detractors (ratings 0–6), most
	// frequent first (ties alphabetical).
	Touchpoints []string `json:"touchpoints,omitempty"`
	Comments    []string `json:"comments,omitempty"`
}

// SignalOptions configures [EmployeeSignals].
type SignalOptions struct {
	// Threshold is the posterior probability of improvement, in (0.5, 1),
	// that makes a progress signal (a coaching signal at 1 − Threshold or
	// less); 0 means 0.9.
	Threshold float64
	// Level is the level of the difference interval, in (0.5, 1); 0 means
	// 0.9.
	Level float64
	// MinResponses is the fewest responses an employee needs in each
	// period for a signal; 0 means 10. Below it a posterior can look
	// decisive on a handful of answers (two detractors, then two
	// promoters), which is no ground for praise or coaching.
	MinResponses int
	// Prior is the Dirichlet prior of both periods; nil means
	// [JeffreysPrior]. A prior fitted with [FitPrior] shrinks both periods
	// towards the team and makes signals rarer and safer.
	Prior *Prior
	// Draws is the number of posterior draws behind ProbImproved; 0 means
	// 4000, at most 10⁶. Near a threshold of 0.9 its Monte Carlo standard
	// error is about 0.005.
	Draws int
	// Source is the random source; it is required (nil is an error
	// wrapping [ErrInvalidArgument]).
	Source rand.Source
}

// EmployeeSignals finds employees whose score changed credibly between
// two periods, so a leader can recognise progress and coach a decline.
//
// For every employee with at least MinResponses responses in both before
// and after, the two
// periods get independent Dirichlet posteriors under the prior, and
// ProbImproved = P(NPS_after > NPS_before) is estimated from Draws joint
// draws (gamma variates, as in [RankEmployees]). A probability ≥ Threshold
// is a [SignalProgress], ≤ 1 − Threshold a [SignalCoaching]; nothing is
// reported in between. This is the domain model's default rule; the MOVER
// interval in Interval is given for display and agrees with it in all but
// borderline cases. detractors[employee] holds the later period's
// responses for the employee; those rated 0–6 supply the signal's
// Touchpoints and Comments (others are ignored).
//
// Signals are ordered progress first, each kind by strength (the most
// certain first), ties by name. Invalid distributions and options are
// errors as in [RankEmployees].
func EmployeeSignals(before, after map[string]Distribution, detractors map[string][]Response, opts SignalOptions) ([]Signal, error) {
	threshold, err := verdictLevel(opts.Threshold, "signal threshold")
	if err != nil {
		return nil, err
	}
	level, err := verdictLevel(opts.Level, "signal interval level")
	if err != nil {
		return nil, err
	}
	draws, err := checkDraws(opts.Draws)
	if err != nil {
		return nil, err
	}
	prior := JeffreysPrior()
	if opts.Prior != nil {
		if err := opts.Prior.Validate(); err != nil {
			return nil, err
		}
		prior = opts.Prior.orJeffreys()
	}
	if opts.Source == nil {
		return nil, argError("employee signals need a random source")
	}
	minN := opts.MinResponses
	switch {
	case minN == 0:
		minN = defaultMinResponses
	case minN < 0:
		return nil, argError("minimum responses %d is negative", minN)
	}
	rng := rand.New(opts.Source)
	var signals []Signal
	for _, name := range slices.Sorted(maps.Keys(after)) {
		from, err := tallyOf(before, name)
		if err != nil {
			return nil, err
		}
		to, err := tallyOf(after, name)
		if err != nil {
			return nil, err
		}
		if from.N() < minN || to.N() < minN {
			continue
		}
		a0 := [3]float64{float64(from.Promoters) + prior.Promoters,
			float64(from.Passives) + prior.Passives, float64(from.Detractors) + prior.Detractors}
		a1 := [3]float64{float64(to.Promoters) + prior.Promoters,
			float64(to.Passives) + prior.Passives, float64(to.Detractors) + prior.Detractors}
		up := 0
		for range draws {
			if drawNPS(rng, a1) > drawNPS(rng, a0) {
				up++
			}
		}
		p := float64(up) / float64(draws)
		var kind SignalKind
		switch {
		case p >= threshold:
			kind = SignalProgress
		case p <= 1-threshold:
			kind = SignalCoaching
		default:
			continue
		}
		iv, err := DiffInterval(to, from, level, Tango)
		if err != nil {
			return nil, fmt.Errorf("employee %q: %w", name, err)
		}
		s := Signal{Employee: name, Kind: kind, From: from, To: to, ProbImproved: p,
			Diff: iv.Estimate, Interval: iv}
		var tps, comments []string
		for _, r := range detractors[name] {
			if r.Rating.Category() != Detractor {
				continue
			}
			tps = append(tps, r.Touchpoint)
			comments = append(comments, r.Comment)
		}
		s.Touchpoints, s.Comments = byFrequency(tps), byFrequency(comments)
		signals = append(signals, s)
	}
	slices.SortFunc(signals, func(a, b Signal) int {
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if c := cmp.Compare(math.Abs(b.ProbImproved-0.5), math.Abs(a.ProbImproved-0.5)); c != 0 {
			return c
		}
		return strings.Compare(a.Employee, b.Employee)
	})
	return signals, nil
}

func tallyOf(m map[string]Distribution, name string) (Tally, error) {
	t, err := m[name].Tally()
	if err != nil {
		return Tally{}, fmt.Errorf("employee %q: %w", name, err)
	}
	return t, nil
}

// byFrequency returns the distinct non-empty strings of xs, most frequent
// first, ties in lexical order; nil if there are none.
func byFrequency(xs []string) []string {
	counts := make(map[string]int)
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			counts[x]++
		}
	}
	if len(counts) == 0 {
		return nil
	}
	out := slices.Collect(maps.Keys(counts))
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}
