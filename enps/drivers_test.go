package enps

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/internal/numeric"
)

// wilsonRef is the Wilson score interval written out from Wilson (1927)
// as the roots in p of (p̂ − p)² = z²·p(1 − p)/n, solved as a quadratic.
func wilsonRef(k, n int, z float64) (float64, float64) {
	nf, ph := float64(n), float64(k)/float64(n)
	a := 1 + z*z/nf
	b := -(2*ph + z*z/nf)
	c := ph * ph
	d := math.Sqrt(b*b - 4*a*c)
	return (-b - d) / (2 * a), (-b + d) / (2 * a)
}

func TestDriverWilson(t *testing.T) {
	z := 1.959963984540054
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{9, 10, 0.5958499732047615, 0.9821237869049271},
		{3, 5, 0.2307242812760128, 0.882379225767352},
		{1, 2, 0.09453120573423074, 0.9054687942657693},
		{0, 7, 0, 0}, // against wilsonRef only
		{7, 7, 0, 0}, // against wilsonRef only
		{50, 100, 0, 0},
	}
	assert.InDelta(t, z, driverZ95, 1e-15)
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d of %d", tt.k, tt.n), func(t *testing.T) {
			lo, hi := numeric.Wilson(tt.k, tt.n, z)
			rlo, rhi := wilsonRef(tt.k, tt.n, z)
			assert.InDelta(t, rlo, lo, 1e-12)
			assert.InDelta(t, rhi, hi, 1e-12)
			if tt.lo != 0 || tt.hi != 0 {
				assert.InDelta(t, tt.lo, lo, 1e-12)
				assert.InDelta(t, tt.hi, hi, 1e-12)
			}
			p := float64(tt.k) / float64(tt.n)
			assert.LessOrEqual(t, lo, p)
			assert.GreaterOrEqual(t, hi, p)
			assert.GreaterOrEqual(t, lo, 0.0)
			assert.LessOrEqual(t, hi, 1.0)
		})
	}
	lo, _ := numeric.Wilson(0, 7, z)
	_, hi := numeric.Wilson(7, 7, z)
	assert.Equal(t, 0.0, lo)
	assert.Equal(t, 1.0, hi)
}

// driverFixture: two Inform items (one on 0–10 with threshold 7), one
// Incentives item, one Instruct item nobody answers, an untagged item and
// an item with an invalid I; no Inspire or Involve items.
func driverFixture() ([]Item, []Response) {
	items := []Item{
		{ID: "a", I: Inform}, // 1–5, favourable from 4
		{ID: "b", I: Inform, Min: 0, Max: 10, Favourable: 7}, // 0–10, favourable from 7
		{ID: "c", I: Incentives},                             // 1–5, favourable from 4
		{ID: "d"},                                            // untagged
		{ID: "e", I: Instruct},                               // never answered
		{ID: "f", I: Incentives + 1},                         // invalid I: ignored
	}
	rs := []Response{
		{Items: map[string]int{"a": 5, "b": 6, "c": 3, "d": 5, "zzz": 5, "f": 5}},
		{Items: map[string]int{"a": 4, "b": 7, "c": 0}},  // c off its scale
		{Items: map[string]int{"a": 2, "c": 5, "b": 11}}, // b off its scale
		{Items: map[string]int{"a": 5, "c": 5}},          // not in idx
		{},                                               // no items
	}
	return items, rs
}

func TestDriverScores(t *testing.T) {
	items, rs := driverFixture()
	got := driverScores(items, rs, []int32{0, 1, 2, 4})

	// Inform: a=5 ✓, b=6 ✗, a=4 ✓, b=7 ✓, a=2 ✗ (b=11 ignored): 3 of 5.
	// Incentives: c=3 ✗, c=5 ✓ (c=0 ignored): 1 of 2.
	// Instruct: an item but no answers. Inspire, Involve: no items.
	lo35, hi35 := wilsonRef(3, 5, driverZ95)
	lo12, hi12 := wilsonRef(1, 2, driverZ95)
	want := []DriverScore{
		{I: Inform, Items: 2, Answers: 5, Favourable: 3, Share: 0.6, Lower: lo35, Upper: hi35},
		{I: Instruct, Items: 1, Answers: 0, Favourable: 0, Share: 0, Lower: 0, Upper: 1},
		{I: Incentives, Items: 1, Answers: 2, Favourable: 1, Share: 0.5, Lower: lo12, Upper: hi12},
	}
	require.Len(t, got, len(want))
	for k := range want {
		assert.Equal(t, want[k].I, got[k].I)
		assert.Equal(t, want[k].Items, got[k].Items, "%s items", want[k].I)
		assert.Equal(t, want[k].Answers, got[k].Answers, "%s answers", want[k].I)
		assert.Equal(t, want[k].Favourable, got[k].Favourable, "%s favourable", want[k].I)
		assert.InDelta(t, want[k].Share, got[k].Share, 1e-15)
		assert.InDelta(t, want[k].Lower, got[k].Lower, 1e-12)
		assert.InDelta(t, want[k].Upper, got[k].Upper, 1e-12)
	}
}

