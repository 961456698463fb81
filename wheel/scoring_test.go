package wheel

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// na marks "not applicable" in the answer maps of these tests.
const na = -1

// t975 are Student's t quantiles at 0.975 by degrees of freedom.
var t975 = map[int]float64{2: 4.302652729749464, 4: 2.776445105197793}

func ratings(kv map[string]int) map[string]Answer {
	if kv == nil {
		return nil
	}
	out := make(map[string]Answer, len(kv))
	for k, v := range kv {
		if v == na {
			out[k] = NA
		} else {
			out[k] = Rated(v)
		}
	}
	return out
}

func resp(a Assessment, id string, role Role, unit string, kv map[string]int) Response {
	return Response{Assessment: a.ID, Respondent: id, Role: role, Unit: unit, Answers: ratings(kv)}
}

// miniAssessment is a two-stage framework: stage A with a1 (items i1 and
// reverse-coded i2) and a2 (i3), stage B with b1 (i4, i5).
func miniAssessment() Assessment {
	return Assessment{
		ID: "mini-1",
		Framework: Framework{
			ID: "mini", Name: "Mini",
			Stages:     []StageInfo{{ID: "A", Label: "Stage A"}, {ID: "B", Label: "Stage B"}},
			Dimensions: []Dimension{{ID: "a1", Stage: "A"}, {ID: "a2", Stage: "A"}, {ID: "b1", Stage: "B"}},
		},
		Items: []Item{
			{ID: "i1", Dimension: "a1"},
			{ID: "i2", Dimension: "a1", Reverse: true},
			{ID: "i3", Dimension: "a2"},
			{ID: "i4", Dimension: "b1"},
			{ID: "i5", Dimension: "b1"},
		},
	}
}

// miniResponses: x(a1) = 5, 4, 3; x(a2) = 4, 2, 5; x(b1) = 3.5, 5, 2.
func miniResponses(a Assessment) []Response {
	return []Response{
		resp(a, "r1", Employee, "", map[string]int{"i1": 5, "i2": 1, "i3": 4, "i4": 3, "i5": 4}),
		resp(a, "r2", Employee, "", map[string]int{"i1": 4, "i2": 2, "i3": 2, "i4": na, "i5": 5}),
		resp(a, "r3", Employee, "", map[string]int{"i1": 3, "i2": na, "i3": 5, "i4": 2, "i5": 2}),
	}
}

func dim(t *testing.T, s Scores, id string) DimensionScore {
	t.Helper()
	for _, d := range s.Dimensions {
		if d.Dimension == id {
			return d
		}
	}
	t.Fatalf("no dimension %s in %s", id, s.Group)
	return DimensionScore{}
}

func stage(t *testing.T, s Scores, id string) StageScore {
	t.Helper()
	for _, st := range s.Stages {
		if st.Stage == id {
			return st
		}
	}
	t.Fatalf("no stage %s in %s", id, s.Group)
	return StageScore{}
}

