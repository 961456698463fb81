package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// The report's fixed choices.
const (
	level          = 0.95 // intervals of scores and changes
	alpha          = 0.05 // tests
	baselineMonths = 3    // the baseline is the first quarter of measurement
	quarterMonths  = 3    // "last quarter": the three months ending with the report's month
	pivotMonths    = 6    // months in the touchpoint × month table
	minCell        = 20   // fewest responses for a score in that table
	rollingDays    = 28   // window of the rolling score
	maxComments    = 3    // comments shown per coaching signal

	// minMonths is the fewest months the report needs up to its month: two
	// quarters for the signals and the months of the pivot table. It also
	// keeps the report's month out of the baseline quarter.
	minMonths = max(2*quarterMonths, pivotMonths, baselineMonths+1)

	// The ranking of employees (the package's defaults, spelled out for the
	// text): verdicts and intervals at 90%, and no rank for fewer than 10
	// responses or a raw interval wider than 40 points.
	rankLevel        = 0.9
	rankMinResponses = 10
	rankMaxWidth     = 40.0

	// signalThreshold is the posterior probability of a rise (or, at 1 −
	// it, a fall) that makes a signal. It is stricter than the package's
	// default of 0.9, which with 25 employees checked at once would flag
	// two or three in each direction by chance alone.
	signalThreshold = 0.975
	// minSignalResponses is the fewest responses in each quarter for a
	// signal (the package's default).
	minSignalResponses = 10

	// minBin is the fewest responses in a bin of fix times before the bin
	// is marked small.
	minBin = 20
)

// fixEdges cut the time to fix a support case into bins, in hours: within a
// morning, a working day, the standard's 24 hours, two days, and longer.
var fixEdges = []float64{4, 8, 24, 48}

// The ranking and the signals draw from the posterior; fixed seeds make the
// report reproducible.
const (
	rankSeed   = 1
	signalSeed = 2
	fixSeed    = 3
)

// reportConfig is what the report needs besides the store: the company's
// touchpoints and the months to report on, cut in the zone loc.
type reportConfig struct {
	loc         *time.Location
	touchpoints []nps.Touchpoint
	first       nps.Period // first month of measurement; the baseline starts here
	month       nps.Period // the month reported on; its end is the report's "now"

	// fixTouchpoint is the touchpoint whose responses carry the hours it
	// took to fix the customer's case in the label fixLabel. No fixLabel,
	// no section on operational drivers.
	fixTouchpoint, fixLabel string
}

// report builds the report from a store. It reads the responses only through
// the nps.Store interface (and nps.Count, which uses a store's own counting
// where it has one), so any host's store can take MemStore's place.
type report struct {
	ctx    context.Context
	st     nps.Store
	cfg    reportConfig
	months []nps.Period // first … month
	now    time.Time    // the end of the report's month
	b      bytes.Buffer
}

// pf writes formatted text to the report.
func (r *report) pf(format string, args ...any) { fmt.Fprintf(&r.b, format, args...) }

// span is a range of whole months [from, to).
type span struct{ first, last nps.Period }

func (s span) from() time.Time { return s.first.Start }
func (s span) to() time.Time   { return s.last.End }

// String formats the span as "2026-09 to 2026-11".
func (s span) String() string {
	if s.first.Start.Equal(s.last.Start) {
		return s.first.String()
	}
	return s.first.String() + " to " + s.last.String()
}

// filter selects the span's responses.
func (s span) filter() nps.Filter { return nps.Filter{From: s.from(), To: s.to()} }

// span returns the span of the count months ending with the i-th month.
func (r *report) span(i, count int) span {
	return span{r.months[i-count+1], r.months[i]}
}

