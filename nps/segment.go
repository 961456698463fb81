package nps

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
)

// Segments holds one [Distribution] per key (touchpoint, employee, unit,
// month, or any comparable value) for grouping in process, together with
// the overall Distribution in which each response counts once. Distributed
// engines keep keys themselves (see [Combiner]); Segments is for reports
// built in one process, with memory proportional to the number of keys, not
// of responses.
//
// A response may belong to several segments — a case handled by two
// employees counts for both ([Segments.AddKeys], [GroupBy]). The segments'
// counts then add up to more than [Segments.Total], which still counts each
// response once; [Segments.Overlapping] reports it. "The rest" of a
// segment in [Segments.VsRest] is Total minus the segment: exactly the
// responses outside it, so a segment and its rest never share a response,
// overlap or not.
//
// The zero value is empty and ready to use. Keys keep the order in which
// they were first added. Segments holds a map: copying a Segments value
// shares its state (make an independent copy by merging into an empty one),
// and it is not safe for concurrent use; build one per goroutine and
// [Segments.Merge] them.
type Segments[K comparable] struct {
	t     table[K]
	total Distribution
}

// table maps keys to distributions in insertion order. A slice of values
// indexed by a map keeps the distributions contiguous and makes counting
// for an existing key one map lookup and an increment, without allocation.
type table[K comparable] struct {
	index map[K]int
	keys  []K
	dists []Distribution
}

func (t *table[K]) get(k K) Distribution {
	if i, ok := t.index[k]; ok {
		return t.dists[i]
	}
	return Distribution{}
}

// slot returns the distribution for k, creating an empty one.
func (t *table[K]) slot(k K) *Distribution {
	if i, ok := t.index[k]; ok {
		return &t.dists[i]
	}
	if t.index == nil {
		t.index = make(map[K]int)
	}
	t.index[k] = len(t.keys)
	t.keys = append(t.keys, k)
	t.dists = append(t.dists, Distribution{})
	return &t.dists[len(t.dists)-1]
}

// dropEmpty removes the keys in drop whose distributions are empty,
// keeping the order of the others.
func (t *table[K]) dropEmpty(drop map[K]int) {
	j := 0
	for i, d := range t.dists {
		if _, ok := drop[t.keys[i]]; ok && d == (Distribution{}) {
			delete(t.index, t.keys[i])
			continue
		}
		t.keys[j], t.dists[j] = t.keys[i], d
		t.index[t.keys[j]] = j
		j++
	}
	clear(t.keys[j:])
	t.keys, t.dists = t.keys[:j], t.dists[:j]
}

// checkAdd validates r and reports an overflow of d's count of r.
func checkAdd(d *Distribution, r Rating) error {
	if !r.Valid() {
		return &RatingError{Index: -1, Input: r.String()}
	}
	if d[r] == math.MaxInt || d[r] < 0 {
		return fmt.Errorf("%w: count of rating %d", ErrOverflow, r)
	}
	return nil
}

// distinct reports whether keys[i] does not occur earlier in keys.
func distinct[K comparable](keys []K, i int) bool {
	return !slices.Contains(keys[:i], keys[i])
}

// Add counts one response with rating r in segment k. It allocates only
// when k is new. Use it for responses that belong to one segment; a
// response that belongs to several must go through [Segments.AddKeys], or
// the total would count it more than once. An invalid rating is an error
// wrapping [ErrInvalidRating] and changes nothing.
func (s *Segments[K]) Add(k K, r Rating) error {
	if err := checkAdd(&s.total, r); err != nil {
		return err
	}
	s.t.slot(k)[r]++
	s.total[r]++
	return nil
}

// AddKeys counts one response with rating r in each of the segments keys
// (repeated keys count once) and once in the total. No keys is a no-op: a
// response that belongs to no segment is left out of the total too. An
// invalid rating is an error wrapping [ErrInvalidRating] and changes
// nothing.
func (s *Segments[K]) AddKeys(keys []K, r Rating) error {
	if err := checkAdd(&s.total, r); err != nil {
		return err
	}
	if len(keys) == 0 {
		return nil
	}
	for i, k := range keys {
		if distinct(keys, i) {
			s.t.slot(k)[r]++
		}
	}
	s.total[r]++
	return nil
}