func TestScoreHandComputed(t *testing.T) {
	a := miniAssessment()
	res, err := Score(a, miniResponses(a), Options{MinGroup: 3})
	require.NoError(t, err)
	all := res.All
	require.True(t, all.Published)
	assert.Equal(t, 3, all.N)
	assert.Equal(t, "mini-1", res.Assessment)
	assert.Equal(t, "mini", res.Framework)
	assert.Equal(t, Scale{Min: 1, Max: 5}, res.Scale)
	assert.Equal(t, Options{MinAnswered: 0.5, Level: 0.95, Bands: Bands{Developing: 50, Strong: 75}, MinGroup: 3}, res.Options)

	// a1: 5, 4, 3 (i2 reverse-coded; r3 answered 1 of 2 items, enough).
	a1 := dim(t, all, "a1")
	h := t975[2] * 1 / math.Sqrt(3)
	assert.Equal(t, "A", a1.Stage)
	assert.Equal(t, 3, a1.N)
	assert.InDelta(t, 4, a1.Mean, 1e-12)
	assert.InDelta(t, 4-h, a1.Lower, 1e-9)
	assert.InDelta(t, 5, a1.Upper, 1e-12, "clamped to the scale")
	assert.InDelta(t, 75, a1.Score, 1e-12)
	assert.InDelta(t, 25*(3-h), a1.ScoreLower, 1e-9)
	assert.InDelta(t, 100, a1.ScoreUpper, 1e-12)
	assert.InDelta(t, 25/math.Sqrt(3), a1.StdErr, 1e-12)
	assert.InDelta(t, 4.0/5, a1.Favourable, 1e-12, "5, 5, 4, 4, 3 after reverse coding")
	assert.Equal(t, Strong, a1.Band)
	assert.Zero(t, a1.Quadrant)

	a2 := dim(t, all, "a2")
	sd2 := math.Sqrt(7.0 / 3)
	assert.InDelta(t, 11.0/3, a2.Mean, 1e-12)
	assert.InDelta(t, 200.0/3, a2.Score, 1e-12)
	assert.InDelta(t, 25*sd2/math.Sqrt(3), a2.StdErr, 1e-12)
	assert.InDelta(t, math.Max(1, 11.0/3-t975[2]*sd2/math.Sqrt(3)), a2.Lower, 1e-9)
	assert.InDelta(t, 2.0/3, a2.Favourable, 1e-12)
	assert.Equal(t, Developing, a2.Band)

	b1 := dim(t, all, "b1")
	assert.InDelta(t, 3.5, b1.Mean, 1e-12)
	assert.InDelta(t, 62.5, b1.Score, 1e-12)
	assert.InDelta(t, 2.0/5, b1.Favourable, 1e-12)

	// Stages: unweighted means of the dimension scores; N and StdErr from
	// the respondents' own stage scores (87.5, 50, 75 and 62.5, 100, 25).
	sa := stage(t, all, "A")
	assert.InDelta(t, (75+200.0/3)/2, sa.Score, 1e-12)
	assert.Equal(t, Developing, sa.Band)
	assert.Equal(t, 3, sa.N)
	assert.InDelta(t, math.Sqrt(4375)/6, sa.StdErr, 1e-12, "s² = 4375/12")
	assert.True(t, math.IsNaN(sa.Alpha), "only r1 and r2 answered all of A's items: fewer than k")
	assert.Equal(t, 2, sa.AlphaN)
	sb := stage(t, all, "B")
	assert.InDelta(t, 62.5, sb.Score, 1e-12)
	assert.InDelta(t, 37.5/math.Sqrt(3), sb.StdErr, 1e-12)

	// Overall: the mean of the stage scores; respondents' own overall
	// scores 75, 75, 50.
	assert.InDelta(t, ((75+200.0/3)/2+62.5)/2, all.Overall, 1e-12)
	assert.Equal(t, Developing, all.OverallBand)
	assert.Equal(t, 3, all.OverallN)
	assert.InDelta(t, 25/math.Sqrt(3)/math.Sqrt(3), all.OverallStdErr, 1e-12)
	assert.InDelta(t, 8.0/13, all.Favourable, 1e-12, "13 valid answers, 8 in the top two boxes")

	// Everyone is an employee: that group is everyone, and no one else.
	require.Len(t, res.Roles, 1)
	assert.Equal(t, Group{Role: Employee}, res.Roles[0].Group)
	assert.True(t, res.Roles[0].Published)
	assert.Empty(t, res.Units)
	assert.Empty(t, res.RoleGaps)
}

// wheelAssessment has one item per strategy of the wheel.
func wheelAssessment() Assessment {
	a := Assessment{ID: "wheel-1", Framework: InternalMarketingWheel()}
	for _, s := range Strategies() {
		a.Items = append(a.Items, Item{ID: "q" + s.ID(), Dimension: s.ID()})
	}
	return a
}

// byStage answers every item of a stage (by stage ID) alike.
func byStage(a Assessment, id string, role Role, unit string, v map[string]int) Response {
	kv := map[string]int{}
	for _, it := range a.Items {
		d, _ := a.Framework.Dimension(it.Dimension)
		if x, ok := v[d.Stage]; ok {
			kv[it.ID] = x
		}
	}
	return resp(a, id, role, unit, kv)
}

func TestScoreWheel(t *testing.T) {
	a := wheelAssessment()
	rs := []Response{
		byStage(a, "r1", Employee, "", map[string]int{"hire": 5, "develop": 3, "support": 2, "retain": 5}),
		byStage(a, "r2", Employee, "", map[string]int{"hire": 4, "develop": 3, "support": 2, "retain": 5}),
		byStage(a, "r3", Employee, "", map[string]int{"hire": 3, "develop": 3, "support": 2, "retain": 4}),
	}
	res, err := Score(a, rs, Options{MinGroup: 3})
	require.NoError(t, err)
	require.Len(t, res.All.Dimensions, 12)
	require.Len(t, res.All.Stages, 4)
	want := []struct {
		id    string
		score float64
		band  Band
		alpha float64
	}{
		{"hire", 75, Strong, 1}, // identical items: α = 3/2·(1 − 3/9)
		{"develop", 50, Developing, math.NaN()},
		{"support", 25, Weak, math.NaN()},
		{"retain", 275.0 / 3, Strong, 1},
	}
	for i, w := range want {
		st := res.All.Stages[i]
		assert.Equal(t, w.id, st.Stage)
		assert.InDelta(t, w.score, st.Score, 1e-12, w.id)
		assert.Equal(t, w.band, st.Band, w.id)
		assert.Equal(t, 3, st.AlphaN)
		if math.IsNaN(w.alpha) {
			assert.True(t, math.IsNaN(st.Alpha), "%s: no variance", w.id)
		} else {
			assert.InDelta(t, w.alpha, st.Alpha, 1e-12, w.id)
		}
	}
	assert.InDelta(t, (75+50+25+275.0/3)/4, res.All.Overall, 1e-12)
	assert.Equal(t, Developing, res.All.OverallBand)
	for i, d := range res.All.Dimensions {
		assert.Equal(t, Strategy(i+1).ID(), d.Dimension, "framework order")
	}
	assert.Equal(t, 0.0, res.All.Stages[1].StdErr, "develop: no spread")
}

