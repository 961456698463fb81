// Quickstart prints a Net Promoter Score report, with honest uncertainty,
// from six quarters of customer survey answers to "How likely are you to
// recommend us to a friend or colleague?" (0–10). It shows:
//
//   - the latest quarter's promoters, passives and detractors, and its 0–10
//     distribution as a histogram;
//   - the latest NPS with its 95% Tango interval and margin of error;
//   - the change against the previous quarter: the difference in points, its
//     p-value, its 95% MOVER-Tango interval and a plain verdict;
//   - the trend: every quarter's score and interval, and the fitted slope per
//     quarter with its interval and p-value;
//   - how many responses a quarter needs for a margin of ±5 points.
//
// The data are made up. They are in responses.csv (columns
// quarter,touchpoint,rating; quarters written like 2026-Q4), which is
// embedded in the program. From a clone of the repository, run
//
//	go run ./examples/quickstart
//
// or pass a CSV file of your own with the same columns:
//
//	go run ./examples/quickstart my-responses.csv
//
// Parsing is strict: a rating that is not a whole number from 0 to 10 stops
// the program with the line number, and nothing is rounded or skipped.
package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"
)

// responsesCSV is the example data set: six quarters of survey responses.
//
//go:embed responses.csv
var responsesCSV []byte

func main() {
	data := responsesCSV
	switch len(os.Args) {
	case 1:
	case 2:
		b, err := os.ReadFile(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "quickstart:", err)
			os.Exit(1)
		}
		data = b
	default:
		fmt.Fprintln(os.Stderr, "usage: quickstart [responses.csv]")
		os.Exit(2)
	}
	if err := run(os.Stdout, data); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run parses the CSV data and writes the report to w. Nothing is written if
// the data are invalid.
func run(w io.Writer, data []byte) error {
	s, err := parseResponses(data)
	if err != nil {
		return err
	}
	report, err := buildReport(s)
	if err != nil {
		return err
	}
	_, err = w.Write(report)
	return err
}
