package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/servicekultur/servicekultur/nps"
)

// quarter is a calendar quarter numbered so that consecutive quarters are
// consecutive integers: 4·year + (q − 1).
type quarter int

// parseQuarter parses "2026-Q4": a four-digit year, "-Q" and 1 to 4.
func parseQuarter(s string) (quarter, error) {
	year, q, ok := strings.Cut(s, "-Q")
	if !ok || len(year) != 4 || len(q) != 1 || q < "1" || q > "4" {
		return 0, fmt.Errorf("invalid quarter %q: want a year and quarter like 2026-Q4", s)
	}
	y, err := strconv.Atoi(year)
	if err != nil || y < 1000 {
		return 0, fmt.Errorf("invalid quarter %q: want a year and quarter like 2026-Q4", s)
	}
	return quarter(4*y + int(q[0]-'1')), nil
}

// String formats the quarter as "2026-Q4".
func (q quarter) String() string {
	return fmt.Sprintf("%d-Q%d", int(q)/4, int(q)%4+1)
}

// survey is the parsed data: the 0–10 distribution of every quarter from the
// first to the last one in the data. A quarter without responses is kept as
// an empty distribution, so the quarters stay equally spaced.
type survey struct {
	first       quarter
	quarters    []nps.Distribution // quarters[i] is quarter first+i
	touchpoints []string           // distinct touchpoints, sorted
	n           int                // responses
}

// quarter returns the i-th quarter of the survey.
func (s *survey) quarter(i int) quarter { return s.first + quarter(i) }

// The columns the data must have. Other columns are ignored.
const (
	colQuarter    = "quarter"
	colTouchpoint = "touchpoint"
	colRating     = "rating"
)

// parseResponses reads CSV data with a header line naming the columns
// quarter, touchpoint and rating, in any order. It is strict: a bad rating or
// quarter, an empty touchpoint or a row with the wrong number of fields is an
// error naming the line. Invalid ratings give errors wrapping
// nps.ErrInvalidRating.
func parseResponses(data []byte) (*survey, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.ReuseRecord = true

	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("no data: want a header line quarter,touchpoint,rating and one line per response")
	}
	if err != nil {
		return nil, fmt.Errorf("reading CSV header: %w", err)
	}
	headerLine, _ := r.FieldPos(0)
	cols := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := cols[name]; dup {
			return nil, fmt.Errorf("line %d: column %q appears twice", headerLine, name)
		}
		cols[name] = i
	}
	for _, name := range []string{colQuarter, colTouchpoint, colRating} {
		if _, ok := cols[name]; !ok {
			return nil, fmt.Errorf("line %d: missing column %q: want a header line quarter,touchpoint,rating", headerLine, name)
		}
	}
	qc, tc, rc := cols[colQuarter], cols[colTouchpoint], cols[colRating]

	byQuarter := map[quarter]*nps.Distribution{}
	touchpoints := map[string]bool{}
	n := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading CSV: %w", err)
		}
		line, _ := r.FieldPos(0)

		q, err := parseQuarter(rec[qc])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		tp := strings.TrimSpace(rec[tc])
		if tp == "" {
			return nil, fmt.Errorf("line %d: empty touchpoint", line)
		}
		rating, err := nps.ParseRating(rec[rc])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}

		d := byQuarter[q]
		if d == nil {
			d = new(nps.Distribution)
			byQuarter[q] = d
		}
		if err := d.Add(rating); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		touchpoints[tp] = true
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("no responses: the data have a header but no rows: %w", nps.ErrNoResponses)
	}

	keys := slices.Sorted(maps.Keys(byQuarter))
	s := &survey{
		first:       keys[0],
		quarters:    make([]nps.Distribution, keys[len(keys)-1]-keys[0]+1),
		touchpoints: slices.Sorted(maps.Keys(touchpoints)),
		n:           n,
	}
	for q, d := range byQuarter {
		s.quarters[q-s.first] = *d
	}
	return s, nil
}
