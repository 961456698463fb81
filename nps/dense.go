package nps

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// Dense counts ratings per group for groups numbered 0 … Len()−1: employees,
// units or touchpoints mapped to dense ids by the caller. It is the fast
// path for scoring every employee over a large batch of responses, where a
// map from names to Distributions would cost a hash per response.
//
// Each group holds the eleven 0–10 counts in one flat []uint32 (44 bytes
// per group, so 10⁴ groups fit in a core's L2 cache), which keeps the share
// of 10s next to the score. A count is capped at [math.MaxInt32] so that it
// converts to an int on every platform. The zero value has no groups; use
// [NewDense]. A Dense is not safe for concurrent use; give each worker its
// own and merge their Distributions.
type Dense struct {
	counts []uint32 // counts[id*11+r]
	total  uint64   // ratings counted so far: no bucket can exceed it
}

// maxDenseGroups bounds NewDense so that the count table stays a sensible
// size (at most 4.4 GB).
const maxDenseGroups = 100_000_000

// NewDense returns counts for groups groups (ids 0 … groups−1), all zero. A
// group count below 1 or above 10⁸ is an error wrapping
// [ErrInvalidArgument].
func NewDense(groups int) (*Dense, error) {
	if groups < 1 || groups > maxDenseGroups {
		return nil, argError("dense groups %d (want 1 to %d)", groups, maxDenseGroups)
	}
	return &Dense{counts: make([]uint32, groups*11)}, nil
}

// Len returns the number of groups.
func (d *Dense) Len() int { return len(d.counts) / 11 }

// AddRatings counts ratings[i] for group ids[i], all or nothing. The
// slices must have equal length ([ErrInvalidArgument] otherwise). It first
// validates every id (< Len(), else [ErrInvalidArgument]) and every rating
// (a [*RatingError] with its index); on any error nothing is counted. A
// count that would pass [math.MaxInt32] is an error wrapping [ErrOverflow],
// and the batch is rolled back.
//
// It allocates nothing. Validation reads the ratings eight to a 64-bit word
// (see [Tally.AddRatings]) and the ids with a branch-free maximum; counting
// is then one increment of counts[id·11 + rating] per response, with no
// branch and no bounds check, so the speed is that of the random
// increments into the count table (hundreds of millions of responses a
// second per core while the table stays in cache; see BenchmarkDense).
func (d *Dense) AddRatings(ids []uint32, ratings []Rating) error {
	if len(ids) != len(ratings) {
		return argError("dense: %d ids but %d ratings", len(ids), len(ratings))
	}
	if len(ids) == 0 {
		return nil
	}
	if bad := firstInvalidRating(ratings); bad >= 0 {
		return &RatingError{Index: bad, Input: ratings[bad].String()}
	}
	groups := d.Len()
	if maxID(ids) >= uint32(groups) {
		for i, id := range ids {
			if int(id) >= groups {
				return argError("dense: id %d at index %d (want below %d)", id, i, groups)
			}
		}
	}
	if d.total+uint64(len(ids)) > math.MaxInt32 {
		return d.addChecked(ids, ratings)
	}
	d.total += uint64(len(ids))
	// Every index is below len(d.counts) by the checks above, so the
	// increments go through a raw pointer without bounds checks.
	base := unsafe.Pointer(unsafe.SliceData(d.counts))
	r := unsafe.Pointer(unsafe.SliceData(ratings))
	n := len(ids)
	i := 0
	for ; i+4 <= n; i += 4 {
		j0 := uintptr(ids[i])*11 + uintptr(*(*uint8)(unsafe.Add(r, i)))
		j1 := uintptr(ids[i+1])*11 + uintptr(*(*uint8)(unsafe.Add(r, i+1)))
		j2 := uintptr(ids[i+2])*11 + uintptr(*(*uint8)(unsafe.Add(r, i+2)))
		j3 := uintptr(ids[i+3])*11 + uintptr(*(*uint8)(unsafe.Add(r, i+3)))
		*(*uint32)(unsafe.Add(base, 4*j0))++
		*(*uint32)(unsafe.Add(base, 4*j1))++
		*(*uint32)(unsafe.Add(base, 4*j2))++
		*(*uint32)(unsafe.Add(base, 4*j3))++
	}
	for ; i < n; i++ {
		d.counts[int(ids[i])*11+int(ratings[i])]++
	}
	return nil
}

// addChecked counts with an overflow check per response, undoing the batch
// on overflow. It is used only once the total could let a count pass
// math.MaxInt32.
func (d *Dense) addChecked(ids []uint32, ratings []Rating) error {
	for i, id := range ids {
		j := int(id)*11 + int(ratings[i])
		if d.counts[j] >= math.MaxInt32 {
			for k := range i {
				d.counts[int(ids[k])*11+int(ratings[k])]--
			}
			return fmt.Errorf("%w: dense count of rating %d for group %d", ErrOverflow, ratings[i], id)
		}
		d.counts[j]++
	}
	d.total += uint64(len(ids))
	return nil
}

// Distribution returns group id's 0–10 counts. An id outside 0 … Len()−1 is
// an error wrapping [ErrInvalidArgument].
func (d *Dense) Distribution(id int) (Distribution, error) {
	if id < 0 || id >= d.Len() {
		return Distribution{}, argError("dense: id %d (want 0 to %d)", id, d.Len()-1)
	}
	var dist Distribution
	for r, c := range d.counts[id*11 : id*11+11] {
		dist[r] = int(c)
	}
	return dist, nil
}

// Tally returns group id's category counts; see [Dense.Distribution].
func (d *Dense) Tally(id int) (Tally, error) {
	dist, err := d.Distribution(id)
	if err != nil {
		return Tally{}, err
	}
	return dist.Tally()
}

// firstInvalidRating returns the index of the first rating above 10, or −1.
// It tests eight ratings per 64-bit word: for a byte b ≤ 127, adding
// 128 − 11 sets its top bit exactly when b ≥ 11, and bytes ≥ 128 carry
// their own top bit (see countRatings).
func firstInvalidRating(rs []Rating) int {
	const (
		lo   = 0x0101010101010101
		hi   = 0x8080808080808080
		low7 = 0x7f7f7f7f7f7f7f7f
	)
	b := unsafe.Slice((*byte)(unsafe.SliceData(rs)), len(rs))
	var inv uint64
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w0 := binary.LittleEndian.Uint64(b[i:])
		w1 := binary.LittleEndian.Uint64(b[i+8:])
		w2 := binary.LittleEndian.Uint64(b[i+16:])
		w3 := binary.LittleEndian.Uint64(b[i+24:])
		inv |= ((w0 & low7) + (128-11)*lo) | w0 | ((w1 & low7) + (128-11)*lo) | w1 |
			((w2 & low7) + (128-11)*lo) | w2 | ((w3 & low7) + (128-11)*lo) | w3
	}
	for ; i < len(b); i++ {
		inv |= uint64(b[i]+(128-11)) | uint64(b[i]) // bytes ≥ 128 set bit 7 themselves
	}
	if inv&hi == 0 {
		return -1
	}
	return firstInvalid(b)
}

// maxID returns the largest id, without branches in the loop.
func maxID(ids []uint32) uint32 {
	var m0, m1, m2, m3 uint32
	i := 0
	for ; i+4 <= len(ids); i += 4 {
		m0 = max(m0, ids[i])
		m1 = max(m1, ids[i+1])
		m2 = max(m2, ids[i+2])
		m3 = max(m3, ids[i+3])
	}
	for ; i < len(ids); i++ {
		m0 = max(m0, ids[i])
	}
	return max(m0, m1, m2, m3)
}
