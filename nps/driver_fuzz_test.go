package nps

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// driverSentinels are the sentinels a Driver's errors may wrap.
var driverSentinels = []error{
	ErrInvalidArgument, ErrInvalidRating, ErrNegativeCount, ErrOverflow,
	ErrNoResponses, ErrInvalidLevel, ErrUndefined,
}

func wrapsDriverSentinel(err error) bool {
	for _, s := range driverSentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzDriver feeds arbitrary values and ratings (9 bytes each: a float64's
// bits and a rating byte) and arbitrary arguments to the Driver and checks
// that nothing panics, errors wrap a sentinel, and results are well formed.
func FuzzDriver(f *testing.F) {
	rec := func(pairs ...any) []byte {
		var b []byte
		for i := 0; i < len(pairs); i += 2 {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(pairs[i].(float64)))
			b = append(b, byte(pairs[i+1].(int)))
		}
		return b
	}
	f.Add(rec(1.0, 9, 2.0, 3, 3.0, 7, 1.0, 10, 2.0, 0), 50.0, 3, 0.95, 4.0, uint8(0))
	f.Add(rec(0.5, 9, 0.5, 9, 8.0, 2, 24.0, 6, 72.0, 1), -20.0, 2, 0.9, 8.0, uint8(1))
	f.Add(rec(math.MaxFloat64, 9, -math.MaxFloat64, 0, 0.0, 8), 0.0, 5, 0.5, 0.0, uint8(2))
	f.Add(rec(math.NaN(), 9, math.Inf(1), 3, 1.0, 11), 100.0, 0, 1.0, math.NaN(), uint8(3))
	f.Add(rec(5e-324, 10, 1e-300, 0, 1e300, 9), -100.0, 1, 0.99, 1e-300, uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, target float64, k int, level, edge float64, method uint8) {
		d := new(Driver)
		for len(data) >= 9 && d.Len() < 200 {
			v := math.Float64frombits(binary.LittleEndian.Uint64(data))
			r := Rating(data[8] % 12)
			data = data[9:]
			var err error
			if r == 11 {
				err = d.AddMissing(Rating(data0(data)))
			} else {
				err = d.AddN(v, r, 1+int(data0(data)%3))
			}
			if err != nil && !wrapsDriverSentinel(err) {
				t.Fatalf("Add: error %v wraps no sentinel", err)
			}
		}

		edges := []float64{edge, edge + 1, edge * 2}
		for _, call := range []func() ([]Bin, error){
			func() ([]Bin, error) { return d.Bins(edges, level, nil) },
			func() ([]Bin, error) { return d.QuantileBins(k%1000, level, nil) },
		} {
			bins, err := call()
			if err != nil {
				if !wrapsDriverSentinel(err) {
					t.Fatalf("bins: error %v wraps no sentinel", err)
				}
				continue
			}
			n := 0
			for _, b := range bins {
				n += b.N
				if !b.Empty && (math.IsNaN(b.Mean) || b.Mean < b.Min || b.Mean > b.Max || b.NPS < -100 || b.NPS > 100) {
					t.Fatalf("bad bin %+v", b)
				}
			}
			if n != d.N() {
				t.Fatalf("bins hold %d responses, the driver %d", n, d.N())
			}
			if _, err := json.Marshal(bins); err != nil {
				t.Fatalf("bins do not encode: %v", err)
			}
		}

		opts := TargetOptions{Method: TargetMethod(method % 4), Level: level, Resamples: 20, Source: rand.NewPCG(1, 2), Direction: int(method/4%3) - 1}
		e, err := d.Target(target, opts)
		if err != nil {
			if !wrapsDriverSentinel(err) {
				t.Fatalf("Target: error %v wraps no sentinel", err)
			}
			return
		}
		if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) || math.IsNaN(e.Lower) || math.IsNaN(e.Upper) || e.Lower > e.Upper {
			t.Fatalf("bad estimate %+v", e)
		}
		if e.Reached && e.Method == "isotonic" && (e.Value < e.Min || e.Value > e.Max) {
			t.Fatalf("reached outside the data: %+v", e)
		}
		if e.ProbReached < 0 || e.ProbReached > 1 || (e.Direction != 1 && e.Direction != -1) {
			t.Fatalf("bad estimate %+v", e)
		}
		for _, p := range e.Fit {
			if math.IsNaN(p.NPS) || math.IsInf(p.NPS, 0) || math.IsNaN(p.Value) {
				t.Fatalf("bad fit %+v", e.Fit)
			}
		}
		if _, err := json.Marshal(e); err != nil {
			t.Fatalf("estimate does not encode: %v", err)
		}
	})
}

// data0 returns the first byte of b, or 0.
func data0(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}
