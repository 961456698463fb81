package nps

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sort"
	"time"
)

// SeriesOptions configures the intervals of a [Series]. The zero value
// gives 95 % Tango intervals.
type SeriesOptions struct {
	// Level is the confidence level of every interval, in (0, 1); 0 means
	// 0.95.
	Level float64
	// Method computes the per-period intervals; nil means [Tango]. Changes
	// use it for the interval of the difference too: with Tango that is
	// the MOVER-Tango interval (see [DiffInterval]).
	Method Method
}

// normalize applies the defaults and validates the level.
func (o SeriesOptions) normalize() (SeriesOptions, error) {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if err := checkLevel(o.Level); err != nil {
		return SeriesOptions{}, err
	}
	if o.Method == nil {
		o.Method = Tango
	}
	return o, nil
}

// Point is one period of a [Series]: its counts and, unless it is empty,
// its score and interval.
//
// An empty period has no score. It is kept in the series, with Empty set,
// so gaps stay visible and later periods keep their place on the time
// axis; NPS and Interval are then zero and meaningless, and JSON carries
// them as null. Always check Empty before reading them.
type Point struct {
	Period Period       `json:"period"`
	Dist   Distribution `json:"distribution"` // the 0–10 counts
	Tally  Tally        `json:"tally"`
	N      int          `json:"n"`     // responses
	Empty  bool         `json:"empty"` // no responses: NPS and Interval are meaningless
	// NPS is the observed score in points; valid only when !Empty.
	NPS float64 `json:"nps"`
	// Interval is the interval for NPS at the series' level and method;
	// valid only when !Empty.
	Interval Interval `json:"interval"`
}

// MarshalJSON writes null for the NPS and the interval of an empty period,
// so that no reader takes "no responses" for a score of 0.
func (p Point) MarshalJSON() ([]byte, error) {
	type plain Point // without this method
	if !p.Empty {
		return json.Marshal(plain(p))
	}
	return json.Marshal(struct {
		plain
		NPS      *float64  `json:"nps"`
		Interval *Interval `json:"interval"`
	}{plain: plain(p)})
}

// Series is NPS over consecutive calendar periods — the continuous
// measurement that replaces the annual survey — built by [BuildSeries],
// [Rolling] or [SeriesFromDistributions]. Points are in time order, one
// per period, empty periods included; the period index is the time axis
// of [Series.Trend].
type Series struct {
	Granularity Granularity    `json:"granularity"`
	Location    *time.Location `json:"-"` // the zone of the periods
	// Window is the number of days each point of a [Rolling] series
	// covers, ending with its Period; 0 for a series of plain periods.
	Window int     `json:"window,omitempty"`
	Points []Point `json:"points"`
	Level  float64 `json:"level"` // the intervals' level
	Method Method  `json:"-"`     // the intervals' method; each Interval names it
}

// BuildSeries counts a stream of responses, such as a store's iterator,
// into the periods of granularity g in zone loc that overlap [from, to)
// (see [Periods]) and returns one [Point] per period. Responses outside
// [from, to) are skipped, so when from or to falls inside a period that
// period is partial — a month so far, for example; align the range with
// [PeriodOf] for whole periods. Ratings are counted unweighted.
//
// Memory is proportional to the number of periods, not of responses; the
// responses need not be in time order. The first stream error aborts with
// that error, and an invalid rating with an error wrapping
// [ErrInvalidRating] that names the response; nothing half-counted is
// returned. Invalid ranges, zones and options give the errors of
// [Periods] and [ErrInvalidLevel]; a nil seq one wrapping
// [ErrInvalidArgument].
func BuildSeries(seq iter.Seq2[Response, error], from, to time.Time, g Granularity, loc *time.Location, opts SeriesOptions) (Series, error) {
	opts, err := opts.normalize()
	if err != nil {
		return Series{}, err
	}
	if seq == nil {
		return Series{}, argError("BuildSeries needs a sequence")
	}
	ps, err := Periods(from, to, g, loc)
	if err != nil {
		return Series{}, err
	}
	dists, err := countPeriods(seq, from, to, ps)
	if err != nil {
		return Series{}, err
	}
	s := Series{Granularity: g, Location: loc, Level: opts.Level, Method: opts.Method}
	if s.Points, err = makePoints(ps, dists, opts); err != nil {
		return Series{}, err
	}
	return s, nil
}

// countPeriods counts the responses in [from, to) into the consecutive
// periods ps, which must cover that range.
func countPeriods(seq iter.Seq2[Response, error], from, to time.Time, ps []Period) ([]Distribution, error) {
	dists := make([]Distribution, len(ps))
	if len(ps) == 0 {
		return dists, nil // an empty range: nothing to read
	}
	for r, err := range seq {
		if err != nil {
			return nil, err
		}
		if r.At.Before(from) || !r.At.Before(to) {
			continue
		}
		i := sort.Search(len(ps), func(i int) bool { return r.At.Before(ps[i].End) })
		if err := dists[i].Add(r.Rating); err != nil {
			return nil, fmt.Errorf("response %q: %w", r.ID, err)
		}
	}
	return dists, nil
}