func TestScoreReverseCoding(t *testing.T) {
	tests := []struct {
		name  string
		scale Scale
		v     int
		want  float64 // the mean on the scale
	}{
		{"1–5", Scale{}, 2, 4},
		{"1–5 middle", Scale{Min: 1, Max: 5}, 3, 3},
		{"1–7", Scale{Min: 1, Max: 7}, 2, 6},
		{"0–10", Scale{Min: 0, Max: 10}, 0, 10},
		{"0–10 top", Scale{Min: 0, Max: 10}, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assessment{ID: "rev", Framework: ServiceCultureParameters(), Scale: tt.scale,
				Items: []Item{{ID: "q", Dimension: "culture", Reverse: true}}}
			var rs []Response
			for i := range 3 {
				rs = append(rs, resp(a, fmt.Sprint("r", i), Employee, "", map[string]int{"q": tt.v}))
			}
			res, err := Score(a, rs, Options{MinGroup: 3})
			require.NoError(t, err)
			d := dim(t, res.All, "culture")
			assert.InDelta(t, tt.want, d.Mean, 1e-12)
			assert.InDelta(t, a.Scale.Normalise(tt.want), d.Score, 1e-12)
		})
	}
}

func TestScoreMinimumAnswered(t *testing.T) {
	tests := []struct {
		name        string
		items       int
		minAnswered float64
		answers     []int // per item, na for "not applicable", 0 for missing
		defined     bool
		mean        float64
	}{
		{"half of 2: 1 answer", 2, 0, []int{4, 0}, true, 4},
		{"half of 2: none", 2, 0, []int{na, 0}, false, 0},
		{"half of 3: 2 needed", 3, 0, []int{4, na, 0}, false, 0},
		{"half of 3: 2 answers", 3, 0, []int{4, 2, na}, true, 3},
		{"all of 3", 3, 1, []int{4, 2, na}, false, 0},
		{"all of 3 answered", 3, 1, []int{4, 2, 3}, true, 3},
		{"0.7 of 10: 7 needed, not 8", 10, 0.7, []int{5, 5, 5, 5, 5, 5, 5, na, na, na}, true, 5},
		{"0.7 of 10: 6 too few", 10, 0.7, []int{5, 5, 5, 5, 5, 5, na, na, na, 0}, false, 0},
		{"a tiny share still needs 1", 4, 0.01, []int{na, na, na, 1}, true, 1},
		{"NA does not count as a value", 2, 0, []int{na, 5}, true, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assessment{ID: "min", Framework: ServiceCultureParameters()}
			for i := range tt.items {
				a.Items = append(a.Items, Item{ID: fmt.Sprint("q", i), Dimension: "culture"})
			}
			a.Items = append(a.Items, Item{ID: "other", Dimension: "leadership"})
			kv := map[string]int{"other": 3}
			for i, v := range tt.answers {
				if v != 0 {
					kv[fmt.Sprint("q", i)] = v
				}
			}
			rs := []Response{resp(a, "r0", Employee, "", kv)}
			for i := 1; i < 3; i++ {
				all := map[string]int{"other": 3}
				for j := range tt.items {
					all[fmt.Sprint("q", j)] = 3
				}
				rs = append(rs, resp(a, fmt.Sprint("r", i), Employee, "", all))
			}
			res, err := Score(a, rs, Options{MinGroup: 3, MinAnswered: tt.minAnswered})
			require.NoError(t, err)
			d := dim(t, res.All, "culture")
			if tt.defined {
				assert.Equal(t, 3, d.N)
				assert.InDelta(t, (tt.mean+6)/3, d.Mean, 1e-12)
			} else {
				assert.Equal(t, 2, d.N)
				assert.Equal(t, Band(0), d.Band, "fewer than k respondents: not scored")
			}
		})
	}
}

