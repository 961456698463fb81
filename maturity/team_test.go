package maturity

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// day returns midnight UTC of a date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// rating is an assessment on the default 1–5 scale.
func rating(emp, task string, r Rater, at time.Time, comp, commit float64) Assessment {
	return Assessment{Employee: emp, Task: task, Rater: r, At: at, Competence: comp, Commitment: commit}
}

func TestCurrentRaters(t *testing.T) {
	jan, feb, mar := day(2024, 1, 10), day(2024, 2, 10), day(2024, 3, 10)
	tests := []struct {
		name      string
		in        []Assessment
		wantLabel string
		wantRater Rater
		wantAt    time.Time
		wantGap   *DiagnosisGap
	}{
		{
			name:      "leader only",
			in:        []Assessment{rating("ann", "sales", Leader, jan, 4, 2)},
			wantLabel: "R3", wantRater: Leader, wantAt: jan,
		},
		{
			name:      "self only is used and said so",
			in:        []Assessment{rating("ann", "sales", Self, jan, 2, 4)},
			wantLabel: "R2", wantRater: Self, wantAt: jan,
		},
		{
			name:      "other only",
			in:        []Assessment{rating("ann", "sales", OtherRater, jan, 5, 5)},
			wantLabel: "R4", wantRater: OtherRater, wantAt: jan,
		},
		{
			name: "leader wins over a later self rating; gap is self − leader",
			in: []Assessment{
				rating("ann", "sales", Leader, jan, 2, 2),
				rating("ann", "sales", Self, mar, 5, 4),
			},
			wantLabel: "R1", wantRater: Leader, wantAt: jan,
			wantGap: &DiagnosisGap{Employee: "ann", Task: "sales", Competence: 0.75, Commitment: 0.5},
		},
		{
			name: "latest self and latest leader form the period",
			in: []Assessment{
				rating("ann", "sales", Self, jan, 1, 1),
				rating("ann", "sales", Leader, feb, 4, 4),
				rating("ann", "sales", Self, mar, 4, 5),
			},
			wantLabel: "R4", wantRater: Leader, wantAt: feb,
			wantGap: &DiagnosisGap{Employee: "ann", Task: "sales", Competence: 0, Commitment: 0.25},
		},
		{
			name: "leader wins over other; no gap without self",
			in: []Assessment{
				rating("ann", "sales", OtherRater, mar, 5, 5),
				rating("ann", "sales", Leader, jan, 1, 5),
			},
			wantLabel: "R2", wantRater: Leader, wantAt: jan,
		},
		{
			name: "self wins over other",
			in: []Assessment{
				rating("ann", "sales", OtherRater, mar, 5, 5),
				rating("ann", "sales", Self, jan, 1, 1),
			},
			wantLabel: "R1", wantRater: Self, wantAt: jan,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Current(tt.in, day(2024, 6, 1), Classifier{})
			require.NoError(t, err)
			require.Len(t, got, 1)
			s := got[0]
			assert.Equal(t, tt.wantLabel, s.Classification.Label())
			assert.Equal(t, tt.wantRater, s.Rater)
			assert.Equal(t, tt.wantAt, s.At)
			if tt.wantGap == nil {
				assert.Nil(t, s.Gap)
				return
			}
			require.NotNil(t, s.Gap)
			assert.Equal(t, tt.wantGap.Employee, s.Gap.Employee)
			assert.InDelta(t, tt.wantGap.Competence, s.Gap.Competence, 1e-12)
			assert.InDelta(t, tt.wantGap.Commitment, s.Gap.Commitment, 1e-12)
		})
	}
}

func TestCurrentReferenceInstantAndOrder(t *testing.T) {
	in := []Assessment{
		rating("cal", "ops", Leader, day(2024, 1, 1), 5, 5),
		rating("ann", "sales", Leader, day(2024, 1, 1), 1, 1),
		rating("ann", "sales", Leader, day(2024, 9, 1), 5, 5), // after the instant
		rating("ann", "admin", Leader, day(2024, 2, 1), 5, 1),
		rating("bob", "sales", Leader, day(2024, 8, 1), 5, 5), // only in the future
	}
	got, err := Current(in, day(2024, 6, 1), Classifier{})
	require.NoError(t, err)
	var keys, labels []string
	for _, s := range got {
		keys = append(keys, s.Employee+"/"+s.Task)
		labels = append(labels, s.Classification.Label())
	}
	assert.Equal(t, []string{"ann/admin", "ann/sales", "cal/ops"}, keys)
	assert.Equal(t, []string{"R3", "R1", "R4"}, labels)
	assert.InDelta(t, 1.0, got[0].Competence, 1e-12)
	assert.InDelta(t, 0.0, got[0].Commitment, 1e-12)

	// The reference instant itself is included.
	got, err = Current(in, day(2024, 9, 1), Classifier{})
	require.NoError(t, err)
	require.Len(t, got, 4)
	assert.Equal(t, "R4", got[1].Classification.Label())

	got, err = Current(nil, day(2024, 9, 1), Classifier{})
	require.NoError(t, err)
	assert.Empty(t, got)
}

