package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/closedloop"
	"github.com/servicekultur/servicekultur/nps"

	"github.com/servicekultur/servicekultur/examples/storage/sqlite/closedloopstore"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/npsstore"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from the current output")

// The default run is shared by the tests that read its output: the
// simulation is the slow part.
var (
	fullOnce sync.Once
	full     struct {
		dir         string
		out, errOut bytes.Buffer
		err         error
	}
	tempDirs []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// defaultRun runs the program once with the default seed and days into a
// temporary directory and returns the directory, stdout and stderr.
func defaultRun(t *testing.T) (dir, stdout, stderr string) {
	t.Helper()
	fullOnce.Do(func() {
		full.dir, full.err = os.MkdirTemp("", "crm-test-")
		if full.err != nil {
			return
		}
		tempDirs = append(tempDirs, full.dir)
		full.err = run(context.Background(), []string{"-out", full.dir}, &full.out, &full.errOut)
	})
	require.NoError(t, full.err)
	return full.dir, full.out.String(), full.errOut.String()
}

// TestGolden compares the dashboard of the default run with
// testdata/golden.txt and checks the files it wrote. After an intended
// change, rewrite the golden file with
//
//	go test -run TestGolden -update
func TestGolden(t *testing.T) {
	dir, out, errOut := defaultRun(t)

	golden := filepath.Join("testdata", "golden.txt")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), out)

	page, err := os.ReadFile(filepath.Join(dir, reportFile))
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(page), "<svg"), "four charts")
	assert.Equal(t, 4, strings.Count(string(page), "</svg>"))
	assert.NotContains(t, string(page), "<?xml", "inline SVG without the XML declaration")
	for _, db := range databaseFiles {
		info, err := os.Stat(filepath.Join(dir, db))
		require.NoError(t, err, db)
		assert.Positive(t, info.Size(), db)
	}

	// The progress bar ends at 100% on a line of its own; the files'
	// whereabouts follow.
	assert.Contains(t, errOut, "] 100% (365/365)\n")
	assert.Contains(t, errOut, "databases and report.html written to "+dir)
}

// TestStory checks that the dashboard has its sections in order and tells
// the story the simulation was built to tell.
func TestStory(t *testing.T) {
	_, out, _ := defaultRun(t)
	pos := 0
	for _, section := range []string{
		"Leader's dashboard, 2026-01-01 to 2026-12-31",
		"Customer NPS by month, 2026-01 to 2026-12",
		"NPS by touchpoint and month",
		"Employees, 2026-10 to 2026-12: an honest ranking",
		"Closed loop: calling unhappy customers back",
		"Huddle digests, 2026-12-25 to 2026-12-31",
		"eNPS by unit",
		"The internal marketing wheel, March 2026",
		"Team maturity, as of 2026-12-31",
		"Intervals cover sampling error only.",
	} {
		i := strings.Index(out[pos:], section)
		require.GreaterOrEqual(t, i, 0, "missing or out of order: %q", section)
		pos += i + len(section)
	}

	// The company improved over the year.
	assert.Regexp(t, `(?m)^  Trend \+\d+\.\d points a month, .*: rising\.$`, out)
	// Both policies, each with its own phase row and verdict.
	assert.Regexp(t, `(?m)^    48h  first contact within 48 calendar hours, for 80% of cases, responses from 2026-01-01$`, out)
	assert.Regexp(t, `(?m)^    24h  first contact within 24 calendar hours, for 90% of cases, responses from 2026-07-01$`, out)
	assert.Regexp(t, `(?m)^  48h +\d+ +\d+ +\d+ +\d+ +\d+\.\d% `, out)
	assert.Regexp(t, `(?m)^  24h +\d+ +\d+ +\d+ +\d+ +\d+\.\d% `, out)
	assert.Regexp(t, `\d+ breaches to the owners' leaders`, out)
	// Mads's decline shows in the ranking, and comments are redacted.
	assert.Regexp(t, `(?m)^    Mads .* below `, out)
	assert.NotContains(t, out, "+45 20 30 40 50")
	// The four-person digital team is never shown on its own, and says why.
	assert.Regexp(t, `(?m)^    Digital +4( +s:min){4}$`, out)
	assert.Contains(t, out, "Digital      withheld: below minimum; 4 invited, no numbers shown")
	// The wheel's weakest stage leads the roadmap.
	assert.Regexp(t, `(?m)^    1\. 3\.\d `, out)
	// Jens's styles do not cover his team's levels.
	assert.Regexp(t, `not in Jens's range: S\d`, out)
}

