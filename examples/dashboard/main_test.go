package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"iter"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

var update = flag.Bool("update", false, "rewrite testdata/dashboard.golden from the current output")

// TestReportGolden compares the report on the simulated data with
// testdata/dashboard.golden. After an intended change, rewrite the file with
//
//	go test ./examples/dashboard -update
func TestReportGolden(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), nil, &out, &errOut))
	assert.Zero(t, errOut.Len())

	golden := filepath.Join("testdata", "dashboard.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), out.String())
}

// TestSections checks that the report has its sections, in order, with the
// story the simulated data tell.
func TestSections(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), nil, &out, new(bytes.Buffer)))
	report := out.String()

	pos := 0
	for _, section := range []string{
		"Customer NPS dashboard: November 2026",
		"Headline: November 2026",
		"Against the baseline, 2025-12 to 2026-02",
		"Against the month before, 2026-10",
		"Touchpoints, last quarter (2026-09 to 2026-11)",
		"NPS by touchpoint and month (2026-06 to 2026-11)",
		"Monthly NPS, 2025-12 to 2026-11",
		"Rolling 28 days to 2026-11-30",
		"Employees, last quarter (2026-09 to 2026-11)",
		"Signals: last quarter (2026-09 to 2026-11) against the one before (2026-06 to 2026-08)",
		"Operational drivers: time to fix support cases, last quarter (2026-09 to 2026-11)",
		"Target: the company's NPS this quarter,",
		"Support reaches it on cases fixed within",
		"An association, not an effect",
		"Intervals cover sampling error only.",
	} {
		i := strings.Index(report[pos:], section)
		require.GreaterOrEqual(t, i, 0, "missing or out of order: %q", section)
		pos += i + len(section)
	}

	// The company improved on its baseline, and the web fell short after
	// the new website.
	assert.Contains(t, report, "p < 0.001: improved")
	assert.Regexp(t, `(?m)^  Web self-service .*  below$`, report)
	assert.Contains(t, report, "Web self-service falls short of the rest.")
	assert.Contains(t, report, `"Every common task can be done online`)
	// Small cells are not scored.
	assert.Regexp(t, `Home visit +— `, report)
	// Employees with little data are set apart, not ranked at the bottom.
	assert.Regexp(t, `Not ranked, too little data .*\n +Ida \(\d+\)`, report)
	assert.Regexp(t, `Not ranked, too little data .*\n +Sara \(\d+\)`, report)
	assert.Regexp(t, `(?m)^    Peter .* below `, report)
	// The improver is recognised and the decliner coached, with what his
	// detractors said.
	signals := report[strings.Index(report, "\nSignals:"):]
	assert.Regexp(t, `Progress, to recognise:\n +Olivia \(Advisory\)`, signals)
	assert.Regexp(t, `Decline, to coach:\n +Mads \(Front desk\)`, signals)
	assert.Contains(t, signals, `"Felt rushed and not listened to."`)
	// Slow fixes go with low scores: the fastest bin scores well above the
	// slowest, which is marked small, and every support response has a fix
	// time. The fix time that goes with the company's score has a bounded
	// interval.
	drivers := report[strings.Index(report, "\nOperational drivers:"):]
	fastest := regexpScore(t, `(?m)^  under 4 h +\d+ +(-?\d+\.\d)  `, drivers)
	slowest := regexpScore(t, `(?m)^  48 h or more +\d+ +(-?\d+\.\d)  .*  small$`, drivers)
	assert.Greater(t, fastest, slowest+50)
	assert.Regexp(t, `(?m)^  no fix time +0$`, drivers)
	assert.Regexp(t, `within\s+\d+\.\d\s+hours,\s+95%\s+interval\s+\d+\.\d\s+to\s+\d+\.\d\s+hours`, drivers)
	assert.NotContains(t, drivers, "cannot bound")
}

// regexpScore returns the number captured by pattern in s.
func regexpScore(t *testing.T, pattern, s string) float64 {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	require.Len(t, m, 2, "no match for %s", pattern)
	x, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	return x
}

