package wheel

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStrategies(t *testing.T) {
	ss := Strategies()
	require.Len(t, ss, 12)
	for i, s := range ss {
		assert.Equal(t, Stage(i/3+1), s.Stage())
		assert.Equal(t, i%3+1, s.Position())
		assert.NotEmpty(t, s.String())
		assert.NotEmpty(t, s.LabelDA())
	}
	assert.Equal(t, "2.2", EmpowerEmployees.ID())
	assert.Equal(t, "Measure and reward strong service performers", MeasureAndRewardStrongPerformers.String())
	assert.Equal(t, HireRightPeople, RetainBestPeople.Next(), "clockwise wraps")
	assert.Equal(t, DevelopPeople, HireRightPeople.Next())
	assert.False(t, Strategy(0).Valid())
	assert.Empty(t, Strategy(13).ID())
	assert.Equal(t, Stage(0), Strategy(13).Stage())
}

func TestBuiltInFrameworks(t *testing.T) {
	w := InternalMarketingWheel()
	require.NoError(t, w.Validate())
	assert.Len(t, w.Stages, 4)
	assert.Len(t, w.Dimensions, 12)
	assert.True(t, w.Ordered)
	d, ok := w.Dimension("4.3")
	require.True(t, ok)
	assert.Equal(t, "retain", d.Stage)

	p := ServiceCultureParameters()
	require.NoError(t, p.Validate())
	assert.Len(t, p.Dimensions, 8)
	assert.Empty(t, p.Stages)
	assert.True(t, p.SingleOwner)
}

func TestFrameworkValidate(t *testing.T) {
	base := func() Framework {
		return Framework{ID: "f", Stages: []StageInfo{{ID: "a"}}, Dimensions: []Dimension{{ID: "x", Stage: "a"}}}
	}
	tests := map[string]func(*Framework){
		"no id":               func(f *Framework) { f.ID = "" },
		"no dimensions":       func(f *Framework) { f.Dimensions = nil },
		"duplicate stage":     func(f *Framework) { f.Stages = append(f.Stages, StageInfo{ID: "a"}) },
		"empty stage":         func(f *Framework) { f.Stages = append(f.Stages, StageInfo{ID: "b"}) },
		"unknown stage":       func(f *Framework) { f.Dimensions[0].Stage = "z" },
		"duplicate dim":       func(f *Framework) { f.Dimensions = append(f.Dimensions, f.Dimensions[0]) },
		"stage without":       func(f *Framework) { f.Stages = nil },
		"dimension without":   func(f *Framework) { f.Dimensions[0].ID = "" },
		"stage without an id": func(f *Framework) { f.Stages[0].ID = "" },
	}
	require.NoError(t, func() error { f := base(); return f.Validate() }())
	for name, breakIt := range tests {
		f := base()
		breakIt(&f)
		assert.ErrorIs(t, f.Validate(), ErrInvalidFramework, name)
	}
}

func TestScaleAndAnswer(t *testing.T) {
	for _, s := range []Scale{{}, {Min: 1, Max: 5}, {Min: 1, Max: 7}, {Min: 0, Max: 10}} {
		assert.NoError(t, s.Validate(), "%v", s)
	}
	for _, s := range []Scale{{Min: 1, Max: 4}, {Min: 0, Max: 5}, {Min: 1, Max: 5, Labels: []string{"a"}}} {
		assert.ErrorIs(t, s.Validate(), ErrInvalidScale, "%v", s)
	}
	assert.Equal(t, 50.0, Scale{}.Normalise(3))
	assert.Equal(t, 4, Scale{}.TopTwo())
	assert.Equal(t, 9, Scale{Min: 0, Max: 10}.TopTwo())

	var as map[string]Answer
	require.NoError(t, json.Unmarshal([]byte(`{"a": 4, "b": "n/a"}`), &as))
	assert.Equal(t, map[string]Answer{"a": Rated(4), "b": NA}, as)
	b, err := json.Marshal(as)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a": 4, "b": "n/a"}`, string(b))
	for _, bad := range []string{`4.5`, `"4"`, `null`, `"na"`, `1e1`, `true`} {
		var a Answer
		assert.ErrorIs(t, json.Unmarshal([]byte(bad), &a), ErrInvalidRating, bad)
	}
}

func testAssessment() Assessment {
	return Assessment{
		ID: "a1", At: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Framework: InternalMarketingWheel(),
		Items: ExampleItems(), Units: []Unit{{ID: "co"}, {ID: "shop", Parent: "co"}},
	}
}