// TestStored reopens the databases the default run wrote and checks they
// hold what the dashboard counted.
func TestStored(t *testing.T) {
	dir, out, _ := defaultRun(t)
	ctx := t.Context()

	ns, err := npsstore.Open(ctx, filepath.Join(dir, "nps.db"))
	require.NoError(t, err)
	defer ns.Close()
	d, err := nps.Count(ctx, ns, nps.Filter{})
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf(", %d customer responses.", d.N()))

	cs, err := closedloopstore.Open(ctx, filepath.Join(dir, "closedloop.db"))
	require.NoError(t, err)
	defer cs.Close()
	tally, err := d.Tally()
	require.NoError(t, err)
	cases, responses := 0, 0
	for c, err := range cs.Cases(ctx, closedloop.CaseFilter{}) {
		require.NoError(t, err)
		cases++
		responses += len(c.Responses)
	}
	// Every detractor opened a case or joined the customer's open one.
	assert.Equal(t, tally.Detractors, responses)
	m := regexp.MustCompile(`(?m)^  all +(\d+) +\d+ +\d+ +\d+ +\d+\.\d% `).FindStringSubmatch(out)
	require.Len(t, m, 2)
	assert.Equal(t, m[1], fmt.Sprint(cases))
}

// TestSeedAndDays runs a shorter simulation with another seed into a
// directory where an earlier run left files: they are replaced, not
// reused (a stale database is not even valid SQLite here).
func TestSeedAndDays(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 90 days")
	}
	dir := t.TempDir()
	for _, name := range []string{"nps.db", "closedloop.db-wal", reportFile} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("stale"), 0o644))
	}
	keep := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(keep, []byte("mine"), 0o644))

	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-out", dir, "-seed", "7", "-days", "90"}, &out, &errOut))
	assert.Contains(t, out.String(), "Leader's dashboard, 2026-01-01 to 2026-03-31")
	assert.Contains(t, out.String(), "(seed 7)")
	// The switch to 24 h comes on the first of the month in which the
	// middle day falls.
	assert.Contains(t, out.String(), "24h  first contact within 24 calendar hours, for 90% of cases, responses from 2026-02-01")
	assert.Contains(t, out.String(), "Latest wave, 2026-Q1 (2026-02-15 to 2026-03-01)")
	assert.Contains(t, errOut.String(), "] 100% (90/90)\n")
	page, err := os.ReadFile(filepath.Join(dir, reportFile))
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(page), "<svg"))
	mine, err := os.ReadFile(keep)
	require.NoError(t, err)
	assert.Equal(t, "mine", string(mine), "files the program did not write stay")
}

func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"too few days", []string{"-days", "30"}, "-days 30: want 90 to 1096"},
		{"too many days", []string{"-days", "5000"}, "-days 5000: want 90 to 1096"},
		{"bad seed", []string{"-seed", "-1"}, `invalid value "-1" for flag -seed`},
		{"empty out", []string{"-out", ""}, "-out: want a directory"},
		{"unknown flag", []string{"-month", "2026-05"}, "flag provided but not defined: -month"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), tc.args, &out, &errOut)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, 2, exitCode(err))
			assert.Zero(t, out.Len(), "nothing on stdout on an error")
		})
	}
}

func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(t.Context(), []string{"-h"}, &out, &errOut)
	require.True(t, errors.Is(err, flag.ErrHelp))
	assert.Equal(t, 0, exitCode(err))
	assert.Contains(t, errOut.String(), usage)
	assert.Contains(t, errOut.String(), "-days")
	assert.Zero(t, out.Len())
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := newProgressBar(&b, "working")
	for i := range 401 {
		p.update(i, 400)
	}
	s := b.String()
	assert.Equal(t, 101, strings.Count(s, "\r"), "one redraw per percent")
	assert.True(t, strings.HasSuffix(s, "\rworking ["+strings.Repeat("#", barWidth)+"] 100% (400/400)\n"), s)
	assert.Contains(t, s, "\rworking ["+strings.Repeat("#", barWidth/2)+strings.Repeat(".", barWidth/2)+"]  50% (200/400)")
	p.update(5, 0) // no total: nothing to draw
	assert.Equal(t, s, b.String())
}