func TestDriverScoresEdges(t *testing.T) {
	items, rs := driverFixture()
	t.Run("no responses", func(t *testing.T) {
		got := driverScores(items, rs, nil)
		require.Len(t, got, 3)
		for _, s := range got {
			assert.Zero(t, s.Answers)
			assert.Equal(t, [2]float64{0, 1}, [2]float64{s.Lower, s.Upper})
		}
	})
	t.Run("no tagged items", func(t *testing.T) {
		got := driverScores([]Item{{ID: "d"}}, rs, []int32{0, 1})
		assert.Empty(t, got)
	})
	t.Run("repeated index counts twice", func(t *testing.T) {
		got := driverScores(items, rs, []int32{3, 3})
		require.Len(t, got, 3)
		assert.Equal(t, Inform, got[0].I)
		assert.Equal(t, 2, got[0].Answers)
		assert.Equal(t, 2, got[0].Favourable)
		assert.Equal(t, 1.0, got[0].Upper)
	})
}

func TestDriverScoresAllocs(t *testing.T) {
	items, rs := driverFixture()
	idx := make([]int32, 0, 400)
	for k := range 400 {
		idx = append(idx, int32(k%len(rs)))
	}
	allocs := testing.AllocsPerRun(50, func() { _ = driverScores(items, rs, idx) })
	assert.LessOrEqual(t, allocs, 1.0, "only the result may be allocated")
}

func units(xs, ys []float64) []UnitDriver {
	out := make([]UnitDriver, len(xs))
	for k := range xs {
		out[k] = UnitDriver{Unit: fmt.Sprintf("u%02d", k), Share: xs[k], ENPS: ys[k]}
	}
	return out
}

