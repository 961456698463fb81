package nps

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// segSeq streams responses as a store would.
func segSeq(rs []Response) iter.Seq2[Response, error] {
	return func(yield func(Response, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// segResponses returns n random responses: touchpoints, zero to two
// employees, units, channels, months of 2025 and a region label, with some
// fields left empty.
func segResponses(rng *rand.Rand, n int) []Response {
	pick := func(opts ...string) string { return opts[rng.IntN(len(opts))] }
	rs := make([]Response, n)
	for i := range rs {
		r := Response{
			ID:         "r" + strconv.Itoa(i),
			Rating:     Rating(rng.IntN(11)),
			At:         time.Date(2025, time.Month(1+rng.IntN(6)), 1+rng.IntN(28), 12, 0, 0, 0, time.UTC),
			Customer:   "c" + strconv.Itoa(rng.IntN(25)),
			Touchpoint: pick("phone", "desk", "web", ""),
			Unit:       pick("north", "south"),
			Channel:    pick("email", "sms", ""),
		}
		for e := range 5 {
			if rng.IntN(4) == 0 {
				r.Employees = append(r.Employees, "e"+strconv.Itoa(e))
			}
		}
		if rng.IntN(3) > 0 {
			r.Labels = map[string]string{"region": pick("eu", "us")}
		}
		rs[i] = r
	}
	return rs
}

func byMonth(r Response) []string { return []string{r.At.UTC().Format("2006-01")} }

// segState captures everything observable about s.
type segState[K comparable] struct {
	keys  []K
	dists map[K]Distribution
	total Distribution
}

func stateOf[K comparable](s *Segments[K]) segState[K] {
	return segState[K]{s.Keys(), maps.Collect(s.All()), s.Total()}
}

// sameSegments compares contents regardless of key order.
func sameSegments[K comparable](t *testing.T, want, got *Segments[K]) {
	t.Helper()
	assert.Equal(t, want.Total(), got.Total(), "total")
	assert.Equal(t, maps.Collect(want.All()), maps.Collect(got.All()), "segments")
}

func TestSegmentsAdd(t *testing.T) {
	var s Segments[string]
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, Distribution{}, s.Get("x"))
	require.NoError(t, s.Add("phone", 9))
	require.NoError(t, s.Add("desk", 3))
	require.NoError(t, s.Add("phone", 10))
	require.ErrorIs(t, s.Add("web", 11), ErrInvalidRating)
	assert.Equal(t, []string{"phone", "desk"}, s.Keys(), "insertion order; no key for an invalid rating")
	assert.Equal(t, []string{"desk", "phone"}, SortedKeys(&s))
	assert.Equal(t, Distribution{9: 1, 10: 1}, s.Get("phone"))
	assert.Equal(t, Distribution{3: 1, 9: 1, 10: 1}, s.Total())
	assert.False(t, s.Overlapping())

	// Several keys: once per distinct key, once in the total.
	require.NoError(t, s.AddKeys([]string{"desk", "web", "desk"}, 7))
	require.NoError(t, s.AddKeys(nil, 0), "no key: left out")
	require.ErrorIs(t, s.AddKeys([]string{"new"}, 200), ErrInvalidRating)
	assert.Equal(t, Distribution{3: 1, 7: 1}, s.Get("desk"))
	assert.Equal(t, Distribution{7: 1}, s.Get("web"))
	assert.Equal(t, 4, s.Total().N())
	assert.True(t, s.Overlapping())
	assert.Equal(t, 3, s.Len())

	// Aggregated counts.
	require.NoError(t, s.AddDistribution("sql", Distribution{10: 4, 0: 1}))
	require.NoError(t, s.AddDistribution("none yet", Distribution{}))
	assert.Equal(t, []string{"phone", "desk", "web", "sql", "none yet"}, s.Keys())
	assert.Equal(t, 9, s.Total().N())
	before := stateOf(&s)
	require.ErrorIs(t, s.AddDistribution("bad", Distribution{3: -1}), ErrNegativeCount)
	require.ErrorIs(t, s.AddDistribution("sql", Distribution{10: math.MaxInt}), ErrOverflow)
	assert.Equal(t, before, stateOf(&s), "unchanged on error")

	var full Segments[string]
	require.NoError(t, full.AddDistribution("x", Distribution{4: math.MaxInt}))
	require.ErrorIs(t, full.Add("x", 4), ErrOverflow)
	require.ErrorIs(t, full.AddKeys([]string{"y"}, 4), ErrOverflow)
	assert.Equal(t, 1, full.Len())

	// All stops when asked.
	n := 0
	for range s.All() {
		n++
		break
	}
	assert.Equal(t, 1, n)
}

func TestSegmentsGenericKeys(t *testing.T) {
	var byID Segments[int]
	for i, r := range []Rating{10, 9, 3, 8, 10} {
		require.NoError(t, byID.Add(i%3, r))
	}
	assert.Equal(t, []int{0, 1, 2}, byID.Keys())
	assert.Equal(t, Distribution{8: 1, 10: 1}, byID.Get(0))

	type cell struct {
		unit  string
		month time.Month
	}
	var byCell Segments[cell]
	require.NoError(t, byCell.Add(cell{"north", time.March}, 9))
	require.NoError(t, byCell.Add(cell{"north", time.April}, 2))
	require.NoError(t, byCell.Add(cell{"north", time.March}, 6))
	assert.Equal(t, Distribution{6: 1, 9: 1}, byCell.Get(cell{"north", time.March}))
	assert.Equal(t, 2, byCell.Len())
}

func TestSegmentsMergeMatchesOnePass(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 20))
		rs := segResponses(rng, 400)
		for _, key := range []func(Response) []string{ByTouchpoint, ByEmployee} {
			want, err := GroupBy(segSeq(rs), key)
			require.NoError(t, err)
			var merged Segments[string]
			start := 0
			for _, end := range []int{rng.IntN(400), 400} {
				end = max(end, start)
				part, err := GroupBy(segSeq(rs[start:end]), key)
				require.NoError(t, err)
				require.NoError(t, merged.Merge(part))
				start = end
			}
			sameSegments(t, want, &merged)
			assert.Equal(t, want.Len(), merged.Len())
			assert.Equal(t, want.Overlapping(), merged.Overlapping())
		}
	}

	var s Segments[string]
	require.NoError(t, s.Add("a", 9))
	require.NoError(t, s.AddKeys([]string{"a", "b"}, 0))
	require.NoError(t, s.Merge(&s), "merging with itself doubles")
	assert.Equal(t, Distribution{0: 2, 9: 2}, s.Get("a"))
	assert.Equal(t, Distribution{0: 2}, s.Get("b"))
	assert.Equal(t, Distribution{0: 2, 9: 2}, s.Total())

	var big Segments[string]
	require.NoError(t, big.AddDistribution("z", Distribution{0: math.MaxInt - 1}))
	before := stateOf(&s)
	require.ErrorIs(t, s.Merge(&big), ErrOverflow)
	assert.Equal(t, before, stateOf(&s))
}

