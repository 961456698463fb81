package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/servicekultur/servicekultur/nps"
)

// The report's fixed choices: 95% intervals, tests at 5%, and a ±5-point
// target margin for planning.
const (
	level        = 0.95
	alpha        = 0.05
	targetMargin = 5.0 // points
	barWidth     = 40  // characters of the longest histogram bar
)

// buildReport computes the numbers of the report and formats them as plain
// text. Points are shown with one decimal; nothing is rounded before that.
func buildReport(s *survey) ([]byte, error) {
	var b bytes.Buffer
	pf := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	nonEmpty := 0
	tallies := make([]nps.Tally, len(s.quarters))
	for i, d := range s.quarters {
		t, err := d.Tally()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.quarter(i), err)
		}
		tallies[i] = t
		if t.N() > 0 {
			nonEmpty++
		}
	}
	last := len(s.quarters) - 1
	latestQ, latest := s.quarter(last), tallies[last]

	pf("Net Promoter Score report\n")
	pf("%s in %s, %s to %s; touchpoints: %s\n",
		plural(s.n, "response"), plural(len(s.quarters), "quarter"), s.first, latestQ, strings.Join(s.touchpoints, ", "))
	if gaps := len(s.quarters) - nonEmpty; gaps > 0 {
		pf("(%s without responses)\n", plural(gaps, "quarter"))
	}

	// The latest quarter: score, categories, distribution.
	pf("\nLatest quarter: %s, %s\n", latestQ, plural(latest.N(), "response"))
	iv, err := latest.Interval(level, nps.Tango)
	if err != nil {
		return nil, err
	}
	moe, err := latest.MarginOfError(level, nps.Tango)
	if err != nil {
		return nil, err
	}
	pf("  NPS %s, %.0f%% interval %s to %s (%s), margin of error ±%s points%s\n",
		points(iv.Estimate), 100*level, points(iv.Lower), points(iv.Upper), iv.Method, points(moe), caveats(iv.Caveats))
	pr, pa, de, err := latest.Shares()
	if err != nil {
		return nil, err
	}
	pf("\n  %-11s %-5s %5d  %5.1f%%\n", "promoters", "9–10", latest.Promoters, 100*pr)
	pf("  %-11s %-5s %5d  %5.1f%%\n", "passives", "7–8", latest.Passives, 100*pa)
	pf("  %-11s %-5s %5d  %5.1f%%\n", "detractors", "0–6", latest.Detractors, 100*de)
	pf("\n  rating  count\n")
	histogram(&b, s.quarters[last])

	// The change against the previous quarter.
	if err := writeChange(&b, s, tallies); err != nil {
		return nil, err
	}

	// The trend over all quarters.
	if err := writeTrend(&b, s, tallies); err != nil {
		return nil, err
	}

	// Planning, from the latest quarter's shares. A unanimous quarter has no
	// variance to plan with, so it falls back to the worst case.
	need, err := nps.SampleSize(targetMargin, level, latest)
	basis := fmt.Sprintf("assuming %s's mix of promoters and detractors", latestQ)
	if errors.Is(err, nps.ErrInvalidArgument) {
		need, err = nps.SampleSize(targetMargin, level, nps.Tally{})
		basis = fmt.Sprintf("the worst case, as %s was unanimous", latestQ)
	}
	if err != nil {
		return nil, err
	}
	pf("\nPlanning: for ±%.0f points at %.0f%%, collect %d responses a quarter\n", targetMargin, 100*level, need)
	pf("  (%s; it had %d, ±%s).\n", basis, latest.N(), points(moe))

	pf("\nIntervals cover sampling error only. Low response rates usually inflate scores,\n")
	pf("and no margin of error covers that.\n")
	return b.Bytes(), nil
}

// histogram writes one line per rating, 10 down to 0, with its count and a bar
// of # scaled so the largest count fills barWidth. A rating with any answers
// gets at least one #.
func histogram(b *bytes.Buffer, d nps.Distribution) {
	top := 0
	for _, c := range d.All() {
		top = max(top, c)
	}
	for r := nps.MaxRating; ; r-- {
		c := d[r]
		bar := 0
		if c > 0 {
			bar = max(1, int(math.Round(float64(barWidth*c)/float64(top))))
		}
		line := fmt.Sprintf("  %6d  %5d  %s", r, c, strings.Repeat("#", bar))
		fmt.Fprintln(b, strings.TrimRight(line, " "))
		if r == 0 {
			break
		}
	}
}