// TestFixTarget checks the wording of the fix time for a target score: a
// bounded interval, limits the data cannot set, and a target the fit does
// not reach at either end of the data.
func TestFixTarget(t *testing.T) {
	fit := []nps.FitPoint{{Value: 0.5, NPS: 60}, {Value: 100, NPS: -40}}
	base := nps.TargetEstimate{Target: 30, Value: 7.2, Lower: 4.1, Upper: 12.4, Reached: true, ProbReached: 1,
		Level: 0.95, Method: "isotonic", Resamples: 1000, Direction: -1, Min: 0.5, Max: 100, N: 500, Fit: fit}
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		edit func(*nps.TargetEstimate)
		want string
	}{
		{"bounded", func(*nps.TargetEstimate) {},
			"Support reaches it on cases fixed within 7.2 hours, 95% interval 4.1 to 12.4 hours; isotonic fit, 1000 bootstrap resamples."},
		{"open below", func(e *nps.TargetEstimate) { e.Lower = -inf },
			"95% interval up to 12.4 hours (the data cannot bound it below);"},
		{"open above", func(e *nps.TargetEstimate) { e.Upper = inf },
			"95% interval from 4.1 hours (the data cannot bound it above);"},
		{"open", func(e *nps.TargetEstimate) { e.Lower, e.Upper = -inf, inf },
			"95% interval open: the data cannot bound it;"},
		{"small sample", func(e *nps.TargetEstimate) { e.Caveats = nps.SmallSample },
			"4.1 to 12.4 hours [small-sample];"},
		{"too high", func(e *nps.TargetEstimate) {
			e.Target, e.Value, e.Lower, e.Upper, e.Reached, e.ProbReached = 80, 0.5, -inf, 0.9, false, 0.04
		}, "Support does not reach it within the data: even its fastest fixes (0.5 hours) have a fitted NPS of only 60.0; 4% of bootstrap resamples reach it."},
		{"too low", func(e *nps.TargetEstimate) {
			e.Target, e.Value, e.Lower, e.Upper, e.Reached, e.ProbReached = -60, 100, 80, inf, false, 0.1
		}, "Support meets it at every fix time seen: even its slowest fixes (100.0 hours) have a fitted NPS of -40.0."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := base
			tc.edit(&e)
			assert.Contains(t, fixTarget(e), tc.want)
		})
	}
}

// TestMonth reports on an earlier month: everything is cut at its end.
func TestMonth(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-month", "2026-05"}, &out, new(bytes.Buffer)))
	report := out.String()
	assert.Contains(t, report, "Headline: May 2026")
	assert.Contains(t, report, "As of 2026-05-31 (Europe/Copenhagen)")
	assert.Contains(t, report, "Against the month before, 2026-04")
	assert.Contains(t, report, "Signals: last quarter (2026-03 to 2026-05) against the one before (2025-12 to 2026-02)")
	assert.Contains(t, report, "Operational drivers: time to fix support cases, last quarter (2026-03 to 2026-05)")
	assert.NotContains(t, report, "2026-06")
	// Sara had not joined yet, and the home visits had not started.
	assert.NotContains(t, report, "Sara")
	assert.NotContains(t, report, "Home visit")
}

// TestZone cuts the months in another zone.
func TestZone(t *testing.T) {
	for _, zone := range []string{"UTC", "America/Los_Angeles", "Pacific/Kiritimati"} {
		t.Run(zone, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(t.Context(), []string{"-zone", zone}, &out, new(bytes.Buffer)))
			assert.Contains(t, out.String(), "As of 2026-11-30 ("+zone+"), ")
			assert.Contains(t, out.String(), "Against the baseline, 2025-12 to 2026-02")
		})
	}
}