func TestScoreScales(t *testing.T) {
	tests := []struct {
		name       string
		scale      Scale
		values     []int
		score      float64
		favourable float64
	}{
		{"1–5", Scale{Min: 1, Max: 5}, []int{1, 3, 4, 5}, 100 * (13.0/4 - 1) / 4, 0.5},
		{"1–7", Scale{Min: 1, Max: 7}, []int{7, 6, 5, 1}, 100 * (19.0/4 - 1) / 6, 0.5},
		{"0–10", Scale{Min: 0, Max: 10}, []int{0, 8, 9, 10}, 100 * (27.0 / 4) / 10, 0.5},
		{"0–10 all top", Scale{Min: 0, Max: 10}, []int{9, 9, 10, 10}, 95, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assessment{ID: "s", Framework: ServiceCultureParameters(), Scale: tt.scale,
				Items: []Item{{ID: "q", Dimension: "culture"}}}
			var rs []Response
			for i, v := range tt.values {
				rs = append(rs, resp(a, fmt.Sprint("r", i), Employee, "", map[string]int{"q": v}))
			}
			res, err := Score(a, rs, Options{MinGroup: 3})
			require.NoError(t, err)
			d := dim(t, res.All, "culture")
			assert.InDelta(t, tt.score, d.Score, 1e-9)
			assert.InDelta(t, tt.favourable, d.Favourable, 1e-12)
			assert.InDelta(t, tt.favourable, res.All.Favourable, 1e-12)
			lo, hi := tt.scale.Range()
			assert.GreaterOrEqual(t, d.Lower, float64(lo))
			assert.LessOrEqual(t, d.Upper, float64(hi))
			// No stages: the overall index is the dimension mean.
			assert.Empty(t, res.All.Stages)
			assert.InDelta(t, tt.score, res.All.Overall, 1e-9)
		})
	}
}

func TestScoreWeights(t *testing.T) {
	a := miniAssessment()
	rs := miniResponses(a)
	res, err := Score(a, rs, Options{MinGroup: 3, Weights: map[string]float64{"a1": 0.75, "a2": 0.25}})
	require.NoError(t, err)
	sa := stage(t, res.All, "A")
	assert.InDelta(t, 0.75*75+0.25*200.0/3, sa.Score, 1e-12)
	// Own stage scores 93.75, 62.5, 62.5: s² = 325.5208…
	_, sd := scoreMeanSD([]float64{93.75, 62.5, 62.5})
	assert.InDelta(t, sd/math.Sqrt(3), sa.StdErr, 1e-12)
	assert.InDelta(t, 31.25/3, sa.StdErr, 1e-12)
	assert.InDelta(t, 62.5, stage(t, res.All, "B").Score, 1e-12, "an unweighted stage counts its dimensions alike")
	assert.Equal(t, map[string]float64{"a1": 0.75, "a2": 0.25}, res.Options.Weights)

	// A weight of 1 on a1 leaves a2 out of the stage score (though it is
	// still scored itself).
	res, err = Score(a, rs, Options{MinGroup: 3, Weights: map[string]float64{"a1": 1}})
	require.NoError(t, err)
	assert.InDelta(t, 75, stage(t, res.All, "A").Score, 1e-12)
	assert.InDelta(t, 200.0/3, dim(t, res.All, "a2").Score, 1e-12)

	// Weights are renormalised over the dimensions that have items.
	b := miniAssessment()
	b.Items = b.Items[:2:2]
	b.Items = append(b.Items, Item{ID: "i4", Dimension: "b1"}, Item{ID: "i5", Dimension: "b1"})
	for i := range rs {
		rs[i].Assessment = b.ID
		delete(rs[i].Answers, "i3")
	}
	res, err = Score(b, rs, Options{MinGroup: 3, Weights: map[string]float64{"a1": 0.4, "a2": 0.6}})
	require.NoError(t, err)
	assert.InDelta(t, 75, stage(t, res.All, "A").Score, 1e-12)
	for _, d := range res.All.Dimensions {
		assert.NotEqual(t, "a2", d.Dimension, "a dimension without items is left out")
	}

	// … but not onto dimensions that have no weight.
	_, err = Score(b, rs, Options{MinGroup: 3, Weights: map[string]float64{"a2": 1}})
	assert.ErrorIs(t, err, ErrInvalidOptions)

	// Without stages the weights cover the whole framework.
	c := Assessment{ID: "flat", Framework: ServiceCultureParameters(), Items: []Item{
		{ID: "q1", Dimension: "culture"}, {ID: "q2", Dimension: "leadership"},
	}}
	var flat []Response
	for i := range 3 {
		flat = append(flat, resp(c, fmt.Sprint("r", i), Employee, "", map[string]int{"q1": 5, "q2": 1}))
	}
	res, err = Score(c, flat, Options{MinGroup: 3, Weights: map[string]float64{"culture": 0.25, "leadership": 0.75}})
	require.NoError(t, err)
	assert.InDelta(t, 25, res.All.Overall, 1e-12)
	assert.Equal(t, Weak, res.All.OverallBand)
	assert.InDelta(t, 0, res.All.OverallStdErr, 1e-12)
}

