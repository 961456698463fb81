package nps

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// vendorLowerBound is the baseline rule of issue 3, published by a
// survey vendor: rank employees by NPS − 160/√n, with no value below 5
// responses. 160/√n is two standard errors at a per-respondent standard
// deviation of 0.8 (a Wald margin at a typical mix); ranking by a lower
// bound pushes every employee with few responses down, whatever their
// score. It is kept here only to show that RankEmployees does better.
func vendorLowerBound(t Tally) (float64, bool) {
	n := t.N()
	if n < 5 {
		return 0, false
	}
	return 100*float64(t.Promoters-t.Detractors)/float64(n) - 160/math.Sqrt(float64(n)), true
}

// drawTally draws n responses from the category shares s.
func drawTally(rng *rand.Rand, s [3]float64, n int) Tally {
	var t Tally
	for range n {
		switch u := rng.Float64(); {
		case u < s[0]:
			t.Promoters++
		case u < s[0]+s[1]:
			t.Passives++
		default:
			t.Detractors++
		}
	}
	return t
}

func drawShares(rng *rand.Rand, a [3]float64) [3]float64 {
	g := [3]float64{gammaDraw(rng, a[0]), gammaDraw(rng, a[1]), gammaDraw(rng, a[2])}
	s := g[0] + g[1] + g[2]
	return [3]float64{g[0] / s, g[1] / s, g[2] / s}
}

func TestGammaDrawMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, a := range []float64{0.05, 0.5, 1, 2.5, 40} {
		const n = 200_000
		var s, s2 float64
		for range n {
			x := gammaDraw(rng, a)
			if !(x >= 0) {
				t.Fatalf("Gamma(%v) draw %v", a, x)
			}
			s += x
			s2 += x * x
		}
		mean := s / n
		v := s2/n - mean*mean
		if math.Abs(mean-a) > 5*math.Sqrt(a/n) || math.Abs(v/a-1) > 0.05 {
			t.Errorf("Gamma(%v): mean %v, variance %v", a, mean, v)
		}
	}
}

func TestFitPriorRecoversPrior(t *testing.T) {
	cases := []struct {
		prior   [3]float64 // true Dirichlet parameters
		groups  int
		size    int
		strTol  float64 // relative tolerance on the strength A
		wantCap bool
	}{
		{[3]float64{10, 6, 4}, 2000, 40, 0.25, false},
		{[3]float64{1.5, 1, 2.5}, 2000, 30, 0.25, false},
		{[3]float64{90, 60, 50}, 3000, 60, 0.35, false},
	}
	for i, c := range cases {
		rng := rand.New(rand.NewPCG(uint64(i), 99))
		ts := make([]Tally, c.groups)
		for g := range ts {
			ts[g] = drawTally(rng, drawShares(rng, c.prior), c.size)
		}
		p, err := FitPrior(ts)
		if err != nil {
			t.Fatal(err)
		}
		A := c.prior[0] + c.prior[1] + c.prior[2]
		got := p.Promoters + p.Passives + p.Detractors
		for k, pk := range [3]float64{p.Promoters, p.Passives, p.Detractors} {
			if math.Abs(pk/got-c.prior[k]/A) > 0.01 {
				t.Errorf("case %d: mean share %d = %.4f, want %.4f", i, k, pk/got, c.prior[k]/A)
			}
		}
		if math.Abs(got/A-1) > c.strTol {
			t.Errorf("case %d: strength %.2f, want %.2f", i, got, A)
		}
	}
}