func TestAssessmentValidate(t *testing.T) {
	require.NoError(t, testAssessment().Validate())
	tests := []struct {
		name  string
		edit  func(*Assessment)
		error error
	}{
		{"no id", func(a *Assessment) { a.ID = "" }, ErrInvalidAssessment},
		{"no items", func(a *Assessment) { a.Items = nil }, ErrInvalidAssessment},
		{"duplicate item", func(a *Assessment) { a.Items = append(a.Items, a.Items[0]) }, ErrInvalidAssessment},
		{"unknown strategy", func(a *Assessment) { a.Items[0].Dimension = "5.1" }, ErrUnknownDimension},
		{"bad scale", func(a *Assessment) { a.Scale = Scale{Min: 2, Max: 6} }, ErrInvalidScale},
		{"bad framework", func(a *Assessment) { a.Framework.ID = "" }, ErrInvalidFramework},
		{"unit cycle", func(a *Assessment) { a.Units = []Unit{{ID: "a", Parent: "b"}, {ID: "b", Parent: "a"}} }, ErrInvalidAssessment},
		{"unknown parent", func(a *Assessment) { a.Units = []Unit{{ID: "a", Parent: "b"}} }, ErrInvalidAssessment},
		{"owner of unknown", func(a *Assessment) { a.Owners = map[string]string{"9.9": "x"} }, ErrUnknownDimension},
	}
	for _, tt := range tests {
		a := testAssessment()
		tt.edit(&a)
		assert.ErrorIs(t, a.Validate(), tt.error, tt.name)
	}
}

func TestResponseCheck(t *testing.T) {
	a := testAssessment()
	ok := Response{Assessment: "a1", Respondent: "r1", Role: Employee, Unit: "shop",
		Answers: map[string]Answer{"ex-1.1-a": Rated(5), "ex-2.2-a": NA}, Importance: map[string]Answer{"2.2": Rated(4)}}
	require.NoError(t, ok.Check(a))
	tests := []struct {
		name  string
		edit  func(*Response)
		error error
	}{
		{"other assessment", func(r *Response) { r.Assessment = "x" }, ErrInvalidResponse},
		{"no respondent", func(r *Response) { r.Respondent = "" }, ErrInvalidResponse},
		{"no role", func(r *Response) { r.Role = 0 }, ErrInvalidResponse},
		{"unknown unit", func(r *Response) { r.Unit = "moon" }, ErrInvalidResponse},
		{"unknown item", func(r *Response) { r.Answers = map[string]Answer{"zz": Rated(3)} }, ErrUnknownDimension},
		{"off the scale", func(r *Response) { r.Answers = map[string]Answer{"ex-1.1-a": Rated(6)} }, ErrInvalidRating},
		{"importance of unknown", func(r *Response) { r.Importance = map[string]Answer{"7.7": Rated(3)} }, ErrUnknownDimension},
		{"importance off scale", func(r *Response) { r.Importance = map[string]Answer{"1.1": Rated(0)} }, ErrInvalidRating},
	}
	for _, tt := range tests {
		r := ok.Clone()
		tt.edit(&r)
		assert.ErrorIs(t, r.Check(a), tt.error, tt.name)
	}
	assert.True(t, ok.Equal(ok.Clone()))
}

func TestWarningsSingleOwner(t *testing.T) {
	a := Assessment{ID: "p", Framework: ServiceCultureParameters(), Items: []Item{{ID: "i", Dimension: "culture"}},
		Owners: map[string]string{"culture": "ceo", "recruitment": "hr"}}
	require.NoError(t, a.Validate())
	w := a.Warnings()
	require.Len(t, w, 1)
	assert.Contains(t, w[0], "one accountable owner")
	a.Owners["recruitment"] = "ceo"
	assert.Empty(t, a.Warnings())
	assert.Empty(t, testAssessment().Warnings(), "the wheel may have several owners")
}

func TestRoleText(t *testing.T) {
	for _, r := range []Role{Employee, Manager, Other} {
		b, err := r.MarshalText()
		require.NoError(t, err)
		var back Role
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, r, back)
	}
	var r Role
	assert.ErrorIs(t, r.UnmarshalText([]byte("boss")), ErrInvalidResponse)
	_, err := Role(0).MarshalText()
	assert.ErrorIs(t, err, ErrInvalidResponse)
}

func TestAnswerJSONEscapes(t *testing.T) {
	var a Answer
	require.NoError(t, json.Unmarshal([]byte(`"n\/a"`), &a))
	assert.Equal(t, NA, a)
	assert.ErrorIs(t, a.UnmarshalJSON([]byte("\v5")), ErrInvalidRating)
}