// AddDistribution adds the counts of d to segment k and to the total, for
// counts aggregated elsewhere (a SQL GROUP BY, a [Combiner] per key); d's
// responses are taken to belong to k alone. An empty d creates the segment
// if it is new, so groups without responses can be listed. An invalid d or
// an overflow is an error and changes nothing.
func (s *Segments[K]) AddDistribution(k K, d Distribution) error {
	total := s.total
	if err := total.Merge(d); err != nil {
		return fmt.Errorf("segment %v: %w", k, err)
	}
	seg := s.t.get(k)
	if err := seg.Merge(d); err != nil { // cannot fail: seg ≤ total elementwise
		return fmt.Errorf("segment %v: %w", k, err)
	}
	*s.t.slot(k) = seg
	s.total = total
	return nil
}

// Merge adds o's segments and total to s, so segments built on several
// workers or from several periods can be combined. Keys new to s are
// appended in o's order. On an overflow it returns an error and s is
// unchanged. o may be s itself.
func (s *Segments[K]) Merge(o *Segments[K]) error {
	total := s.total
	if err := total.Merge(o.total); err != nil {
		return err
	}
	merged := make([]Distribution, len(o.t.keys))
	for i, k := range o.t.keys {
		merged[i] = s.t.get(k)
		if err := merged[i].Merge(o.t.dists[i]); err != nil {
			return fmt.Errorf("segment %v: %w", k, err)
		}
	}
	for i, k := range o.t.keys {
		*s.t.slot(k) = merged[i]
	}
	s.total = total
	return nil
}

// Subtract removes o's segments and total from s, the inverse of
// [Segments.Merge], for sliding windows and erasure. Segments that the
// subtraction leaves empty are dropped, so memory follows the keys still
// present. If a count would go negative — o holds responses s does not, or
// o's responses were added to s under other keys, which would leave a
// segment larger than the total — it returns an error wrapping
// [ErrNegativeCount] and s is unchanged. o may be s itself.
func (s *Segments[K]) Subtract(o *Segments[K]) error {
	total := s.total
	if err := total.Subtract(o.total); err != nil {
		return fmt.Errorf("total: %w", err)
	}
	left := make([]Distribution, len(o.t.keys))
	for i, k := range o.t.keys {
		left[i] = s.t.get(k)
		if err := left[i].Subtract(o.t.dists[i]); err != nil {
			return fmt.Errorf("segment %v: %w", k, err)
		}
	}
	// Every segment must still fit in the total: check the changed
	// segments with their new counts and the others with their old ones.
	changed := make(map[K]int, len(o.t.keys))
	for i, k := range o.t.keys {
		changed[k] = i
	}
	for i, k := range s.t.keys {
		d := s.t.dists[i]
		if j, ok := changed[k]; ok {
			d = left[j]
		}
		for r := range d {
			if d[r] > total[r] {
				return fmt.Errorf("%w: segment %v would hold %d ratings of %d but the total only %d",
					ErrNegativeCount, k, d[r], r, total[r])
			}
		}
	}
	for j, k := range o.t.keys {
		if i, ok := s.t.index[k]; ok {
			s.t.dists[i] = left[j]
		}
	}
	s.total = total
	s.t.dropEmpty(changed)
	return nil
}

// Get returns segment k's Distribution; the empty Distribution if k is
// absent.
func (s *Segments[K]) Get(k K) Distribution { return s.t.get(k) }

// Keys returns the keys in the order they were first added, in a new
// slice. Use [SortedKeys] for ordered keys.
func (s *Segments[K]) Keys() []K { return slices.Clone(s.t.keys) }

// SortedKeys returns s's keys in ascending order, for keys with a natural
// order (names, IDs, "2006-01" months).
func SortedKeys[K cmp.Ordered](s *Segments[K]) []K {
	keys := s.Keys()
	slices.Sort(keys)
	return keys
}

// All yields each key with its Distribution, in the order of [Segments.Keys].
func (s *Segments[K]) All() iter.Seq2[K, Distribution] {
	return func(yield func(K, Distribution) bool) {
		for i := 0; i < len(s.t.keys); i++ { // re-read: s may change between yields
			if !yield(s.t.keys[i], s.t.dists[i]) {
				return
			}
		}
	}
}

// Len returns the number of segments.
func (s *Segments[K]) Len() int { return len(s.t.keys) }

// Total returns the Distribution of all responses counted, each once
// however many segments it belongs to.
func (s *Segments[K]) Total() Distribution { return s.total }

// Overlapping reports whether some response belongs to more than one
// segment, so that the segments' counts add up to more than the total.
// Shares of the total per segment then add up to more than 100 %, which
// reports should say.
func (s *Segments[K]) Overlapping() bool {
	left := s.total.N()
	for _, d := range s.t.dists {
		if d.N() > left {
			return true
		}
		left -= d.N()
	}
	return false
}