// buildReport computes the report and formats it as plain text. Points are
// shown with one decimal; nothing is rounded before that.
func buildReport(ctx context.Context, st nps.Store, cfg reportConfig) ([]byte, error) {
	months, err := nps.Periods(cfg.first.Start, cfg.month.End, nps.Monthly, cfg.loc)
	if err != nil {
		return nil, err
	}
	if len(months) < minMonths {
		return nil, fmt.Errorf("%s: the report needs %d months of data from %s", cfg.month, minMonths, cfg.first)
	}
	r := &report{ctx: ctx, st: st, cfg: cfg, months: months, now: cfg.month.End}

	series, err := nps.BuildSeries(st.Responses(ctx, nps.Filter{From: cfg.first.Start, To: r.now}),
		cfg.first.Start, r.now, nps.Monthly, cfg.loc, nps.SeriesOptions{Level: level})
	if err != nil {
		return nil, fmt.Errorf("monthly series: %w", err)
	}
	total := 0
	for _, p := range series.Points {
		total += p.N
	}
	r.pf("Customer NPS dashboard: %s\n", cfg.month.Start.Format("January 2006"))
	r.pf("As of %s (%s), from %d responses since %s. Intervals are %.0f%%.\n",
		r.now.AddDate(0, 0, -1).Format(time.DateOnly), cfg.loc, total, cfg.first.Start.Format(time.DateOnly), 100*level)

	// The sections, in the order a leader reads them: where we stand,
	// where customers meet us, how it moves, who serves them, whom to
	// recognise or coach, and what operations go with the score.
	for _, section := range []func() error{
		func() error { return r.headline(series) },
		r.touchpoints,
		r.pivot,
		func() error { return r.monthly(series) },
		r.employees,
		r.signals,
		r.fixTime,
	} {
		if err := section(); err != nil {
			return nil, err
		}
	}

	r.pf("\nIntervals cover sampling error only. Low response rates usually inflate scores,\n")
	r.pf("and no margin of error covers that.\n")
	return r.b.Bytes(), nil
}

