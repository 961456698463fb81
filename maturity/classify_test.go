package maturity

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassifyHersey(t *testing.T) {
	c := Classifier{}
	tests := []struct {
		comp, commit float64
		want         string
	}{
		{0.2, 0.3, "R1"}, {0.2, 0.8, "R2"}, {0.8, 0.2, "R3"}, {0.9, 0.9, "R4"},
		{0.5, 0.5, "R4"}, // the cut point counts as high
		{0.4999, 0.5, "R2"},
	}
	for _, tt := range tests {
		got, err := c.Classify(tt.comp, tt.commit, Classification{})
		require.NoError(t, err)
		assert.Equal(t, tt.want, got.Label(), "%v/%v", tt.comp, tt.commit)
	}
}

// The same input means different things in the two models.
func TestModelsDisagree(t *testing.T) {
	h, err := Classifier{Model: Hersey}.Classify(0.2, 0.9, Classification{})
	require.NoError(t, err)
	s, err := Classifier{Model: SLII}.Classify(0.2, 0.9, Classification{})
	require.NoError(t, err)
	assert.Equal(t, "R2", h.Label())
	assert.Equal(t, "S2 Selling", Recommend(h.Level).Label()+" "+Recommend(h.Level).Name(Hersey))
	assert.Equal(t, "D1", s.Label())
	assert.Equal(t, "S1 Directing", Recommend(s.Level).Label()+" "+Recommend(s.Level).Name(SLII))
}

func TestClassifySLIIGrid(t *testing.T) {
	c := Classifier{Model: SLII}
	scores := []float64{0.2, 0.5, 0.9} // low, moderate, high
	want := [3][3]string{{"D2", "D2", "D1"}, {"D2", "D3", "D3"}, {"D3", "D3", "D4"}}
	for i, comp := range scores {
		for j, commit := range scores {
			got, err := c.Classify(comp, commit, Classification{})
			require.NoError(t, err)
			assert.Equal(t, want[i][j], got.Label(), "competence %v, commitment %v", comp, commit)
		}
	}
}

// A score hovering at the cut point does not flip the level.
func TestHysteresis(t *testing.T) {
	c := Classifier{}
	prev, err := c.Classify(0.52, 0.8, Classification{})
	require.NoError(t, err)
	require.Equal(t, "R4", prev.Label())
	for _, comp := range []float64{0.48, 0.51, 0.46, 0.5} {
		got, err := c.Classify(comp, 0.8, prev)
		require.NoError(t, err)
		assert.Equal(t, "R4", got.Label(), "%v is within the margin", comp)
		prev = got
	}
	got, err := c.Classify(0.44, 0.8, prev)
	require.NoError(t, err)
	assert.Equal(t, "R2", got.Label(), "crossed by more than the margin")
	got, err = c.Classify(0.54, 0.8, got)
	require.NoError(t, err)
	assert.Equal(t, "R2", got.Label(), "coming back up needs 0.55")
	got, err = c.Classify(0.55, 0.8, got)
	require.NoError(t, err)
	assert.Equal(t, "R4", got.Label())

	off := Classifier{Thresholds: Thresholds{NoHysteresis: true}}
	got, err = off.Classify(0.49, 0.8, Classification{Model: Hersey, Level: 4, Competence: High, Commitment: High})
	require.NoError(t, err)
	assert.Equal(t, "R2", got.Label())

	// SLII: moderate → high needs 0.75.
	s := Classifier{Model: SLII}
	mod, err := s.Classify(0.6, 0.6, Classification{})
	require.NoError(t, err)
	got, err = s.Classify(0.72, 0.6, mod)
	require.NoError(t, err)
	assert.Equal(t, Moderate, got.Competence)
	got, err = s.Classify(0.76, 0.6, mod)
	require.NoError(t, err)
	assert.Equal(t, High, got.Competence)
}

