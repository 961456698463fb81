package wheel

import (
	"encoding/json"
	"maps"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roadmapWheelScores builds published scores of the wheel from twelve
// strategy scores (in textbook order); each stage scores the mean of its
// three, and every band follows the default cut-offs.
func roadmapWheelScores(dims [12]float64) Scores {
	s := Scores{Published: true, N: 20}
	var b Bands
	for i, st := range Strategies() {
		s.Dimensions = append(s.Dimensions, DimensionScore{Dimension: st.ID(), Stage: st.Stage().ID(), N: 20, Score: dims[i], Band: b.Of(dims[i])})
	}
	for st := HireRightPeople; st <= RetainBestPeople; st++ {
		k := 3 * (int(st) - 1)
		mean := (dims[k] + dims[k+1] + dims[k+2]) / 3
		s.Stages = append(s.Stages, StageScore{Stage: st.ID(), Score: mean, Band: b.Of(mean), N: 20})
		s.Overall += mean / 4
	}
	s.OverallBand = b.Of(s.Overall)
	return s
}

// roadmapExample: hire 70 (60 for 1.2), develop 48.3, support 85 (all at
// or above 75), retain 69.5 — within a point of hire.
var roadmapExample = [12]float64{70, 60, 80, 40, 55, 50, 80, 90, 85, 65, 78.5, 65}

// roadmapBrief keeps the fields a test compares.
type roadmapBrief struct {
	Rank      int
	Stage     string
	Dimension string
	Score     float64
	Maintain  bool
	Reason    string
}

func roadmapBriefs(steps []Step) []roadmapBrief {
	out := make([]roadmapBrief, len(steps))
	for i, s := range steps {
		out[i] = roadmapBrief{s.Rank, s.Stage, s.Dimension, math.Round(s.Score*100) / 100, s.Maintain, s.Reason}
	}
	return out
}

const (
	hireLabel    = "Hire the right people"
	developLabel = "Develop people to deliver service quality"
	supportLabel = "Provide needed support systems"
	retainLabel  = "Retain the best people"
)

func TestRoadmapWheel(t *testing.T) {
	f := InternalMarketingWheel()
	tests := []struct {
		name  string
		dims  [12]float64
		edit  func(*Scores)
		opts  RoadmapOptions
		steps []roadmapBrief
	}{
		{
			name: "weakest first with a tie broken clockwise",
			dims: roadmapExample,
			steps: []roadmapBrief{
				{1, "develop", "2.1", 40, false, "lowest stage (48.3); below target by 35.0 points"},
				{2, "develop", "2.3", 50, false, "lowest stage (48.3); below target by 25.0 points"},
				{3, "develop", "2.2", 55, false, "lowest stage (48.3); below target by 20.0 points"},
				{4, "hire", "1.2", 60, false, "2nd lowest stage (70.0), tied within 1 point with " + retainLabel + " and first clockwise; below target by 15.0 points"},
				{5, "hire", "1.1", 70, false, "2nd lowest stage (70.0), tied within 1 point with " + retainLabel + " and first clockwise; below target by 5.0 points"},
				{6, "retain", "4.1", 65, false, "3rd lowest stage (69.5); below target by 10.0 points"},
				{7, "retain", "4.3", 65, false, "3rd lowest stage (69.5); below target by 10.0 points"},
				{8, "support", "", 85, true, "4th lowest stage (85.0); maintain: all strategies at or above target"},
			},
		},
		{
			name: "a smaller tie lets the lower stage go first",
			dims: roadmapExample,
			opts: RoadmapOptions{Tie: 0.25},
			steps: []roadmapBrief{
				{1, "develop", "2.1", 40, false, "lowest stage (48.3); below target by 35.0 points"},
				{2, "develop", "2.3", 50, false, "lowest stage (48.3); below target by 25.0 points"},
				{3, "develop", "2.2", 55, false, "lowest stage (48.3); below target by 20.0 points"},
				{4, "retain", "4.1", 65, false, "2nd lowest stage (69.5); below target by 10.0 points"},
				{5, "retain", "4.3", 65, false, "2nd lowest stage (69.5); below target by 10.0 points"},
				{6, "hire", "1.2", 60, false, "3rd lowest stage (70.0); below target by 15.0 points"},
				{7, "hire", "1.1", 70, false, "3rd lowest stage (70.0); below target by 5.0 points"},
				{8, "support", "", 85, true, "4th lowest stage (85.0); maintain: all strategies at or above target"},
			},
		},
		{
			name: "a wider tie groups three stages",
			dims: roadmapExample,
			opts: RoadmapOptions{Tie: 2.5, Target: 50},
			steps: []roadmapBrief{
				{1, "develop", "2.1", 40, false, "lowest stage (48.3); below target by 10.0 points"},
				{2, "hire", "", 70, true, "2nd lowest stage (70.0), tied within 2.5 points with " + retainLabel + " and first clockwise; maintain: all strategies at or above target"},
				{3, "retain", "", 69.5, true, "3rd lowest stage (69.5); maintain: all strategies at or above target"},
				{4, "support", "", 85, true, "4th lowest stage (85.0); maintain: all strategies at or above target"},
			},
		},
		{
			name: "clockwise from the first stage below target",
			dims: roadmapExample,
			opts: RoadmapOptions{Policy: Clockwise},
			steps: []roadmapBrief{
				{1, "hire", "1.2", 60, false, "first stage below target (70.0); below target by 15.0 points"},
				{2, "hire", "1.1", 70, false, "first stage below target (70.0); below target by 5.0 points"},
				{3, "develop", "2.1", 40, false, "clockwise after " + hireLabel + "; below target by 35.0 points"},
				{4, "develop", "2.3", 50, false, "clockwise after " + hireLabel + "; below target by 25.0 points"},
				{5, "develop", "2.2", 55, false, "clockwise after " + hireLabel + "; below target by 20.0 points"},
				{6, "support", "", 85, true, "clockwise after " + developLabel + "; maintain: all strategies at or above target"},
				{7, "retain", "4.1", 65, false, "clockwise after " + supportLabel + "; below target by 10.0 points"},
				{8, "retain", "4.3", 65, false, "clockwise after " + supportLabel + "; below target by 10.0 points"},
			},
		},
		{
			name: "clockwise wraps round",
			dims: [12]float64{80, 80, 80, 60, 90, 90, 40, 50, 60, 100, 100, 100},
			opts: RoadmapOptions{Policy: Clockwise},
			steps: []roadmapBrief{
				{1, "support", "3.1", 40, false, "first stage below target (50.0); below target by 35.0 points"},
				{2, "support", "3.2", 50, false, "first stage below target (50.0); below target by 25.0 points"},
				{3, "support", "3.3", 60, false, "first stage below target (50.0); below target by 15.0 points"},
				{4, "retain", "", 100, true, "clockwise after " + supportLabel + "; maintain: all strategies at or above target"},
				{5, "hire", "", 80, true, "clockwise after " + retainLabel + "; maintain: all strategies at or above target"},
				{6, "develop", "2.1", 60, false, "clockwise after " + hireLabel + "; below target by 15.0 points"},
			},
		},
		{
			name: "clockwise with no stage below target starts at the first",
			dims: [12]float64{80, 80, 80, 60, 90, 90, 75, 75, 75, 100, 100, 100},
			opts: RoadmapOptions{Policy: Clockwise},
			steps: []roadmapBrief{
				{1, "hire", "", 80, true, "first stage (80.0); no stage below target; maintain: all strategies at or above target"},
				{2, "develop", "2.1", 60, false, "clockwise after " + hireLabel + "; below target by 15.0 points"},
				{3, "support", "", 75, true, "clockwise after " + developLabel + "; maintain: all strategies at or above target"},
				{4, "retain", "", 100, true, "clockwise after " + supportLabel + "; maintain: all strategies at or above target"},
			},
		},
		{
			name: "a stage at target still lists its strategy below target",
			dims: [12]float64{95, 90, 55, 80, 80, 80, 80, 80, 80, 80, 80, 80},
			steps: []roadmapBrief{
				{1, "hire", "1.3", 55, false, "lowest stage (80.0), tied within 1 point with " + developLabel + ", " + supportLabel + ", " + retainLabel + " and first clockwise; below target by 20.0 points"},
				{2, "develop", "", 80, true, "2nd lowest stage (80.0), tied within 1 point with " + supportLabel + ", " + retainLabel + " and first clockwise; maintain: all strategies at or above target"},
				{3, "support", "", 80, true, "3rd lowest stage (80.0), tied within 1 point with " + retainLabel + " and first clockwise; maintain: all strategies at or above target"},
				{4, "retain", "", 80, true, "4th lowest stage (80.0); maintain: all strategies at or above target"},
			},
		},
		{
			name: "unscored stages and strategies get no step",
			dims: roadmapExample,
			edit: func(s *Scores) {
				s.Stages[2].Band = 0 // support withheld
				s.Stages[1].Band = 0 // develop too
				s.Dimensions[0].Band = 0
				s.Dimensions[0].Score = math.NaN() // ignored when unscored
			},
			opts: RoadmapOptions{Policy: Clockwise},
			steps: []roadmapBrief{
				{1, "hire", "1.2", 60, false, "first stage below target (70.0); below target by 15.0 points"},
				{2, "retain", "4.1", 65, false, "clockwise after " + hireLabel + "; below target by 10.0 points"},
				{3, "retain", "4.3", 65, false, "clockwise after " + hireLabel + "; below target by 10.0 points"},
			},
		},
		{
			name: "nothing scored",
			dims: roadmapExample,
			edit: func(s *Scores) {
				for i := range s.Stages {
					s.Stages[i].Band = 0
				}
			},
			steps: []roadmapBrief{},
		},
		{
			name:  "stage scores missing",
			dims:  roadmapExample,
			edit:  func(s *Scores) { s.Stages = nil },
			steps: []roadmapBrief{},
		},
		{
			name: "target 100 keeps every strategy below it",
			dims: [12]float64{100, 99.5, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100},
			opts: RoadmapOptions{Target: 100, Policy: Clockwise},
			steps: []roadmapBrief{
				{1, "hire", "1.2", 99.5, false, "first stage below target (99.8); below target by 0.5 points"},
				{2, "develop", "", 100, true, "clockwise after " + hireLabel + "; maintain: all strategies at or above target"},
				{3, "support", "", 100, true, "clockwise after " + developLabel + "; maintain: all strategies at or above target"},
				{4, "retain", "", 100, true, "clockwise after " + supportLabel + "; maintain: all strategies at or above target"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := roadmapWheelScores(tc.dims)
			if tc.edit != nil {
				tc.edit(&s)
			}
			steps, err := Roadmap(f, s, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.steps, roadmapBriefs(steps))
		})
	}
}

func TestRoadmapStepFields(t *testing.T) {
	steps, err := Roadmap(InternalMarketingWheel(), roadmapWheelScores(roadmapExample), RoadmapOptions{})
	require.NoError(t, err)
	require.Len(t, steps, 8)
	assert.Equal(t, Step{
		Rank: 1, Stage: "develop", Dimension: "2.1", Label: "Train for technical and interactive skills",
		Score: 40, Band: Weak, Reason: "lowest stage (48.3); below target by 35.0 points",
	}, steps[0])
	m := steps[7]
	assert.Equal(t, "support", m.Stage)
	assert.Empty(t, m.Dimension)
	assert.Equal(t, supportLabel, m.Label, "a maintain step carries the stage's label")
	assert.Equal(t, Strong, m.Band)
	assert.True(t, m.Maintain)

	b, err := json.Marshal(steps[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"rank":1,"stage":"develop","dimension":"2.1","label":"Train for technical and interactive skills","score":40,"band":"weak","reason":"lowest stage (48.3); below target by 35.0 points"}`, string(b))
}

func TestRoadmapUnorderedStages(t *testing.T) {
	f := InternalMarketingWheel()
	f.Ordered = false
	steps, err := Roadmap(f, roadmapWheelScores(roadmapExample), RoadmapOptions{})
	require.NoError(t, err)
	assert.Equal(t, "2nd lowest stage (70.0), tied within 1 point with "+retainLabel+" and first in the framework's order; below target by 15.0 points", steps[3].Reason)
	_, err = Roadmap(f, roadmapWheelScores(roadmapExample), RoadmapOptions{Policy: Clockwise})
	require.ErrorIs(t, err, ErrInvalidOptions)
}

func TestRoadmapWithoutStages(t *testing.T) {
	f := ServiceCultureParameters()
	scores := map[string]float64{
		"business-acumen": 80, "culture": 60, "recruitment": 45, "onboarding": 60,
		"leadership": 90, "customer-focus": 75, "service-management": 74.95, "internal-communication": 0,
	}
	build := func(edit func(id string, d *DimensionScore)) Scores {
		s := Scores{Published: true, N: 30, Overall: 61, OverallBand: Developing}
		for _, d := range f.Dimensions {
			ds := DimensionScore{Dimension: d.ID, N: 30, Score: scores[d.ID], Band: Bands{}.Of(scores[d.ID])}
			if edit != nil {
				edit(d.ID, &ds)
			}
			s.Dimensions = append(s.Dimensions, ds)
		}
		return s
	}
	steps, err := Roadmap(f, build(func(id string, d *DimensionScore) {
		if id == "internal-communication" {
			d.Band = 0 // withheld
		}
	}), RoadmapOptions{})
	require.NoError(t, err)
	assert.Equal(t, []roadmapBrief{
		{1, "", "recruitment", 45, false, "weakest (45.0); below target by 30.0 points"},
		{2, "", "culture", 60, false, "2nd weakest (60.0); below target by 15.0 points"},
		{3, "", "onboarding", 60, false, "3rd weakest (60.0); below target by 15.0 points"},
		{4, "", "service-management", 74.95, false, "4th weakest (75.0); below target by less than 0.1 points"},
	}, roadmapBriefs(steps))
	assert.Equal(t, "Recruitment", steps[0].Label)

	steps, err = Roadmap(f, build(nil), RoadmapOptions{Target: 40})
	require.NoError(t, err)
	assert.Equal(t, []roadmapBrief{{1, "", "internal-communication", 0, false, "weakest (0.0); below target by 40.0 points"}}, roadmapBriefs(steps))

	steps, err = Roadmap(f, build(func(id string, d *DimensionScore) {
		if id == "internal-communication" {
			d.Band = 0
		}
	}), RoadmapOptions{Target: 40})
	require.NoError(t, err)
	assert.Equal(t, []Step{{Rank: 1, Label: f.Name, Score: 61, Band: Developing, Maintain: true, Reason: "maintain: all dimensions at or above target"}}, steps)

	steps, err = Roadmap(f, build(func(_ string, d *DimensionScore) { d.Band = 0 }), RoadmapOptions{})
	require.NoError(t, err)
	assert.Empty(t, steps)

	_, err = Roadmap(f, build(nil), RoadmapOptions{Policy: Clockwise})
	require.ErrorIs(t, err, ErrInvalidOptions)
	s := build(nil)
	s.Stages = []StageScore{{Stage: "hire", Score: 50, Band: Developing}}
	_, err = Roadmap(f, s, RoadmapOptions{})
	require.ErrorIs(t, err, ErrUnknownDimension, "a framework without stages has no stage scores")
}

func TestRoadmapErrors(t *testing.T) {
	wheel := InternalMarketingWheel()
	good := roadmapWheelScores(roadmapExample)
	tests := []struct {
		name string
		f    Framework
		edit func(*Scores)
		opts RoadmapOptions
		err  error
	}{
		{name: "invalid framework", f: Framework{ID: "x"}, err: ErrInvalidFramework},
		{name: "unpublished", edit: func(s *Scores) { *s = Scores{N: 3, Reason: "fewer than 5 respondents"} }, err: ErrInvalidOptions},
		{name: "unpublished without reason", edit: func(s *Scores) { s.Published = false }, err: ErrInvalidOptions},
		{name: "negative target", opts: RoadmapOptions{Target: -1}, err: ErrInvalidOptions},
		{name: "target above 100", opts: RoadmapOptions{Target: 100.5}, err: ErrInvalidOptions},
		{name: "NaN target", opts: RoadmapOptions{Target: math.NaN()}, err: ErrInvalidOptions},
		{name: "negative tie", opts: RoadmapOptions{Tie: -1}, err: ErrInvalidOptions},
		{name: "NaN tie", opts: RoadmapOptions{Tie: math.NaN()}, err: ErrInvalidOptions},
		{name: "infinite tie", opts: RoadmapOptions{Tie: math.Inf(1)}, err: ErrInvalidOptions},
		{name: "unknown policy", opts: RoadmapOptions{Policy: 2}, err: ErrInvalidOptions},
		{name: "clockwise without stages", f: ServiceCultureParameters(), edit: func(s *Scores) { s.Dimensions, s.Stages = nil, nil }, opts: RoadmapOptions{Policy: Clockwise}, err: ErrInvalidOptions},
		{name: "unknown dimension", edit: func(s *Scores) { s.Dimensions[3].Dimension = "9.9" }, err: ErrUnknownDimension},
		{name: "dimension twice", edit: func(s *Scores) { s.Dimensions[3].Dimension = "1.1" }, err: ErrUnknownDimension},
		{name: "unknown stage", edit: func(s *Scores) { s.Stages[1].Stage = "celebrate" }, err: ErrUnknownDimension},
		{name: "stage twice", edit: func(s *Scores) { s.Stages[1].Stage = "hire" }, err: ErrUnknownDimension},
		{name: "NaN dimension score", edit: func(s *Scores) { s.Dimensions[4].Score = math.NaN() }, err: ErrInvalidOptions},
		{name: "dimension score above 100", edit: func(s *Scores) { s.Dimensions[4].Score = 101 }, err: ErrInvalidOptions},
		{name: "negative dimension score", edit: func(s *Scores) { s.Dimensions[4].Score = -1 }, err: ErrInvalidOptions},
		{name: "infinite stage score", edit: func(s *Scores) { s.Stages[0].Score = math.Inf(-1) }, err: ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := wheel
			if tc.f.ID != "" {
				f = tc.f
			}
			s := roadmapWheelScores(roadmapExample)
			if tc.edit != nil {
				tc.edit(&s)
			}
			steps, err := Roadmap(f, s, tc.opts)
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, steps)
		})
	}
	_, err := Roadmap(wheel, Scores{Group: Group{Unit: "sales"}, Reason: "fewer than 5"}, RoadmapOptions{})
	assert.EqualError(t, err, "wheel: invalid options: the scores of unit sales are not published: fewer than 5; a roadmap needs published scores")
	_, err = Roadmap(wheel, good, RoadmapOptions{Target: 120})
	assert.EqualError(t, err, "wheel: invalid options: roadmap target 120 not in (0, 100]")
}

func TestPolicyText(t *testing.T) {
	assert.Equal(t, WeakestFirst, Policy(0), "weakest first is the default")
	for p, s := range map[Policy]string{WeakestFirst: "weakest-first", Clockwise: "clockwise"} {
		assert.True(t, p.Valid())
		assert.Equal(t, s, p.String())
		b, err := p.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, s, string(b))
		var q Policy
		require.NoError(t, q.UnmarshalText(b))
		assert.Equal(t, p, q)
	}
	assert.False(t, Policy(2).Valid())
	assert.Equal(t, "Policy(2)", Policy(2).String())
	_, err := Policy(2).MarshalText()
	require.ErrorIs(t, err, ErrInvalidOptions)
	var q Policy
	require.ErrorIs(t, q.UnmarshalText([]byte("random")), ErrInvalidOptions)

	b, err := json.Marshal(RoadmapOptions{Policy: Clockwise, Target: 80})
	require.NoError(t, err)
	assert.JSONEq(t, `{"policy":"clockwise","target":80}`, string(b))
	var o RoadmapOptions
	require.NoError(t, json.Unmarshal(b, &o))
	assert.Equal(t, RoadmapOptions{Policy: Clockwise, Target: 80}, o)
}

func TestRoadmapOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th", 112: "112th"} {
		assert.Equal(t, want, roadmapOrdinal(n), n)
	}
	assert.Equal(t, "lowest", roadmapLowest(1))
	assert.Equal(t, "3rd lowest", roadmapLowest(3))
	assert.Equal(t, "weakest", roadmapWeakest(1))
	assert.Equal(t, "2nd weakest", roadmapWeakest(2))
}

// roadmapWave scores a wave of six respondents answering one item per
// strategy of the wheel: base[s] + (−1, 0, 0, 0, 0, +1) on 1–5, so every
// strategy's standard deviation is √0.4 and its normalised standard error
// 25·√0.4/√6.
func roadmapWave(t *testing.T, id string, base map[string]int) Scores {
	t.Helper()
	a := Assessment{ID: id, Framework: InternalMarketingWheel()}
	for _, s := range Strategies() {
		a.Items = append(a.Items, Item{ID: "q" + s.ID(), Dimension: s.ID()})
	}
	var rs []Response
	for r, off := range []int{-1, 0, 0, 0, 0, 1} {
		answers := map[string]Answer{}
		for _, s := range Strategies() {
			answers["q"+s.ID()] = Rated(base[s.ID()] + off)
		}
		rs = append(rs, Response{Assessment: id, Respondent: "r" + strconv.Itoa(r), Role: Employee, Answers: answers})
	}
	res, err := Score(a, rs, Options{})
	require.NoError(t, err)
	require.True(t, res.All.Published)
	return res.All
}

func TestRoadmapAndCompareFromScore(t *testing.T) {
	spring := map[string]int{
		"1.1": 4, "1.2": 3, "1.3": 4, // hire 66.7
		"2.1": 2, "2.2": 3, "2.3": 3, // develop 41.7
		"3.1": 4, "3.2": 4, "3.3": 4, // support 75
		"4.1": 3, "4.2": 4, "4.3": 4, // retain 66.7, tied with hire
	}
	autumn := maps.Clone(spring)
	for _, id := range []string{"2.1", "2.2", "2.3"} {
		autumn[id]++
	}
	prev, curr := roadmapWave(t, "spring", spring), roadmapWave(t, "autumn", autumn)

	steps, err := Roadmap(InternalMarketingWheel(), prev, RoadmapOptions{})
	require.NoError(t, err)
	tied := ", tied within 1 point with " + retainLabel + " and first clockwise"
	assert.Equal(t, []roadmapBrief{
		{1, "develop", "2.1", 25, false, "lowest stage (41.7); below target by 50.0 points"},
		{2, "develop", "2.2", 50, false, "lowest stage (41.7); below target by 25.0 points"},
		{3, "develop", "2.3", 50, false, "lowest stage (41.7); below target by 25.0 points"},
		{4, "hire", "1.2", 50, false, "2nd lowest stage (66.7)" + tied + "; below target by 25.0 points"},
		{5, "retain", "4.1", 50, false, "3rd lowest stage (66.7); below target by 25.0 points"},
		{6, "support", "", 75, true, "4th lowest stage (75.0); maintain: all strategies at or above target"},
	}, roadmapBriefs(steps))

	changes, err := Compare(prev, curr, 0)
	require.NoError(t, err)
	require.Len(t, changes, 12+4+1)
	// Equal standard errors 25·√0.4/√6 and ν₁ = ν₂ = 5: ν = 10.
	const t975df10 = 2.228138852
	half := t975df10 * 25 * math.Sqrt(0.4) / math.Sqrt(6) * math.Sqrt2 // 20.3399
	for _, c := range changes {
		want, delta := NoClearChange, 0.0
		switch {
		case c.Level == "dimension" && c.ID[0] == '2', c.Level == "stage" && c.ID == "develop":
			want, delta = Improved, 25
		case c.Level == "overall":
			delta = 6.25
		}
		assert.Equal(t, want, c.Verdict, "%s %s", c.Level, c.ID)
		assert.Equal(t, [2]int{6, 6}, [2]int{c.PrevN, c.CurrN}, "%s %s", c.Level, c.ID)
		assert.InDelta(t, delta, c.Delta, 1e-9, "%s %s", c.Level, c.ID)
		assert.InDelta(t, delta-half, c.Lower, 1e-6, "%s %s", c.Level, c.ID)
		assert.InDelta(t, delta+half, c.Upper, 1e-6, "%s %s", c.Level, c.ID)
	}
}