func TestScoreBands(t *testing.T) {
	tests := []struct {
		name  string
		bands Bands
		value int // on 1–5, every respondent
		want  Band
	}{
		{"default, 3.0 is 50: developing", Bands{}, 3, Developing},
		{"default, 4.0 is 75: strong", Bands{}, 4, Strong},
		{"default, 2.0 is 25: weak", Bands{}, 2, Weak},
		{"custom 60/80, 50 is weak", Bands{Developing: 60, Strong: 80}, 3, Weak},
		{"custom 60/80, 75 is developing", Bands{Developing: 60, Strong: 80}, 4, Developing},
		{"custom 60/80, 100 is strong", Bands{Developing: 60, Strong: 80}, 5, Strong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := miniAssessment()
			var rs []Response
			for i := range 3 {
				rs = append(rs, resp(a, fmt.Sprint("r", i), Employee, "", map[string]int{
					"i1": tt.value, "i2": 6 - tt.value, "i3": tt.value, "i4": tt.value, "i5": tt.value}))
			}
			res, err := Score(a, rs, Options{MinGroup: 3, Bands: tt.bands})
			require.NoError(t, err)
			for _, d := range res.All.Dimensions {
				assert.Equal(t, tt.want, d.Band, d.Dimension)
			}
			for _, s := range res.All.Stages {
				assert.Equal(t, tt.want, s.Band, s.Stage)
			}
			assert.Equal(t, tt.want, res.All.OverallBand)
		})
	}
}

func TestScoreAlpha(t *testing.T) {
	// Item variances 5/3, 1/3, 2/3; sums 8, 13, 10, 13 with variance 6:
	// α = 3/2 · (1 − (8/3)/6) = 5/6.
	a := miniAssessment()
	a.Items = []Item{
		{ID: "i1", Dimension: "a1"},
		{ID: "i2", Dimension: "a1", Reverse: true},
		{ID: "i3", Dimension: "a2"},
		{ID: "i4", Dimension: "b1"},
	}
	rows := [][3]int{{2, 3, 3}, {4, 4, 5}, {3, 3, 4}, {5, 4, 4}}
	var rs []Response
	for i, v := range rows {
		rs = append(rs, resp(a, fmt.Sprint("r", i), Employee, "", map[string]int{"i1": v[0], "i2": 6 - v[1], "i3": v[2], "i4": 3}))
	}
	rs = append(rs, resp(a, "partial", Employee, "", map[string]int{"i1": 1, "i2": na, "i3": 1, "i4": 3}))
	res, err := Score(a, rs, Options{MinGroup: 3})
	require.NoError(t, err)
	sa := stage(t, res.All, "A")
	assert.InDelta(t, 5.0/6, sa.Alpha, 1e-12)
	assert.Equal(t, 4, sa.AlphaN, "the partial respondent is left out")
	sb := stage(t, res.All, "B")
	assert.True(t, math.IsNaN(sb.Alpha), "one item")
	assert.Equal(t, 5, sb.AlphaN)
}

func TestScoreQuadrants(t *testing.T) {
	a := Assessment{ID: "ipa", Framework: ServiceCultureParameters(), Items: []Item{
		{ID: "q1", Dimension: "culture"}, {ID: "q2", Dimension: "leadership"},
		{ID: "q3", Dimension: "recruitment"}, {ID: "q4", Dimension: "onboarding"},
		{ID: "q5", Dimension: "customer-focus"},
	}}
	// Performance 2, 5, 2, 5, 4; importance 5, 5, 1, 1 and none.
	var rs []Response
	for i := range 3 {
		r := resp(a, fmt.Sprint("r", i), Employee, "", map[string]int{"q1": 2, "q2": 5, "q3": 2, "q4": 5, "q5": 4})
		r.Importance = ratings(map[string]int{"culture": 5, "leadership": 5, "recruitment": 1, "onboarding": 1, "customer-focus": na})
		rs = append(rs, r)
	}
	res, err := Score(a, rs, Options{MinGroup: 3})
	require.NoError(t, err)
	want := map[string]Quadrant{
		"culture": ConcentrateHere, "leadership": KeepUpTheGoodWork,
		"recruitment": LowPriority, "onboarding": PossibleOverkill, "customer-focus": 0,
	}
	for id, q := range want {
		d := dim(t, res.All, id)
		assert.Equal(t, q, d.Quadrant, id)
	}
	c := dim(t, res.All, "culture")
	assert.Equal(t, 3, c.ImportanceN)
	assert.InDelta(t, 100, c.Importance, 1e-12)
	assert.InDelta(t, 25-100, c.Gap, 1e-12)
	cf := dim(t, res.All, "customer-focus")
	assert.Equal(t, 0, cf.ImportanceN)
	assert.Zero(t, cf.Gap)
}

