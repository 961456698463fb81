package nps

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seqOf streams responses as a store would, then err if it is not nil.
func seriesSeq(rs []Response, err error) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
		if err != nil {
			yield(Response{}, err)
		}
	}
}

// ratingsAt returns responses with the given ratings, all at instant at.
func seriesRatingsAt(at time.Time, ratings ...Rating) []Response {
	rs := make([]Response, len(ratings))
	for i, r := range ratings {
		rs[i] = Response{ID: fmt.Sprintf("%s-%d", at.Format(time.RFC3339), i), Rating: r, At: at}
	}
	return rs
}

// monthlyFixture has responses in January–June 2026 in Copenhagen, none in
// April, and some outside the range.
func seriesFixture(t *testing.T) (rs []Response, from, to time.Time, cph *time.Location) {
	cph = periodZone(t, "Europe/Copenhagen")
	m := func(mo time.Month, d, h int) time.Time { return time.Date(2026, mo, d, h, 0, 0, 0, cph) }
	rs = slices.Concat(
		seriesRatingsAt(m(1, 10, 9), 10, 9, 9, 8, 7, 6, 3, 10, 9, 5),
		seriesRatingsAt(m(2, 1, 0), 9, 9, 10, 7, 2, 6, 8, 9),              // local midnight: February
		seriesRatingsAt(m(3, 31, 23), 10, 10, 9, 8, 8, 6, 9, 10, 9, 4, 9), // late March (CEST)
		seriesRatingsAt(m(5, 20, 12), 10, 9, 9, 9, 8, 7, 6, 10, 10),
		seriesRatingsAt(m(6, 30, 23), 10, 9, 10, 9, 9, 8, 5, 10, 10, 9, 9),
		seriesRatingsAt(m(7, 1, 0), 0, 0, 0),                // at to: excluded
		seriesRatingsAt(m(1, 1, 0).Add(-time.Second), 0, 0), // before from: excluded
	)
	return rs, m(1, 1, 0), m(7, 1, 0), cph
}

func TestBuildSeries(t *testing.T) {
	rs, from, to, cph := seriesFixture(t)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	s, err := BuildSeries(seriesSeq(rs, nil), from, to, Monthly, cph, SeriesOptions{})
	require.NoError(t, err)
	assert.Equal(t, Monthly, s.Granularity)
	assert.Equal(t, cph, s.Location)
	assert.Equal(t, 0.95, s.Level)
	assert.Equal(t, Method(Tango), s.Method)
	assert.Zero(t, s.Window)

	want := []struct {
		label string
		tally Tally
	}{
		{"2026-01", Tally{5, 2, 3}}, {"2026-02", Tally{4, 2, 2}}, {"2026-03", Tally{7, 2, 2}},
		{"2026-04", Tally{}}, {"2026-05", Tally{6, 2, 1}}, {"2026-06", Tally{9, 1, 1}},
	}
	require.Len(t, s.Points, len(want))
	for i, w := range want {
		p := s.Points[i]
		assert.Equal(t, w.label, p.Period.String())
		assert.Equal(t, w.tally, p.Tally, w.label)
		assert.Equal(t, w.tally.N(), p.N)
		assert.Equal(t, w.tally.N(), p.Dist.N())
		assert.Equal(t, w.tally.N() == 0, p.Empty)
		if p.Empty {
			assert.Zero(t, p.NPS)
			assert.Zero(t, p.Interval)
			continue
		}
		nps, _ := w.tally.NPS()
		assert.Equal(t, nps, p.NPS)
		iv, _ := w.tally.Interval(0.95, Tango)
		assert.Equal(t, iv, p.Interval)
	}

	// The empty April keeps index 3: the trend is FitTrend over all six,
	// not over the five non-empty months packed together.
	tr, err := s.Trend()
	require.NoError(t, err)
	all := []Tally{want[0].tally, want[1].tally, want[2].tally, {}, want[4].tally, want[5].tally}
	ref, err := FitTrend(all)
	require.NoError(t, err)
	assert.Equal(t, ref, tr)
	assert.Equal(t, 5, tr.Periods)
	packed, err := FitTrend(slices.Delete(slices.Clone(all), 3, 4))
	require.NoError(t, err)
	assert.NotEqual(t, packed.Slope, tr.Slope)

	// The same counts through SeriesFromDistributions.
	dists := make([]Distribution, len(s.Points))
	periods := make([]Period, len(s.Points))
	for i, p := range s.Points {
		dists[i], periods[i] = p.Dist, p.Period
	}
	s2, err := SeriesFromDistributions(periods, dists, SeriesOptions{Level: 0.95, Method: Tango})
	require.NoError(t, err)
	assert.Equal(t, s, s2)
}