func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"month too early", []string{"-month", "2026-04"}, "choose one from 2026-05 to 2026-11"},
		{"month after the data", []string{"-month", "2026-12"}, "choose one from 2026-05 to 2026-11"},
		{"quarter for month", []string{"-month", "2026-Q3"}, `-month "2026-Q3": want a month like 2026-08`},
		{"malformed month", []string{"-month", "26-05"}, `-month "26-05": want a month like 2026-08`},
		{"empty zone", []string{"-zone", ""}, "-zone: "},
		{"unknown zone", []string{"-zone", "Mars/Olympus"}, "-zone: "},
		{"server zone", []string{"-zone", "Local"}, "-zone: "},
		{"missing value", []string{"-zone"}, "flag needs an argument: -zone"},
		{"unknown flag", []string{"-format", "json"}, "flag provided but not defined: -format"},
		{"argument", []string{"responses.csv"}, `unexpected argument "responses.csv"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), tc.args, &out, &errOut)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, 2, exitCode(err))
			assert.Zero(t, out.Len(), "no report on a bad command line")
		})
	}
	t.Run("zone error wraps the sentinel", func(t *testing.T) {
		err := run(t.Context(), []string{"-zone", "Mars/Olympus"}, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorIs(t, err, nps.ErrInvalidZone)
	})
}

func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(t.Context(), []string{"-h"}, &out, &errOut)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Equal(t, 0, exitCode(err))
	assert.Zero(t, out.Len())
	assert.Contains(t, errOut.String(), "usage: dashboard [-month YYYY-MM] [-zone NAME]")
	assert.Contains(t, errOut.String(), "-month")
}

func TestExitCode(t *testing.T) {
	assert.Equal(t, 0, exitCode(nil))
	assert.Equal(t, 2, exitCode(usagef("bad flag")))
	assert.Equal(t, 1, exitCode(errors.New("store down")))
	assert.Equal(t, 1, exitCode(context.Canceled))
}

// streamOnly is a host's store that can only save and stream responses, as
// the nps.Store interface requires: no Count of its own. It also checks that
// the report never asks for responses after its "now".
type streamOnly struct {
	t     *testing.T
	now   time.Time
	inner *nps.MemStore
}

func (s streamOnly) Save(ctx context.Context, rs ...nps.Response) error {
	return s.inner.Save(ctx, rs...)
}

func (s streamOnly) Responses(ctx context.Context, f nps.Filter) iter.Seq2[nps.Response, error] {
	if f.To.IsZero() || f.To.After(s.now) {
		s.t.Errorf("filter reads past the report's now %s: %+v", s.now, f)
	}
	return s.inner.Responses(ctx, f)
}

// TestStorePlugsIn builds the report from a store that only implements
// nps.Store: nps.Count falls back to streaming, and the report is the same.
func TestStorePlugsIn(t *testing.T) {
	cfg, err := configure("2026-08", simZone)
	require.NoError(t, err)
	var mem nps.MemStore
	require.NoError(t, simulate(t.Context(), &mem))

	want, err := buildReport(t.Context(), &mem, cfg)
	require.NoError(t, err)
	st := streamOnly{t: t, now: cfg.month.End, inner: &mem}
	_, isCounter := nps.Store(st).(nps.Counter)
	require.False(t, isCounter)
	got, err := buildReport(t.Context(), st, cfg)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.Contains(t, string(got), "Headline: August 2026")
}

// TestCancelled checks that a cancelled context stops the report with an
// error instead of a partial report.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out bytes.Buffer
	err := run(ctx, nil, &out, new(bytes.Buffer))
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, exitCode(err))
	assert.Zero(t, out.Len())
}

// TestSimulation checks the data the report is built on: reproducible, one
// year in the company's zone, every touchpoint in the catalogue, fix_hours
// on support responses only, and comments on detractors only.
func TestSimulation(t *testing.T) {
	collect := func() []nps.Response {
		var st nps.MemStore
		require.NoError(t, simulate(t.Context(), &st))
		var rs []nps.Response
		for r, err := range st.Responses(t.Context(), nps.Filter{}) {
			require.NoError(t, err)
			rs = append(rs, r)
		}
		return rs
	}
	rs := collect()
	again := collect()
	require.Equal(t, len(rs), len(again))
	for i := range rs {
		require.True(t, rs[i].Equal(again[i]), "response %d differs between runs", i)
	}
	assert.Greater(t, len(rs), 9000)
	assert.Less(t, len(rs), 13000)

	cph, err := nps.LoadZone(simZone)
	require.NoError(t, err)
	catalogue := map[string]bool{}
	for _, tp := range touchpoints {
		assert.NotEmpty(t, tp.Name, tp.ID)
		assert.NotEmpty(t, tp.Standard, tp.ID)
		catalogue[tp.ID] = true
	}
	employees, units := map[string]bool{}, map[string]bool{}
	for _, r := range rs {
		require.False(t, r.At.Before(simStart(cph)), r.ID)
		require.True(t, r.At.Before(simEnd(cph)), r.ID)
		require.True(t, catalogue[r.Touchpoint], "%s: touchpoint %q", r.ID, r.Touchpoint)
		require.Equal(t, r.Touchpoint == tpWeb, len(r.Employees) == 0, r.ID)
		require.Equal(t, r.Touchpoint == tpWeb, r.Unit == "", r.ID)
		for _, e := range r.Employees {
			employees[e] = true
		}
		units[r.Unit] = true

		hours, ok := r.Labels[fixHoursLabel]
		require.Equal(t, r.Touchpoint == tpSupport, ok, r.ID)
		if ok {
			h, err := strconv.ParseFloat(hours, 64)
			require.NoError(t, err, r.ID)
			require.Positive(t, h, r.ID)
		}
		if r.Comment != "" {
			require.Equal(t, nps.Detractor, r.Rating.Category(), r.ID)
		}
	}
	assert.Len(t, employees, len(staff()))
	assert.Len(t, units, 4) // three teams and the web's none
}