func TestScoreRoleGaps(t *testing.T) {
	a := miniAssessment()
	mk := func(id string, role Role, a1, b1 int) Response {
		return resp(a, id, role, "", map[string]int{"i1": a1, "i2": 6 - a1, "i3": 3, "i4": b1, "i5": b1})
	}
	rs := []Response{
		mk("m1", Manager, 5, 3), mk("m2", Manager, 5, 4), mk("m3", Manager, 4, 5),
		mk("e1", Employee, 2, 3), mk("e2", Employee, 3, 4), mk("e3", Employee, 2, 5),
	}
	res, err := Score(a, rs, Options{MinGroup: 3})
	require.NoError(t, err)
	require.Len(t, res.Roles, 2)
	assert.Equal(t, Employee, res.Roles[0].Group.Role)
	assert.Equal(t, Manager, res.Roles[1].Group.Role)
	require.Len(t, res.RoleGaps, 3)

	// a1: managers 100, 100, 75; employees 25, 50, 25: equal variances
	// 625/3, Welch ν = 4.
	g := res.RoleGaps[0]
	assert.Equal(t, "a1", g.Dimension)
	assert.InDelta(t, 175.0/3, g.Gap, 1e-12)
	h := t975[4] * math.Sqrt(2*625.0/3/3)
	assert.InDelta(t, 175.0/3-h, g.Lower, 1e-9)
	assert.InDelta(t, 175.0/3+h, g.Upper, 1e-9)
	assert.True(t, g.Differs)

	// a2: everyone answered 3: no spread, no gap.
	g = res.RoleGaps[1]
	assert.Equal(t, "a2", g.Dimension)
	assert.Zero(t, g.Gap)
	assert.Zero(t, g.Lower)
	assert.False(t, g.Differs)

	// b1: the same answers in both groups.
	g = res.RoleGaps[2]
	assert.Zero(t, g.Gap)
	assert.Less(t, g.Lower, 0.0)
	assert.False(t, g.Differs)

	// Unequal spreads: Welch–Satterthwaite by hand.
	rs = append(rs, mk("e4", Employee, 1, 3))
	res, err = Score(a, rs, Options{MinGroup: 3})
	require.NoError(t, err)
	g = res.RoleGaps[0]
	m, sm := scoreMeanSD([]float64{100, 100, 75})
	e, se := scoreMeanSD([]float64{25, 50, 25, 0})
	vm, ve := sm*sm/3, se*se/4
	df := (vm + ve) * (vm + ve) / (vm*vm/2 + ve*ve/3)
	assert.InDelta(t, m-e, g.Gap, 1e-12)
	assert.InDelta(t, m-e-scoreTQuantile(0.95, df)*math.Sqrt(vm+ve), g.Lower, 1e-9)

	// With the managers withheld there is no comparison.
	res, err = Score(a, rs, Options{MinGroup: 4})
	require.NoError(t, err)
	assert.False(t, res.Roles[1].Published)
	assert.Empty(t, res.RoleGaps)
}

func TestScoreWithheldGroups(t *testing.T) {
	units := []Unit{{ID: "hq"}, {ID: "sales", Parent: "hq"}, {ID: "empty", Parent: "hq"}, {ID: "north", Parent: "sales"}}
	a := miniAssessment()
	a.Units = units
	kv := map[string]int{"i1": 4, "i2": 2, "i3": 4, "i4": 4, "i5": 4}
	var rs []Response
	add := func(n int, unit string, role Role) {
		for range n {
			rs = append(rs, resp(a, fmt.Sprint("r", len(rs)), role, unit, kv))
		}
	}

	t.Run("below minimum", func(t *testing.T) {
		rs = nil
		add(8, "hq", Employee)
		add(3, "sales", Employee)
		res, err := Score(a, rs, Options{})
		require.NoError(t, err)
		require.Len(t, res.Units, 2, "units without respondents are left out")
		assert.Equal(t, Group{Unit: "hq"}, res.Units[0].Group)
		assert.True(t, res.Units[0].Published)
		assert.Equal(t, 11, res.Units[0].N)
		s := res.Units[1]
		assert.Equal(t, Scores{Group: Group{Unit: "sales"}, N: 3, Reason: "below minimum"}, s)
		assert.True(t, res.All.Published)
	})

	t.Run("complementary", func(t *testing.T) {
		rs = nil
		add(2, "hq", Employee)
		add(5, "north", Employee)
		res, err := Score(a, rs, Options{})
		require.NoError(t, err)
		require.Len(t, res.Units, 3)
		// hq = sales ∪ 2 direct members: one of hq and sales must go, or
		// the 2 could be subtracted out; sales (= north) is the smaller.
		hq, sales, north := res.Units[0], res.Units[1], res.Units[2]
		assert.True(t, hq.Published)
		assert.False(t, sales.Published)
		assert.Equal(t, "complementary", sales.Reason)
		assert.False(t, north.Published)
		assert.Equal(t, 5, north.N)
		assert.Nil(t, north.Dimensions)
	})

	t.Run("everyone too few", func(t *testing.T) {
		rs = nil
		add(4, "", Employee)
		res, err := Score(a, rs, Options{})
		require.NoError(t, err)
		assert.Equal(t, Scores{N: 4, Reason: "below minimum"}, res.All)
		assert.Equal(t, Scores{Group: Group{Role: Employee}, N: 4, Reason: "below minimum"}, res.Roles[0])
	})

	t.Run("roles cut across units", func(t *testing.T) {
		rs = nil
		add(6, "hq", Employee)
		add(2, "hq", Manager)
		res, err := Score(a, rs, Options{})
		require.NoError(t, err)
		assert.True(t, res.All.Published)
		require.Len(t, res.Roles, 2)
		assert.Equal(t, "below minimum", res.Roles[1].Reason)
		// Employees = everyone minus 2 managers: withheld.
		assert.False(t, res.Roles[0].Published)
		assert.Equal(t, "complementary", res.Roles[0].Reason)
	})
}

