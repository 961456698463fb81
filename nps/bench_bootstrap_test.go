package nps

import (
	"math/rand/v2"
	"testing"
)

// A 10,000-resample bootstrap costs about the same at any n: two binomial
// draws per resample, then selection. The method is converted to a Method
// once, so allocs/op counts the call's own: the resampled scores.
func BenchmarkBootstrap(b *testing.B) {
	for _, bt := range []struct {
		name string
		t    Tally
	}{
		{"n=18", Tally{10, 5, 3}},
		{"n=100", Tally{45, 30, 25}},
		{"n=1e6", Tally{450_000, 300_000, 250_000}},
		{"n=1e9", Tally{500_000_000, 300_000_000, 200_000_000}},
	} {
		b.Run(bt.name, func(b *testing.B) {
			var m Method = Bootstrap{Source: rand.NewPCG(1, 2)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bt.t.Interval(0.95, m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// One binomial draw from a kept generator (as for P*) and with its set-up
// (as for D*, whose n changes with every resample).
func BenchmarkBinomial(b *testing.B) {
	for _, bc := range []struct {
		name string
		n, p float64
	}{
		{"inversion", 20, 0.3},
		{"btrd/n=1e2", 100, 0.45},
		{"btrd/n=1e6", 1e6, 0.45},
		{"btrd/n=1e9", 1e9, 0.45},
	} {
		b.Run(bc.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			g := newBinomialGen(bc.n, bc.p)
			var sink float64
			for b.Loop() {
				sink += g.sample(rng)
			}
			_ = sink
		})
		b.Run(bc.name+"/setup", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var sink float64
			for b.Loop() {
				sink += binomial(rng, bc.n, bc.p)
			}
			_ = sink
		})
	}
}