// SeriesFromDistributions builds a series from counts aggregated
// elsewhere, such as a SQL GROUP BY on the period label (see [ParsePeriod])
// or a [Combiner] per period: dists[i] holds the ratings of periods[i].
// The periods must be consecutive (each starts where the one before ends)
// and of one granularity, with empty periods included, because the index
// is the time axis of the trend; [Periods] gives such a list. Mismatched
// lengths or periods that are not consecutive are an error wrapping
// [ErrInvalidArgument]; an invalid Distribution one wrapping
// [ErrNegativeCount] or [ErrOverflow] that names its period.
func SeriesFromDistributions(periods []Period, dists []Distribution, opts SeriesOptions) (Series, error) {
	opts, err := opts.normalize()
	if err != nil {
		return Series{}, err
	}
	if len(periods) != len(dists) {
		return Series{}, argError("%d periods but %d distributions", len(periods), len(dists))
	}
	s := Series{Level: opts.Level, Method: opts.Method}
	for i, p := range periods {
		if !p.Granularity.Valid() || !p.Start.Before(p.End) {
			return Series{}, argError("period %d (%v): not a period", i, p)
		}
		if i > 0 && (p.Granularity != periods[0].Granularity || !p.Start.Equal(periods[i-1].End)) {
			return Series{}, argError("period %d (%v) does not follow %v", i, p, periods[i-1])
		}
	}
	if len(periods) > 0 {
		s.Granularity, s.Location = periods[0].Granularity, periods[0].Start.Location()
	}
	if s.Points, err = makePoints(periods, dists, opts); err != nil {
		return Series{}, err
	}
	return s, nil
}

// makePoints computes a point per period; opts must be normalised.
func makePoints(ps []Period, dists []Distribution, opts SeriesOptions) ([]Point, error) {
	points := make([]Point, len(ps))
	for i, p := range ps {
		t, err := dists[i].Tally()
		if err != nil {
			return nil, fmt.Errorf("period %v: %w", p, err)
		}
		pt := Point{Period: p, Dist: dists[i], Tally: t, N: t.N(), Empty: t.N() == 0}
		if !pt.Empty {
			if pt.Interval, err = t.Interval(opts.Level, opts.Method); err != nil {
				return nil, fmt.Errorf("period %v: %w", p, err)
			}
			if pt.NPS, err = t.NPS(); err != nil {
				return nil, fmt.Errorf("period %v: %w", p, err)
			}
		}
		points[i] = pt
	}
	return points, nil
}

// Rolling returns a rolling-window series: one point for each local day in
// zone loc that overlaps [from, to), covering that day and the days−1
// local days before it — a 7-day or 28-day window that moves a day at a
// time, smoothing out the noise of single days. The windows of the first
// days reach back before from, and those responses count; responses at or
// after to do not, so a to inside a day leaves that day's window partial.
// A stream filtered to [from.AddDate(0, 0, -days), to) holds every
// response needed. Point.Period is the window's last day; Series.Window
// is days.
//
// Consecutive windows share responses, so their points are not
// independent: [Series.Changes] compares each window with the window
// just before it (no overlap), and [Series.Trend] refuses a rolling
// series. Each response is counted once, into its day; then each step
// adds the day that enters the window and subtracts the day that leaves
// it, so the cost does not grow with the window and memory is
// proportional to the number of days. days outside 1–[MaxPeriods] is an
// error wrapping [ErrInvalidArgument]; otherwise errors are those of
// [BuildSeries].
func Rolling(seq iter.Seq2[Response, error], from, to time.Time, days int, loc *time.Location, opts SeriesOptions) (Series, error) {
	opts, err := opts.normalize()
	if err != nil {
		return Series{}, err
	}
	if seq == nil {
		return Series{}, argError("Rolling needs a sequence")
	}
	if days < 1 || days > MaxPeriods {
		return Series{}, argError("rolling window of %d days: want 1–%d", days, MaxPeriods)
	}
	out, err := Periods(from, to, Daily, loc)
	if err != nil {
		return Series{}, err
	}
	s := Series{Granularity: Daily, Location: loc, Window: days, Level: opts.Level, Method: opts.Method}
	if len(out) == 0 {
		return s, nil
	}
	// The days before the first output day that its window reaches back to.
	all := make([]Period, days-1, days-1+len(out))
	p := out[0]
	for i := days - 2; i >= 0; i-- {
		p = periodOf(p.Start.Add(-time.Nanosecond), Daily, loc)
		all[i] = p
	}
	all = append(all, out...)
	dists, err := countPeriods(seq, all[0].Start, to, all)
	if err != nil {
		return Series{}, err
	}
	windows := make([]Distribution, len(out))
	var w Distribution
	for i, d := range dists {
		if err := w.Merge(d); err != nil {
			return Series{}, fmt.Errorf("rolling window ending %v: %w", all[i], err)
		}
		if i >= days {
			if err := w.Subtract(dists[i-days]); err != nil {
				return Series{}, fmt.Errorf("rolling window ending %v: %w", all[i], err)
			}
		}
		if i >= days-1 {
			windows[i-days+1] = w
		}
	}
	if s.Points, err = makePoints(out, windows, opts); err != nil {
		return Series{}, err
	}
	return s, nil
}

