package maturity

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dayLen = 24 * time.Hour

// growth is ann's history on "sales": R1, R2, R2 again, a hover that
// hysteresis absorbs, R4, then a fall to R3.
func growth() []Assessment {
	return []Assessment{
		rating("ann", "sales", Leader, day(2020, 1, 1), 1, 1),   // R1
		rating("ann", "sales", Leader, day(2020, 7, 1), 2, 4),   // R2
		rating("ann", "sales", Leader, day(2021, 1, 1), 2.5, 4), // R2, no change
		rating("ann", "sales", Leader, day(2021, 4, 1), 3.1, 4), // 0.525 < 0.55: still R2
		rating("ann", "sales", Leader, day(2022, 1, 1), 4, 4),   // R4
		rating("ann", "sales", Leader, day(2022, 7, 1), 4, 2.9), // 0.475 > 0.45: still R4
		rating("ann", "sales", Leader, day(2023, 1, 1), 4, 2),   // R3
	}
}

func levels(steps []Step) []Level {
	var out []Level
	for _, s := range steps {
		out = append(out, s.Level)
	}
	return out
}

func TestTrajectory(t *testing.T) {
	until := day(2023, 7, 1)
	p, err := Trajectory(growth(), Classifier{}, until)
	require.NoError(t, err)
	assert.Equal(t, "ann", p.Employee)
	assert.Equal(t, "sales", p.Task)
	assert.Equal(t, Hersey, p.Model)
	assert.Equal(t, until, p.Until)
	assert.Equal(t, []Level{1, 2, 2, 2, 4, 4, 3}, levels(p.Reviews))
	assert.Equal(t, []Level{1, 2, 4, 3}, levels(p.Steps))
	assert.Equal(t, []time.Time{day(2020, 1, 1), day(2020, 7, 1), day(2022, 1, 1), day(2023, 1, 1)},
		[]time.Time{p.Steps[0].At, p.Steps[1].At, p.Steps[2].At, p.Steps[3].At})
	assert.Equal(t, [4]time.Duration{
		182 * dayLen, // 2020-01-01 → 2020-07-01 (leap year)
		549 * dayLen, // 2020-07-01 → 2022-01-01
		181 * dayLen, // 2023-01-01 → 2023-07-01
		365 * dayLen, // 2022-01-01 → 2023-01-01
	}, p.TimeAt)
	assert.True(t, p.ReachedTop)
	assert.Equal(t, 731*dayLen, p.TimeToTop)
	assert.Equal(t, []Cycle{
		{Kind: Developmental, From: 1, To: 2, At: day(2020, 7, 1)},
		{Kind: Developmental, From: 2, To: 4, At: day(2022, 1, 1)},
		{Kind: Regressive, From: 4, To: 3, At: day(2023, 1, 1)},
	}, p.Cycles)

	// The path ends where Current stands.
	st, err := Current(growth(), until, Classifier{})
	require.NoError(t, err)
	assert.Equal(t, st[0].Classification.Level, p.Steps[len(p.Steps)-1].Level)
}

func TestTrajectoryCases(t *testing.T) {
	tests := []struct {
		name      string
		in        []Assessment
		c         Classifier
		until     time.Time
		steps     []Level
		top       bool
		timeToTop time.Duration
	}{
		{
			name:  "until cuts the history",
			in:    growth(),
			until: day(2021, 12, 31),
			steps: []Level{1, 2},
		},
		{
			name:  "until before the first assessment",
			in:    growth(),
			until: day(2019, 1, 1),
		},
		{
			name:      "no hysteresis sees the hovers",
			in:        growth(),
			c:         Classifier{Thresholds: Thresholds{NoHysteresis: true}},
			until:     day(2023, 7, 1),
			steps:     []Level{1, 2, 4, 3},
			top:       true,
			timeToTop: 456 * dayLen, // R4 already on 2021-04-01, R3 on 2022-07-01
		},
		{
			name:  "at the top from the start",
			in:    []Assessment{rating("bob", "ops", Self, day(2024, 1, 1), 5, 5)},
			until: day(2024, 2, 1),
			steps: []Level{4},
			top:   true,
		},
		{
			name: "self then leader: rater switch within one path",
			in: []Assessment{
				rating("bob", "ops", Self, day(2024, 1, 1), 1, 4),
				rating("bob", "ops", Leader, day(2024, 3, 1), 4, 4),
				rating("bob", "ops", Self, day(2024, 4, 1), 1, 1), // ignored: leader's counts
			},
			until:     day(2024, 6, 1),
			steps:     []Level{2, 4},
			top:       true,
			timeToTop: 60 * dayLen,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Trajectory(tt.in, tt.c, tt.until)
			require.NoError(t, err)
			assert.Equal(t, tt.steps, levels(p.Steps))
			assert.Equal(t, tt.top, p.ReachedTop)
			assert.Equal(t, tt.timeToTop, p.TimeToTop)
			var total time.Duration
			for _, d := range p.TimeAt {
				total += d
			}
			if len(p.Steps) > 0 {
				assert.Equal(t, tt.until.Sub(p.Steps[0].At), total, "the time at levels adds up")
			} else {
				assert.Zero(t, total)
			}
		})
	}
}