// writeChange writes the latest quarter's change against the one before:
// the difference (Compare), its interval (DiffInterval with MOVER-Tango) and
// a verdict at the 5% level.
func writeChange(b *bytes.Buffer, s *survey, tallies []nps.Tally) error {
	last := len(tallies) - 1
	if last == 0 {
		fmt.Fprintf(b, "\nChange: there is no earlier quarter to compare with.\n")
		return nil
	}
	nowQ, prevQ := s.quarter(last), s.quarter(last-1)
	now, prev := tallies[last], tallies[last-1]
	if prev.N() == 0 {
		fmt.Fprintf(b, "\nChange: %s has no responses to compare with.\n", prevQ)
		return nil
	}
	iv, err := nps.DiffInterval(now, prev, level, nps.Tango)
	if err != nil {
		return fmt.Errorf("comparing %s with %s: %w", nowQ, prevQ, err)
	}
	// Compare's z-test has no p-value when both quarters are unanimous (a
	// zero standard error), and below 30 responses in a quarter its normal
	// approximation is unreliable (the SmallSample caveat). The MOVER-Tango
	// interval works in both cases, so there the verdict is whether it
	// contains 0.
	c, err := nps.Compare(now, prev)
	undefined := errors.Is(err, nps.ErrUndefined)
	if err != nil && !undefined {
		return fmt.Errorf("comparing %s with %s: %w", nowQ, prevQ, err)
	}
	nowScore, err := now.NPS()
	if err != nil {
		return err
	}
	prevScore, err := prev.NPS()
	if err != nil {
		return err
	}
	diff, p := nowScore-prevScore, "no p-value: both quarters unanimous"
	if !undefined {
		diff, p = c.Diff, pValue(c.P)
	}
	significant := !iv.Contains(0)
	if !undefined && c.Caveats&nps.SmallSample == 0 {
		significant = c.Significant(alpha)
	}
	fmt.Fprintf(b, "\nChange since %s (%s)\n", prevQ, plural(prev.N(), "response"))
	fmt.Fprintf(b, "  NPS %s against %s: %s points, %s\n",
		points(nowScore), points(prevScore), signedPoints(diff), p)
	fmt.Fprintf(b, "  %.0f%% interval for the change: %s to %s points (%s)%s\n",
		100*level, signedPoints(iv.Lower), signedPoints(iv.Upper), iv.Method, caveats(iv.Caveats|c.Caveats))
	if significant {
		fmt.Fprintf(b, "  Significant at %.0f%%.\n", 100*alpha)
	} else {
		fmt.Fprintf(b, "  Not significant at %.0f%%: could be noise.\n", 100*alpha)
	}
	return nil
}

// writeTrend writes every quarter's score and interval and the trend fitted
// by FitTrend: the slope per quarter with its interval and p-value, and
// whether the quarters scatter more than sampling error explains.
func writeTrend(b *bytes.Buffer, s *survey, tallies []nps.Tally) error {
	fmt.Fprintf(b, "\nTrend over %s\n", plural(len(tallies), "quarter"))
	fmt.Fprintf(b, "  %-8s %5s  %6s    %.0f%% interval\n", "quarter", "n", "NPS", 100*level)
	for i, t := range tallies {
		if t.N() == 0 {
			fmt.Fprintf(b, "  %-8s %5d  no responses\n", s.quarter(i), 0)
			continue
		}
		iv, err := t.Interval(level, nps.Tango)
		if err != nil {
			return fmt.Errorf("%s: %w", s.quarter(i), err)
		}
		fmt.Fprintf(b, "  %-8s %5d  %6s   %6s to %6s%s\n",
			s.quarter(i), t.N(), points(iv.Estimate), points(iv.Lower), points(iv.Upper), caveats(iv.Caveats))
	}

	tr, err := nps.FitTrend(tallies)
	if errors.Is(err, nps.ErrNoResponses) {
		fmt.Fprintf(b, "  A trend needs at least three quarters with responses.\n")
		return nil
	}
	if err != nil {
		return fmt.Errorf("fitting the trend: %w", err)
	}
	lo, hi, err := tr.SlopeInterval(level)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "  Slope %s points per quarter, %.0f%% interval %s to %s, %s\n",
		signedPoints(tr.Slope), 100*level, signedPoints(lo), signedPoints(hi), pValue(tr.P))
	switch {
	case tr.P >= alpha:
		fmt.Fprintf(b, "  Not significant at %.0f%%: no clear trend.\n", 100*alpha)
	case tr.Slope > 0:
		fmt.Fprintf(b, "  Significant at %.0f%%: the score is rising.\n", 100*alpha)
	default:
		fmt.Fprintf(b, "  Significant at %.0f%%: the score is falling.\n", 100*alpha)
	}
	switch {
	case tr.DF == 0:
		// Three quarters: no degrees of freedom left to judge the scatter.
	case tr.HeterogeneityP < alpha:
		fmt.Fprintf(b, "  Scatter around the trend exceeds sampling error (heterogeneity %s),\n", pValue(tr.HeterogeneityP))
		fmt.Fprintf(b, "  so the slope's uncertainty was widened ×%.2f.\n", tr.Inflation)
	default:
		fmt.Fprintf(b, "  Scatter around the trend is within sampling error (heterogeneity %s).\n", pValue(tr.HeterogeneityP))
	}
	return nil
}

// pValue formats a p-value for people: "p = 0.034", or "p < 0.001".
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.3f", p)
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

// plural formats a count with its noun: "1 quarter", "6 quarters".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