func TestScoreSmallCellsWithinGroup(t *testing.T) {
	// Five respondents, but only two rate a2 and one b1: those scores rest
	// on fewer than k and are not shown; the stage they belong to is not
	// scored, nor the overall index.
	a := miniAssessment()
	var rs []Response
	for i := range 5 {
		kv := map[string]int{"i1": 4, "i2": 2, "i3": na, "i4": na}
		if i < 2 {
			kv["i3"] = 1 + i
		}
		if i == 0 {
			kv["i4"] = 5
		}
		r := resp(a, fmt.Sprint("r", i), Employee, "", kv)
		if i == 0 {
			r.Importance = ratings(map[string]int{"a1": 5})
		}
		rs = append(rs, r)
	}
	res, err := Score(a, rs, Options{})
	require.NoError(t, err)
	require.True(t, res.All.Published)
	assert.Equal(t, DimensionScore{Dimension: "a2", Stage: "A", N: 2}, dim(t, res.All, "a2"))
	assert.Equal(t, DimensionScore{Dimension: "b1", Stage: "B", N: 1}, dim(t, res.All, "b1"))
	a1 := dim(t, res.All, "a1")
	assert.Equal(t, Strong, a1.Band)
	assert.Equal(t, 1, a1.ImportanceN)
	assert.Zero(t, a1.Importance, "one importance rating is not shown")
	assert.Equal(t, Band(0), stage(t, res.All, "A").Band)
	assert.Zero(t, stage(t, res.All, "A").Score)
	assert.Equal(t, Band(0), res.All.OverallBand)
	assert.Zero(t, res.All.Overall)
	assert.Equal(t, 1, res.All.OverallN, "r0 has every dimension defined")
	assert.Zero(t, res.All.OverallStdErr)
}

func TestScoreDuplicatesAndOrder(t *testing.T) {
	a := miniAssessment()
	rs := miniResponses(a)
	want, err := Score(a, rs, Options{MinGroup: 3})
	require.NoError(t, err)

	// An identical copy counts once.
	got, err := Score(a, append(miniResponses(a), miniResponses(a)[1]), Options{MinGroup: 3})
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", got))

	// The order of the responses does not matter.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := miniResponses(a)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := Score(a, shuffled, Options{MinGroup: 3})
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", got))
	}

	// A different second response is an error.
	dup := miniResponses(a)[0]
	dup.Answers = ratings(map[string]int{"i1": 1})
	_, err = Score(a, append(miniResponses(a), dup), Options{MinGroup: 3})
	assert.ErrorIs(t, err, ErrDuplicateRespondent)
}

func TestScoreWarnings(t *testing.T) {
	a := Assessment{ID: "owners", Framework: ServiceCultureParameters(),
		Items:  []Item{{ID: "q", Dimension: "culture"}},
		Owners: map[string]string{"culture": "HR", "leadership": "CEO"}}
	var rs []Response
	for i := range 5 {
		rs = append(rs, resp(a, fmt.Sprint("r", i), Other, "", map[string]int{"q": 4}))
	}
	res, err := Score(a, rs, Options{})
	require.NoError(t, err)
	assert.Equal(t, a.Warnings(), res.Warnings)
	require.Len(t, res.Warnings, 1)
	require.Len(t, res.Roles, 1)
	assert.Equal(t, Other, res.Roles[0].Group.Role)
	require.Len(t, res.All.Dimensions, 1, "only dimensions with items")
}

