package maturity

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContentAge(t *testing.T) {
	start := day(2020, 1, 1)
	tests := []struct {
		name      string
		refreshes []Refresh
		at        time.Time
		want      time.Duration
	}{
		{"no refresh", nil, day(2020, 1, 11), 10 * dayLen},
		{"at the role start", nil, start, 0},
		{"the last refresh counts", []Refresh{
			{Kind: RefreshProject, At: day(2021, 1, 1)},
			{Kind: RefreshRotation, At: day(2022, 1, 1)},
			{Kind: RefreshResponsibility, At: day(2021, 6, 1)},
		}, day(2022, 1, 31), 30 * dayLen},
		{"refreshes before the role start or after the instant are ignored", []Refresh{
			{Kind: RefreshProgramme, At: day(2019, 6, 1)},
			{Kind: RefreshProject, At: day(2025, 1, 1)},
		}, day(2020, 2, 1), 31 * dayLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ContentAge(start, tt.refreshes, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestContentAgeErrors(t *testing.T) {
	start := day(2020, 1, 1)
	tests := []struct {
		name      string
		start, at time.Time
		refreshes []Refresh
	}{
		{"no role start", time.Time{}, day(2021, 1, 1), nil},
		{"no instant", start, time.Time{}, nil},
		{"instant before the role start", start, day(2019, 1, 1), nil},
		{"unknown kind", start, day(2021, 1, 1), []Refresh{{At: day(2020, 6, 1)}}},
		{"refresh without instant", start, day(2021, 1, 1), []Refresh{{Kind: RefreshProject}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ContentAge(tt.start, tt.refreshes, tt.at)
			assert.ErrorIs(t, err, ErrInvalidObservation)
			_, err = Content(tt.start, tt.refreshes, tt.at, false, ContentOptions{})
			assert.ErrorIs(t, err, ErrInvalidObservation)
		})
	}
}

func TestKatzStageOf(t *testing.T) {
	tests := []struct {
		age  time.Duration
		opts ContentOptions
		want KatzStage
	}{
		{0, ContentOptions{}, Learning},
		{6*meanMonth - time.Nanosecond, ContentOptions{}, Learning},
		{6 * meanMonth, ContentOptions{}, Responsive},
		{36 * meanMonth, ContentOptions{}, Responsive},
		{36*meanMonth + time.Nanosecond, ContentOptions{}, Unresponsive},
		{10 * 365 * dayLen, ContentOptions{}, Unresponsive},
		{2 * meanMonth, ContentOptions{LearningMonths: 1, UnresponsiveMonths: 2}, Responsive},
		{3 * meanMonth, ContentOptions{LearningMonths: 1, UnresponsiveMonths: 2}, Unresponsive},
	}
	for _, tt := range tests {
		got, err := KatzStageOf(tt.age, tt.opts)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%v", tt.age)
	}
	_, err := KatzStageOf(-time.Hour, ContentOptions{})
	assert.ErrorIs(t, err, ErrInvalidObservation)
	_, err = KatzStageOf(time.Hour, ContentOptions{LearningMonths: 36})
	assert.ErrorIs(t, err, ErrInvalidThresholds)
}

func TestContentOptionsValidate(t *testing.T) {
	tests := []struct {
		opts ContentOptions
		ok   bool
	}{
		{ContentOptions{}, true},
		{ContentOptions{LearningMonths: 3, UnresponsiveMonths: 48, StaleMonths: 12, HalfLifeMonths: 36}, true},
		{ContentOptions{StaleMonths: -1}, false},
		{ContentOptions{HalfLifeMonths: -1}, false},
		{ContentOptions{LearningMonths: 12, UnresponsiveMonths: 12}, false},
		{ContentOptions{UnresponsiveMonths: 5}, false}, // below the default learning stage
	}
	for _, tt := range tests {
		err := tt.opts.Validate()
		if tt.ok {
			assert.NoError(t, err, "%+v", tt.opts)
			continue
		}
		assert.ErrorIs(t, err, ErrInvalidThresholds, "%+v", tt.opts)
		_, err = Content(day(2020, 1, 1), nil, day(2021, 1, 1), false, tt.opts)
		assert.ErrorIs(t, err, ErrInvalidThresholds)
	}
}

func TestContent(t *testing.T) {
	start := day(2020, 8, 31)
	tests := []struct {
		name      string
		refreshes []Refresh
		at        time.Time
		falling   bool
		opts      ContentOptions
		stage     KatzStage
		stale     bool
		urgent    bool
		rec       string
	}{
		// 31 August + 6 months normalises to 3 March 2021.
		{name: "learning the day before", at: day(2021, 3, 2), stage: Learning},
		{name: "responsive from six calendar months", at: day(2021, 3, 3), stage: Responsive},
		{name: "not stale a day before 24 months", at: day(2022, 8, 30), stage: Responsive},
		{name: "stale at 24 months", at: day(2022, 8, 31), stage: Responsive, stale: true, rec: "add new job content"},
		{
			name: "stale with falling commitment is urgent", at: day(2022, 8, 31), falling: true,
			stage: Responsive, stale: true, urgent: true,
			rec: "add new job content now: the content is stale and commitment is falling",
		},
		{name: "falling commitment alone recommends nothing here", at: day(2021, 8, 31), falling: true, stage: Responsive},
		{name: "still responsive at 36 months", at: day(2023, 8, 31), stage: Responsive, stale: true, rec: "add new job content"},
		{name: "unresponsive after 36 months", at: day(2023, 9, 1), stage: Unresponsive, stale: true, rec: "add new job content"},
		{
			name:      "a rotation resets the clock",
			refreshes: []Refresh{{Kind: RefreshRotation, At: day(2023, 6, 1)}},
			at:        day(2023, 9, 1), stage: Learning,
		},
		{name: "a shorter stale age", at: day(2021, 8, 31), opts: ContentOptions{StaleMonths: 12}, stage: Responsive, stale: true, rec: "add new job content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Content(start, tt.refreshes, tt.at, tt.falling, tt.opts)
			require.NoError(t, err)
			age, err := ContentAge(start, tt.refreshes, tt.at)
			require.NoError(t, err)
			assert.Equal(t, age, got.Age)
			assert.Equal(t, tt.at.Add(-age), got.Anchor)
			assert.Equal(t, tt.stage, got.Stage)
			assert.Equal(t, tt.stale, got.Stale)
			assert.Equal(t, tt.urgent, got.Urgent)
			assert.Equal(t, tt.rec, got.Recommendation)
			assert.Greater(t, got.Novelty, 0.0)
			assert.LessOrEqual(t, got.Novelty, 1.0)
		})
	}
}

func TestNovelty(t *testing.T) {
	start := day(2020, 1, 1)
	tests := []struct {
		age  time.Duration
		opts ContentOptions
		want float64
	}{
		{0, ContentOptions{}, 1},
		{24 * meanMonth, ContentOptions{}, 0.5},
		{48 * meanMonth, ContentOptions{}, 0.25},
		{12 * meanMonth, ContentOptions{}, math.Sqrt2 / 2},
		{12 * meanMonth, ContentOptions{HalfLifeMonths: 12}, 0.5},
	}
	for _, tt := range tests {
		got, err := Content(start, nil, start.Add(tt.age), false, tt.opts)
		require.NoError(t, err)
		assert.InDelta(t, tt.want, got.Novelty, 1e-12, "%v", tt.age)
	}
}

func TestRefreshKindText(t *testing.T) {
	for k := RefreshResponsibility; k <= RefreshProgramme; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back RefreshKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "development-programme", RefreshProgramme.String())
	assert.Equal(t, "RefreshKind(0)", RefreshKind(0).String())
	_, err := RefreshKind(0).MarshalText()
	assert.ErrorIs(t, err, ErrInvalidObservation)
	var k RefreshKind
	assert.ErrorIs(t, k.UnmarshalText([]byte("sabbatical")), ErrInvalidObservation)
}

func TestKatzStageString(t *testing.T) {
	assert.Equal(t, "learning", Learning.String())
	assert.Equal(t, "responsive", Responsive.String())
	assert.Equal(t, "unresponsive", Unresponsive.String())
	assert.Equal(t, "KatzStage(0)", KatzStage(0).String())
}