func TestTrajectoryErrors(t *testing.T) {
	until := day(2024, 1, 1)
	tests := []struct {
		name  string
		in    []Assessment
		until time.Time
		c     Classifier
		want  error
	}{
		{"none", nil, until, Classifier{}, ErrInvalidAssessment},
		{"zero until", growth(), time.Time{}, Classifier{}, ErrInvalidAssessment},
		{"two employees", append(growth(), rating("bob", "sales", Leader, day(2020, 1, 1), 3, 3)), until, Classifier{}, ErrInvalidAssessment},
		{"two tasks", append(growth(), rating("ann", "admin", Leader, day(2020, 1, 1), 3, 3)), until, Classifier{}, ErrInvalidAssessment},
		{"bad score", append(growth(), rating("ann", "sales", Leader, day(2020, 1, 1), 0, 3)), until, Classifier{}, ErrInvalidScore},
		{"bad model", growth(), until, Classifier{Model: 3}, ErrInvalidModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Trajectory(tt.in, tt.c, tt.until)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestLevelAt(t *testing.T) {
	p, err := Trajectory(growth(), Classifier{}, day(2024, 1, 1))
	require.NoError(t, err)
	tests := []struct {
		at   time.Time
		want Level
	}{
		{day(2019, 12, 31), 0},
		{day(2020, 1, 1), 1},
		{day(2020, 6, 30), 1},
		{day(2020, 7, 1), 2},
		{day(2022, 6, 30), 4},
		{day(2030, 1, 1), 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, p.LevelAt(tt.at), "%s", tt.at.Format(time.DateOnly))
	}
}

func TestNextStyle(t *testing.T) {
	tests := []struct {
		current, recommended Style
		step                 int
		want                 Style
	}{
		{1, 4, 0, 2},  // developmental: one step by default
		{1, 4, 1, 2},  //
		{1, 4, 2, 3},  //
		{1, 4, 5, 4},  // never past the recommendation
		{4, 1, 0, 3},  // regressive: back towards direction
		{4, 1, 2, 2},  //
		{3, 2, 3, 2},  //
		{2, 2, 1, 2},  // already there
		{3, 4, -1, 4}, // negative step means one
		{0, 3, 1, 3},  // no style yet: start at the recommendation
		{2, 0, 1, 2},  // no recommendation: stay
		{9, 3, 1, 3},  // invalid current
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, NextStyle(tt.current, tt.recommended, tt.step), "%v → %v by %d", tt.current, tt.recommended, tt.step)
	}
}

func observe(emp, task string, s Style, at time.Time) StyleObservation {
	return StyleObservation{Leader: "lea", Employee: emp, Task: task, Style: s, Source: LeaderSelf, At: at}
}

func kinds(as []Alert) []AlertKind {
	var out []AlertKind
	for _, a := range as {
		out = append(out, a.Kind)
	}
	return out
}

func TestAlerts(t *testing.T) {
	p, err := Trajectory(growth(), Classifier{}, day(2030, 1, 1))
	require.NoError(t, err)
	// ann: R1 from 2020-01-01, R2 from 2020-07-01, R4 from 2022-01-01, R3 from 2023-01-01.
	tests := []struct {
		name string
		obs  []StyleObservation
		at   time.Time
		opts AlertOptions
		want []AlertKind
	}{
		{name: "regression at the last assessment", at: day(2023, 2, 1), want: []AlertKind{Regression}},
		{name: "no regression when the last review rose", at: day(2022, 2, 1)},
		{name: "no regression when the last review kept the level", at: day(2022, 8, 1)},
		{name: "stagnation after exactly 18 calendar months at R3", at: day(2024, 7, 1), want: []AlertKind{Regression, Stagnation}},
		{name: "not a day before", at: day(2024, 6, 30), want: []AlertKind{Regression}},
		{name: "the window counts from the change, not the last review", at: day(2021, 12, 31), opts: AlertOptions{StagnationMonths: 12}, want: []AlertKind{Stagnation}},
		{name: "shorter custom window", at: day(2023, 7, 1), opts: AlertOptions{StagnationMonths: 6}, want: []AlertKind{Regression, Stagnation}},
		{name: "nothing before the first assessment", at: day(2019, 1, 1)},
		{
			name: "two consecutive mismatches, judged at their own level",
			obs: []StyleObservation{
				observe("ann", "sales", 1, day(2020, 2, 1)), // R1: match
				observe("ann", "sales", 1, day(2020, 8, 1)), // R2: over-leading
				observe("ann", "sales", 4, day(2021, 2, 1)), // R2: under-leading
			},
			at:   day(2021, 3, 1),
			want: []AlertKind{PersistentMismatch},
		},
		{
			name: "a match breaks the run",
			obs: []StyleObservation{
				observe("ann", "sales", 1, day(2020, 8, 1)),
				observe("ann", "sales", 2, day(2020, 9, 1)),
				observe("ann", "sales", 4, day(2021, 2, 1)),
			},
			at: day(2021, 3, 1),
		},
		{
			name: "other employees, tasks, invalid and future observations are skipped",
			obs: []StyleObservation{
				observe("ann", "sales", 1, day(2020, 8, 1)),
				observe("bob", "sales", 2, day(2020, 9, 1)),
				observe("ann", "admin", 2, day(2020, 9, 2)),
				{Employee: "ann", Task: "sales", Style: 2, Source: LeaderSelf, At: day(2020, 9, 3)}, // no leader
				observe("ann", "sales", 2, day(2021, 6, 1)),                                         // after at
				observe("ann", "sales", 4, day(2021, 2, 1)),
			},
			at:   day(2021, 3, 1),
			want: []AlertKind{PersistentMismatch},
		},
		{
			name: "observations before the first assessment cannot be judged",
			obs: []StyleObservation{
				observe("ann", "sales", 4, day(2019, 8, 1)),
				observe("ann", "sales", 4, day(2020, 2, 1)),
			},
			at: day(2020, 3, 1),
		},
		{
			name: "three required",
			obs: []StyleObservation{
				observe("ann", "sales", 1, day(2020, 8, 1)),
				observe("ann", "sales", 4, day(2021, 2, 1)),
			},
			at:   day(2021, 3, 1),
			opts: AlertOptions{Mismatches: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, kinds(Alerts(p, tt.obs, tt.at, tt.opts)))
		})
	}
}

func TestAlertDetails(t *testing.T) {
	p, err := Trajectory(growth(), Classifier{}, day(2030, 1, 1))
	require.NoError(t, err)
	obs := []StyleObservation{
		observe("ann", "sales", 4, day(2023, 3, 1)), // R3: under-leading, adjacent
		observe("ann", "sales", 1, day(2023, 2, 1)), // R3: over-leading, severe
		observe("ann", "sales", 3, day(2022, 9, 1)), // R4: over-leading, adjacent
		observe("ann", "sales", 4, day(2022, 8, 1)), // R4: match
	}
	got := Alerts(p, obs, day(2024, 7, 1), AlertOptions{})
	assert.Equal(t, []Alert{
		{Kind: Regression, Employee: "ann", Task: "sales", At: day(2023, 1, 1), Level: 3, From: 4},
		{Kind: Stagnation, Employee: "ann", Task: "sales", At: day(2023, 1, 1), Level: 3},
		{Kind: PersistentMismatch, Employee: "ann", Task: "sales", At: day(2022, 9, 1), Level: 3, Count: 3,
			Fit: Fit{Kind: UnderLeading, Distance: 1}},
	}, got)

	// At the top there is no stagnation, however long.
	top, err := Trajectory([]Assessment{rating("bob", "ops", Leader, day(2020, 1, 1), 5, 5)}, Classifier{}, day(2030, 1, 1))
	require.NoError(t, err)
	assert.Empty(t, Alerts(top, nil, day(2030, 1, 1), AlertOptions{}))
}

func TestKindStrings(t *testing.T) {
	assert.Equal(t, "developmental", Developmental.String())
	assert.Equal(t, "regressive", Regressive.String())
	assert.Equal(t, "CycleKind(0)", CycleKind(0).String())
	assert.Equal(t, "regression", Regression.String())
	assert.Equal(t, "stagnation", Stagnation.String())
	assert.Equal(t, "persistent-mismatch", PersistentMismatch.String())
	assert.Equal(t, "AlertKind(9)", AlertKind(9).String())
}