// section starts a section with its title, underlined.
func (r *report) section(format string, args ...any) {
	title := fmt.Sprintf(format, args...)
	r.pf("\n%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
}

// headline writes the month's score against the baseline quarter and the
// month before.
func (r *report) headline(series nps.Series) error {
	last := len(series.Points) - 1
	cur := series.Points[last]
	r.section("Headline: %s", cur.Period.Start.Format("January 2006"))
	if cur.Empty {
		r.pf("  No responses in %s.\n", cur.Period)
		return nil
	}
	r.pf("  NPS %s, %s, %s\n", points(cur.NPS), interval(cur.Interval), plural(cur.N, "response"))

	base := r.span(baselineMonths-1, baselineMonths)
	d, err := nps.Count(r.ctx, r.st, base.filter())
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	bl, err := nps.NewBaseline("company", base.from(), base.to(), d, level)
	if err != nil {
		return fmt.Errorf("baseline %s: %w", base, err)
	}
	bc, err := bl.Compare(cur.Tally, level)
	if err != nil {
		return fmt.Errorf("against the baseline: %w", err)
	}
	p := "no p-value: both unanimous"
	if bc.Comparison != nil {
		p = pValue(bc.Comparison.P)
	}
	r.pf("\n  Against the baseline, %s (NPS %s, %s):\n", base, points(bl.NPS), plural(bl.N, "response"))
	r.pf("    %s points, %s, %s: %s\n", signedPoints(bc.Diff), diffInterval(bc.Interval), p, verdict(bc.Verdict))

	changes := series.Changes()
	c := changes[len(changes)-1]
	r.pf("\n  Against the month before, %s", c.From)
	switch {
	case errors.Is(c.Err, nps.ErrNoResponses):
		r.pf(": no responses to compare with.\n")
		return nil
	case errors.Is(c.Err, nps.ErrUndefined):
		p = "no p-value: both unanimous"
	case c.Err != nil:
		return fmt.Errorf("change from %s: %w", c.From, c.Err)
	default:
		p = pValue(c.Comparison.P)
	}
	prev := series.Points[last-1]
	r.pf(" (NPS %s, %s):\n", points(prev.NPS), plural(prev.N, "response"))
	r.pf("    %s points, %s, %s: %s\n", signedPoints(c.Diff), diffInterval(c.Interval), p, verdict(c.Verdict))
	return nil
}

// touchpoints writes each touchpoint's score over the last quarter against
// all other responses, with Holm-adjusted p-values, and the standard of each
// touchpoint that is credibly below the rest.
func (r *report) touchpoints() error {
	q := r.span(len(r.months)-1, quarterMonths)
	r.section("Touchpoints, last quarter (%s)", q)
	seg, err := nps.GroupBy(r.st.Responses(r.ctx, q.filter()), nps.ByTouchpoint)
	if err != nil {
		return fmt.Errorf("touchpoints: %w", err)
	}
	if seg.Len() < 2 {
		r.pf("  Too few touchpoints with responses to compare.\n")
		return nil
	}
	results, err := seg.VsRest(level, nps.Holm)
	if err != nil {
		return fmt.Errorf("touchpoints: %w", err)
	}
	byKey := make(map[string]nps.SegmentResult[string], len(results))
	for _, res := range results {
		byKey[res.Key] = res
	}

	keys := r.touchpointOrder(seg.Keys())
	w := nameWidth(r.touchpointNames(keys), "touchpoint")
	r.pf("  %-*s %5s %6s  %-14s %7s  %-14s %8s\n", w, "touchpoint", "n", "NPS", "95% interval", "vs rest", "95% interval", "p (Holm)")
	var below []string
	for _, k := range keys {
		res := byKey[k]
		name := r.touchpointName(k)
		if res.Err != nil {
			r.pf("  %-*s %5d %6s  not compared: %v\n", w, name, res.Tally.N(), points(res.NPS), res.Err)
			continue
		}
		mark := ""
		if res.Significant {
			mark = "  above"
			if res.VsRest.Diff < 0 {
				mark = "  below"
				below = append(below, k)
			}
		}
		r.pf("  %-*s %5d %6s  %-14s %7s  %-14s %8s%s\n", w, name, res.Tally.N(), points(res.NPS),
			limits(res.Interval), signedPoints(res.VsRest.Diff), signedLimits(res.Diff), pShort(res.PAdjusted), mark)
	}
	r.pf("  Above or below: the difference from the rest is significant at %.0f%%,\n", 100*alpha)
	r.pf("  after Holm's adjustment for testing %s.\n", plural(len(results), "touchpoint"))
	for _, k := range below {
		r.pf("\n  %s falls short of the rest. Its standard", r.touchpointName(k))
		tp, ok := r.touchpoint(k)
		if !ok || tp.Standard == "" {
			r.pf(" is not written down.\n")
			continue
		}
		if tp.Owner != "" {
			r.pf(" (owner: %s)", tp.Owner)
		}
		r.pf(":\n")
		for _, line := range wrap(strconv.Quote(tp.Standard), 76) {
			r.pf("    %s\n", line)
		}
	}
	return nil
}

// pivot writes the touchpoint × month table of the last months, with "—"
// where a cell has fewer than minCell responses.
func (r *report) pivot() error {
	s := r.span(len(r.months)-1, pivotMonths)
	r.section("NPS by touchpoint and month (%s)", s)
	byMonth := func(resp nps.Response) []string {
		p, err := nps.PeriodOf(resp.At, nps.Monthly, r.cfg.loc)
		if err != nil {
			return nil // never for a stored response: it has an instant
		}
		return []string{p.String()}
	}
	pv, err := nps.PivotBy(r.st.Responses(r.ctx, s.filter()), nps.ByTouchpoint, byMonth)
	if err != nil {
		return fmt.Errorf("touchpoint × month: %w", err)
	}
	months := r.months[len(r.months)-pivotMonths:]
	keys := r.touchpointOrder(pv.Rows())
	w := nameWidth(r.touchpointNames(keys), "all touchpoints")
	r.pf("  %-*s", w, "touchpoint")
	for _, m := range months {
		r.pf(" %8s", m)
	}
	r.pf(" %9s\n", fmt.Sprintf("%d months", pivotMonths))
	row := func(name string, cell func(string) nps.Distribution, total nps.Distribution) {
		r.pf("  %-*s", w, name)
		for _, m := range months {
			r.pf(" %8s", cellScore(cell(m.String())))
		}
		r.pf(" %9s\n", cellScore(total))
	}
	for _, k := range keys {
		row(r.touchpointName(k), func(m string) nps.Distribution { return pv.Cell(k, m) }, pv.RowTotal(k))
	}
	row("all touchpoints", pv.ColTotal, pv.Total())
	r.pf("  — fewer than %d responses.\n", minCell)
	return nil
}

// cellScore formats a pivot cell: its NPS, or "—" below minCell responses.
func cellScore(d nps.Distribution) string {
	t, err := d.Tally()
	if err != nil || t.N() < minCell {
		return "—"
	}
	s, err := t.NPS()
	if err != nil {
		return "—"
	}
	return points(s)
}

// monthly writes the score of every month with its interval, the fitted
// trend, and the rolling score of the last days.
func (r *report) monthly(series nps.Series) error {
	r.section("Monthly NPS, %s", span{r.months[0], r.months[len(r.months)-1]})
	r.pf("  %-8s %5s %6s  %s\n", "month", "n", "NPS", "95% interval")
	for _, p := range series.Points {
		if p.Empty {
			r.pf("  %-8s %5d  no responses\n", p.Period, 0)
			continue
		}
		r.pf("  %-8s %5d %6s  %s%s\n", p.Period, p.N, points(p.NPS), limits(p.Interval), caveats(p.Interval.Caveats))
	}

	tr, err := series.Trend()
	switch {
	case errors.Is(err, nps.ErrNoResponses):
		r.pf("  A trend needs at least three months with responses.\n")
	case err != nil:
		return fmt.Errorf("trend: %w", err)
	default:
		lo, hi, err := tr.SlopeInterval(level)
		if err != nil {
			return err
		}
		r.pf("\n  Trend %s points a month, 95%% interval %s to %s, %s: ",
			signedPoints(tr.Slope), signedPoints(lo), signedPoints(hi), pValue(tr.P))
		switch {
		case tr.P >= alpha:
			r.pf("no clear trend.\n")
		case tr.Slope > 0:
			r.pf("rising.\n")
		default:
			r.pf("falling.\n")
		}
		if tr.DF > 0 {
			if tr.HeterogeneityP < alpha {
				r.pf("  The months scatter around the trend more than sampling explains (%s),\n", pValue(tr.HeterogeneityP))
				r.pf("  so its uncertainty was widened ×%.2f.\n", tr.Inflation)
			} else {
				r.pf("  The months scatter around the trend within sampling error (%s).\n", pValue(tr.HeterogeneityP))
			}
		}
	}
	return r.rolling()
}

// rolling writes the last rollingDays-day score and compares it with the
// window before.
func (r *report) rolling() error {
	from := r.now.AddDate(0, 0, -2*rollingDays)
	seq := r.st.Responses(r.ctx, nps.Filter{From: from.AddDate(0, 0, -rollingDays), To: r.now})
	rs, err := nps.Rolling(seq, from, r.now, rollingDays, r.cfg.loc, nps.SeriesOptions{Level: level})
	if err != nil {
		return fmt.Errorf("rolling score: %w", err)
	}
	last := rs.Points[len(rs.Points)-1]
	r.pf("\n  Rolling %d days to %s: ", rollingDays, last.Period)
	if last.Empty {
		r.pf("no responses.\n")
		return nil
	}
	r.pf("NPS %s, %s, %s\n", points(last.NPS), interval(last.Interval), plural(last.N, "response"))
	changes := rs.Changes()
	if len(changes) == 0 {
		return nil
	}
	c := changes[len(changes)-1]
	if c.Err != nil && !errors.Is(c.Err, nps.ErrUndefined) {
		r.pf("  No comparison with the %d days to %s: %v\n", rollingDays, c.From, c.Err)
		return nil
	}
	p := "no p-value: both unanimous"
	if c.Err == nil {
		p = pValue(c.Comparison.P)
	}
	r.pf("  Against the %d days to %s:\n", rollingDays, c.From)
	r.pf("    %s points, %s, %s: %s\n", signedPoints(c.Diff), diffInterval(c.Interval), p, verdict(c.Verdict))
	return nil
}

// employees ranks the employees of each team over the last quarter by their
// shrunk scores, setting apart those with too little data.
func (r *report) employees() error {
	q := r.span(len(r.months)-1, quarterMonths)
	r.section("Employees, last quarter (%s)", q)
	units, err := nps.GroupBy(r.st.Responses(r.ctx, q.filter()), nps.ByUnit)
	if err != nil {
		return fmt.Errorf("teams: %w", err)
	}
	r.pf("  Shrunk: the score pulled towards the team's, the more so the fewer responses\n")
	r.pf("  (empirical Bayes). Standing needs a %.0f%% posterior probability of being above\n", 100*rankLevel)
	r.pf("  or below the team. P(top¼) and P(bottom¼): of being among the team's best or\n")
	r.pf("  worst quarter.\n")
	for i, unit := range nps.SortedKeys(units) {
		f := q.filter()
		f.Units = []string{unit}
		seg, err := nps.GroupBy(r.st.Responses(r.ctx, f), nps.ByEmployee)
		if err != nil {
			return fmt.Errorf("team %s: %w", unit, err)
		}
		byEmployee := maps.Collect(seg.All())
		if len(byEmployee) == 0 {
			continue
		}
		scores, err := nps.RankEmployees(byEmployee, nps.RankingOptions{
			Level:        rankLevel,
			MinResponses: rankMinResponses,
			MaxWidth:     rankMaxWidth,
			Source:       rand.NewPCG(rankSeed, uint64(i)),
		})
		if err != nil {
			return fmt.Errorf("team %s: %w", unit, err)
		}
		var team nps.Tally
		for _, s := range scores {
			if err := team.Merge(s.Tally); err != nil {
				return fmt.Errorf("team %s: %w", unit, err)
			}
		}
		teamNPS, err := team.NPS()
		if err != nil {
			return fmt.Errorf("team %s: %w", unit, err)
		}
		r.pf("\n  %s: team NPS %s over its employees' %s\n", unit, points(teamNPS), plural(team.N(), "response"))
		names := make([]string, len(scores))
		for j, s := range scores {
			names[j] = s.Employee
		}
		w := nameWidth(names, "employee")
		r.pf("    %-*s %4s %6s %7s  %-16s %-10s %7s %10s\n", w, "employee", "n", "NPS", "shrunk",
			fmt.Sprintf("%.0f%% credible", 100*rankLevel), "standing", "P(top¼)", "P(bottom¼)")
		var insufficient []string
		for _, s := range scores {
			if s.Insufficient {
				insufficient = append(insufficient, fmt.Sprintf("%s (%d)", s.Employee, s.N))
				continue
			}
			r.pf("    %-*s %4d %6s %7s  %-16s %-10s %7.2f %10.2f\n", w, s.Employee, s.N, points(s.NPS), points(s.Shrunk),
				limits(s.Credible), standing(s.Standing), s.ProbTopQuarter, s.ProbBottomQuarter)
		}
		if len(insufficient) > 0 {
			r.pf("    Not ranked, too little data (n under %d, or a %.0f%% interval over %.0f points wide):\n",
				rankMinResponses, 100*rankLevel, rankMaxWidth)
			r.pf("      %s\n", strings.Join(insufficient, ", "))
		}
	}
	return nil
}

// signals compares every employee's last quarter with the quarter before
// and writes whom to recognise and whom to coach, with the touchpoints and
// comments of the coached employees' detractors.
func (r *report) signals() error {
	last := len(r.months) - 1
	after, before := r.span(last, quarterMonths), r.span(last-quarterMonths, quarterMonths)
	r.section("Signals: last quarter (%s) against the one before (%s)", after, before)

	// One pass over each quarter: ratings per employee, and the later
	// quarter's detractors with their comments.
	count := func(s span, detractors map[string][]nps.Response) (map[string]nps.Distribution, map[string]string, error) {
		byEmployee, unitOf := map[string]nps.Distribution{}, map[string]string{}
		for resp, err := range r.st.Responses(r.ctx, s.filter()) {
			if err != nil {
				return nil, nil, err
			}
			for _, e := range resp.Employees {
				d := byEmployee[e]
				if err := d.Add(resp.Rating); err != nil {
					return nil, nil, fmt.Errorf("response %s: %w", resp.ID, err)
				}
				byEmployee[e] = d
				unitOf[e] = resp.Unit
				if detractors != nil && resp.Rating.Category() == nps.Detractor {
					detractors[e] = append(detractors[e], resp)
				}
			}
		}
		return byEmployee, unitOf, nil
	}
	from, _, err := count(before, nil)
	if err != nil {
		return fmt.Errorf("signals, %s: %w", before, err)
	}
	detractors := map[string][]nps.Response{}
	to, unitOf, err := count(after, detractors)
	if err != nil {
		return fmt.Errorf("signals, %s: %w", after, err)
	}

	// Shrink both quarters towards the company's employees, so that a
	// signal needs more than a lucky quarter.
	var tallies []nps.Tally
	for _, m := range []map[string]nps.Distribution{from, to} {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			t, err := m[name].Tally()
			if err != nil {
				return fmt.Errorf("employee %s: %w", name, err)
			}
			tallies = append(tallies, t)
		}
	}
	prior, err := nps.FitPrior(tallies)
	if err != nil && !errors.Is(err, nps.ErrNoResponses) {
		return fmt.Errorf("signals: %w", err)
	}
	opts := nps.SignalOptions{Threshold: signalThreshold, MinResponses: minSignalResponses, Source: rand.NewPCG(signalSeed, 0)}
	if err == nil {
		opts.Prior = &prior
	}
	signals, err := nps.EmployeeSignals(from, to, detractors, opts)
	if err != nil {
		return fmt.Errorf("signals: %w", err)
	}
	checked := 0
	for name, d := range to {
		if d.N() >= minSignalResponses && from[name].N() >= minSignalResponses {
			checked++
		}
	}
	r.pf("  A signal needs a %.1f%% posterior probability that the score rose (or fell),\n", 100*signalThreshold)
	r.pf("  and at least %d responses in each quarter; both quarters are shrunk towards\n", minSignalResponses)
	r.pf("  all employees. The bar is high because %d employees are checked at once.\n", checked)
	for _, kind := range []nps.SignalKind{nps.SignalProgress, nps.SignalCoaching} {
		title := "Progress, to recognise"
		if kind == nps.SignalCoaching {
			title = "Decline, to coach"
		}
		r.pf("\n  %s:\n", title)
		found := false
		for _, s := range signals {
			if s.Kind != kind {
				continue
			}
			found = true
			a, _ := s.From.NPS() // both tallies have responses
			b, _ := s.To.NPS()
			r.pf("    %s (%s): NPS %s → %s, n %d → %d\n",
				s.Employee, unitOf[s.Employee], points(a), points(b), s.From.N(), s.To.N())
			r.pf("      %s points, %s, P(rose) %.2f\n", signedPoints(s.Diff), diffInterval(s.Interval), s.ProbImproved)
			if kind != nps.SignalCoaching {
				continue
			}
			if len(s.Touchpoints) > 0 {
				r.pf("      detractors at: %s\n", strings.Join(r.touchpointNames(s.Touchpoints), ", "))
			}
			if len(s.Comments) > 0 {
				r.pf("      they said:\n")
				for _, c := range s.Comments[:min(len(s.Comments), maxComments)] {
					r.pf("        %q\n", c)
				}
			}
		}
		if !found {
			r.pf("    none\n")
		}
	}
	return nil
}