// GroupBy reads a stream of responses, such as a store's iterator, into
// segments. key returns the segments a response belongs to: none (the
// response is left out, also of the total), one, or several — a response
// with two responsible employees counts for both, so segment counts can
// add up to more than the total (see [Segments]). Ratings are counted
// unweighted; the other fields of a response are not validated.
//
// GroupBy stops at the first error: a stream error is returned as is, an
// invalid rating as an error wrapping [ErrInvalidRating] that names the
// response; in both cases the result is nil, never a partial count. Memory
// is proportional to the number of segments. A nil seq or key is an error
// wrapping [ErrInvalidArgument].
func GroupBy[K comparable](seq iter.Seq2[Response, error], key func(Response) []K) (*Segments[K], error) {
	if seq == nil || key == nil {
		return nil, argError("GroupBy needs a sequence and a key function")
	}
	s := new(Segments[K])
	for r, err := range seq {
		if err != nil {
			return nil, err
		}
		if err := s.AddKeys(key(r), r.Rating); err != nil {
			return nil, responseError(r, err)
		}
	}
	return s, nil
}

// oneKey returns k as a one-key slice, or no key for the empty string.
func oneKey(k string) []string {
	if k == "" {
		return nil
	}
	return []string{k}
}

// ByTouchpoint is a key function for [GroupBy] and [PivotBy]: the
// response's touchpoint ID. Responses without one are left out.
func ByTouchpoint(r Response) []string { return oneKey(r.Touchpoint) }

// ByEmployee is a key function for [GroupBy] and [PivotBy]: every
// responsible employee, so a response counts once for each of them.
// Responses without employees are left out. It returns r.Employees itself,
// not a copy, so counting allocates nothing per response.
func ByEmployee(r Response) []string { return r.Employees }

// ByUnit is a key function for [GroupBy] and [PivotBy]: the response's
// team or unit. Responses without one are left out.
func ByUnit(r Response) []string { return oneKey(r.Unit) }

// ByChannel is a key function for [GroupBy] and [PivotBy]: the response's
// channel. Responses without one are left out.
func ByChannel(r Response) []string { return oneKey(r.Channel) }

// ByLabel returns a key function for [GroupBy] and [PivotBy] that keys
// responses by the value of label name, such as a region or a product.
// Responses without the label, or with an empty value, are left out.
func ByLabel(name string) func(Response) []string {
	return func(r Response) []string { return oneKey(r.Labels[name]) }
}

// Pivot holds a two-way table of Distributions, such as touchpoint × month
// or unit × channel, with row, column and grand totals. Like [Segments] a
// response may carry several row or column keys: it then counts in every
// cell of its rows × columns, once in each of its row and column totals
// and once in the grand total. Without such overlap a row total is the sum
// of the row's cells, and likewise for columns.
//
// The zero value is empty and ready to use. Rows and columns keep the
// order in which they were first added. It is not safe for concurrent use.
type Pivot[R, C comparable] struct {
	rows  table[R]
	cols  table[C]
	cells map[pivotCell]int // (row, column) index → position in dists
	dists []Distribution
	total Distribution
}

type pivotCell struct{ row, col int }

// Add counts one response with rating r in cell (row, col). An invalid
// rating is an error wrapping [ErrInvalidRating] and changes nothing.
func (p *Pivot[R, C]) Add(row R, col C, r Rating) error {
	return p.AddKeys([]R{row}, []C{col}, r)
}

// AddKeys counts one response with rating r in every cell of rows × cols
// (repeated keys count once). A response without a row or without a
// column key is left out entirely. An invalid rating is an error wrapping
// [ErrInvalidRating] and changes nothing.
func (p *Pivot[R, C]) AddKeys(rows []R, cols []C, r Rating) error {
	if err := checkAdd(&p.total, r); err != nil {
		return err
	}
	if len(rows) == 0 || len(cols) == 0 {
		return nil
	}
	if p.cells == nil {
		p.cells = make(map[pivotCell]int)
	}
	for i, row := range rows {
		if !distinct(rows, i) {
			continue
		}
		p.rows.slot(row)[r]++
		ri := p.rows.index[row]
		for j, col := range cols {
			if !distinct(cols, j) {
				continue
			}
			if i == 0 {
				p.cols.slot(col)[r]++
			}
			cell := pivotCell{ri, p.cols.index[col]}
			k, ok := p.cells[cell]
			if !ok {
				k = len(p.dists)
				p.cells[cell] = k
				p.dists = append(p.dists, Distribution{})
			}
			p.dists[k][r]++
		}
	}
	p.total[r]++
	return nil
}

