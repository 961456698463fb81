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
