package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"
)

// This file builds the leader's dashboard from the stores, reading every
// record back through the packages' Store interfaces: a host with its own
// databases would run the same code. It formats the dashboard as plain
// text and keeps the numbers the charts need.

// The dashboard's fixed choices.
const (
	level     = 0.95 // intervals of scores, changes and attainment
	alpha     = 0.05 // tests
	minCell   = 20   // fewest responses for a score in the touchpoint × month table
	rankLevel = 0.9  // the ranking's verdicts and intervals (the package's default)
	rankSeed  = 1    // the ranking's posterior draws
	audience  = "ceo"
)

// reportData is the dashboard as text and the series its charts draw.
type reportData struct {
	text []byte

	title    string
	loc      *time.Location      // the company's zone
	monthly  nps.Series          // company NPS by month
	trend    *nps.Trend          // its fitted trend, nil without one
	ratings  nps.Distribution    // every rating of the period
	weekly   []closedloop.Report // follow-up attainment per week
	switchAt time.Time           // when the 24 h policy took over
	phases   []closedloop.Policy // the policies, in order
	wheel    *wheelChart         // the wheel's scores, nil without an assessment
}

// report builds the dashboard.
type report struct {
	ctx  context.Context
	st   *stores
	w    *world
	data *reportData
	b    bytes.Buffer
}

// pf writes formatted text to the dashboard.
func (r *report) pf(format string, args ...any) { fmt.Fprintf(&r.b, format, args...) }

