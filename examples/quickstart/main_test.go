package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden from the current output")

// TestReportGolden compares the report on the embedded data with
// testdata/report.golden. After an intended change, rewrite the file with
//
//	go test ./examples/quickstart -update
func TestReportGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, responsesCSV))

	golden := filepath.Join("testdata", "report.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), out.String())
}

// TestEmbeddedData checks the shape the report and README promise: six
// consecutive quarters ending 2026-Q4, each with a realistic number of
// responses.
func TestEmbeddedData(t *testing.T) {
	s, err := parseResponses(responsesCSV)
	require.NoError(t, err)
	require.Len(t, s.quarters, 6)
	assert.Equal(t, "2025-Q3", s.first.String())
	assert.Equal(t, "2026-Q4", s.quarter(5).String())
	assert.Equal(t, []string{"phone", "store", "web"}, s.touchpoints)
	total := 0
	for i, d := range s.quarters {
		assert.GreaterOrEqual(t, d.N(), 150, s.quarter(i))
		assert.LessOrEqual(t, d.N(), 400, s.quarter(i))
		total += d.N()
	}
	assert.Equal(t, s.n, total)
}

// TestReportConsistent checks the report's numbers against the nps package
// directly: the change is the difference of the two scores, and each
// interval contains its score.
func TestReportConsistent(t *testing.T) {
	s, err := parseResponses(responsesCSV)
	require.NoError(t, err)
	var tallies []nps.Tally
	for _, d := range s.quarters {
		tally, err := d.Tally()
		require.NoError(t, err)
		iv, err := tally.Interval(level, nil)
		require.NoError(t, err)
		assert.True(t, iv.Contains(iv.Estimate), iv)
		tallies = append(tallies, tally)
	}
	now, prev := tallies[5], tallies[4]
	a, err := now.NPS()
	require.NoError(t, err)
	b, err := prev.NPS()
	require.NoError(t, err)
	c, err := nps.Compare(now, prev)
	require.NoError(t, err)
	assert.InDelta(t, a-b, c.Diff, 1e-9)
	iv, err := nps.DiffInterval(now, prev, level, nps.Tango)
	require.NoError(t, err)
	assert.True(t, iv.Contains(c.Diff), iv)
}

func TestInvalidRating(t *testing.T) {
	for _, rating := range []string{"11", "7.5", "-1", "07", " 7", ""} {
		t.Run(rating, func(t *testing.T) {
			data := "quarter,touchpoint,rating\n" +
				"2026-Q3,store,9\n" +
				"2026-Q4,web," + rating + "\n" +
				"2026-Q4,phone,10\n"
			var out bytes.Buffer
			err := run(&out, []byte(data))
			require.Error(t, err)
			assert.ErrorIs(t, err, nps.ErrInvalidRating)
			assert.Contains(t, err.Error(), "line 3:")
			assert.Zero(t, out.Len(), "no partial report on bad data")
		})
	}
}

func TestInvalidData(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty input", "", "no data"},
		{"header only", "quarter,touchpoint,rating\n", "no responses"},
		{"missing rating column", "quarter,touchpoint\n2026-Q4,store\n", `missing column "rating"`},
		{"missing quarter column", "touchpoint,rating\nstore,9\n", `missing column "quarter"`},
		{"missing touchpoint column", "quarter,rating\n2026-Q4,9\n", `missing column "touchpoint"`},
		{"duplicate column", "quarter,rating,touchpoint,rating\n2026-Q4,9,web,9\n", `column "rating" appears twice`},
		{"short row", "quarter,touchpoint,rating\n2026-Q4,store,9\n2026-Q4,store\n", "line 3"},
		{"bad quarter", "quarter,touchpoint,rating\n2026-Q4,store,9\n2026-Q5,store,9\n", `line 3: invalid quarter "2026-Q5"`},
		{"empty touchpoint", "quarter,touchpoint,rating\n2026-Q4,,9\n", "line 2: empty touchpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(&out, []byte(tc.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.False(t, errors.Is(err, nps.ErrInvalidRating))
			assert.Zero(t, out.Len())
		})
	}
}

// TestHeaderVariants checks that a spreadsheet export with a byte-order
// mark, capitalised column names, another column order and extra columns
// reads the same as the plain form.
func TestHeaderVariants(t *testing.T) {
	plain := "quarter,touchpoint,rating\n2026-Q1,store,9\n2026-Q2,web,3\n2026-Q3,phone,10\n2026-Q4,store,8\n"
	variant := "\uFEFFRating,Comment,Quarter,Touchpoint\n9,great,2026-Q1,store\n3,\"slow, rude\",2026-Q2,web\n10,,2026-Q3,phone\n8,ok,2026-Q4,store\n"
	var a, b bytes.Buffer
	require.NoError(t, run(&a, []byte(plain)))
	require.NoError(t, run(&b, []byte(variant)))
	assert.Equal(t, a.String(), b.String())
}

// TestSparseData runs the report on data too thin for some sections: the
// report says so instead of failing, and a quarter without responses keeps
// its place in the trend.
func TestSparseData(t *testing.T) {
	t.Run("one quarter", func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, run(&out, []byte("quarter,touchpoint,rating\n2026-Q4,store,9\n2026-Q4,web,6\n")))
		assert.Contains(t, out.String(), "no earlier quarter to compare with")
		assert.Contains(t, out.String(), "A trend needs at least three quarters with responses")
	})
	t.Run("gap", func(t *testing.T) {
		data := "quarter,touchpoint,rating\n" +
			strings.Repeat("2026-Q1,store,9\n2026-Q1,web,6\n", 20) +
			strings.Repeat("2026-Q2,store,9\n2026-Q2,web,8\n", 20) +
			strings.Repeat("2026-Q4,store,10\n2026-Q4,web,3\n", 20)
		var out bytes.Buffer
		require.NoError(t, run(&out, []byte(data)))
		assert.Contains(t, out.String(), "(1 quarter without responses)")
		assert.Contains(t, out.String(), "2026-Q3 has no responses to compare with")
		assert.Contains(t, out.String(), "2026-Q3      0  no responses")
		assert.Contains(t, out.String(), "Slope ")
	})
}

func TestParseQuarter(t *testing.T) {
	q, err := parseQuarter("2026-Q4")
	require.NoError(t, err)
	assert.Equal(t, "2026-Q4", q.String())
	next, err := parseQuarter("2027-Q1")
	require.NoError(t, err)
	assert.Equal(t, q+1, next)
	for _, bad := range []string{"", "2026Q4", "2026-Q0", "2026-Q5", "2026-q4", "26-Q4", "+202-Q1", "0999-Q1", "2026-Q4 "} {
		_, err := parseQuarter(bad)
		assert.Error(t, err, bad)
	}
}