// fixTime writes the support responses' NPS of the last quarter by the time
// it took to fix the case, and the fix time at which support's fitted score
// reaches the company's.
func (r *report) fixTime() error {
	if r.cfg.fixLabel == "" {
		return nil
	}
	q := r.span(len(r.months)-1, quarterMonths)
	r.section("Operational drivers: time to fix support cases, last quarter (%s)", q)
	f := q.filter()
	f.Touchpoints = []string{r.cfg.fixTouchpoint}
	d, err := nps.DriverFromResponses(r.st.Responses(r.ctx, f), r.cfg.fixLabel)
	if err != nil {
		return fmt.Errorf("fix times: %w", err)
	}
	if d.N() == 0 {
		r.pf("  No support responses with a fix time.\n")
		return nil
	}
	bins, err := d.Bins(fixEdges, level, nil)
	if err != nil {
		return fmt.Errorf("fix times: %w", err)
	}

	labels := make([]string, len(bins))
	for i, b := range bins {
		labels[i] = binLabel(b)
	}
	const noFix = "no fix time"
	w := nameWidth(append(labels, noFix), "fix time")
	r.pf("  %-*s %5s %6s  %s\n", w, "fix time", "n", "NPS", "95% interval")
	anySmall := false
	row := func(label string, n int, score float64, iv nps.Interval) {
		line := fmt.Sprintf("  %-*s %5d %6s  %-14s%s", w, label, n, points(score), limits(iv), caveats(iv.Caveats))
		if n < minBin {
			line += "  small"
			anySmall = true
		}
		r.pf("%s\n", strings.TrimRight(line, " "))
	}
	for i, b := range bins {
		if b.Empty {
			r.pf("  %-*s %5d  no responses\n", w, labels[i], 0)
			continue
		}
		row(labels[i], b.N, b.NPS, b.Interval)
	}
	if missing := d.Missing(); missing.N() == 0 {
		r.pf("  %-*s %5d\n", w, noFix, 0)
	} else {
		t, err := missing.Tally()
		if err != nil {
			return fmt.Errorf("fix times missing: %w", err)
		}
		score, err := t.NPS()
		if err != nil {
			return fmt.Errorf("fix times missing: %w", err)
		}
		iv, err := t.Interval(level, nil)
		if err != nil {
			return fmt.Errorf("fix times missing: %w", err)
		}
		row(noFix, t.N(), score, iv)
	}
	if anySmall {
		r.pf("  small: fewer than %d responses; read with care.\n", minBin)
	}

	// The target: the company's score over the same quarter.
	all, err := nps.Count(r.ctx, r.st, q.filter())
	if err != nil {
		return fmt.Errorf("company score: %w", err)
	}
	t, err := all.Tally()
	if err != nil {
		return fmt.Errorf("company score: %w", err)
	}
	target, err := t.NPS()
	if err != nil {
		return fmt.Errorf("company score: %w", err)
	}
	r.pf("\n  Target: the company's NPS this quarter, %s (support's: %s).\n", points(target), supportScore(d))
	e, err := d.Target(target, nps.TargetOptions{Level: level, Direction: -1, Source: rand.NewPCG(fixSeed, 0)})
	switch {
	case errors.Is(err, nps.ErrUndefined):
		r.pf("  Too few distinct fix times to relate them to the score.\n")
		return nil
	case err != nil:
		return fmt.Errorf("fix time for NPS %s: %w", points(target), err)
	}
	for _, line := range wrap(fixTarget(e), 76) {
		r.pf("  %s\n", line)
	}
	r.pf("  An association, not an effect: slow cases may differ in other ways too.\n")
	return nil
}