func TestFitPriorDegenerate(t *testing.T) {
	valid := func(t *testing.T, p Prior) {
		t.Helper()
		if err := p.Validate(); err != nil || p == (Prior{}) {
			t.Fatalf("invalid prior %v: %v", p, err)
		}
		for _, a := range [3]float64{p.Promoters, p.Passives, p.Detractors} {
			if a < minPriorComponent {
				t.Fatalf("component below the floor: %v", p)
			}
		}
	}
	strength := func(p Prior) float64 { return p.Promoters + p.Passives + p.Detractors }

	for _, in := range [][]Tally{nil, {}, {{}, {}}} {
		if _, err := FitPrior(in); !errors.Is(err, ErrNoResponses) {
			t.Errorf("FitPrior(%v): err = %v", in, err)
		}
	}
	if _, err := FitPrior([]Tally{{1, 2, 3}, {-1, 0, 0}}); !errors.Is(err, ErrNegativeCount) {
		t.Errorf("negative count: err = %v", err)
	}
	if _, err := FitPrior([]Tally{{math.MaxInt, 0, 0}, {1, 0, 0}}); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow: err = %v", err)
	}

	// One group: nothing to fit, the cap (10 × its size, at least 10).
	p, err := FitPrior([]Tally{{3, 1, 1}, {}})
	if err != nil {
		t.Fatal(err)
	}
	valid(t, p)
	if math.Abs(strength(p)-50) > 1e-9 {
		t.Errorf("one group: strength %v, want 50", strength(p))
	}
	// Identical groups: no overdispersion, so the cap.
	same := slices.Repeat([]Tally{{50, 30, 20}}, 30)
	if p, err = FitPrior(same); err != nil {
		t.Fatal(err)
	}
	valid(t, p)
	if math.Abs(strength(p)-maxPriorStrength) > 1e-9 {
		t.Errorf("identical groups: strength %v, want %v", strength(p), float64(maxPriorStrength))
	}
	// No detractors anywhere and unanimous groups: still a valid prior.
	for _, in := range [][]Tally{
		{{5, 0, 0}, {0, 5, 0}, {7, 1, 0}},
		{{1, 0, 0}, {0, 0, 1}},
		{{1_000_000_000, 0, 0}, {0, 0, 1_000_000_000}},
		{{1, 0, 0}, {1, 0, 0}},
	} {
		p, err := FitPrior(in)
		if err != nil {
			t.Fatalf("%v: %v", in, err)
		}
		valid(t, p)
	}
	// Extreme overdispersion: every group unanimous, half each way. The
	// fitted strength is small, so each group's data dominate.
	var polar []Tally
	for i := range 40 {
		if i%2 == 0 {
			polar = append(polar, Tally{Promoters: 20})
		} else {
			polar = append(polar, Tally{Detractors: 20})
		}
	}
	if p, err = FitPrior(polar); err != nil {
		t.Fatal(err)
	}
	valid(t, p)
	if strength(p) > 1 {
		t.Errorf("polarised groups: strength %v, want < 1", strength(p))
	}
}

func TestStandingText(t *testing.T) {
	for s := StandingInsufficient; s <= StandingAbove; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got Standing
		if err := got.UnmarshalText(b); err != nil || got != s || string(b) != s.String() {
			t.Errorf("%v: round trip %q → %v, %v", s, b, got, err)
		}
	}
	if _, err := Standing(9).MarshalText(); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("Standing(9): err = %v", err)
	}
	var s Standing
	if err := s.UnmarshalText([]byte("excellent")); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unknown standing: err = %v", err)
	}
	if Standing(-1).String() != "Standing(-1)" {
		t.Errorf("String of an unknown standing: %q", Standing(-1).String())
	}
	for _, k := range []SignalKind{SignalProgress, SignalCoaching} {
		b, err := k.MarshalText()
		var got SignalKind
		if err != nil || got.UnmarshalText(b) != nil || got != k {
			t.Errorf("%v: round trip %q → %v, %v", k, b, got, err)
		}
	}
	if _, err := SignalKind(0).MarshalText(); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("SignalKind(0): err = %v", err)
	}
	var k SignalKind
	if err := k.UnmarshalText([]byte("praise")); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unknown kind: err = %v", err)
	}
}

// dist spreads a tally over ratings 10 (promoters), 7 and 3.
func dist(p, m, d int) Distribution {
	var x Distribution
	x[10], x[7], x[3] = p, m, d
	return x
}

