package nps

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func naiveCount(rs []Rating) (p, m, d, bad int) {
	for i, r := range rs {
		switch r.Category() {
		case Promoter:
			p++
		case Passive:
			m++
		case Detractor:
			d++
		default:
			return 0, 0, 0, i
		}
	}
	return p, m, d, -1
}

func TestCountRatingsMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 255 * 8, 255*8 + 1, 255*8*3 + 17, 10000} {
		rs := make([]Rating, n)
		for i := range rs {
			rs[i] = Rating(rng.IntN(11))
		}
		p, m, d, bad := countRatings(rs)
		wp, wm, wd, wbad := naiveCount(rs)
		require.Equal(t, [4]int{wp, wm, wd, wbad}, [4]int{p, m, d, bad}, "n=%d", n)
		if n == 0 {
			continue
		}
		for _, v := range []Rating{11, 127, 128, 200, 255} {
			j := rng.IntN(n)
			saved := rs[j]
			rs[j] = v
			_, _, _, bad := countRatings(rs)
			require.Equal(t, j, bad, "n=%d v=%d", n, v)
			rs[j] = saved
		}
	}
}