func TestScoreErrors(t *testing.T) {
	good := func() (Assessment, []Response) {
		a := miniAssessment()
		a.Units = []Unit{{ID: "u"}}
		return a, miniResponses(a)
	}
	tests := []struct {
		name   string
		change func(*Assessment, *[]Response, *Options)
		want   error
	}{
		{"bad scale", func(a *Assessment, _ *[]Response, _ *Options) { a.Scale = Scale{Min: 1, Max: 4} }, ErrInvalidScale},
		{"no assessment ID", func(a *Assessment, _ *[]Response, _ *Options) { a.ID = "" }, ErrInvalidAssessment},
		{"item of unknown dimension", func(a *Assessment, _ *[]Response, _ *Options) { a.Items[0].Dimension = "zz" }, ErrUnknownDimension},
		{"invalid framework", func(a *Assessment, _ *[]Response, _ *Options) { a.Framework.Dimensions = nil }, ErrInvalidFramework},
		{"rating above the scale", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[1].Answers["i1"] = Rated(6) }, ErrInvalidRating},
		{"rating below the scale", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[1].Answers["i1"] = Rated(0) }, ErrInvalidRating},
		{"importance off the scale", func(_ *Assessment, rs *[]Response, _ *Options) {
			(*rs)[2].Importance = map[string]Answer{"a1": Rated(9)}
		}, ErrInvalidRating},
		{"unknown item", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[0].Answers["nope"] = Rated(3) }, ErrUnknownDimension},
		{"importance of unknown dimension", func(_ *Assessment, rs *[]Response, _ *Options) {
			(*rs)[0].Importance = map[string]Answer{"zz": Rated(3)}
		}, ErrUnknownDimension},
		{"no respondent", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[0].Respondent = "" }, ErrInvalidResponse},
		{"unknown role", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[0].Role = 0 }, ErrInvalidResponse},
		{"unknown unit", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[0].Unit = "x" }, ErrInvalidResponse},
		{"other assessment", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[0].Assessment = "x" }, ErrInvalidResponse},
		{"duplicate respondent", func(_ *Assessment, rs *[]Response, _ *Options) { (*rs)[2].Respondent = "r1" }, ErrDuplicateRespondent},
		{"no responses", func(_ *Assessment, rs *[]Response, _ *Options) { *rs = nil }, ErrEmptyAssessment},
		{"minimum group below 3", func(_ *Assessment, _ *[]Response, o *Options) { o.MinGroup = 2 }, ErrInvalidOptions},
		{"negative minimum group", func(_ *Assessment, _ *[]Response, o *Options) { o.MinGroup = -5 }, ErrInvalidOptions},
		{"level 1", func(_ *Assessment, _ *[]Response, o *Options) { o.Level = 1 }, ErrInvalidOptions},
		{"negative level", func(_ *Assessment, _ *[]Response, o *Options) { o.Level = -0.9 }, ErrInvalidOptions},
		{"NaN level", func(_ *Assessment, _ *[]Response, o *Options) { o.Level = math.NaN() }, ErrInvalidOptions},
		{"minimum answered above 1", func(_ *Assessment, _ *[]Response, o *Options) { o.MinAnswered = 1.5 }, ErrInvalidOptions},
		{"negative minimum answered", func(_ *Assessment, _ *[]Response, o *Options) { o.MinAnswered = -0.5 }, ErrInvalidOptions},
		{"bands out of order", func(_ *Assessment, _ *[]Response, o *Options) { o.Bands = Bands{Developing: 80, Strong: 60} }, ErrInvalidOptions},
		{"weights not summing to 1", func(_ *Assessment, _ *[]Response, o *Options) {
			o.Weights = map[string]float64{"a1": 0.5, "a2": 0.4}
		}, ErrInvalidOptions},
		{"weights just off 1", func(_ *Assessment, _ *[]Response, o *Options) {
			o.Weights = map[string]float64{"a1": 0.5, "a2": 0.5 + 1e-8}
		}, ErrInvalidOptions},
		{"weight of unknown dimension", func(_ *Assessment, _ *[]Response, o *Options) {
			o.Weights = map[string]float64{"a1": 1, "zz": 0}
		}, ErrInvalidOptions},
		{"negative weight", func(_ *Assessment, _ *[]Response, o *Options) {
			o.Weights = map[string]float64{"a1": 1.5, "a2": -0.5}
		}, ErrInvalidOptions},
		{"NaN weight", func(_ *Assessment, _ *[]Response, o *Options) {
			o.Weights = map[string]float64{"a1": math.NaN()}
		}, ErrInvalidOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, rs := good()
			opts := Options{MinGroup: 3}
			tt.change(&a, &rs, &opts)
			res, err := Score(a, rs, opts)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tt.want), "%v is not %v", err, tt.want)
			assert.Zero(t, res.Assessment)
		})
	}

	// The checks agree with Response.Check.
	a, rs := good()
	rs[1].Answers["i3"] = Rated(7)
	_, err := Score(a, rs, Options{MinGroup: 3})
	assert.Equal(t, rs[1].Check(a).Error(), err.Error())

	// Weights summing to 1 within rounding are fine.
	a, rs = good()
	_, err = Score(a, rs, Options{MinGroup: 3, Weights: map[string]float64{"a1": 0.1 + 0.2, "a2": 0.7}})
	assert.NoError(t, err)
}