// section starts a section with its title, underlined.
func (r *report) section(format string, args ...any) {
	title := fmt.Sprintf(format, args...)
	r.pf("\n%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
}

// buildReport reads the stores and builds the dashboard.
func buildReport(ctx context.Context, st *stores, w *world) (*reportData, error) {
	r := &report{ctx: ctx, st: st, w: w, data: &reportData{loc: w.loc}}
	last := w.end.Add(-time.Nanosecond)
	r.data.title = fmt.Sprintf("Leader's dashboard, %s to %s", w.start.Format(time.DateOnly), last.Format(time.DateOnly))
	r.pf("%s\n", r.data.title)
	r.pf("A simulated service company (seed %d): %d employees in %d units, %d customer responses.\n",
		w.seed, len(w.staff), len(units), w.responses)
	r.pf("Everything below is read back from SQLite (%s).\n", strings.Join(databaseFiles, ", "))
	r.pf("Intervals are %.0f%% unless said.\n", 100*level)

	for _, section := range []func() error{
		r.npsMonthly,
		r.touchpointMonths,
		r.employees,
		r.closedLoop,
		r.huddles,
		r.enpsUnits,
		r.wheelRoadmap,
		r.maturityTeams,
	} {
		if err := section(); err != nil {
			return nil, err
		}
	}
	r.pf("\nIntervals cover sampling error only. Low response rates usually inflate scores,\n")
	r.pf("and no margin of error covers that.\n")
	r.data.text = r.b.Bytes()
	return r.data, nil
}

// months returns the whole calendar months of the simulation.
func (r *report) months() ([]nps.Period, error) {
	ps, err := nps.Periods(r.w.start, r.w.end, nps.Monthly, r.w.loc)
	if err != nil {
		return nil, err
	}
	for len(ps) > 0 && ps[len(ps)-1].End.After(r.w.end) {
		ps = ps[:len(ps)-1]
	}
	return ps, nil
}

// npsMonthly writes the company's NPS by month with its trend, and the
// year's 0–10 distribution.
func (r *report) npsMonthly() error {
	months, err := r.months()
	if err != nil {
		return err
	}
	from, to := months[0].Start, months[len(months)-1].End
	series, err := nps.BuildSeries(r.st.nps.Responses(r.ctx, nps.Filter{From: from, To: to}), from, to,
		nps.Monthly, r.w.loc, nps.SeriesOptions{Level: level})
	if err != nil {
		return fmt.Errorf("monthly NPS: %w", err)
	}
	r.data.monthly = series
	r.section("Customer NPS by month, %s to %s", months[0], months[len(months)-1])
	r.pf("  %-8s %5s %6s  %s\n", "month", "n", "NPS", "95% interval")
	for _, p := range series.Points {
		if p.Empty {
			r.pf("  %-8s %5d  no responses\n", p.Period, 0)
			continue
		}
		r.pf("  %-8s %5d %6s  %s%s\n", p.Period, p.N, points(p.NPS), limits(p.Interval), caveats(p.Interval.Caveats))
		if err := r.data.ratings.Merge(p.Dist); err != nil {
			return err
		}
	}
	tr, err := series.Trend()
	if err == nil {
		r.data.trend = &tr
	}
	r.pf("  %s\n", trendText(tr, err, "month"))

	d := r.data.ratings
	r.pf("\n  Ratings, rating:count: %s\n", d)
	tally, err := d.Tally()
	if err != nil {
		return err
	}
	total := tally.N()
	if total > 0 {
		tens, _ := d.Share(10)
		r.pf("  Promoters %.0f%%, passives %.0f%%, detractors %.0f%%; 10s are %.0f%% of all ratings.\n",
			100*float64(tally.Promoters)/float64(total), 100*float64(tally.Passives)/float64(total),
			100*float64(tally.Detractors)/float64(total), 100*tens)
	}
	return nil
}

// trendText says what a fitted trend shows, per unit of time.
func trendText(tr nps.Trend, err error, per string) string {
	switch {
	case errors.Is(err, nps.ErrNoResponses):
		return "A trend needs at least three " + per + "s with responses."
	case err != nil:
		return "No trend: " + err.Error()
	}
	lo, hi, err := tr.SlopeInterval(level)
	if err != nil {
		return "No trend: " + err.Error()
	}
	s := fmt.Sprintf("Trend %s points a %s, 95%% interval %s to %s, %s: ",
		signedPoints(tr.Slope), per, signedPoints(lo), signedPoints(hi), pValue(tr.P))
	switch {
	case tr.P >= alpha:
		s += "no clear trend."
	case tr.Slope > 0:
		s += "rising."
	default:
		s += "falling."
	}
	return s
}

// touchpointMonths writes NPS by touchpoint and month with intervals, and
// each touchpoint's trend.
func (r *report) touchpointMonths() error {
	months, err := r.months()
	if err != nil {
		return err
	}
	from, to := months[0].Start, months[len(months)-1].End
	byMonth := func(resp nps.Response) []string {
		p, err := nps.PeriodOf(resp.At, nps.Monthly, r.w.loc)
		if err != nil {
			return nil
		}
		return []string{p.String()}
	}
	pv, err := nps.PivotBy(r.st.nps.Responses(r.ctx, nps.Filter{From: from, To: to}), nps.ByTouchpoint, byMonth)
	if err != nil {
		return fmt.Errorf("touchpoint × month: %w", err)
	}
	r.section("NPS by touchpoint and month")
	r.pf("  Each cell: NPS [95%% interval], in whole points; — under %d responses.\n", minCell)
	r.pf("  %-7s", "month")
	for _, tp := range touchpoints {
		r.pf(" %14s", tp.Name)
	}
	r.pf("\n")
	for _, m := range months {
		r.pf("  %-7s", m)
		for _, tp := range touchpoints {
			r.pf(" %14s", cellText(pv.Cell(tp.ID, m.String())))
		}
		r.pf("\n")
	}
	r.pf("  %-7s", "all")
	for _, tp := range touchpoints {
		r.pf(" %14s", cellText(pv.RowTotal(tp.ID)))
	}
	r.pf("\n\n  Trends by month:\n")
	w := 0
	for _, tp := range touchpoints {
		w = max(w, len(tp.Name))
	}
	for _, tp := range touchpoints {
		tallies := make([]nps.Tally, len(months))
		for i, m := range months {
			t, err := pv.Cell(tp.ID, m.String()).Tally()
			if err != nil {
				return err
			}
			tallies[i] = t
		}
		tr, err := nps.FitTrend(tallies)
		r.pf("  %-*s  %s\n", w, tp.Name, trendText(tr, err, "month"))
	}
	return nil
}

// cellText formats a touchpoint × month cell: "31 [22,40]", or "—" below
// minCell responses.
func cellText(d nps.Distribution) string {
	t, err := d.Tally()
	if err != nil || t.N() < minCell {
		return "—"
	}
	iv, err := t.Interval(level, nil)
	if err != nil {
		return "—"
	}
	return fmt.Sprintf("%s [%s,%s]", whole(iv.Estimate), whole(iv.Lower), whole(iv.Upper))
}

// lastQuarter returns the last three whole months of the simulation.
func (r *report) lastQuarter() (nps.Period, nps.Period, error) {
	months, err := r.months()
	if err != nil {
		return nps.Period{}, nps.Period{}, err
	}
	if len(months) < 3 {
		return months[0], months[len(months)-1], nil
	}
	return months[len(months)-3], months[len(months)-1], nil
}

// employees ranks the customer-facing employees of each team over the last
// quarter by their shrunk scores, setting apart those with too little data.
func (r *report) employees() error {
	first, last, err := r.lastQuarter()
	if err != nil {
		return err
	}
	f := nps.Filter{From: first.Start, To: last.End}
	r.section("Employees, %s to %s: an honest ranking", first, last)
	r.pf("  Scores are shrunk towards the team's (empirical Bayes), the more the fewer\n")
	r.pf("  responses. Above or below the team needs a %.0f%% posterior probability;\n", 100*rankLevel)
	r.pf("  P(top¼) and P(bottom¼) are the chances of being among the team's best or\n")
	r.pf("  worst quarter. Too little data is said, never ranked last.\n")
	for i, u := range []string{unitFront, unitAdvisory, unitSupport} {
		f.Units = []string{u}
		seg, err := nps.GroupBy(r.st.nps.Responses(r.ctx, f), nps.ByEmployee)
		if err != nil {
			return fmt.Errorf("team %s: %w", u, err)
		}
		byEmployee := maps.Collect(seg.All())
		if len(byEmployee) == 0 {
			continue
		}
		scores, err := nps.RankEmployees(byEmployee, nps.RankingOptions{Level: rankLevel, Source: rand.NewPCG(rankSeed, uint64(i))})
		if err != nil {
			return fmt.Errorf("team %s: %w", u, err)
		}
		var team nps.Tally
		for _, s := range scores {
			if err := team.Merge(s.Tally); err != nil {
				return err
			}
		}
		teamNPS, err := team.NPS()
		if err != nil {
			return err
		}
		r.pf("\n  %s: team NPS %s over %s\n", unitName(u), points(teamNPS), plural(team.N(), "response"))
		r.pf("    %-8s %4s %6s %7s  %-16s %-8s %7s %10s\n", "employee", "n", "NPS", "shrunk", "90% credible", "standing", "P(top¼)", "P(bottom¼)")
		var few []string
		for _, s := range scores {
			if s.Insufficient {
				few = append(few, fmt.Sprintf("%s (%d)", s.Employee, s.N))
				continue
			}
			r.pf("    %-8s %4d %6s %7s  %-16s %-8s %7.2f %10.2f\n", s.Employee, s.N, points(s.NPS), points(s.Shrunk),
				limits(s.Credible), standing(s.Standing), s.ProbTopQuarter, s.ProbBottomQuarter)
		}
		if len(few) > 0 {
			r.pf("    Not ranked (under 10 responses, or a 90%% interval over 40 points wide):\n")
			r.pf("      %s\n", strings.Join(few, ", "))
		}
	}
	return nil
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

// Formatting helpers.

// points formats NPS points with one decimal, never as -0.0.
func points(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}

// signedPoints is points with an explicit sign: "+4.2", "-1.3", "0.0".
func signedPoints(x float64) string {
	s := fmt.Sprintf("%+.1f", x)
	if s == "-0.0" || s == "+0.0" {
		return "0.0"
	}
	return s
}

// whole formats points rounded to a whole number, never as -0.
func whole(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	if s == "-0" {
		return "0"
	}
	return s
}

// signedWhole is whole with an explicit sign: "+12", "-3", "0".
func signedWhole(x float64) string {
	s := fmt.Sprintf("%+.0f", x)
	if s == "-0" || s == "+0" {
		return "0"
	}
	return s
}

// limits formats an interval's limits: "24.4 to 39.4".
func limits(iv nps.Interval) string {
	return points(iv.Lower) + " to " + points(iv.Upper)
}

// pValue formats a p-value: "p = 0.034", or "p < 0.001".
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.3f", p)
}

// caveats formats an interval's caveats, or nothing if there are none.
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

// percent formats a share as a percentage with one decimal.
func percent(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// hoursText formats a duration in hours with one decimal.
func hoursText(d time.Duration) string { return fmt.Sprintf("%.1f h", d.Hours()) }

// wrap breaks text into lines of at most width runes at spaces.
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

// isNaN reports whether x is not a number.
func isNaN(x float64) bool { return math.IsNaN(x) }

// nan returns a NaN.
func nan() float64 { return math.NaN() }