func checkOrder(t *testing.T, scores []EmployeeScore) {
	t.Helper()
	seenInsufficient := false
	for i, s := range scores {
		if s.Insufficient != (s.Standing == StandingInsufficient) {
			t.Fatalf("%s: Insufficient %v but standing %v", s.Employee, s.Insufficient, s.Standing)
		}
		if s.Insufficient {
			seenInsufficient = true
			if s.ProbTopQuarter != 0 || s.ProbBottomQuarter != 0 {
				t.Fatalf("%s: insufficient employee with quarter probabilities", s.Employee)
			}
			continue
		}
		if seenInsufficient {
			t.Fatalf("ranked employee %s listed after an insufficient one", s.Employee)
		}
		if i > 0 && scores[i-1].Shrunk < s.Shrunk {
			t.Fatalf("ranked list not sorted by shrunk score at %d", i)
		}
	}
}

func TestRankEmployees(t *testing.T) {
	in := map[string]Distribution{
		"ann":   dist(80, 15, 5),  // NPS 75, credibly above
		"bob":   dist(20, 30, 50), // NPS −30, credibly below
		"cid":   dist(45, 30, 25), // about the team
		"dee":   dist(46, 30, 24),
		"eve":   dist(3, 0, 0),    // 3 responses: insufficient
		"fay":   dist(6, 3, 3),    // 12 responses but a wide interval
		"gus":   {},               // no responses
		"hal":   dist(40, 35, 25), // about the team
		"ivy":   dist(55, 25, 20),
		"jo":    dist(38, 32, 30),
		"kim":   dist(50, 30, 20),
		"lou":   dist(41, 31, 28),
		"zed00": dist(1, 0, 1),
	}
	scores, err := RankEmployees(in, RankingOptions{Source: rand.NewPCG(1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != len(in) {
		t.Fatalf("%d scores for %d employees", len(scores), len(in))
	}
	checkOrder(t, scores)
	by := make(map[string]EmployeeScore)
	for _, s := range scores {
		by[s.Employee] = s
	}
	want := map[string]Standing{"ann": StandingAbove, "bob": StandingBelow, "cid": StandingTypical,
		"eve": StandingInsufficient, "fay": StandingInsufficient, "gus": StandingInsufficient,
		"zed00": StandingInsufficient}
	for name, st := range want {
		if by[name].Standing != st {
			t.Errorf("%s: standing %v, want %v", name, by[name].Standing, st)
		}
	}
	if scores[0].Employee != "ann" {
		t.Errorf("first is %s, want ann", scores[0].Employee)
	}
	// Insufficient employees come last, by name.
	tail := []string{"eve", "fay", "gus", "zed00"}
	for i, name := range tail {
		if got := scores[len(scores)-len(tail)+i].Employee; got != name {
			t.Errorf("insufficient position %d: %s, want %s", i, got, name)
		}
	}
	a := by["ann"]
	if a.N != 100 || a.NPS != 75 || a.ShareTop2 != 0.8 || a.ShareTens != 0.8 ||
		!a.Interval.Contains(75) || a.Interval.Level != 0.9 || !(a.Shrunk < 75) {
		t.Errorf("ann: %+v", a)
	}
	if g := by["gus"]; g.N != 0 || g.NPS != 0 || g.Interval != (Interval{}) {
		t.Errorf("gus: %+v", g)
	}
	// Exactly ⌈k/4⌉ employees are in each quarter in every draw.
	k := len(in) - len(tail)
	var top, bottom float64
	for _, s := range scores {
		top += s.ProbTopQuarter
		bottom += s.ProbBottomQuarter
	}
	if q := float64((k + 3) / 4); math.Abs(top-q) > 1e-9 || math.Abs(bottom-q) > 1e-9 {
		t.Errorf("quarter probabilities sum to %v and %v, want %v", top, bottom, q)
	}
	if a.ProbTopQuarter < 0.99 || by["bob"].ProbBottomQuarter < 0.99 {
		t.Errorf("ann top %v, bob bottom %v", a.ProbTopQuarter, by["bob"].ProbBottomQuarter)
	}
	// The same seed gives the same result.
	again, err := RankEmployees(in, RankingOptions{Source: rand.NewPCG(1, 2)})
	if err != nil || !slices.Equal(again, scores) {
		t.Error("ranking is not reproducible with the same seed")
	}
}

func TestRankEmployeesOptions(t *testing.T) {
	src := rand.NewPCG(1, 1)
	in := map[string]Distribution{"a": dist(5, 5, 5)}
	bad := []struct {
		opts RankingOptions
		want error
	}{
		{RankingOptions{}, ErrInvalidArgument},
		{RankingOptions{Source: src, Level: 0.5}, ErrInvalidLevel},
		{RankingOptions{Source: src, Level: 1}, ErrInvalidLevel},
		{RankingOptions{Source: src, Level: math.NaN()}, ErrInvalidLevel},
		{RankingOptions{Source: src, MinResponses: -1}, ErrInvalidArgument},
		{RankingOptions{Source: src, MaxWidth: -3}, ErrInvalidArgument},
		{RankingOptions{Source: src, MaxWidth: math.NaN()}, ErrInvalidArgument},
		{RankingOptions{Source: src, Draws: -1}, ErrInvalidArgument},
		{RankingOptions{Source: src, Draws: maxDraws + 1}, ErrInvalidArgument},
		{RankingOptions{Source: src, Prior: &Prior{1, -1, 1}}, ErrInvalidArgument},
	}
	for _, c := range bad {
		if _, err := RankEmployees(in, c.opts); !errors.Is(err, c.want) {
			t.Errorf("%+v: err = %v, want %v", c.opts, err, c.want)
		}
	}
	if _, err := RankEmployees(map[string]Distribution{"x": {-1}}, RankingOptions{Source: src}); !errors.Is(err, ErrNegativeCount) {
		t.Errorf("negative count: err = %v", err)
	}
	if got, err := RankEmployees(nil, RankingOptions{Source: src}); err != nil || len(got) != 0 {
		t.Errorf("empty map: %v, %v", got, err)
	}
	// Nobody has responses: Jeffreys' prior, everyone insufficient.
	got, err := RankEmployees(map[string]Distribution{"a": {}, "b": {}}, RankingOptions{Source: src})
	if err != nil || len(got) != 2 || !got[0].Insufficient || got[0].Shrunk != 0 {
		t.Errorf("no responses: %+v, %v", got, err)
	}
	// An explicit prior and loose gates rank everyone with data.
	p := UniformPrior()
	got, err = RankEmployees(map[string]Distribution{"a": dist(1, 0, 0), "b": dist(0, 0, 1), "c": {}},
		RankingOptions{Source: src, Prior: &p, MinResponses: 1, MaxWidth: 200, Draws: 100})
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, got)
	if got[0].Employee != "a" || got[0].Shrunk != 25 || got[1].Employee != "b" || !got[2].Insufficient {
		t.Errorf("loose gates: %+v", got)
	}
}

// TestRankingBeatsVendorRule simulates organisations of 40 employees with
// true shares scattered around a team mix and 3 to 60 responses each (most
// few), and counts the employees put in the wrong quarter by (a) the
// shrunk posterior mean under the fitted prior and (b) the vendor rule
// NPS − 160/√n. Both rank the employees the vendor rule can rank (n ≥ 5);
// their true quarters come from the true NPS among the same employees.
func TestRankingBeatsVendorRule(t *testing.T) {
	const (
		reps      = 200
		employees = 40
	)
	team := [3]float64{0.45, 0.35, 0.20}
	const spread = 12.0 // Dirichlet strength of the true shares around the team mix
	quarters := func(score []float64) []int {
		idx := make([]int, len(score))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case score[a] > score[b]:
				return -1
			case score[a] < score[b]:
				return 1
			}
			return 0
		})
		q := make([]int, len(score))
		for r, i := range idx {
			q[i] = r * 4 / len(score)
		}
		return q
	}
	var wrongShrunk, wrongVendor, wrongRaw, total int
	for rep := range reps {
		rng := rand.New(rand.NewPCG(uint64(rep), 2024))
		tallies := make([]Tally, employees)
		truth := make([]float64, employees)
		for i := range tallies {
			s := drawShares(rng, [3]float64{spread * team[0], spread * team[1], spread * team[2]})
			truth[i] = s[0] - s[2]
			u := rng.Float64()
			n := 3 + int(57*u*u) // 3..60, mostly small
			tallies[i] = drawTally(rng, s, n)
		}
		prior, err := FitPrior(tallies)
		if err != nil {
			t.Fatal(err)
		}
		var tr, shrunk, vendor, raw []float64
		for i, tl := range tallies {
			v, ok := vendorLowerBound(tl)
			if !ok {
				continue
			}
			po, err := tl.Posterior(prior)
			if err != nil {
				t.Fatal(err)
			}
			tr = append(tr, truth[i])
			shrunk = append(shrunk, po.Mean())
			vendor = append(vendor, v)
			raw = append(raw, float64(tl.Promoters-tl.Detractors)/float64(tl.N()))
		}
		qt, qs, qv, qr := quarters(tr), quarters(shrunk), quarters(vendor), quarters(raw)
		for i := range qt {
			total++
			if qs[i] != qt[i] {
				wrongShrunk++
			}
			if qv[i] != qt[i] {
				wrongVendor++
			}
			if qr[i] != qt[i] {
				wrongRaw++
			}
		}
	}
	rs := float64(wrongShrunk) / float64(total)
	rv := float64(wrongVendor) / float64(total)
	rr := float64(wrongRaw) / float64(total)
	t.Logf("wrong quarter over %d employee ranks: shrunk %.3f, vendor NPS−160/√n %.3f, raw NPS %.3f",
		total, rs, rv, rr)
	if !(rs < rv-0.03) {
		t.Errorf("shrunk ranking misclassifies %.3f, not clearly below the vendor rule's %.3f", rs, rv)
	}
}