func TestClassifyErrors(t *testing.T) {
	_, err := Classifier{}.Classify(1.2, 0.5, Classification{})
	require.ErrorIs(t, err, ErrInvalidScore)
	_, err = Classifier{Model: 7}.Classify(0.2, 0.5, Classification{})
	require.ErrorIs(t, err, ErrInvalidModel)
	for _, th := range []Thresholds{{Competence: 1.2}, {Commitment: -0.1}, {CompetenceSLII: [2]float64{0.7, 0.4}}, {Margin: 0.3}, {CommitmentSLII: [2]float64{0, 0.5}}} {
		_, err := Classifier{Thresholds: th}.Classify(0.2, 0.5, Classification{})
		assert.ErrorIs(t, err, ErrInvalidThresholds, "%+v", th)
	}
}

func TestLabelsNeverMix(t *testing.T) {
	l, err := ParseLevel(Hersey, "R3")
	require.NoError(t, err)
	assert.Equal(t, Level(3), l)
	_, err = ParseLevel(Hersey, "D3")
	require.ErrorIs(t, err, ErrInvalidModel)
	_, err = ParseLevel(SLII, "R3")
	require.ErrorIs(t, err, ErrInvalidModel)
	_, err = ParseLevel(SLII, "D5")
	require.ErrorIs(t, err, ErrInvalidModel)
	assert.Equal(t, "Participating", Style(3).Name(Hersey))
	assert.Equal(t, "Supporting", Style(3).Name(SLII))
	assert.True(t, Style(2).Directive() && Style(2).Supportive())
	assert.False(t, Style(4).Directive() || Style(4).Supportive())
}

func TestFit(t *testing.T) {
	tests := []struct {
		used  Style
		level Level
		want  string
	}{
		{2, 2, "match"}, {1, 4, "over-leading (severe)"}, {3, 4, "over-leading (adjacent)"},
		{4, 1, "under-leading (severe)"}, {3, 2, "under-leading (adjacent)"},
	}
	for _, tt := range tests {
		f, err := FitOf(tt.used, tt.level)
		require.NoError(t, err)
		assert.Equal(t, tt.want, f.String())
	}
	_, err := FitOf(0, 2)
	require.ErrorIs(t, err, ErrInvalidModel)
}

func TestAssessmentAndGap(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	self := Assessment{Employee: "e", Task: "advice", Rater: Self, At: at, Competence: 4, Commitment: 5}
	lead := Assessment{Employee: "e", Task: "advice", Rater: Leader, At: at, Competence: 3, Commitment: 3}
	g, err := Gap(self, lead)
	require.NoError(t, err)
	assert.InDelta(t, 0.25, g.Competence, 1e-12)
	assert.InDelta(t, 0.5, g.Commitment, 1e-12)
	_, err = Gap(lead, self)
	require.ErrorIs(t, err, ErrInvalidAssessment)

	bad := []Assessment{
		{Task: "t", Rater: Self, At: at, Competence: 3, Commitment: 3},
		{Employee: "e", Rater: Self, At: at, Competence: 3, Commitment: 3},
		{Employee: "e", Task: "t", Rater: Self, Competence: 3, Commitment: 3},
		{Employee: "e", Task: "t", Rater: 9, At: at, Competence: 3, Commitment: 3},
		{Employee: "e", Task: "t", Rater: Self, At: at, Competence: 6, Commitment: 3},
		{Employee: "e", Task: "t", Rater: Self, At: at, Scale: Scale{Min: 5, Max: 1}, Competence: 3, Commitment: 3},
	}
	for i, a := range bad {
		assert.Error(t, a.Validate(), "case %d", i)
	}
	assert.ErrorIs(t, bad[3].Validate(), ErrInvalidRater)
	assert.ErrorIs(t, bad[4].Validate(), ErrInvalidScore)
	assert.ErrorIs(t, bad[5].Validate(), ErrInvalidScale)
}
