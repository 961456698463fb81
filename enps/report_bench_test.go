package enps

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// bigOrg builds an organisation of employees in units: a tree with up to
// eight children per unit, 85% responding.
func bigOrg(employees, units int) (Wave, []Response) {
	rng := rand.New(rand.NewPCG(7, 7))
	w := Wave{ID: "w", Opens: time.Unix(0, 0), Scale: StandardScale()}
	w.Units = append(w.Units, Unit{ID: "u0"})
	for i := 1; i < units; i++ {
		w.Units = append(w.Units, Unit{ID: fmt.Sprint("u", i), Parent: fmt.Sprint("u", (i-1)/8)})
	}
	locs := []string{"Aarhus", "Berlin", "Oslo", "Paris", "Riga"}
	tenure := []string{"<1y", "1-3y", "3-10y", "10y+"}
	var rs []Response
	for i := range employees {
		m := Member{Employee: fmt.Sprint("e", i), Unit: w.Units[rng.IntN(units)].ID,
			Attributes: map[string]string{"location": locs[rng.IntN(len(locs))], "tenure": tenure[rng.IntN(len(tenure))]}}
		w.Population = append(w.Population, m)
		if rng.IntN(100) < 85 {
			var t Token
			t[0], t[1], t[2], t[15] = byte(i), byte(i>>8), byte(i>>16), 1
			rs = append(rs, Response{Wave: "w", Respondent: t, Unit: m.Unit, Attributes: m.Attributes, Rating: rng.IntN(11), At: w.Opens})
		}
	}
	return w, rs
}

func benchmarkReport(b *testing.B, employees, units int, req Request) {
	w, rs := bigOrg(employees, units)
	o, err := w.Org()
	if err != nil {
		b.Fatal(err)
	}
	var rep Report
	for b.Loop() {
		rep, _, err = compute(input{wave: w, org: o, responses: rs, req: req, salt: []byte("s")})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rep.Cells)), "cells")
	b.ReportMetric(float64(rep.Published()), "published")
}

// BenchmarkReportUnits is the full report of 50,000 employees in 2,000
// units, subtree and direct cells, with every suppression rule.
func BenchmarkReportUnits(b *testing.B) {
	benchmarkReport(b, 50_000, 2_000, Request{Scopes: []Scope{Subtree, Direct}})
}

// BenchmarkReportBreakdown adds a location breakdown of every unit.
func BenchmarkReportBreakdown(b *testing.B) {
	benchmarkReport(b, 50_000, 2_000, Request{Breakdowns: [][]string{{"location"}}})
}

// BenchmarkReportCrossed breaks every unit down by location, by tenure and
// by both.
func BenchmarkReportCrossed(b *testing.B) {
	benchmarkReport(b, 50_000, 2_000, Request{Breakdowns: [][]string{{"location"}, {"tenure"}, {"location", "tenure"}}})
}