// Cell returns the Distribution of cell (row, col); empty if absent.
func (p *Pivot[R, C]) Cell(row R, col C) Distribution {
	ri, ok1 := p.rows.index[row]
	ci, ok2 := p.cols.index[col]
	if !ok1 || !ok2 {
		return Distribution{}
	}
	if k, ok := p.cells[pivotCell{ri, ci}]; ok {
		return p.dists[k]
	}
	return Distribution{}
}

// RowTotal returns the Distribution of the responses with row key row,
// each counted once.
func (p *Pivot[R, C]) RowTotal(row R) Distribution { return p.rows.get(row) }

// ColTotal returns the Distribution of the responses with column key col,
// each counted once.
func (p *Pivot[R, C]) ColTotal(col C) Distribution { return p.cols.get(col) }

// Total returns the Distribution of all responses counted, each once.
func (p *Pivot[R, C]) Total() Distribution { return p.total }

// Rows returns the row keys in the order first added, in a new slice.
func (p *Pivot[R, C]) Rows() []R { return slices.Clone(p.rows.keys) }

// Cols returns the column keys in the order first added, in a new slice.
func (p *Pivot[R, C]) Cols() []C { return slices.Clone(p.cols.keys) }

// PivotBy reads a stream of responses into a [Pivot], with rowKey and
// colKey returning a response's row and column keys (see [GroupBy] for key
// functions, errors and memory). A nil seq or key function is an error
// wrapping [ErrInvalidArgument].
func PivotBy[R, C comparable](seq iter.Seq2[Response, error], rowKey func(Response) []R, colKey func(Response) []C) (*Pivot[R, C], error) {
	if seq == nil || rowKey == nil || colKey == nil {
		return nil, argError("PivotBy needs a sequence and two key functions")
	}
	p := new(Pivot[R, C])
	for r, err := range seq {
		if err != nil {
			return nil, err
		}
		if err := p.AddKeys(rowKey(r), colKey(r), r.Rating); err != nil {
			return nil, responseError(r, err)
		}
	}
	return p, nil
}

// Adjustment selects the multiple-testing correction across the segments
// of [Segments.VsRest]. Testing many segments at 5 % flags about one in
// twenty by chance alone; an adjustment keeps the flags honest.
type Adjustment int

const (
	// NoAdjustment uses the raw p-values. Use it for one pre-planned
	// segment, not to scan many.
	NoAdjustment Adjustment = iota
	// Holm controls the family-wise error rate with [AdjustHolm], under any
	// dependence between the tests: use it when any false flag is costly.
	Holm
	// BenjaminiHochberg controls the false discovery rate with [AdjustBH]:
	// use it to pick segments worth a look among many. Its guarantee
	// assumes independent or positively dependent tests, which
	// segment-versus-rest tests only approximate.
	BenjaminiHochberg
)

// String returns "none", "holm" or "bh".
func (a Adjustment) String() string {
	switch a {
	case NoAdjustment:
		return "none"
	case Holm:
		return "holm"
	case BenjaminiHochberg:
		return "bh"
	}
	return fmt.Sprintf("Adjustment(%d)", int(a))
}

// SegmentResult is one segment's score compared with the rest, from
// [Segments.VsRest]. Scores and differences are in points.
type SegmentResult[K comparable] struct {
	Key   K     `json:"key"`
	Tally Tally `json:"tally"` // the segment
	Rest  Tally `json:"rest"`  // all other responses (Total minus the segment)
	// NPS and Interval describe the segment alone (Tango interval).
	NPS      float64  `json:"nps"`
	Interval Interval `json:"interval"`
	// VsRest is the Wald z-test of segment − rest ([Compare]); its P is the
	// raw p-value.
	VsRest Comparison `json:"vs_rest"`
	// Diff is the MOVER-Tango interval for segment − rest ([DiffInterval]),
	// at the unadjusted level.
	Diff Interval `json:"diff"`
	// PAdjusted is VsRest.P after the adjustment across the tested
	// segments (equal to it for [NoAdjustment]).
	PAdjusted float64 `json:"p_adjusted"`
	// Significant reports PAdjusted < 1 − level.
	Significant bool `json:"significant"`
	// Err is set when the segment could not be compared (see
	// [Segments.VsRest]); the comparison fields are then zero and
	// meaningless, and the fields before them are filled where possible.
	Err error `json:"-"`
}

