package nps

import (
	"encoding/binary"
	"unsafe"
)

// countRatings counts promoters, passives and detractors in rs. If a rating
// is invalid it returns the index of the first one as bad, else bad is -1.
//
// The loop works on eight one-byte ratings per 64-bit word (SWAR, "SIMD
// within a register"). For a byte b ≤ 127, adding 128−k sets the byte's top
// bit exactly when b ≥ k, and no carry crosses into the next byte because
// 127 + 128 − k < 256. Bytes ≥ 128 are caught by their own top bit. So per
// word:
//
//	invalid = (((w &^ H) + (128−11)·L) | w) & H    // b ≥ 11
//	ge9     =  ((w &^ H) + (128−9)·L) & H          // b ≥ 9  (promoter)
//	ge7     =  ((w &^ H) + (128−7)·L) & H          // b ≥ 7  (promoter or passive)
//
// with L = 0x0101…01 and H = 0x8080…80. The top bits are shifted down to
// one per byte and summed in byte lanes for up to 255 words before the lanes
// are folded, so each word costs a handful of ALU operations and no branch.
func countRatings(rs []Rating) (promoters, passives, detractors, bad int) {
	const (
		lo   = 0x0101010101010101
		hi   = 0x8080808080808080
		low7 = 0x7f7f7f7f7f7f7f7f
		// Block of words whose lane sums cannot pass 255.
		blockWords = 255
	)
	b := unsafe.Slice((*byte)(unsafe.SliceData(rs)), len(rs))
	var ge9Total, ge7Total int
	base := 0
	for len(b) >= 8 {
		words := min(len(b)/8, blockWords)
		var acc9, acc7, inv uint64
		blk := b[:words*8]
		// Four words per iteration to give the CPU independent chains.
		for len(blk) >= 32 {
			w0 := binary.LittleEndian.Uint64(blk[0:8])
			w1 := binary.LittleEndian.Uint64(blk[8:16])
			w2 := binary.LittleEndian.Uint64(blk[16:24])
			w3 := binary.LittleEndian.Uint64(blk[24:32])
			l0, l1, l2, l3 := w0&low7, w1&low7, w2&low7, w3&low7
			inv |= (l0 + (128-11)*lo) | w0 | (l1 + (128-11)*lo) | w1 |
				(l2 + (128-11)*lo) | w2 | (l3 + (128-11)*lo) | w3
			acc9 += ((l0+(128-9)*lo)&hi)>>7 + ((l1+(128-9)*lo)&hi)>>7 +
				((l2+(128-9)*lo)&hi)>>7 + ((l3+(128-9)*lo)&hi)>>7
			acc7 += ((l0+(128-7)*lo)&hi)>>7 + ((l1+(128-7)*lo)&hi)>>7 +
				((l2+(128-7)*lo)&hi)>>7 + ((l3+(128-7)*lo)&hi)>>7
			blk = blk[32:]
		}
		for len(blk) >= 8 {
			w := binary.LittleEndian.Uint64(blk)
			l := w & low7
			inv |= (l + (128-11)*lo) | w
			acc9 += ((l + (128-9)*lo) & hi) >> 7
			acc7 += ((l + (128-7)*lo) & hi) >> 7
			blk = blk[8:]
		}
		if inv&hi != 0 {
			return 0, 0, 0, base + firstInvalid(b[:words*8])
		}
		ge9Total += laneSum(acc9)
		ge7Total += laneSum(acc7)
		b = b[words*8:]
		base += words * 8
	}
	for i, r := range b {
		switch {
		case r > byte(MaxRating):
			return 0, 0, 0, base + i
		case r >= 9:
			ge9Total++
			ge7Total++
		case r >= 7:
			ge7Total++
		}
	}
	return ge9Total, ge7Total - ge9Total, len(rs) - ge7Total, -1
}

// laneSum adds the eight byte lanes of x.
func laneSum(x uint64) int {
	const m = 0x00ff00ff00ff00ff
	x = (x & m) + ((x >> 8) & m)               // four 16-bit lanes
	return int((x * 0x0001000100010001) >> 48) // sum into the top lane
}

func firstInvalid(b []byte) int {
	for i, r := range b {
		if r > byte(MaxRating) {
			return i
		}
	}
	return -1
}