// fixTarget says at which fix time the fitted NPS reaches the target (the
// NPS falling with the fix time), with its interval, or that the data do
// not reach it.
func fixTarget(e nps.TargetEstimate) string {
	if !e.Reached {
		if e.Value == e.Max {
			end := e.Fit[len(e.Fit)-1]
			return fmt.Sprintf("Support meets it at every fix time seen: even its slowest fixes (%s hours) have a fitted NPS of %s.",
				hours(end.Value), points(end.NPS))
		}
		end := e.Fit[0]
		return fmt.Sprintf("Support does not reach it within the data: even its fastest fixes (%s hours) have a fitted NPS of only %s; %.0f%% of bootstrap resamples reach it.",
			hours(end.Value), points(end.NPS), 100*e.ProbReached)
	}
	s := fmt.Sprintf("Support reaches it on cases fixed within %s hours, %.0f%% interval ", hours(e.Value), 100*e.Level)
	switch lo, hi := math.IsInf(e.Lower, -1), math.IsInf(e.Upper, 1); {
	case lo && hi:
		s += "open: the data cannot bound it"
	case lo:
		s += "up to " + hours(e.Upper) + " hours (the data cannot bound it below)"
	case hi:
		s += "from " + hours(e.Lower) + " hours (the data cannot bound it above)"
	default:
		s += hours(e.Lower) + " to " + hours(e.Upper) + " hours"
	}
	return s + caveats(e.Caveats) + fmt.Sprintf("; isotonic fit, %d bootstrap resamples.", e.Resamples)
}