// The reported level carries hysteresis from one assessment to the next,
// also when the rating it rests on switches from self to leader.
func TestCurrentHysteresis(t *testing.T) {
	at := day(2025, 1, 1)
	tests := []struct {
		name string
		in   []Assessment
		c    Classifier
		want string
	}{
		{
			name: "hovering below the cut keeps R4",
			in: []Assessment{
				rating("ann", "t", Leader, day(2024, 1, 1), 4, 4),
				rating("ann", "t", Leader, day(2024, 2, 1), 2.9, 4), // 0.475: within the margin
			},
			want: "R4",
		},
		{
			name: "without hysteresis the same history flips",
			in: []Assessment{
				rating("ann", "t", Leader, day(2024, 1, 1), 4, 4),
				rating("ann", "t", Leader, day(2024, 2, 1), 2.9, 4),
			},
			c:    Classifier{Thresholds: Thresholds{NoHysteresis: true}},
			want: "R2",
		},
		{
			name: "crossing by more than the margin changes the level",
			in: []Assessment{
				rating("ann", "t", Leader, day(2024, 1, 1), 4, 4),
				rating("ann", "t", Leader, day(2024, 2, 1), 2.9, 4),
				rating("ann", "t", Leader, day(2024, 3, 1), 2.7, 4), // 0.425
			},
			want: "R2",
		},
		{
			name: "the first leader rating is read against the self-based level",
			in: []Assessment{
				rating("ann", "t", Self, day(2024, 1, 1), 2.9, 4),   // R2
				rating("ann", "t", Leader, day(2024, 2, 1), 3.1, 4), // 0.525 < 0.55
			},
			want: "R2",
		},
		{
			name: "a self rating after the leader's does not move the level",
			in: []Assessment{
				rating("ann", "t", Leader, day(2024, 1, 1), 4, 4),
				rating("ann", "t", Self, day(2024, 2, 1), 1, 1),
			},
			want: "R4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Current(tt.in, at, tt.c)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, got[0].Classification.Label())
		})
	}
}

// Ties at one instant are resolved the same way whatever the input order.
func TestCurrentTies(t *testing.T) {
	at := day(2024, 5, 1)
	in := []Assessment{
		{Employee: "ann", Task: "t", Rater: Leader, RatedBy: "zoe", At: at, Competence: 5, Commitment: 5},
		{Employee: "ann", Task: "t", Rater: Leader, RatedBy: "adam", At: at, Competence: 1, Commitment: 1},
		{Employee: "ann", Task: "t", Rater: Self, At: at, Competence: 3, Commitment: 3},
	}
	var want []Status
	for i := range 6 {
		perm := slices.Clone(in)
		// rotate and reverse to try several orders
		perm = append(perm[i%3:], perm[:i%3]...)
		if i >= 3 {
			slices.Reverse(perm)
		}
		got, err := Current(perm, at, Classifier{})
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, "R4", got[0].Classification.Label(), "zoe sorts after adam and counts")
		if want == nil {
			want = got
		}
		assert.Equal(t, want, got)
	}
}