func TestBuildSeriesOptions(t *testing.T) {
	rs, from, to, cph := seriesFixture(t)
	s, err := BuildSeries(seriesSeq(rs, nil), from, to, Quarterly, cph, SeriesOptions{Level: 0.9, Method: Wald})
	require.NoError(t, err)
	require.Len(t, s.Points, 2)
	assert.Equal(t, 0.9, s.Level)
	assert.Equal(t, "wald", s.Points[0].Interval.Method)
	assert.Equal(t, 0.9, s.Points[0].Interval.Level)
	assert.Equal(t, 29, s.Points[0].N)
	assert.Equal(t, 20, s.Points[1].N)

	// A range inside a period counts only the responses in the range.
	s, err = BuildSeries(seriesSeq(rs, nil), from.AddDate(0, 0, 15), to, Quarterly, cph, SeriesOptions{})
	require.NoError(t, err)
	assert.Equal(t, 19, s.Points[0].N)

	s, err = BuildSeries(seriesSeq(rs, nil), from, from, Monthly, cph, SeriesOptions{})
	require.NoError(t, err)
	assert.Empty(t, s.Points)
}

func TestBuildSeriesErrors(t *testing.T) {
	rs, from, to, cph := seriesFixture(t)
	boom := errors.New("connection reset")
	tests := []struct {
		name string
		seq  iter.Seq2[Response, error]
		from time.Time
		g    Granularity
		loc  *time.Location
		opts SeriesOptions
		want error
	}{
		{"stream error", seriesSeq(rs, boom), from, Monthly, cph, SeriesOptions{}, boom},
		{"stream error first", seriesSeq(nil, boom), from, Monthly, cph, SeriesOptions{}, boom},
		{"invalid rating", seriesSeq(append(slices.Clone(rs[:3]), Response{ID: "bad", Rating: 11, At: from}), nil), from, Monthly, cph, SeriesOptions{}, ErrInvalidRating},
		{"nil sequence", nil, from, Monthly, cph, SeriesOptions{}, ErrInvalidArgument},
		{"level", seriesSeq(rs, nil), from, Monthly, cph, SeriesOptions{Level: 1.5}, ErrInvalidLevel},
		{"nil zone", seriesSeq(rs, nil), from, Monthly, nil, SeriesOptions{}, ErrInvalidZone},
		{"from after to", seriesSeq(rs, nil), to.Add(time.Hour), Monthly, cph, SeriesOptions{}, ErrInvalidArgument},
		{"granularity", seriesSeq(rs, nil), from, 0, cph, SeriesOptions{}, ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := BuildSeries(tc.seq, tc.from, to, tc.g, tc.loc, tc.opts)
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, s)
			s, err = Rolling(tc.seq, tc.from, to, 7, tc.loc, tc.opts)
			if tc.g == 0 { // Rolling is always daily
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, s)
		})
	}
	_, err := BuildSeries(seriesSeq(append(slices.Clone(rs[:3]), Response{ID: "bad", Rating: 11, At: from}), nil), from, to, Monthly, cph, SeriesOptions{})
	assert.ErrorContains(t, err, `"bad"`)
}

func TestSeriesFromDistributionsErrors(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	ps, err := Periods(time.Date(2026, 1, 1, 0, 0, 0, 0, cph), time.Date(2026, 4, 1, 0, 0, 0, 0, cph), Monthly, cph)
	require.NoError(t, err)
	d := Distribution{10: 3, 7: 1}
	week, err := PeriodOf(ps[2].Start, Weekly, cph)
	require.NoError(t, err)
	tests := []struct {
		name    string
		periods []Period
		dists   []Distribution
		want    error
	}{
		{"lengths", ps, []Distribution{d, d}, ErrInvalidArgument},
		{"gap", []Period{ps[0], ps[2]}, []Distribution{d, d}, ErrInvalidArgument},
		{"order", []Period{ps[1], ps[0]}, []Distribution{d, d}, ErrInvalidArgument},
		{"granularity", []Period{ps[1], week}, []Distribution{d, d}, ErrInvalidArgument},
		{"zero period", []Period{{}}, []Distribution{d}, ErrInvalidArgument},
		{"negative count", ps[:1], []Distribution{{9: -1}}, ErrNegativeCount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SeriesFromDistributions(tc.periods, tc.dists, SeriesOptions{})
			require.ErrorIs(t, err, tc.want)
		})
	}
	s, err := SeriesFromDistributions(nil, nil, SeriesOptions{})
	require.NoError(t, err)
	assert.Empty(t, s.Points)
	_, err = SeriesFromDistributions(ps, make([]Distribution, 3), SeriesOptions{Level: -1})
	require.ErrorIs(t, err, ErrInvalidLevel)
}