// binLabel names a bin of fix times: "under 4 h", "4 to 8 h", "48 h or more".
func binLabel(b nps.Bin) string {
	switch {
	case math.IsInf(b.Lower, -1) && math.IsInf(b.Upper, 1):
		return "any"
	case math.IsInf(b.Lower, -1):
		return fmt.Sprintf("under %g h", b.Upper)
	case math.IsInf(b.Upper, 1):
		return fmt.Sprintf("%g h or more", b.Lower)
	}
	return fmt.Sprintf("%g to %g h", b.Lower, b.Upper)
}

// hours formats a fix time: "6.9".
func hours(h float64) string { return fmt.Sprintf("%.1f", h) }

// supportScore formats the NPS of all responses with a fix time.
func supportScore(d *nps.Driver) string {
	t, err := d.Total().Tally()
	if err != nil {
		return "—"
	}
	s, err := t.NPS()
	if err != nil {
		return "—"
	}
	return points(s)
}

// touchpoint returns the catalogue entry of a touchpoint ID.
func (r *report) touchpoint(id string) (nps.Touchpoint, bool) {
	i := slices.IndexFunc(r.cfg.touchpoints, func(tp nps.Touchpoint) bool { return tp.ID == id })
	if i < 0 {
		return nps.Touchpoint{}, false
	}
	return r.cfg.touchpoints[i], true
}