// Erasing a customer from grouped segments equals regrouping without them,
// and emptied segments disappear.
func TestSegmentsSubtractErasesCustomer(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 21))
		rs := segResponses(rng, 300)
		gone := "c" + strconv.Itoa(rng.IntN(25))
		var theirs, kept []Response
		for _, r := range rs {
			if r.Customer == gone {
				theirs = append(theirs, r)
			} else {
				kept = append(kept, r)
			}
		}
		for _, key := range []func(Response) []string{ByTouchpoint, ByEmployee, ByLabel("region")} {
			all, err := GroupBy(segSeq(rs), key)
			require.NoError(t, err)
			sub, err := GroupBy(segSeq(theirs), key)
			require.NoError(t, err)
			want, err := GroupBy(segSeq(kept), key)
			require.NoError(t, err)
			require.NoError(t, all.Subtract(sub))
			sameSegments(t, want, all)
			assert.Equal(t, want.Len(), all.Len(), "emptied segments are dropped")
		}
	}
}

func TestSegmentsSubtractErrors(t *testing.T) {
	var s Segments[string]
	require.NoError(t, s.Add("a", 9))
	require.NoError(t, s.Add("b", 0))
	require.NoError(t, s.AddKeys([]string{"a", "c"}, 7))

	var missing Segments[string]
	require.NoError(t, missing.Add("z", 9))
	var tooMany Segments[string]
	require.NoError(t, tooMany.Add("b", 0))
	require.NoError(t, tooMany.Add("b", 0))
	// The response counted under a and c, subtracted as if it were a's
	// alone: c would hold more than the total.
	var otherKeys Segments[string]
	require.NoError(t, otherKeys.Add("a", 7))

	for name, o := range map[string]*Segments[string]{"missing key": &missing, "too many": &tooMany, "other keys": &otherKeys} {
		before := stateOf(&s)
		require.ErrorIs(t, s.Subtract(o), ErrNegativeCount, name)
		assert.Equal(t, before, stateOf(&s), name)
	}

	var zero Segments[string]
	require.NoError(t, s.Subtract(&zero))
	assert.Equal(t, 3, s.Len())

	// Only segments the subtraction empties are dropped.
	require.NoError(t, s.AddDistribution("listed", Distribution{}))
	var bOnly Segments[string]
	require.NoError(t, bOnly.Add("b", 0))
	require.NoError(t, s.Subtract(&bOnly))
	assert.Equal(t, []string{"a", "c", "listed"}, s.Keys())
	require.NoError(t, s.Subtract(&s))
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, Distribution{}, s.Total())
	require.NoError(t, s.Add("d", 5), "usable after emptying")
	assert.Equal(t, []string{"d"}, s.Keys())
}

