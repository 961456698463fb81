package anonymity

import (
	"fmt"
	"math/bits"
	"strconv"
)

// Audit checks published groups as an insider who knows every published
// count and sum: a group whose membership vector is a linear combination
// of the published groups' vectors has its counts revealed. Every such
// group is a union of atoms (members lying in the same published groups);
// Audit tries every union and returns an error naming the first derivable
// group with 1..k−1 members, or (with categories) a derivable group that
// answered unanimously. Membership in the span is decided exactly, by
// Gaussian elimination modulo the prime 2⁶¹ − 1. With more than maxAtoms
// atoms it checks nothing and reports checked false. It is for tests.
func Audit(n int, published [][]int32, category []uint8, k, maxAtoms int) (checked bool, err error) {
	sig := make([][]bool, n)
	for m := range sig {
		sig[m] = make([]bool, len(published))
	}
	for j, g := range published {
		for _, m := range g {
			sig[m][j] = true
		}
	}
	index := map[string]int{}
	var atoms [][]int32
	for m := range n {
		in := false
		var b []byte
		for _, x := range sig[m] {
			in = in || x
			b = strconv.AppendBool(b, x)
		}
		if !in {
			continue
		}
		a, ok := index[string(b)]
		if !ok {
			a = len(atoms)
			index[string(b)] = a
			atoms = append(atoms, nil)
		}
		atoms[a] = append(atoms[a], int32(m))
	}
	if len(atoms) > maxAtoms {
		return false, nil
	}
	rows := make([][]uint64, len(published))
	for j := range published {
		rows[j] = make([]uint64, len(atoms))
		for a, ms := range atoms {
			if sig[ms[0]][j] {
				rows[j][a] = 1
			}
		}
	}
	base := rank(clone(rows))
	for mask := 1; mask < 1<<len(atoms); mask++ {
		vec := make([]uint64, len(atoms))
		size := 0
		var members []int32
		for a := range atoms {
			if mask&(1<<a) != 0 {
				vec[a] = 1
				size += len(atoms[a])
				members = append(members, atoms[a]...)
			}
		}
		if rank(append(clone(rows), vec)) != base {
			continue // not derivable
		}
		if size < k {
			return true, fmt.Errorf("derivable group of %d (< %d): %v", size, k, members)
		}
		if category != nil {
			same := true
			for _, m := range members[1:] {
				same = same && category[m] == category[members[0]]
			}
			if same {
				return true, fmt.Errorf("derivable group of %d answered unanimously: %v", size, members)
			}
		}
	}
	return true, nil
}

const prime = 1<<61 - 1

func clone(m [][]uint64) [][]uint64 {
	out := make([][]uint64, len(m))
	for i := range m {
		out[i] = append([]uint64(nil), m[i]...)
	}
	return out
}

func mulmod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, r := bits.Div64(hi, lo, prime)
	return r
}

func powmod(a, e uint64) uint64 {
	r := uint64(1)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = mulmod(r, a)
		}
		a = mulmod(a, a)
	}
	return r
}

// rank returns the rank of m modulo the prime, destroying m.
func rank(m [][]uint64) int {
	if len(m) == 0 {
		return 0
	}
	r := 0
	for c := 0; c < len(m[0]) && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		inv := powmod(m[r][c], prime-2)
		for i := range m {
			if i == r || m[i][c] == 0 {
				continue
			}
			f := mulmod(m[i][c], inv)
			for j := c; j < len(m[i]); j++ {
				m[i][j] = (m[i][j] + prime - mulmod(f, m[r][j])) % prime
			}
		}
		r++
	}
	return r
}