// touchpointName returns a touchpoint's name, or its ID if it is not in the
// catalogue.
func (r *report) touchpointName(id string) string {
	if tp, ok := r.touchpoint(id); ok && tp.Name != "" {
		return tp.Name
	}
	return id
}

// touchpointOrder returns the IDs in ids in catalogue order, then those not
// in the catalogue sorted.
func (r *report) touchpointOrder(ids []string) []string {
	var known, unknown []string
	for _, tp := range r.cfg.touchpoints {
		if slices.Contains(ids, tp.ID) {
			known = append(known, tp.ID)
		}
	}
	for _, id := range ids {
		if _, ok := r.touchpoint(id); !ok {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	return append(known, unknown...)
}

// touchpointNames returns the names of touchpoint IDs.
func (r *report) touchpointNames(ids []string) []string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = r.touchpointName(id)
	}
	return names
}

// nameWidth returns the width of a name column: the longest of the header
// and the names.
func nameWidth(names []string, header string) int {
	w := len([]rune(header))
	for _, n := range names {
		w = max(w, len([]rune(n)))
	}
	return w
}

// wrap breaks text into lines of at most width runes at spaces; a word
// longer than width gets a line of its own.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for word := range strings.FieldsSeq(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// standing says how an employee stands against the team.
func standing(s nps.Standing) string {
	switch s {
	case nps.StandingAbove:
		return "above"
	case nps.StandingBelow:
		return "below"
	case nps.StandingTypical:
		return "in line"
	}
	return "—"
}

