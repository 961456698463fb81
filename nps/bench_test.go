package nps

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkTallyAddRatings(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	rs := make([]Rating, 100_000_000)
	for i := range rs {
		rs[i] = Rating(rng.IntN(11))
	}
	b.SetBytes(int64(len(rs)))
	b.ReportAllocs()
	for b.Loop() {
		var t Tally
		if err := t.AddRatings(rs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rs))*float64(b.N)/b.Elapsed().Seconds(), "ratings/s")
}

var benchTallies = []struct {
	name string
	t    Tally
}{
	{"n=18", Tally{10, 5, 3}},
	{"n=1000", Tally{500, 300, 200}},
	{"n=1e6", Tally{450000, 300000, 250000}},
	{"n=1e9", Tally{450000000, 300000000, 250000000}},
}

func BenchmarkInterval(b *testing.B) {
	for _, m := range []StandardMethod{Tango, AdjustedWald, Wald, Jeffreys} {
		for _, bt := range benchTallies {
			b.Run(m.String()+"/"+bt.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := bt.t.Interval(0.95, m); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	a, c := Tally{500, 300, 200}, Tally{450, 300, 250}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(a, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiffIntervalMOVERTango(b *testing.B) {
	a, c := Tally{500, 300, 200}, Tally{450, 300, 250}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DiffInterval(a, c, 0.95, Tango); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitTrend(b *testing.B) {
	periods := []Tally{{300, 400, 300}, {500, 300, 200}, {250, 400, 350}, {450, 350, 200}, {350, 300, 350}, {520, 300, 180}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitTrend(periods); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIntervalDominated covers tallies where one category holds
// (nearly) every response, with Jeffreys and with a small fitted prior:
// the posterior's distribution function is then computed on the saddle
// contour.
func BenchmarkIntervalDominated(b *testing.B) {
	for _, c := range []struct {
		name  string
		t     Tally
		prior Prior
	}{
		{"20-0-0/jeffreys", Tally{20, 0, 0}, JeffreysPrior()},
		{"200-1-0/jeffreys", Tally{200, 1, 0}, JeffreysPrior()},
		{"0-300-0/jeffreys", Tally{0, 300, 0}, JeffreysPrior()},
		{"20-0-0/prior-0.2", Tally{20, 0, 0}, Prior{0.1, 0.05, 0.05}},
		{"2000-0-0/prior-0.2", Tally{2000, 0, 0}, Prior{0.1, 0.05, 0.05}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			po, err := c.t.Posterior(c.prior)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := po.Interval(0.95); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