func TestRankEmployeesNeverRanksInsufficient(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for rep := range 20 {
		in := make(map[string]Distribution)
		for i := range 25 {
			var d Distribution
			n := rng.IntN(80)
			for range n {
				d[rng.IntN(11)]++
			}
			in[string(rune('a'+i))+string(rune('a'+rep))] = d
		}
		scores, err := RankEmployees(in, RankingOptions{Source: rand.NewPCG(uint64(rep), 1), Draws: 200})
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, scores)
		for _, s := range scores {
			if !s.Insufficient && (s.N < defaultMinResponses || s.Interval.Upper-s.Interval.Lower > defaultMaxWidth) {
				t.Fatalf("%s ranked with n=%d, interval %v", s.Employee, s.N, s.Interval)
			}
		}
	}
}

func TestEmployeeSignals(t *testing.T) {
	before := map[string]Distribution{
		"up":     dist(10, 20, 30),
		"down":   dist(40, 10, 5),
		"flat":   dist(20, 10, 10),
		"new":    {},
		"gone":   dist(5, 5, 5),
		"tiny":   dist(0, 0, 2),
		"downer": dist(30, 10, 5),
	}
	after := map[string]Distribution{
		"up":     dist(40, 15, 5),
		"down":   dist(10, 15, 30),
		"flat":   dist(21, 10, 10),
		"new":    dist(9, 0, 0),
		"tiny":   dist(2, 0, 0),
		"downer": dist(20, 10, 15),
	}
	det := map[string][]Response{
		"down": {
			{Rating: 2, Touchpoint: "phone", Comment: "long wait"},
			{Rating: 5, Touchpoint: "support", Comment: "rude"},
			{Rating: 3, Touchpoint: "phone", Comment: "long wait"},
			{Rating: 9, Touchpoint: "shop", Comment: "great"}, // not a detractor
			{Rating: 0, Touchpoint: "phone", Comment: " "},
		},
	}
	sig, err := EmployeeSignals(before, after, det, SignalOptions{Source: rand.NewPCG(4, 2)})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(sig))
	for i, s := range sig {
		names[i] = s.Employee
	}
	if !slices.Equal(names, []string{"up", "down", "downer"}) {
		t.Fatalf("signals for %v, want [up down downer]", names)
	}
	up, down := sig[0], sig[1]
	if up.Kind != SignalProgress || up.ProbImproved < 0.99 || up.Diff <= 0 || up.Interval.Lower <= 0 ||
		up.From != (Tally{10, 20, 30}) || up.To != (Tally{40, 15, 5}) {
		t.Errorf("up: %+v", up)
	}
	if down.Kind != SignalCoaching || down.ProbImproved > 0.01 || down.Diff >= 0 ||
		!slices.Equal(down.Touchpoints, []string{"phone", "support"}) ||
		!slices.Equal(down.Comments, []string{"long wait", "rude"}) {
		t.Errorf("down: %+v", down)
	}
	if sig[2].Kind != SignalCoaching || sig[2].Touchpoints != nil {
		t.Errorf("downer: %+v", sig[2])
	}
	// Two detractors, then two promoters: decisive only without the
	// minimum.
	sig, err = EmployeeSignals(before, after, det, SignalOptions{Source: rand.NewPCG(4, 2), MinResponses: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(sig, func(s Signal) bool { return s.Employee == "tiny" && s.Kind == SignalProgress }) {
		t.Errorf("MinResponses 1: no progress signal for tiny in %+v", sig)
	}
	for _, o := range []SignalOptions{
		{},
		{Source: rand.NewPCG(1, 1), Threshold: 0.3},
		{Source: rand.NewPCG(1, 1), Level: 2},
		{Source: rand.NewPCG(1, 1), Draws: -5},
		{Source: rand.NewPCG(1, 1), MinResponses: -1},
		{Source: rand.NewPCG(1, 1), Prior: &Prior{0, 1, 1}},
	} {
		if _, err := EmployeeSignals(before, after, nil, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := EmployeeSignals(map[string]Distribution{"x": {-2}}, map[string]Distribution{"x": dist(1, 1, 1)},
		nil, SignalOptions{Source: rand.NewPCG(1, 1), MinResponses: 1}); !errors.Is(err, ErrNegativeCount) {
		t.Errorf("negative count: err = %v", err)
	}
}

func FuzzRankEmployees(f *testing.F) {
	f.Add([]byte{0, 3, 9, 10, 1, 7, 2, 0, 0, 5}, uint16(50))
	f.Add([]byte{}, uint16(0))
	f.Add(slices.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0}, 20), uint16(7))
	f.Fuzz(func(t *testing.T, b []byte, draws uint16) {
		// Pairs of bytes: employee (low 3 bits of the first) and rating.
		in := make(map[string]Distribution)
		for i := 0; i+1 < len(b); i += 2 {
			name := string(rune('a' + b[i]%8))
			d := in[name]
			d[int(b[i+1])%11] += 1 + int(b[i]>>3)
			in[name] = d
		}
		opts := RankingOptions{Source: rand.NewPCG(uint64(len(b)), 1), Draws: int(draws%500) + 1}
		if draws%3 == 0 {
			opts.MinResponses, opts.MaxWidth = 1, 200
		}
		scores, err := RankEmployees(in, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(scores) != len(in) {
			t.Fatalf("%d scores for %d employees", len(scores), len(in))
		}
		checkOrder(t, scores)
		for _, s := range scores {
			for _, x := range []float64{s.Shrunk, s.ProbTopQuarter, s.ProbBottomQuarter, s.Credible.Lower, s.Credible.Upper} {
				if math.IsNaN(x) {
					t.Fatalf("%s: NaN in %+v", s.Employee, s)
				}
			}
		}
	})
}