// verdict reads a change in plain words.
func verdict(v nps.Verdict) string {
	switch v {
	case nps.Improved:
		return "improved"
	case nps.Declined:
		return "declined"
	}
	return "no clear change"
}

// interval formats a score's interval: "95% interval 24.4 to 39.4".
func interval(iv nps.Interval) string {
	return fmt.Sprintf("%.0f%% interval %s", 100*iv.Level, limits(iv)) + caveats(iv.Caveats)
}

// diffInterval formats a change's interval: "95% interval -4.2 to +18.6".
func diffInterval(iv nps.Interval) string {
	return fmt.Sprintf("%.0f%% interval %s", 100*iv.Level, signedLimits(iv)) + caveats(iv.Caveats)
}

// limits formats an interval's limits: "24.4 to 39.4".
func limits(iv nps.Interval) string {
	return points(iv.Lower) + " to " + points(iv.Upper)
}

// signedLimits formats a difference's limits with signs: "-4.2 to +18.6".
func signedLimits(iv nps.Interval) string {
	return signedPoints(iv.Lower) + " to " + signedPoints(iv.Upper)
}

// pValue formats a p-value for people: "p = 0.034", or "p < 0.001".
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.3f", p)
}

// pShort formats a p-value for a table column: "0.034" or "< 0.001".
func pShort(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// points formats a value in NPS points with one decimal, showing a value
// that rounds to zero as 0.0 rather than -0.0.
func points(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}

// signedPoints is points with an explicit sign, for changes and slopes:
// "+4.2", "-1.3", "0.0".
func signedPoints(x float64) string {
	s := fmt.Sprintf("%+.1f", x)
	if s == "-0.0" || s == "+0.0" {
		return "0.0"
	}
	return s
}

// caveats formats an interval's or test's caveats, or nothing if there are
// none.
func caveats(c nps.Caveat) string {
	if c == 0 {
		return ""
	}
	return " [" + c.String() + "]"
}

// plural formats a count with its noun: "1 response", "6 responses".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