// Rolling must equal recounting every window from scratch, across a DST
// change and with a range that starts and ends inside days.
func TestRollingMatchesBruteForce(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	rng := rand.New(rand.NewPCG(20260329, 7))
	base := time.Date(2026, 2, 20, 0, 0, 0, 0, cph)
	var rs []Response
	for i := range 3000 {
		at := base.Add(time.Duration(rng.Int64N(int64(60 * 24 * time.Hour))))
		if rng.IntN(10) == 0 { // quiet days
			at = time.Date(2026, 3, 20, 12, 0, 0, 0, cph)
		}
		rs = append(rs, Response{ID: fmt.Sprint(i), Rating: Rating(rng.IntN(11)), At: at})
	}
	from := time.Date(2026, 3, 1, 15, 0, 0, 0, cph)
	to := time.Date(2026, 4, 10, 9, 30, 0, 0, cph)
	for _, days := range []int{1, 2, 7, 28} {
		t.Run(fmt.Sprint(days), func(t *testing.T) {
			s, err := Rolling(seriesSeq(rs, nil), from, to, days, cph, SeriesOptions{})
			require.NoError(t, err)
			assert.Equal(t, days, s.Window)
			assert.Equal(t, Daily, s.Granularity)
			require.Len(t, s.Points, 41) // 1 March to 10 April
			for i, p := range s.Points {
				day := time.Date(2026, 3, 1+i, 0, 0, 0, 0, time.UTC)
				require.Equal(t, day.Format("2006-01-02"), p.Period.String())
				window := map[string]bool{}
				for k := range days {
					window[day.AddDate(0, 0, -k).Format("2006-01-02")] = true
				}
				var want Distribution
				for _, r := range rs {
					if window[r.At.In(cph).Format("2006-01-02")] && r.At.Before(to) {
						want[r.Rating]++
					}
				}
				require.Equal(t, want, p.Dist, "window of %d days ending %v", days, p.Period)
				tally, _ := want.Tally()
				require.Equal(t, tally, p.Tally)
				require.Equal(t, want.N() == 0, p.Empty)
			}
		})
	}
}

func TestRollingTrendAndChanges(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	var rs []Response
	for d := range 30 {
		at := time.Date(2026, 5, 1+d, 10, 0, 0, 0, cph)
		rs = append(rs, seriesRatingsAt(at, Rating(d%11), 10, 9, 7, 3)...)
	}
	from, to := time.Date(2026, 5, 1, 0, 0, 0, 0, cph), time.Date(2026, 5, 31, 0, 0, 0, 0, cph)
	s, err := Rolling(seriesSeq(rs, nil), from, to, 7, cph, SeriesOptions{})
	require.NoError(t, err)
	_, err = s.Trend()
	require.ErrorIs(t, err, ErrInvalidArgument)

	// Changes compare windows that do not overlap: 7 points apart.
	cs := s.Changes()
	require.Len(t, cs, len(s.Points)-7)
	for i, c := range cs {
		assert.Equal(t, s.Points[i].Period, c.From)
		assert.Equal(t, s.Points[i+7].Period, c.To)
		require.NoError(t, c.Err)
		iv, _ := DiffInterval(s.Points[i+7].Tally, s.Points[i].Tally, 0.95, Tango)
		assert.Equal(t, iv, c.Interval)
	}

	daily, err := Rolling(seriesSeq(rs, nil), from, to, 1, cph, SeriesOptions{})
	require.NoError(t, err)
	plain, err := BuildSeries(seriesSeq(rs, nil), from, to, Daily, cph, SeriesOptions{})
	require.NoError(t, err)
	assert.Equal(t, plain.Points, daily.Points)
	tr, err := daily.Trend()
	require.NoError(t, err)
	ref, err := plain.Trend()
	require.NoError(t, err)
	assert.Equal(t, ref, tr)
	assert.Len(t, daily.Changes(), 29)

	for _, days := range []int{0, -1, MaxPeriods + 1} {
		_, err := Rolling(seriesSeq(rs, nil), from, to, days, cph, SeriesOptions{})
		require.ErrorIs(t, err, ErrInvalidArgument, days)
	}
	s, err = Rolling(seriesSeq(rs, nil), from, from, 7, cph, SeriesOptions{})
	require.NoError(t, err)
	assert.Empty(t, s.Points)
}