func TestCurrentErrors(t *testing.T) {
	ok := rating("ann", "t", Leader, day(2024, 1, 1), 3, 3)
	tests := []struct {
		name string
		in   []Assessment
		at   time.Time
		c    Classifier
		want error
	}{
		{"zero instant", []Assessment{ok}, time.Time{}, Classifier{}, ErrInvalidAssessment},
		{"no task", []Assessment{rating("ann", "", Leader, day(2024, 1, 1), 3, 3)}, day(2024, 2, 1), Classifier{}, ErrInvalidAssessment},
		{"score off the scale, even after the instant", []Assessment{ok, rating("ann", "t", Leader, day(2030, 1, 1), 7, 3)}, day(2024, 2, 1), Classifier{}, ErrInvalidScore},
		{"unknown rater", []Assessment{rating("ann", "t", 0, day(2024, 1, 1), 3, 3)}, day(2024, 2, 1), Classifier{}, ErrInvalidRater},
		{"unknown model, even with no data", nil, day(2024, 2, 1), Classifier{Model: 9}, ErrInvalidModel},
		{"bad thresholds", []Assessment{ok}, day(2024, 2, 1), Classifier{Thresholds: Thresholds{Competence: 1.5}}, ErrInvalidThresholds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Current(tt.in, tt.at, tt.c)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func status(emp string, m Model, l Level, comp, commit float64) Status {
	return Status{Employee: emp, Task: "t", Classification: Classification{Model: m, Level: l}, Competence: comp, Commitment: commit}
}

func TestTeam(t *testing.T) {
	five := []Status{
		status("a", Hersey, 1, 0.1, 0.2),
		status("b", Hersey, 2, 0.2, 0.8),
		status("c", Hersey, 2, 0.3, 0.7),
		status("d", Hersey, 4, 0.9, 0.9),
		status("e", Hersey, 4, 1.0, 0.9),
	}
	tests := []struct {
		name     string
		statuses []Status
		lead     *LEADProfile
		want     TeamView
	}{
		{
			name: "empty team",
			want: TeamView{},
		},
		{
			name:     "five without a profile: every required style is a gap",
			statuses: five,
			want: TeamView{
				Model: Hersey, N: 5, Counts: [4]int{1, 2, 0, 2}, Shares: [4]float64{0.2, 0.4, 0, 0.4},
				Modal: []Level{2, 4}, MeanCompetence: 0.5, MeanCommitment: 0.7, TopShare: 0.4,
				RequiredStyles: []Style{1, 2, 4}, FlexibilityGap: []Style{1, 2, 4},
			},
		},
		{
			name:     "a selling and participating leader lacks S1 and S4",
			statuses: five,
			lead:     &LEADProfile{Counts: [4]int{1, 7, 3, 1}, Primary: []Style{2}, Secondary: []Style{3}, Range: 2},
			want: TeamView{
				Model: Hersey, N: 5, Counts: [4]int{1, 2, 0, 2}, Shares: [4]float64{0.2, 0.4, 0, 0.4},
				Modal: []Level{2, 4}, MeanCompetence: 0.5, MeanCommitment: 0.7, TopShare: 0.4,
				RequiredStyles: []Style{1, 2, 4}, FlexibilityGap: []Style{1, 4},
			},
		},
		{
			name:     "a flexible leader has no gap",
			statuses: five,
			lead:     &LEADProfile{Primary: []Style{1, 2}, Secondary: []Style{4}, Range: 3},
			want: TeamView{
				Model: Hersey, N: 5, Counts: [4]int{1, 2, 0, 2}, Shares: [4]float64{0.2, 0.4, 0, 0.4},
				Modal: []Level{2, 4}, MeanCompetence: 0.5, MeanCommitment: 0.7, TopShare: 0.4,
				RequiredStyles: []Style{1, 2, 4},
			},
		},
		{
			name:     "SLII team",
			statuses: []Status{status("a", SLII, 3, 0.6, 0.5)},
			lead:     &LEADProfile{Primary: []Style{3}},
			want: TeamView{
				Model: SLII, N: 1, Counts: [4]int{0, 0, 1, 0}, Shares: [4]float64{0, 0, 1, 0},
				Modal: []Level{3}, MeanCompetence: 0.6, MeanCommitment: 0.5,
				RequiredStyles: []Style{3},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Team(tt.statuses, tt.lead)
			require.NoError(t, err)
			assert.InDelta(t, tt.want.MeanCompetence, got.MeanCompetence, 1e-12)
			assert.InDelta(t, tt.want.MeanCommitment, got.MeanCommitment, 1e-12)
			assert.InDeltaSlice(t, tt.want.Shares[:], got.Shares[:], 1e-12)
			got.MeanCompetence, got.MeanCommitment, got.Shares = tt.want.MeanCompetence, tt.want.MeanCommitment, tt.want.Shares
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTeamErrors(t *testing.T) {
	tests := []struct {
		name     string
		statuses []Status
		want     error
	}{
		{"mixed models", []Status{status("a", Hersey, 1, 0, 0), status("b", SLII, 1, 0, 0)}, ErrInvalidModel},
		{"unclassified", []Status{status("a", Hersey, 0, 0, 0)}, ErrInvalidModel},
		{"unknown model", []Status{status("a", 7, 1, 0, 0)}, ErrInvalidModel},
		{"duplicate", []Status{status("a", Hersey, 1, 0, 0), status("a", Hersey, 2, 0, 0)}, ErrInvalidAssessment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Team(tt.statuses, nil)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

// Current feeds Team: the normalised scores travel with the statuses.
func TestCurrentIntoTeam(t *testing.T) {
	at := day(2024, 6, 1)
	st, err := Current([]Assessment{
		rating("ann", "t", Leader, day(2024, 1, 1), 1, 5),
		rating("bob", "t", Leader, day(2024, 1, 1), 5, 5),
		rating("bob", "t", Self, day(2024, 2, 1), 3, 5),
	}, at, Classifier{Model: SLII})
	require.NoError(t, err)
	v, err := Team(st, nil)
	require.NoError(t, err)
	assert.Equal(t, SLII, v.Model)
	assert.Equal(t, [4]int{1, 0, 0, 1}, v.Counts)
	assert.InDelta(t, 0.5, v.MeanCompetence, 1e-12)
	assert.InDelta(t, 1.0, v.MeanCommitment, 1e-12)
	assert.Equal(t, []Style{1, 4}, v.RequiredStyles)
}
