package nps

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// The fuzz targets double as tests: `go test` runs their seeds and the
// corpus under testdata/fuzz, and `go test -fuzz` explores further.

func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"0", "7", "10", "11", "-1", "6.5", " 9", "09", "", "+1", "1e1", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRating(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRating) {
				t.Fatalf("ParseRating(%q): error %v does not wrap ErrInvalidRating", s, err)
			}
			return
		}
		if !r.Valid() || r.String() != s {
			t.Fatalf("ParseRating(%q) = %d: not valid or not canonical", s, r)
		}
		var j Rating
		if err := j.UnmarshalJSON([]byte(s)); err != nil || j != r {
			t.Fatalf("JSON form of %q: %v, %v", s, j, err)
		}
	})
}

func FuzzRatingUnmarshalJSON(f *testing.F) {
	for _, s := range []string{"0", "10", "7.0", "7e0", "6.5", "null", `"7"`, "-0", "1e400", "0x1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Rating
		if err := r.UnmarshalJSON(b); err != nil {
			if !errors.Is(err, ErrInvalidRating) {
				t.Fatalf("error %v does not wrap ErrInvalidRating", err)
			}
			return
		}
		if !r.Valid() {
			t.Fatalf("decoded invalid rating %d from %q", r, b)
		}
		var v float64
		if err := json.Unmarshal(b, &v); err != nil || v != float64(r) {
			t.Fatalf("%q accepted as %d but encoding/json reads %v, %v", b, r, v, err)
		}
	})
}

func FuzzTallyUnmarshalBinary(f *testing.F) {
	for _, tl := range []Tally{{}, {1, 2, 3}, {math.MaxInt, 0, 0}} {
		b, _ := tl.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 1, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var tl Tally
		if err := tl.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("error %v does not wrap ErrInvalidEncoding", err)
			}
			if tl != (Tally{}) {
				t.Fatalf("tally modified on error: %v", tl)
			}
			return
		}
		if err := tl.Validate(); err != nil {
			t.Fatalf("decoded invalid tally %v: %v", tl, err)
		}
		out, err := tl.MarshalBinary()
		if err != nil || string(out) != string(b) {
			t.Fatalf("re-encoding %v: %x, want %x (%v)", tl, out, b, err)
		}
	})
}

func FuzzTallyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`{"promoters":1,"passives":2,"detractors":3}`, `{}`, `{"promoters":-1}`,
		`{"promoters":9223372036854775807,"passives":1}`, `{"x":1}`, `null`, `{"promoters":1e3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tl Tally
		if err := tl.UnmarshalJSON(b); err != nil {
			if !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("error %v does not wrap ErrInvalidEncoding", err)
			}
			return
		}
		if err := tl.Validate(); err != nil {
			t.Fatalf("decoded invalid tally %v: %v", tl, err)
		}
		out, err := json.Marshal(tl)
		if err != nil {
			t.Fatal(err)
		}
		var back Tally
		if err := json.Unmarshal(out, &back); err != nil || back != tl {
			t.Fatalf("round trip %v → %s → %v (%v)", tl, out, back, err)
		}
	})
}

func FuzzDistributionUnmarshalBinary(f *testing.F) {
	b, _ := Distribution{1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6}.MarshalBinary()
	f.Add(b)
	f.Add([]byte{1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Distribution
		if err := d.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("error %v does not wrap ErrInvalidEncoding", err)
			}
			return
		}
		if _, err := d.Tally(); err != nil {
			t.Fatalf("decoded distribution does not convert: %v", err)
		}
	})
}

func FuzzWeightedUnmarshalBinary(f *testing.F) {
	var wt WeightedTally
	_ = wt.Add(9, 1.5)
	_ = wt.Add(2, 0.5)
	b, _ := wt.MarshalBinary()
	f.Add(b)
	f.Add([]byte{1, 3, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var wt WeightedTally
		if err := wt.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("error %v does not wrap ErrInvalidEncoding", err)
			}
			return
		}
		if err := wt.Validate(); err != nil {
			t.Fatalf("decoded invalid weighted tally: %v", err)
		}
		if n, err := wt.NPS(); err == nil && !(n >= -100 && n <= 100) {
			t.Fatalf("weighted NPS %v out of range", n)
		}
	})
}

// FuzzTallyMerge is a property test of the merge algebra: associative,
// commutative, the empty tally as identity, and overflow reported rather
// than wrapped around.
func FuzzTallyMerge(f *testing.F) {
	f.Add(1, 2, 3, 4, 5, 6, 7, 8, 9)
	f.Add(math.MaxInt, 0, 0, 1, 0, 0, 0, 0, 0)
	f.Add(-1, 0, 0, 0, 0, 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, a1, a2, a3, b1, b2, b3, c1, c2, c3 int) {
		a, b, c := Tally{a1, a2, a3}, Tally{b1, b2, b3}, Tally{c1, c2, c3}
		merge := func(x, y Tally) (Tally, error) { err := x.Merge(y); return x, err }

		ab, errAB := merge(a, b)
		ba, errBA := merge(b, a)
		if (errAB == nil) != (errBA == nil) || (errAB == nil && ab != ba) {
			t.Fatalf("not commutative: %v⊕%v = %v (%v), reversed %v (%v)", a, b, ab, errAB, ba, errBA)
		}
		if errAB == nil {
			if ab.Promoters < a.Promoters || ab.Promoters < b.Promoters || ab.Validate() != nil {
				t.Fatalf("merge wrapped around: %v", ab)
			}
		}
		if ae, err := merge(a, Tally{}); a.Validate() == nil && (err != nil || ae != a) {
			t.Fatalf("empty tally is not the identity for %v", a)
		}
		abC, err1 := merge(ab, c)
		bc, errBC := merge(b, c)
		aBC, err2 := merge(a, bc)
		if errAB == nil && err1 == nil && errBC == nil && err2 == nil && abC != aBC {
			t.Fatalf("not associative: (%v⊕%v)⊕%v = %v, %v⊕(%v⊕%v) = %v", a, b, c, abC, a, b, c, aBC)
		}
		// When every input is valid and the grand total fits, both
		// groupings succeed.
		if a.Validate() == nil && b.Validate() == nil && c.Validate() == nil {
			if _, ok := addCounts(a.N(), b.N(), c.N()); ok && (err1 != nil || err2 != nil || errAB != nil || errBC != nil) {
				t.Fatalf("merge failed although the total fits: %v %v %v %v", errAB, err1, errBC, err2)
			}
		}
	})
}

// FuzzInterval checks that no tally, level or method makes the estimators
// panic, and that every interval stays on the scale.
func FuzzInterval(f *testing.F) {
	f.Add(10, 5, 3, 0.95, uint8(1))
	f.Add(1, 0, 0, 0.999999, uint8(2))
	f.Add(0, 0, 0, 0.5, uint8(3))
	f.Add(1<<40, 1, 0, 0.9, uint8(1))
	f.Fuzz(func(t *testing.T, p, m, d int, level float64, method uint8) {
		tl := Tally{p, m, d}
		meth := StandardMethod(method % 4) // Jeffreys is fuzzed with the posterior
		if meth == 0 {
			meth = Tango
		}
		iv, err := tl.Interval(level, meth)
		if err != nil {
			return
		}
		if !(iv.Lower >= -100 && iv.Upper <= 100 && iv.Lower <= iv.Upper) {
			t.Fatalf("%v at %v by %v: %v", tl, level, meth, iv)
		}
		if meth == Tango && !iv.Contains(iv.Estimate) {
			t.Fatalf("tango interval %v excludes its estimate", iv)
		}
		_, _ = Compare(tl, Tally{d, m, p})
		_, _ = CompareBenchmark(tl, level)
		_, _ = tl.Variance()
	})
}

// FuzzDistributionMerge checks that Distribution merging is commutative and
// associative, and agrees with merging the converted tallies.
func FuzzDistributionMerge(f *testing.F) {
	f.Add([]byte{0, 3, 9, 10}, []byte{7, 7, 8}, []byte{1, 2, 10, 10, 10})
	f.Fuzz(func(t *testing.T, x, y, z []byte) {
		dist := func(b []byte) Distribution {
			var d Distribution
			for _, v := range b {
				_ = d.Add(Rating(v % 11))
			}
			return d
		}
		a, b, c := dist(x), dist(y), dist(z)
		ab, ba := a, b
		_ = ab.Merge(b)
		_ = ba.Merge(a)
		if ab != ba {
			t.Fatalf("not commutative: %v vs %v", ab, ba)
		}
		abC, bc := ab, b
		_ = abC.Merge(c)
		_ = bc.Merge(c)
		aBC := a
		_ = aBC.Merge(bc)
		if abC != aBC {
			t.Fatalf("not associative")
		}
		ta, _ := a.Tally()
		tb, _ := b.Tally()
		tab, _ := ab.Tally()
		_ = ta.Merge(tb)
		if ta != tab {
			t.Fatalf("Tally(a⊕b) = %v, Tally(a)⊕Tally(b) = %v", tab, ta)
		}
	})
}

// FuzzWeightedMerge checks that weighted merging is commutative exactly and
// associative up to rounding in the weight sums.
func FuzzWeightedMerge(f *testing.F) {
	f.Add(uint8(10), 1.5, uint8(3), 0.25, uint8(7), 2.0)
	f.Fuzz(func(t *testing.T, r1 uint8, w1 float64, r2 uint8, w2 float64, r3 uint8, w3 float64) {
		one := func(r uint8, w float64) (WeightedTally, bool) {
			var wt WeightedTally
			return wt, wt.Add(Rating(r%11), math.Abs(w)) == nil
		}
		a, ok1 := one(r1, w1)
		b, ok2 := one(r2, w2)
		c, ok3 := one(r3, w3)
		if !ok1 || !ok2 || !ok3 {
			return
		}
		ab, ba := a, b
		e1, e2 := ab.Merge(b), ba.Merge(a)
		if (e1 == nil) != (e2 == nil) || (e1 == nil && ab != ba) {
			t.Fatalf("not commutative: %v vs %v", ab, ba)
		}
		abC, bc, aBC := ab, b, a
		if e1 != nil || abC.Merge(c) != nil || bc.Merge(c) != nil || aBC.Merge(bc) != nil {
			return
		}
		x, _ := abC.NPS()
		y, _ := aBC.NPS()
		if abC.N() != aBC.N() || math.Abs(x-y) > 1e-9*(1+math.Abs(x)) {
			t.Fatalf("not associative: %v vs %v", x, y)
		}
	})
}

// FuzzPosterior checks that no tally, prior, point or probability makes the
// posterior panic, and that its CDF is a distribution function on the
// scale whose quantiles invert it.
func FuzzPosterior(f *testing.F) {
	f.Add(uint32(10), uint32(5), uint32(3), 0.5, 0.5, 0.5, 20.0, 0.975)
	f.Add(uint32(863), uint32(1), uint32(0), 0.5, 0.5, 0.5, 99.5, 0.5)
	f.Add(uint32(0), uint32(0), uint32(0), 0.01, 0.01, 0.01, 0.0, 0.001)
	f.Add(uint32(1<<30), uint32(7), uint32(1<<29), 1.0, 1.0, 1.0, 33.3, 1e-9)
	f.Fuzz(func(t *testing.T, p, m, d uint32, a, b, c, x, q float64) {
		tl := Tally{int(p), int(m), int(d)}
		post, err := tl.Posterior(Prior{a, b, c})
		if err != nil {
			return
		}
		F := post.CDF(x)
		if math.IsNaN(x) {
			return
		}
		if !(F >= 0 && F <= 1) {
			t.Fatalf("CDF(%v) = %v for %v %v", x, F, tl, post.Params())
		}
		if G := post.CDF(x + 1); G < F-1e-6 {
			t.Fatalf("CDF decreases: %v at %v, %v at %v", F, x, G, x+1)
		}
		v, err := post.Quantile(q)
		if err != nil {
			return
		}
		if !(v >= -100 && v <= 100) {
			t.Fatalf("Quantile(%v) = %v", q, v)
		}
		if iv, err := post.Interval(0.95); err == nil && !(iv.Lower <= iv.Upper) {
			t.Fatalf("interval %v", iv)
		}
	})
}