// VsRest compares each segment with the rest of the responses — "is this
// touchpoint or team different from everyone else?" — at the given level
// (in (0, 1), e.g. 0.95), adjusting the p-values across segments by
// adjust. For each segment it reports the segment's score and Tango
// interval, the Wald z-test of the difference ([Compare]), the MOVER-Tango
// interval of the difference ([DiffInterval]) and the adjusted p-value;
// Significant means PAdjusted < 1 − level. The rest is [Segments.Total]
// minus the segment, so segment and rest share no response even when
// segments overlap (the tests are then more dependent on each other; Holm
// remains valid). The Diff interval is not adjusted for multiplicity and
// can disagree with the flag at small n, where the Wald test is least
// reliable (see the SmallSample caveats).
//
// A segment that cannot be tested — empty, with an empty rest (one
// segment, or one that holds every response), or with a zero standard
// error (segment and rest each unanimous) — gets Err set, wrapping
// [ErrNoResponses] or [ErrUndefined], and is left out of the adjustment,
// so the family is the segments actually tested.
//
// Results are ordered by adjusted p-value, smallest first, ties in key
// order (the order of [Segments.Keys]), and segments with Err last in key
// order. A level outside (0, 1) is an error wrapping [ErrInvalidLevel], an
// unknown adjustment one wrapping [ErrInvalidArgument], and no segments one
// wrapping [ErrNoResponses].
func (s *Segments[K]) VsRest(level float64, adjust Adjustment) ([]SegmentResult[K], error) {
	if err := checkLevel(level); err != nil {
		return nil, err
	}
	if adjust < NoAdjustment || adjust > BenjaminiHochberg {
		return nil, argError("unknown adjustment %v", adjust)
	}
	if s.Len() == 0 {
		return nil, fmt.Errorf("%w: no segments to compare", ErrNoResponses)
	}
	if err := s.total.Validate(); err != nil {
		return nil, err
	}
	res := make([]SegmentResult[K], s.Len())
	var ps []float64
	var tested []int
	for i, k := range s.t.keys {
		res[i] = vsRest(k, s.t.dists[i], s.total, level)
		if res[i].Err == nil {
			ps = append(ps, res[i].VsRest.P)
			tested = append(tested, i)
		}
	}
	adj := ps
	var err error
	switch adjust {
	case Holm:
		adj, err = AdjustHolm(ps)
	case BenjaminiHochberg:
		adj, err = AdjustBH(ps)
	}
	if err != nil {
		return nil, err // unreachable: Compare's p-values lie in [0, 1]
	}
	for j, i := range tested {
		res[i].PAdjusted = adj[j]
		res[i].Significant = adj[j] < 1-level
	}
	slices.SortStableFunc(res, func(a, b SegmentResult[K]) int {
		if c := cmp.Compare(boolRank(a.Err != nil), boolRank(b.Err != nil)); c != 0 {
			return c
		}
		if a.Err != nil {
			return 0
		}
		return cmp.Compare(a.PAdjusted, b.PAdjusted)
	})
	return res, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vsRest fills one segment's result; total has been validated and seg
// fits in it unless the segments were misused.
func vsRest[K comparable](k K, seg, total Distribution, level float64) SegmentResult[K] {
	res := SegmentResult[K]{Key: k}
	fail := func(err error) SegmentResult[K] {
		res.Err = fmt.Errorf("segment %v: %w", k, err)
		return res
	}
	rest := total
	if err := rest.Subtract(seg); err != nil {
		return fail(err)
	}
	var err error
	if res.Tally, err = seg.Tally(); err != nil {
		return fail(err)
	}
	if res.Rest, err = rest.Tally(); err != nil {
		return fail(err)
	}
	if res.NPS, err = res.Tally.NPS(); err != nil {
		return fail(err)
	}
	if res.Interval, err = res.Tally.Interval(level, Tango); err != nil {
		return fail(err)
	}
	if res.Rest.N() == 0 {
		return fail(fmt.Errorf("%w: the segment holds every response, so there is no rest to compare with", ErrNoResponses))
	}
	if res.VsRest, err = Compare(res.Tally, res.Rest); err != nil {
		return fail(err)
	}
	if res.Diff, err = DiffInterval(res.Tally, res.Rest, level, Tango); err != nil {
		return fail(err)
	}
	return res
}