func TestGroupBy(t *testing.T) {
	rng := rand.New(rand.NewPCG(30, 30))
	rs := segResponses(rng, 500)

	s, err := GroupBy(segSeq(rs), ByTouchpoint)
	require.NoError(t, err)
	want := map[string]Distribution{}
	var total Distribution
	for _, r := range rs {
		if r.Touchpoint == "" {
			continue
		}
		d := want[r.Touchpoint]
		d[r.Rating]++
		want[r.Touchpoint] = d
		total[r.Rating]++
	}
	assert.Equal(t, want, maps.Collect(s.All()))
	assert.Equal(t, total, s.Total(), "responses without a touchpoint are left out")
	assert.False(t, s.Overlapping())

	e, err := GroupBy(segSeq(rs), ByEmployee)
	require.NoError(t, err)
	assert.True(t, e.Overlapping())
	sum := 0
	for _, d := range e.All() {
		sum += d.N()
	}
	withEmployees := 0
	for _, r := range rs {
		if len(r.Employees) > 0 {
			withEmployees++
		}
	}
	assert.Equal(t, withEmployees, e.Total().N())
	assert.Greater(t, sum, withEmployees, "segment counts exceed the total")

	type unitChannel struct{ unit, channel string }
	uc, err := GroupBy(segSeq(rs), func(r Response) []unitChannel { return []unitChannel{{r.Unit, r.Channel}} })
	require.NoError(t, err)
	assert.Equal(t, len(rs), uc.Total().N())
	assert.Equal(t, 6, uc.Len())
}