func TestSeriesChanges(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	ps, err := Periods(time.Date(2026, 1, 1, 0, 0, 0, 0, cph), time.Date(2026, 6, 1, 0, 0, 0, 0, cph), Monthly, cph)
	require.NoError(t, err)
	dists := []Distribution{
		{10: 45, 7: 30, 0: 25},
		{10: 60, 8: 25, 6: 15},
		{},
		{9: 12},
		{10: 7},
	}
	s, err := SeriesFromDistributions(ps, dists, SeriesOptions{Level: 0.9})
	require.NoError(t, err)
	cs := s.Changes()
	require.Len(t, cs, 4)

	c := cs[0]
	require.NoError(t, c.Err)
	assert.Equal(t, "2026-01", c.From.String())
	assert.Equal(t, "2026-02", c.To.String())
	cmp, _ := Compare(Tally{60, 25, 15}, Tally{45, 30, 25})
	iv, _ := DiffInterval(Tally{60, 25, 15}, Tally{45, 30, 25}, 0.9, Tango)
	assert.InDelta(t, 25, c.Diff, 1e-12)
	assert.Equal(t, cmp, c.Comparison)
	assert.Equal(t, iv, c.Interval)
	assert.Equal(t, "mover-tango", c.Interval.Method)
	assert.Equal(t, Improved, c.Verdict)

	for _, c := range cs[1:3] {
		require.ErrorIs(t, c.Err, ErrNoResponses)
		assert.Zero(t, c.Diff)
		assert.Zero(t, c.Interval)
		assert.Zero(t, c.Verdict)
	}
	// Both unanimous: no Wald test, but an interval and a verdict.
	c = cs[3]
	require.ErrorIs(t, c.Err, ErrUndefined)
	assert.Zero(t, c.Diff)
	assert.Equal(t, "mover-tango", c.Interval.Method)
	assert.Equal(t, NoClearChange, c.Verdict)

	b, err := json.Marshal(cs)
	require.NoError(t, err)
	var got []map[string]any
	require.NoError(t, json.Unmarshal(b, &got))
	assert.InDelta(t, 25, got[0]["diff"], 1e-12)
	assert.Equal(t, "improved", got[0]["verdict"])
	assert.NotContains(t, got[0], "error")
	for _, k := range []string{"diff", "comparison", "interval", "verdict"} {
		assert.Nil(t, got[1][k], k)
	}
	assert.Contains(t, got[1]["error"], "no responses")
	assert.Nil(t, got[3]["comparison"])
	assert.Equal(t, 0.0, got[3]["diff"])
	assert.NotNil(t, got[3]["interval"])

	assert.Nil(t, Series{Points: s.Points[:1]}.Changes())
	// A hand-built series with a bad level reports it on every change.
	for _, c := range (Series{Points: s.Points[:2], Level: 2}).Changes() {
		require.ErrorIs(t, c.Err, ErrInvalidLevel)
	}
}

func TestSeriesTrendTooFew(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	ps, err := Periods(time.Date(2026, 1, 1, 0, 0, 0, 0, cph), time.Date(2026, 5, 1, 0, 0, 0, 0, cph), Monthly, cph)
	require.NoError(t, err)
	s, err := SeriesFromDistributions(ps, []Distribution{{10: 3}, {}, {}, {6: 2, 9: 1}}, SeriesOptions{})
	require.NoError(t, err)
	_, err = s.Trend()
	require.ErrorIs(t, err, ErrNoResponses)
}

func TestPointJSON(t *testing.T) {
	cph := periodZone(t, "Europe/Copenhagen")
	ps, err := Periods(time.Date(2026, 1, 1, 0, 0, 0, 0, cph), time.Date(2026, 3, 1, 0, 0, 0, 0, cph), Monthly, cph)
	require.NoError(t, err)
	s, err := SeriesFromDistributions(ps, []Distribution{{}, {10: 3, 0: 1}}, SeriesOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var got struct {
		Granularity string           `json:"granularity"`
		Points      []map[string]any `json:"points"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, "monthly", got.Granularity)
	empty, full := got.Points[0], got.Points[1]
	assert.Equal(t, true, empty["empty"])
	assert.Contains(t, empty, "nps")
	assert.Nil(t, empty["nps"])
	assert.Nil(t, empty["interval"])
	assert.Equal(t, 50.0, full["nps"])
	assert.NotNil(t, full["interval"])

	var back Series
	require.NoError(t, json.Unmarshal(b, &back))
	require.Len(t, back.Points, 2)
	for i, p := range back.Points {
		assert.Equal(t, s.Points[i].Dist, p.Dist)
		assert.Equal(t, s.Points[i].Empty, p.Empty)
		assert.Equal(t, s.Points[i].NPS, p.NPS)
		assert.Equal(t, s.Points[i].Interval, p.Interval)
		assert.Equal(t, s.Points[i].Period.String(), p.Period.String())
	}
}

// The rolling window relies on Distribution.Subtract being all or nothing.
func TestRollingSubtract(t *testing.T) {
	d := Distribution{10: 3, 5: 2}
	require.NoError(t, d.Subtract(Distribution{10: 1, 5: 2}))
	assert.Equal(t, Distribution{10: 2}, d)
	require.ErrorIs(t, d.Subtract(Distribution{10: 1, 4: 1}), ErrNegativeCount)
	require.ErrorIs(t, d.Subtract(Distribution{10: -1}), ErrNegativeCount)
	assert.Equal(t, Distribution{10: 2}, d)
}