// Change is the change in NPS from one point of a series to a later one,
// from [Series.Changes]. Diff, Comparison and Interval are for
// To − From, in points. In a [Rolling] series From and To are the last
// days of the two windows compared.
type Change struct {
	From Period `json:"from"`
	To   Period `json:"to"`
	// Diff is NPS(To) − NPS(From) in points.
	Diff float64 `json:"diff"`
	// Comparison is the Wald test of [Compare]; when Err wraps
	// [ErrUndefined] (both periods unanimous) it is zero and meaningless.
	Comparison Comparison `json:"comparison"`
	// Interval is the interval for Diff by [DiffInterval] with the series'
	// method (MOVER-Tango by default) at the series' level.
	Interval Interval `json:"interval"`
	// Verdict reads Interval: [Improved] or [Declined] when it excludes 0,
	// else [NoClearChange]. It is 0 when no interval could be computed.
	Verdict Verdict `json:"verdict"`
	// Err reports what could not be computed. It wraps [ErrNoResponses]
	// when either period is empty: then only From and To are set. It wraps
	// [ErrUndefined] when both periods are unanimous, so that the Wald test
	// has no standard error: Diff, Interval and Verdict are still set.
	Err error `json:"-"`
}

// MarshalJSON writes the fields that could not be computed as null and Err
// as the string "error", so no reader takes a missing change for 0.
func (c Change) MarshalJSON() ([]byte, error) {
	type change struct {
		From       Period      `json:"from"`
		To         Period      `json:"to"`
		Diff       *float64    `json:"diff"`
		Comparison *Comparison `json:"comparison"`
		Interval   *Interval   `json:"interval"`
		Verdict    *Verdict    `json:"verdict"`
		Err        string      `json:"error,omitempty"`
	}
	out := change{From: c.From, To: c.To}
	if c.Err != nil {
		out.Err = c.Err.Error()
	}
	if !errors.Is(c.Err, ErrNoResponses) {
		out.Diff = &c.Diff
	}
	if c.Comparison.Test != "" {
		out.Comparison = &c.Comparison
	}
	if c.Interval.Method != "" {
		out.Interval = &c.Interval
	}
	if c.Verdict.Valid() {
		out.Verdict = &c.Verdict
	}
	return json.Marshal(out)
}

// Changes compares each point with the one before it: period over period,
// as dashboards flag it. In a [Rolling] series it compares each window
// with the window that ends where it begins (Window points earlier), since
// overlapping windows share respondents and the test assumes independent
// groups. A pair with an empty period is kept, with Err set, so the list
// has one entry per pair.
//
// Testing every period at the series' level flags about one change in
// twenty by chance alone; adjust the p-values with [AdjustHolm] or
// [AdjustBH] before calling a change significant.
func (s Series) Changes() []Change {
	lag := max(1, s.Window)
	if len(s.Points) <= lag {
		return nil
	}
	opts, err := SeriesOptions{Level: s.Level, Method: s.Method}.normalize()
	out := make([]Change, 0, len(s.Points)-lag)
	for i := lag; i < len(s.Points); i++ {
		from, to := s.Points[i-lag], s.Points[i]
		c := Change{From: from.Period, To: to.Period}
		switch {
		case err != nil:
			c.Err = err
		case from.Empty || to.Empty:
			c.Err = fmt.Errorf("%w: change from %v (n=%d) to %v (n=%d)", ErrNoResponses, from.Period, from.N, to.Period, to.N)
		default:
			c.Diff, c.Interval, c.Comparison, c.Verdict, c.Err = change(to.Tally, from.Tally, opts)
		}
		out = append(out, c)
	}
	return out
}

// change computes after − before: the difference, its interval and
// verdict, and the Wald test. err is the first failure.
func change(after, before Tally, opts SeriesOptions) (diff float64, iv Interval, cmp Comparison, v Verdict, err error) {
	iv, err = DiffInterval(after, before, opts.Level, opts.Method)
	if err != nil {
		return 0, Interval{}, Comparison{}, 0, err
	}
	diff, v = iv.Estimate, verdictOf(iv)
	cmp, err = Compare(after, before)
	return diff, iv, cmp, v, err
}

// Trend fits the linear trend over the series' periods with [FitTrend]:
// Slope is in points per period (per month for a monthly series, whatever
// the months' lengths). Empty periods are skipped but keep their index, so
// a gap does not pull later periods closer; Trend.Unanimous indexes
// Points. Fewer than three non-empty periods is an error wrapping
// [ErrNoResponses]. A [Rolling] series with a window over one day is an
// error wrapping [ErrInvalidArgument]: its points share responses, which
// the fit takes to be independent; fit a Daily or Weekly series instead.
func (s Series) Trend() (Trend, error) {
	if s.Window > 1 {
		return Trend{}, argError("trend of a rolling %d-day series: overlapping windows are not independent", s.Window)
	}
	ts := make([]Tally, len(s.Points))
	for i, p := range s.Points {
		ts[i] = p.Tally
	}
	return FitTrend(ts)
}