func TestGroupByErrors(t *testing.T) {
	boom := errors.New("store unavailable")
	read := 0
	failing := func(yield func(Response, error) bool) {
		for i := range 10 {
			read++
			var err error
			if i == 3 {
				err = boom
			}
			if !yield(Response{ID: "x", Rating: 9, Touchpoint: "phone"}, err) {
				return
			}
		}
	}
	s, err := GroupBy(failing, ByTouchpoint)
	require.ErrorIs(t, err, boom)
	assert.Nil(t, s, "no partial result")
	assert.Equal(t, 4, read, "stops at the first error")

	p, err := PivotBy(failing, ByTouchpoint, byMonth)
	require.ErrorIs(t, err, boom)
	assert.Nil(t, p)

	bad := []Response{{ID: "ok", Rating: 9, Touchpoint: "a"}, {ID: "bad-1", Rating: 11, Touchpoint: "a"}}
	s, err = GroupBy(segSeq(bad), ByTouchpoint)
	require.ErrorIs(t, err, ErrInvalidRating)
	assert.Contains(t, err.Error(), `"bad-1"`)
	assert.Nil(t, s)
	p, err = PivotBy(segSeq(bad), ByTouchpoint, ByTouchpoint)
	require.ErrorIs(t, err, ErrInvalidRating)
	assert.Nil(t, p)

	_, err = GroupBy[string](nil, ByTouchpoint)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = GroupBy[string](segSeq(bad), nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = PivotBy(segSeq(bad), ByTouchpoint, (func(Response) []int)(nil))
	require.ErrorIs(t, err, ErrInvalidArgument)

	empty, err := GroupBy(segSeq(nil), ByTouchpoint)
	require.NoError(t, err)
	assert.Equal(t, 0, empty.Len())
}

func TestKeyFunctions(t *testing.T) {
	r := Response{Touchpoint: "phone", Employees: []string{"e1", "e2"}, Unit: "north", Channel: "sms",
		Labels: map[string]string{"region": "eu", "empty": ""}}
	assert.Equal(t, []string{"phone"}, ByTouchpoint(r))
	assert.Equal(t, []string{"e1", "e2"}, ByEmployee(r))
	assert.Equal(t, []string{"north"}, ByUnit(r))
	assert.Equal(t, []string{"sms"}, ByChannel(r))
	assert.Equal(t, []string{"eu"}, ByLabel("region")(r))
	assert.Empty(t, ByLabel("empty")(r))
	assert.Empty(t, ByLabel("missing")(r))
	var none Response
	for _, key := range []func(Response) []string{ByTouchpoint, ByEmployee, ByUnit, ByChannel, ByLabel("region")} {
		assert.Empty(t, key(none))
	}
}

func TestPivotTotalsConsistent(t *testing.T) {
	rng := rand.New(rand.NewPCG(40, 40))
	rs := segResponses(rng, 600)

	p, err := PivotBy(segSeq(rs), ByTouchpoint, byMonth)
	require.NoError(t, err)
	type cell struct{ tp, month string }
	cells, err := GroupBy(segSeq(rs), func(r Response) []cell {
		if r.Touchpoint == "" {
			return nil
		}
		return []cell{{r.Touchpoint, byMonth(r)[0]}}
	})
	require.NoError(t, err)
	rows, err := GroupBy(segSeq(rs), ByTouchpoint)
	require.NoError(t, err)

	assert.Equal(t, rows.Keys(), p.Rows())
	assert.Len(t, p.Cols(), 6)
	var sumRows, sumCols Distribution
	for _, row := range p.Rows() {
		var sum Distribution
		for _, col := range p.Cols() {
			c := p.Cell(row, col)
			assert.Equal(t, cells.Get(cell{row, col}), c)
			require.NoError(t, sum.Merge(c))
		}
		assert.Equal(t, p.RowTotal(row), sum, row)
		assert.Equal(t, rows.Get(row), p.RowTotal(row))
		require.NoError(t, sumRows.Merge(p.RowTotal(row)))
	}
	for _, col := range p.Cols() {
		var sum Distribution
		for _, row := range p.Rows() {
			require.NoError(t, sum.Merge(p.Cell(row, col)))
		}
		assert.Equal(t, p.ColTotal(col), sum, col)
		require.NoError(t, sumCols.Merge(p.ColTotal(col)))
	}
	assert.Equal(t, rows.Total(), p.Total())
	assert.Equal(t, p.Total(), sumRows)
	assert.Equal(t, p.Total(), sumCols)
	assert.Equal(t, Distribution{}, p.Cell("nowhere", "2025-01"))
	assert.Equal(t, Distribution{}, p.Cell("phone", "1999-01"))

	// Overlapping rows: totals count each response once.
	pe, err := PivotBy(segSeq(rs), ByEmployee, byMonth)
	require.NoError(t, err)
	emp, err := GroupBy(segSeq(rs), ByEmployee)
	require.NoError(t, err)
	for _, e := range emp.Keys() {
		assert.Equal(t, emp.Get(e), pe.RowTotal(e), e)
	}
	months, err := GroupBy(segSeq(rs), func(r Response) []string {
		if len(r.Employees) == 0 {
			return nil
		}
		return byMonth(r)
	})
	require.NoError(t, err)
	for _, m := range months.Keys() {
		assert.Equal(t, months.Get(m), pe.ColTotal(m), m)
	}
	assert.Equal(t, emp.Total(), pe.Total())
}

func TestPivotAdd(t *testing.T) {
	var p Pivot[string, int]
	require.NoError(t, p.Add("a", 1, 9))
	require.NoError(t, p.Add("a", 2, 3))
	require.NoError(t, p.AddKeys([]string{"b", "a", "b"}, []int{1, 1}, 10))
	require.NoError(t, p.AddKeys(nil, []int{1}, 10), "no row: left out")
	require.NoError(t, p.AddKeys([]string{"a"}, nil, 10), "no column: left out")
	require.ErrorIs(t, p.Add("c", 3, 11), ErrInvalidRating)
	assert.Equal(t, []string{"a", "b"}, p.Rows())
	assert.Equal(t, []int{1, 2}, p.Cols())
	assert.Equal(t, Distribution{9: 1, 10: 1}, p.Cell("a", 1))
	assert.Equal(t, Distribution{10: 1}, p.Cell("b", 1))
	assert.Equal(t, Distribution{}, p.Cell("b", 2))
	assert.Equal(t, Distribution{3: 1, 9: 1, 10: 1}, p.RowTotal("a"))
	assert.Equal(t, Distribution{9: 1, 10: 1}, p.ColTotal(1))
	assert.Equal(t, Distribution{3: 1, 9: 1, 10: 1}, p.Total())
}

func TestCountingDoesNotAllocate(t *testing.T) {
	var s Segments[string]
	var p Pivot[string, string]
	require.NoError(t, s.Add("a", 9))
	require.NoError(t, s.AddKeys([]string{"a", "b"}, 9))
	require.NoError(t, p.Add("a", "x", 9))
	keys := []string{"a", "b"}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = s.Add("a", 7) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = s.AddKeys(keys, 7) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = p.Add("a", "x", 7) }))
}

