package enps

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// randomWave builds a random org tree, population and responses.
func randomWave(rng *rand.Rand) (Wave, []Response, Request) {
	nu := 2 + rng.IntN(7)
	units := []Unit{{ID: "u0"}}
	for i := 1; i < nu; i++ {
		units = append(units, Unit{ID: fmt.Sprintf("u%d", i), Parent: fmt.Sprintf("u%d", rng.IntN(i))})
	}
	w := Wave{ID: "w", Opens: time.Unix(0, 0), Scale: StandardScale(), Units: units}
	var rs []Response
	np := 8 + rng.IntN(45)
	for i := range np {
		m := Member{Employee: fmt.Sprintf("e%d", i), Unit: units[rng.IntN(nu)].ID,
			Attributes: map[string]string{"location": string(rune('A' + rng.IntN(3)))}}
		if rng.IntN(5) > 0 {
			m.Attributes["tenure"] = string(rune('x' + rng.IntN(2)))
		}
		w.Population = append(w.Population, m)
		if rng.IntN(10) < 8 {
			var t Token
			t[0], t[1] = byte(i), byte(i>>8)
			t[15] = 1
			rating := rng.IntN(11)
			if rng.IntN(2) == 0 {
				rating = 9 + rng.IntN(2) // lumpy data make homogeneous groups likely
			}
			rs = append(rs, Response{Wave: "w", Respondent: t, Unit: m.Unit, Attributes: m.Attributes, Rating: rating, At: w.Opens})
		}
	}
	req := Request{}
	if rng.IntN(2) == 0 {
		req.Scopes = []Scope{Subtree, Direct}
	}
	all := [][]string{{"location"}, {"tenure"}, {"location", "tenure"}}
	for _, b := range all {
		if rng.IntN(2) == 0 {
			req.Breakdowns = append(req.Breakdowns, b)
		}
	}
	return w, rs, req
}

// TestAnonymityBruteForce attacks random reports as an insider who knows
// every published count and category count: any group whose membership
// vector is a linear combination of the published cells' vectors has its
// counts revealed. It checks, over all unions of atoms, that every such
// group has 0 or at least k members, and (by default rules) that no
// revealed group of two or more... answered unanimously.
func TestAnonymityBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for iter := range 600 {
		w, rs, req := randomWave(rng)
		o, err := w.Org()
		require.NoError(t, err)
		rep, e, err := compute(input{wave: w, org: o, responses: rs, req: req, salt: []byte("s")})
		require.NoError(t, err)
		_ = rep
		if assertSafe(t, e, 14) {
			checked++
		}
		if t.Failed() {
			t.Fatalf("iteration %d, request %+v", iter, req)
		}
	}
	t.Logf("%d random reports checked by brute force", checked)
	require.Greater(t, checked, 100)
}

// assertSafe checks by brute force over all unions of atoms that every
// group derivable from the published cells has 0 or at least k members and
// did not answer unanimously. It reports false (and checks nothing) when
// there are more than maxAtoms atoms.
func assertSafe(t *testing.T, e *engine, maxAtoms int) bool {
	t.Helper()
	var sets [][]int32
	for i := range e.cells {
		if e.cells[i].status == Published {
			sets = append(sets, e.cells[i].members)
		}
	}
	atoms, rows := atomsOf(len(e.rs), sets)
	if len(atoms) > maxAtoms {
		return false
	}
	for mask := 1; mask < 1<<len(atoms); mask++ {
		size := 0
		var members []int32
		vec := make([]int64, len(atoms))
		for a := range atoms {
			if mask&(1<<a) != 0 {
				size += len(atoms[a])
				members = append(members, atoms[a]...)
				vec[a] = 1
			}
		}
		if !inRowSpace(rows, vec) {
			continue
		}
		if size < e.k {
			t.Errorf("derivable group of %d (< k=%d): responses %v", size, e.k, members)
			return true
		}
		if !e.in.rules.PublishHomogeneous && e.homogeneousSet(members) {
			t.Errorf("derivable group of %d answered unanimously: responses %v", size, members)
			return true
		}
	}
	return true
}

// atomsOf groups the responses that lie in exactly the same published
// sets; rows are the sets as 0/1 vectors over the atoms.
func atomsOf(n int, sets [][]int32) (atoms [][]int32, rows [][]int64) {
	sig := make([][]bool, n)
	for i := range sig {
		sig[i] = make([]bool, len(sets))
	}
	for j, s := range sets {
		for _, r := range s {
			sig[r][j] = true
		}
	}
	index := map[string]int{}
	for r := range n {
		key := fmt.Sprint(sig[r])
		in := false
		for _, b := range sig[r] {
			in = in || b
		}
		if !in {
			continue // in no published set: nothing about it is published
		}
		a, ok := index[key]
		if !ok {
			a = len(atoms)
			index[key] = a
			atoms = append(atoms, nil)
		}
		atoms[a] = append(atoms[a], int32(r))
	}
	rows = make([][]int64, len(sets))
	for j := range sets {
		rows[j] = make([]int64, len(atoms))
		for a, m := range atoms {
			if sig[m[0]][j] {
				rows[j][a] = 1
			}
		}
	}
	return atoms, rows
}

// inRowSpace reports whether vec is a linear combination of rows, by
// Gaussian elimination modulo the prime 2^61 − 1 (exact for these small
// 0/1 systems with overwhelming probability).
func inRowSpace(rows [][]int64, vec []int64) bool {
	return rank(append(clone2(rows), append([]int64(nil), vec...))) == rank(clone2(rows))
}

const prime = 1<<61 - 1

func clone2(m [][]int64) [][]int64 {
	out := make([][]int64, len(m))
	for i := range m {
		out[i] = append([]int64(nil), m[i]...)
	}
	return out
}

func mulmod(a, b int64) int64 {
	hi, lo := mul64(uint64(a), uint64(b))
	return int64(mod128(hi, lo))
}

func mul64(a, b uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1 := t & mask32
	w2 := t >> 32
	w1 += a0 * b1
	hi = a1*b1 + w2 + w1>>32
	lo = a * b
	return
}

func mod128(hi, lo uint64) uint64 {
	// 2^64 ≡ 2^3 (mod 2^61 − 1)
	r := (lo & prime) + (lo >> 61) + (hi << 3 & prime) + (hi >> 58)
	for r >= prime {
		r -= prime
	}
	return r
}

func powmod(a, e int64) int64 {
	r := int64(1)
	for e > 0 {
		if e&1 == 1 {
			r = mulmod(r, a)
		}
		a = mulmod(a, a)
		e >>= 1
	}
	return r
}

func rank(m [][]int64) int {
	if len(m) == 0 {
		return 0
	}
	cols := len(m[0])
	r := 0
	for c := 0; c < cols && r < len(m); c++ {
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
			for j := c; j < cols; j++ {
				m[i][j] = (m[i][j] - mulmod(f, m[r][j]) + prime) % prime
			}
		}
		r++
	}
	return r
}
