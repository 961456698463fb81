package nps

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reference limits (95 %, points) from nps-statistics.md §3, computed by
// two independent implementations; the table rounds to 0.01.
var intervalRefs = []struct {
	t                        Tally
	wald, adjWald, tango, jf [2]float64
}{
	{Tally{1, 0, 0}, [2]float64{100, 100}, [2]float64{-48.50, 98.50}, [2]float64{-58.69, 100}, [2]float64{-58.64, 97.63}},
	{Tally{0, 1, 0}, [2]float64{0, 0}, [2]float64{-60.01, 60.01}, [2]float64{-79.35, 79.35}, [2]float64{-70.73, 70.73}},
	{Tally{10, 5, 3}, [2]float64{3.98, 73.80}, [2]float64{0.78, 65.89}, [2]float64{-0.39, 66.92}, [2]float64{0.37, 66.38}},
	{Tally{7, 2, 1}, [2]float64{18.89, 100}, [2]float64{7.04, 85.27}, [2]float64{4.89, 85.89}, [2]float64{6.99, 84.94}},
	{Tally{4, 3, 5}, [2]float64{-57.11, 40.44}, [2]float64{-48.87, 35.54}, [2]float64{-50.74, 37.64}, [2]float64{-50.29, 37.11}},
	{Tally{19, 1, 0}, [2]float64{85.45, 100}, [2]float64{63.93, 100}, [2]float64{63.58, 99.11}, [2]float64{67.85, 98.56}},
	{Tally{45, 30, 25}, [2]float64{4.08, 35.92}, [2]float64{3.77, 35.06}, [2]float64{3.65, 35.19}, [2]float64{3.71, 35.14}},
	{Tally{500, 300, 200}, [2]float64{25.16, 34.84}, [2]float64{25.08, 34.74}, [2]float64{25.08, 34.75}, [2]float64{25.08, 34.75}},
	{Tally{120000, 50000, 30000}, [2]float64{44.68, 45.32}, [2]float64{44.68, 45.32}, [2]float64{44.68, 45.32}, [2]float64{44.68, 45.32}},
}

func TestIntervalReferenceValues(t *testing.T) {
	for _, ref := range intervalRefs {
		for _, m := range []struct {
			method StandardMethod
			want   [2]float64
		}{{Wald, ref.wald}, {AdjustedWald, ref.adjWald}, {Tango, ref.tango}} {
			iv, err := ref.t.Interval(0.95, m.method)
			require.NoError(t, err)
			assert.InDelta(t, m.want[0], iv.Lower, 0.0051, "%v %v lower", ref.t, m.method)
			assert.InDelta(t, m.want[1], iv.Upper, 0.0051, "%v %v upper", ref.t, m.method)
		}
	}
}