// segTallies builds segments from tallies given as promoters/passives/detractors.
func segTallies(t *testing.T, ts map[string]Tally, order ...string) *Segments[string] {
	t.Helper()
	var s Segments[string]
	for _, k := range order {
		tl := ts[k]
		require.NoError(t, s.AddDistribution(k, Distribution{10: tl.Promoters, 7: tl.Passives, 0: tl.Detractors}))
	}
	return &s
}

func TestVsRestReferenceValues(t *testing.T) {
	// Two segments: each against the rest is the reference pair of
	// nps-statistics §5.1.
	s := segTallies(t, map[string]Tally{"a": {500, 300, 200}, "b": {450, 300, 250}}, "a", "b")
	res, err := s.VsRest(0.95, NoAdjustment)
	require.NoError(t, err)
	require.Len(t, res, 2)
	assert.Equal(t, "a", res[0].Key, "equal p: key order")
	a := res[0]
	require.NoError(t, a.Err)
	assert.Equal(t, Tally{500, 300, 200}, a.Tally)
	assert.Equal(t, Tally{450, 300, 250}, a.Rest)
	assert.InDelta(t, 30, a.NPS, 1e-12)
	assert.InDelta(t, 10, a.VsRest.Diff, 1e-9)
	assert.InDelta(t, 0.005015, a.VsRest.P, 5e-7)
	assert.InDelta(t, 3.00, a.Diff.Lower, 0.005)
	assert.InDelta(t, 16.96, a.Diff.Upper, 0.005)
	assert.Equal(t, "mover-tango", a.Diff.Method)
	assert.Equal(t, a.VsRest.P, a.PAdjusted)
	assert.True(t, a.Significant)
	assert.InDelta(t, -10, res[1].VsRest.Diff, 1e-9)
	assert.Equal(t, res[0].VsRest.P, res[1].VsRest.P)

	// Three segments: each result equals Compare and DiffInterval against
	// the total minus the segment.
	ts := map[string]Tally{"phone": {45, 30, 25}, "desk": {60, 25, 15}, "web": {7, 2, 1}}
	s = segTallies(t, ts, "phone", "desk", "web")
	res, err = s.VsRest(0.9, NoAdjustment)
	require.NoError(t, err)
	total := Tally{112, 57, 41}
	for _, r := range res {
		require.NoError(t, r.Err)
		seg := ts[r.Key]
		rest := total
		require.NoError(t, rest.Subtract(seg))
		c, err := Compare(seg, rest)
		require.NoError(t, err)
		iv, err := DiffInterval(seg, rest, 0.9, Tango)
		require.NoError(t, err)
		own, err := seg.Interval(0.9, nil)
		require.NoError(t, err)
		assert.Equal(t, seg, r.Tally)
		assert.Equal(t, rest, r.Rest)
		assert.Equal(t, c, r.VsRest)
		assert.Equal(t, iv, r.Diff)
		assert.Equal(t, own, r.Interval)
		assert.Equal(t, r.VsRest.P < 0.1, r.Significant)
	}
	assert.True(t, res[0].PAdjusted <= res[1].PAdjusted && res[1].PAdjusted <= res[2].PAdjusted, "ordered by p")
	assert.NotZero(t, res[len(res)-1].VsRest.Caveats&SmallSample, "web has 10 responses")
}

