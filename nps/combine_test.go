package nps

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// combineRandomly merges accumulators pairwise in a random tree, as a
// runner may.
func combineRandomly(t *testing.T, rng *rand.Rand, accs []Distribution) Distribution {
	t.Helper()
	var c Combiner
	accs = slices.Clone(accs)
	for len(accs) > 1 {
		i := rng.IntN(len(accs))
		j := rng.IntN(len(accs) - 1)
		if j >= i {
			j++
		}
		m, err := c.MergeAccumulators(accs[i], accs[j])
		require.NoError(t, err)
		accs[i] = m
		accs = slices.Delete(accs, j, j+1)
	}
	out, err := c.ExtractOutput(accs[0])
	require.NoError(t, err)
	return out
}

// Splitting a data set into random bundles, accumulating each in random
// order and merging in random order gives exactly the one-pass result.
func TestCombinerPartitionsMatchOnePass(t *testing.T) {
	var c Combiner
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 10))
		rs := subRatings(rng, rng.IntN(2000))
		var want Distribution
		require.NoError(t, want.AddRatings(rs))

		k := 1 + rng.IntN(12)
		accs := make([]Distribution, k)
		for i := range accs {
			accs[i] = c.CreateAccumulator()
		}
		for _, i := range rng.Perm(len(rs)) {
			b := rng.IntN(k)
			var err error
			accs[b], err = c.AddInput(accs[b], rs[i])
			require.NoError(t, err)
		}
		require.Equal(t, want, combineRandomly(t, rng, accs), "seed %d", seed)
	}
}

func TestCombinerMergeAlgebra(t *testing.T) {
	var c Combiner
	rng := rand.New(rand.NewPCG(11, 11))
	random := func() Distribution {
		var d Distribution
		for r := range d {
			d[r] = rng.IntN(1 << 40)
		}
		return d
	}
	merge := func(a, b Distribution) Distribution {
		m, err := c.MergeAccumulators(a, b)
		require.NoError(t, err)
		return m
	}
	for range 500 {
		a, b, d := random(), random(), random()
		assert.Equal(t, merge(a, merge(b, d)), merge(merge(a, b), d), "associative")
		assert.Equal(t, merge(a, b), merge(b, a), "commutative")
		assert.Equal(t, a, merge(a, c.CreateAccumulator()), "identity")
	}
}

func TestCombinerErrors(t *testing.T) {
	var c Combiner
	acc := Distribution{9: 2}
	got, err := c.AddInput(acc, 11)
	require.ErrorIs(t, err, ErrInvalidRating)
	assert.Equal(t, acc, got, "unchanged")
	_, err = c.AddInput(Distribution{3: math.MaxInt}, 3)
	require.ErrorIs(t, err, ErrOverflow)

	_, err = c.MergeAccumulators(acc, Distribution{1: -1})
	require.ErrorIs(t, err, ErrNegativeCount)
	_, err = c.MergeAccumulators(Distribution{0: math.MaxInt}, Distribution{10: 1})
	require.ErrorIs(t, err, ErrOverflow)
	_, err = c.ExtractOutput(Distribution{5: -3})
	require.ErrorIs(t, err, ErrNegativeCount)
}

func TestResponseCombiner(t *testing.T) {
	var c ResponseCombiner
	rng := rand.New(rand.NewPCG(12, 12))
	rs := subRatings(rng, 300)
	var want Distribution
	require.NoError(t, want.AddRatings(rs))
	accs := []Distribution{c.CreateAccumulator(), c.CreateAccumulator(), c.CreateAccumulator()}
	for i, r := range rs {
		var err error
		accs[i%3], err = c.AddInput(accs[i%3], Response{ID: "r", Rating: r})
		require.NoError(t, err)
	}
	m, err := c.MergeAccumulators(accs[0], accs[1])
	require.NoError(t, err)
	m, err = c.MergeAccumulators(m, accs[2])
	require.NoError(t, err)
	out, err := c.ExtractOutput(m)
	require.NoError(t, err)
	assert.Equal(t, want, out)

	_, err = c.AddInput(m, Response{ID: "r-17", Rating: 12})
	require.ErrorIs(t, err, ErrInvalidRating)
	assert.Contains(t, err.Error(), `"r-17"`)
}

// Beam refuses a CombineFn with exported methods beyond its lifecycle
// methods; guard the method sets.
func TestCombinerMethodSets(t *testing.T) {
	want := []string{"AddInput", "CreateAccumulator", "ExtractOutput", "MergeAccumulators"}
	for _, typ := range []reflect.Type{reflect.TypeFor[Combiner](), reflect.TypeFor[*Combiner](),
		reflect.TypeFor[ResponseCombiner](), reflect.TypeFor[*ResponseCombiner]()} {
		var got []string
		for m := range typ.Methods() {
			got = append(got, m.Name)
		}
		assert.Equal(t, want, got, typ.String())
	}
}
