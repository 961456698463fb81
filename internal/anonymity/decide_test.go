package anonymity

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecideSmallCases(t *testing.T) {
	r := Rules{K: 5}
	g := func(ms ...int32) []int32 { return ms }
	seq := func(a, b int32) []int32 {
		var out []int32
		for i := a; i < b; i++ {
			out = append(out, i)
		}
		return out
	}
	tests := []struct {
		name   string
		n      int
		groups [][]int32
		want   []Reason
	}{
		{"empty and small", 10, [][]int32{g(), seq(0, 3), seq(0, 10)}, []Reason{0, BelowMinimum, 0}},
		{"parent minus child is two", 12, [][]int32{seq(0, 12), seq(0, 10)}, []Reason{0, Complementary}},
		{"overlapping by half", 15, [][]int32{seq(0, 10), seq(5, 15)}, []Reason{0, 0}},
		{"overlapping, four apart", 12, [][]int32{seq(0, 10), seq(2, 12)}, []Reason{0, Differencing}},
		{"overlapping by all but one", 12, [][]int32{seq(0, 10), seq(1, 11)}, []Reason{0, Differencing}},
		{"siblings leave two", 22, [][]int32{seq(0, 22), seq(0, 10), seq(10, 20)}, []Reason{0, 0, Complementary}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Decide(tt.n, tt.groups, nil, r)
			assert.Equal(t, tt.want, got)
			var pub [][]int32
			for i, g := range tt.groups {
				if got[i] == 0 && len(g) > 0 {
					pub = append(pub, g)
				}
			}
			checked, err := Audit(tt.n, pub, nil, 5, 16)
			require.True(t, checked)
			require.NoError(t, err)
		})
	}
}

func TestDecideHomogeneous(t *testing.T) {
	cat := []uint8{0, 0, 0, 0, 0, 1, 1, 1, 1, 2}
	all := []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	five := []int32{0, 1, 2, 3, 4}
	got := Decide(10, [][]int32{all, five}, cat, Rules{K: 5})
	assert.Equal(t, []Reason{0, Homogeneous}, got)
	got = Decide(10, [][]int32{all, five}, cat, Rules{K: 5, PublishHomogeneous: true})
	assert.Equal(t, []Reason{0, 0}, got)
}

// TestDecideBruteForce builds random families of groups — nested,
// overlapping and crossing — and checks every decision by brute force.
func TestDecideBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	checked := 0
	for iter := range 800 {
		n := 6 + rng.IntN(30)
		cat := make([]uint8, n)
		for i := range cat {
			cat[i] = uint8(rng.IntN(3))
			if rng.IntN(3) == 0 {
				cat[i] = 2
			}
		}
		var groups [][]int32
		for range 1 + rng.IntN(7) {
			var g []int32
			p := rng.Float64()
			for m := range n {
				if rng.Float64() < p {
					g = append(g, int32(m))
				}
			}
			groups = append(groups, g)
		}
		k := 3 + rng.IntN(3)
		var category []uint8
		if rng.IntN(2) == 0 {
			category = cat
		}
		got := Decide(n, groups, category, Rules{K: k})
		var pub [][]int32
		for i, g := range groups {
			if got[i] == 0 && len(g) > 0 {
				pub = append(pub, g)
			}
			if got[i] == 0 {
				assert.True(t, len(g) == 0 || len(g) >= k)
			}
		}
		ok, err := Audit(n, pub, category, k, 14)
		if ok {
			checked++
		}
		require.NoError(t, err, "iteration %d: groups %v decisions %v", iter, groups, got)
		again := Decide(n, slices.Clone(groups), category, Rules{K: k})
		require.Equal(t, got, again, "deterministic")
	}
	require.Greater(t, checked, 400)
}