func TestVsRestAdjustmentsMatchAdjustFunctions(t *testing.T) {
	for seed := range uint64(10) {
		rng := rand.New(rand.NewPCG(seed, 50))
		var s Segments[int]
		for range 3000 {
			k := rng.IntN(15)
			// Segments differ in their mix, so some p-values are small.
			r := Rating(min(10, rng.IntN(11)+k/5))
			require.NoError(t, s.Add(k, r))
		}
		raw, err := s.VsRest(0.95, NoAdjustment)
		require.NoError(t, err)
		ps := map[int]float64{}
		for _, r := range raw {
			require.NoError(t, r.Err)
			ps[r.Key] = r.VsRest.P
		}
		var inKeyOrder []float64
		for _, k := range s.Keys() {
			inKeyOrder = append(inKeyOrder, ps[k])
		}
		for adj, f := range map[Adjustment]func([]float64) ([]float64, error){Holm: AdjustHolm, BenjaminiHochberg: AdjustBH} {
			want, err := f(inKeyOrder)
			require.NoError(t, err)
			res, err := s.VsRest(0.95, adj)
			require.NoError(t, err)
			got := map[int]float64{}
			for i, r := range res {
				got[r.Key] = r.PAdjusted
				assert.Equal(t, r.PAdjusted < 0.05, r.Significant)
				if i > 0 {
					assert.LessOrEqual(t, res[i-1].PAdjusted, r.PAdjusted)
				}
			}
			for i, k := range s.Keys() {
				assert.Equal(t, want[i], got[k], "%v key %d", adj, k)
			}
		}
	}
}

func TestVsRestUntestableSegments(t *testing.T) {
	ts := map[string]Tally{
		"promoters": {5, 0, 0}, "detractors": {0, 0, 5}, "empty": {},
	}
	s := segTallies(t, ts, "empty", "promoters", "detractors")
	res, err := s.VsRest(0.95, Holm)
	require.NoError(t, err)
	require.Len(t, res, 3)
	for _, r := range res {
		require.Error(t, r.Err, r.Key)
		assert.False(t, r.Significant)
		assert.Zero(t, r.PAdjusted)
	}
	assert.Equal(t, []string{"empty", "promoters", "detractors"}, []string{res[0].Key, res[1].Key, res[2].Key}, "errors in key order")
	require.ErrorIs(t, res[0].Err, ErrNoResponses)
	require.ErrorIs(t, res[1].Err, ErrUndefined, "both unanimous: zero SE")
	assert.Equal(t, Tally{5, 0, 0}, res[1].Tally, "what can be filled is filled")
	assert.Equal(t, 100.0, res[1].NPS)

	// Untested segments stay out of the family: with one mixed segment
	// added, Holm's family is the three testable segments.
	require.NoError(t, s.AddDistribution("mixed", Distribution{10: 4, 7: 3, 0: 3}))
	res, err = s.VsRest(0.95, Holm)
	require.NoError(t, err)
	var ps []float64
	byKey := map[string]SegmentResult[string]{}
	for _, r := range res {
		byKey[r.Key] = r
		if r.Err == nil {
			ps = append(ps, r.VsRest.P)
		}
	}
	require.Len(t, ps, 3)
	require.ErrorIs(t, byKey["empty"].Err, ErrNoResponses)
	assert.Equal(t, "empty", res[3].Key)
	want, err := AdjustHolm(ps)
	require.NoError(t, err)
	for i, r := range res[:3] {
		assert.Equal(t, want[i], r.PAdjusted)
	}

	// One segment has no rest.
	one := segTallies(t, map[string]Tally{"only": {3, 2, 1}}, "only")
	res, err = one.VsRest(0.95, BenjaminiHochberg)
	require.NoError(t, err)
	require.ErrorIs(t, res[0].Err, ErrNoResponses)
	assert.InDelta(t, 100.0/3, res[0].NPS, 1e-12)
	assert.Equal(t, 6, res[0].Interval.N)
}