// pearsonRef is the textbook formula r = Sxy / √(Sxx·Syy).
func pearsonRef(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for k := range x {
		mx += x[k] / n
		my += y[k] / n
	}
	var sxy, sxx, syy float64
	for k := range x {
		sxy += (x[k] - mx) * (y[k] - my)
		sxx += (x[k] - mx) * (x[k] - mx)
		syy += (y[k] - my) * (y[k] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Anscombe's (1973) first data set: r = 0.816, and the Spearman ρ from
// Σd² = 40 over 11 untied pairs is 1 − 6·40/(11·120) = 9/11.
var (
	anscombeX = []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	anscombeY = []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
)

func TestAssociateKnown(t *testing.T) {
	a, err := Associate(Inform, units(anscombeX, anscombeY), 0.95)
	require.NoError(t, err)
	r := pearsonRef(anscombeX, anscombeY)
	assert.InDelta(t, 0.81642051634484, r, 1e-12)
	assert.InDelta(t, r, a.Pearson, 1e-12)
	h := 1.959963984540054 / math.Sqrt(11-3)
	assert.InDelta(t, math.Tanh(math.Atanh(r)-h), a.Lower, 1e-12)
	assert.InDelta(t, math.Tanh(math.Atanh(r)+h), a.Upper, 1e-12)
	assert.InDelta(t, 0.42439121339321656, a.Lower, 1e-9)
	assert.InDelta(t, 0.9506932537865606, a.Upper, 1e-9)
	assert.InDelta(t, 9.0/11, a.Spearman, 1e-12)
	assert.Equal(t, Inform, a.I)
	assert.Equal(t, 11, a.Units)
	assert.Equal(t, 0.95, a.Level)
	assert.False(t, a.FewUnits)

	// A wider level widens the interval; swapping the axes changes nothing.
	b, err := Associate(Inform, units(anscombeY, anscombeX), 0.99)
	require.NoError(t, err)
	assert.InDelta(t, a.Pearson, b.Pearson, 1e-12)
	assert.InDelta(t, a.Spearman, b.Spearman, 1e-12)
	assert.Less(t, b.Lower, a.Lower)
	assert.Greater(t, b.Upper, a.Upper)

	// Rescaling (eNPS on −100…100 vs −1…1) changes nothing either.
	y100 := make([]float64, len(anscombeY))
	for k, v := range anscombeY {
		y100[k] = 100*v - 700
	}
	c, err := Associate(Inform, units(anscombeX, y100), 0.95)
	require.NoError(t, err)
	assert.InDelta(t, a.Pearson, c.Pearson, 1e-12)
	assert.InDelta(t, a.Spearman, c.Spearman, 1e-12)
}

func TestAssociateCases(t *testing.T) {
	tests := []struct {
		name         string
		x, y         []float64
		r, rho       float64
		degenerate   bool // Lower = Upper = r
		fewUnits     bool
		lowerAtLeast float64
	}{
		{
			name: "perfect positive", x: []float64{0.2, 0.4, 0.5, 0.7, 0.9},
			y: []float64{0.4, 0.8, 1.0, 1.4, 1.8}, r: 1, rho: 1, degenerate: true, fewUnits: true,
		},
		{
			name: "perfect negative", x: []float64{0.2, 0.4, 0.5, 0.7, 0.9},
			y: []float64{-0.2, -0.4, -0.5, -0.7, -0.9}, r: -1, rho: -1, degenerate: true, fewUnits: true,
		},
		{
			// ranks x 1, 2.5, 2.5, 4 against 1…4: ρ = 4.5/√(4.5·5) = 3/√10.
			name: "ties", x: []float64{0.1, 0.5, 0.5, 0.9}, y: []float64{-20, 0, 10, 40},
			r: pearsonRef([]float64{0.1, 0.5, 0.5, 0.9}, []float64{-20, 0, 10, 40}), rho: 3 / math.Sqrt(10), fewUnits: true,
		},
		{
			// monotone but not linear: ρ = 1, r < 1.
			name: "monotone", x: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
			y: []float64{1, 4, 9, 16, 25, 36, 49, 64, 81, 100},
			r: pearsonRef([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []float64{1, 4, 9, 16, 25, 36, 49, 64, 81, 100}), rho: 1,
		},
		{
			// one outlying unit drives r negative, but not ρ.
			name: "outlier", x: []float64{0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.95},
			y:   []float64{-10, -5, 0, 5, 10, 15, 20, -90},
			r:   pearsonRef([]float64{0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.95}, []float64{-10, -5, 0, 5, 10, 15, 20, -90}),
			rho: 1 - 6*(1+1+1+1+1+1+1+49)/(8*63.0), fewUnits: true,
		},
		{
			name: "extreme magnitudes", x: []float64{1e308, -1e308, 5e307, 0},
			y: []float64{1e-300, -1e-300, 4e-301, 1e-310},
			r: pearsonRef([]float64{1, -1, 0.5, 0}, []float64{1, -1, 0.4, 1e-10}), rho: 1, fewUnits: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Associate(Involve, units(tt.x, tt.y), 0.9)
			require.NoError(t, err)
			assert.InDelta(t, tt.r, a.Pearson, 1e-12)
			assert.InDelta(t, tt.rho, a.Spearman, 1e-12)
			assert.Equal(t, tt.fewUnits, a.FewUnits)
			assert.Equal(t, len(tt.x), a.Units)
			if tt.degenerate {
				assert.Equal(t, tt.r, a.Pearson)
				assert.Equal(t, a.Pearson, a.Lower)
				assert.Equal(t, a.Pearson, a.Upper)
			} else {
				h := 1.6448536269514722 / math.Sqrt(float64(len(tt.x)-3))
				assert.InDelta(t, math.Tanh(math.Atanh(tt.r)-h), a.Lower, 1e-12)
				assert.InDelta(t, math.Tanh(math.Atanh(tt.r)+h), a.Upper, 1e-12)
				assert.Less(t, a.Lower, a.Pearson)
				assert.Greater(t, a.Upper, a.Pearson)
			}
		})
	}
}

func TestAssociateFewUnits(t *testing.T) {
	for n := 4; n <= 12; n++ {
		x, y := make([]float64, n), make([]float64, n)
		for k := range n {
			x[k], y[k] = float64(k), math.Sin(float64(k))
		}
		a, err := Associate(Inspire, units(x, y), 0.95)
		require.NoError(t, err, "n=%d", n)
		assert.Equal(t, n < 10, a.FewUnits, "n=%d", n)
	}
}

func TestAssociateErrors(t *testing.T) {
	good := units([]float64{0.1, 0.2, 0.3, 0.5}, []float64{10, 5, 30, 20})
	with := func(k int, f func(*UnitDriver)) []UnitDriver {
		p := append([]UnitDriver(nil), good...)
		f(&p[k])
		return p
	}
	tests := []struct {
		name   string
		i      I
		points []UnitDriver
		level  float64
		want   error
	}{
		{"untagged I", 0, good, 0.95, ErrInvalidRequest},
		{"unknown I", Incentives + 1, good, 0.95, ErrInvalidRequest},
		{"level 0", Inform, good, 0, ErrInvalidRequest},
		{"level 1", Inform, good, 1, ErrInvalidRequest},
		{"level negative", Inform, good, -0.5, ErrInvalidRequest},
		{"level percent", Inform, good, 95, ErrInvalidRequest},
		{"level NaN", Inform, good, math.NaN(), ErrInvalidRequest},
		{"NaN eNPS", Inform, with(2, func(p *UnitDriver) { p.ENPS = math.NaN() }), 0.95, ErrInvalidRequest},
		{"infinite share", Inform, with(0, func(p *UnitDriver) { p.Share = math.Inf(-1) }), 0.95, ErrInvalidRequest},
		{"NaN share", Inform, with(3, func(p *UnitDriver) { p.Share = math.NaN() }), 0.95, ErrInvalidRequest},
		{"unit twice", Inform, with(3, func(p *UnitDriver) { p.Unit = "u00" }), 0.95, ErrInvalidRequest},
		{"NaN before too few", Inform, []UnitDriver{{Unit: "a", ENPS: math.NaN()}}, 0.95, ErrInvalidRequest},
		{"no units", Inform, nil, 0.95, ErrTooFewUnits},
		{"three units", Inform, good[:3], 0.95, ErrTooFewUnits},
		{"constant share", Inform, units([]float64{0.4, 0.4, 0.4, 0.4, 0.4}, []float64{1, 2, 3, 4, 5}), 0.95, ErrUndefined},
		{"constant eNPS", Inform, units([]float64{0.1, 0.2, 0.3, 0.4}, []float64{7, 7, 7, 7}), 0.95, ErrUndefined},
		{"all zero", Inform, units([]float64{0, 0, 0, 0}, []float64{0, 0, 0, 0}), 0.95, ErrUndefined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Associate(tt.i, tt.points, tt.level)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, Association{}, a)
		})
	}
}

func FuzzAssociate(f *testing.F) {
	enc := func(vs ...float64) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add(enc(0.1, 10, 0.2, 5, 0.3, 30, 0.5, 20), 0.95, uint8(3), false)
	f.Add(enc(anscombeX[0], anscombeY[0], anscombeX[1], anscombeY[1], anscombeX[2], anscombeY[2],
		anscombeX[3], anscombeY[3], anscombeX[4], anscombeY[4]), 0.5, uint8(1), true)
	f.Add(enc(1e308, 1e-300, -1e308, -1e-300, 5e307, 4e-301, 0, 5e-324), 0.999999, uint8(5), false)
	f.Add(enc(math.NaN(), 1, math.Inf(1), 2, 3, 3, 4, 4), 0.9, uint8(2), false)
	f.Add(enc(1, 1, 1, 1, 1, 1, 1, 1), 0.9, uint8(4), false)
	f.Add(enc(0.1, 0.1, 0.1, 0.2, 0.1+1e-17, 0.3, 0.1, 0.4), 1-1e-16, uint8(4), false)
	f.Fuzz(func(t *testing.T, data []byte, level float64, i uint8, dup bool) {
		var pts []UnitDriver
		for len(data) >= 16 && len(pts) < 500 {
			pts = append(pts, UnitDriver{
				Unit:  fmt.Sprint(len(pts)),
				Share: math.Float64frombits(binary.LittleEndian.Uint64(data)),
				ENPS:  math.Float64frombits(binary.LittleEndian.Uint64(data[8:])),
			})
			data = data[16:]
		}
		if dup && len(pts) > 1 {
			pts[len(pts)-1].Unit = pts[0].Unit
		}
		a, err := Associate(I(i%7), pts, level)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) && !errors.Is(err, ErrTooFewUnits) && !errors.Is(err, ErrUndefined) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		in := func(v float64) bool { return v >= -1 && v <= 1 }
		if !in(a.Pearson) || !in(a.Lower) || !in(a.Upper) || !in(a.Spearman) {
			t.Fatalf("out of [−1, 1]: %+v", a)
		}
		if a.Lower > a.Pearson || a.Pearson > a.Upper {
			t.Fatalf("interval does not contain r: %+v", a)
		}
		if a.Units != len(pts) || a.FewUnits != (len(pts) < 10) || a.Level != level || a.I != I(i%7) {
			t.Fatalf("bookkeeping: %+v for %d points", a, len(pts))
		}
	})
}