func TestVsRestOverlappingSegments(t *testing.T) {
	rng := rand.New(rand.NewPCG(60, 60))
	rs := segResponses(rng, 800)
	s, err := GroupBy(segSeq(rs), ByEmployee)
	require.NoError(t, err)
	require.True(t, s.Overlapping())
	res, err := s.VsRest(0.95, Holm)
	require.NoError(t, err)
	total, err := s.Total().Tally()
	require.NoError(t, err)
	for _, r := range res {
		require.NoError(t, r.Err)
		assert.Equal(t, total.N(), r.Tally.N()+r.Rest.N(), "segment and rest partition the responses")
		var without Segments[string]
		for _, resp := range rs {
			if len(resp.Employees) > 0 && !slices.Contains(resp.Employees, r.Key) {
				require.NoError(t, without.Add("rest", resp.Rating))
			}
		}
		restT, err := without.Total().Tally()
		require.NoError(t, err)
		assert.Equal(t, restT, r.Rest, "rest = responses without %s", r.Key)
	}
}

func TestVsRestErrors(t *testing.T) {
	var empty Segments[string]
	_, err := empty.VsRest(0.95, Holm)
	require.ErrorIs(t, err, ErrNoResponses)
	s := segTallies(t, map[string]Tally{"a": {1, 2, 3}, "b": {3, 2, 1}}, "a", "b")
	for _, level := range []float64{0, 1, -0.5, math.NaN()} {
		_, err = s.VsRest(level, Holm)
		require.ErrorIs(t, err, ErrInvalidLevel)
	}
	for _, adj := range []Adjustment{-1, 3} {
		_, err = s.VsRest(0.95, adj)
		require.ErrorIs(t, err, ErrInvalidArgument)
	}
	assert.Equal(t, "none holm bh Adjustment(7)", fmt.Sprint(NoAdjustment, " ", Holm, " ", BenjaminiHochberg, " ", Adjustment(7)))
}

// BenchmarkSegmentsAdd counts one response per operation into 10⁴ existing
// per-employee segments with dense int keys.
func BenchmarkSegmentsAdd(b *testing.B) {
	const employees, n = 10_000, 1 << 20
	rng := rand.New(rand.NewPCG(70, 70))
	keys, ratings := make([]int, n), make([]Rating, n)
	for i := range keys {
		keys[i], ratings[i] = rng.IntN(employees), Rating(rng.IntN(11))
	}
	var s Segments[int]
	for k := range employees {
		if err := s.Add(k, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		j := i & (n - 1)
		if err := s.Add(keys[j], ratings[j]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "responses/s")
}

// BenchmarkGroupByEmployee groups 10⁵ responses by their employees (10⁴
// string IDs), the whole stream per operation.
func BenchmarkGroupByEmployee(b *testing.B) {
	const employees, n = 10_000, 100_000
	rng := rand.New(rand.NewPCG(71, 71))
	ids := make([]string, employees)
	for i := range ids {
		ids[i] = "employee-" + strconv.Itoa(i)
	}
	rs := make([]Response, n)
	for i := range rs {
		rs[i] = Response{ID: strconv.Itoa(i), Rating: Rating(rng.IntN(11)), Employees: []string{ids[rng.IntN(employees)]}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GroupBy(segSeq(rs), ByEmployee); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "responses/s")
}
