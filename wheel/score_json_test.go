package wheel

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStageScoreJSON(t *testing.T) {
	for _, alpha := range []float64{math.NaN(), 0.83, 0} {
		s := StageScore{Stage: "hire", Score: 61.5, Band: Developing, N: 12, StdErr: 3.2, Alpha: alpha, AlphaN: 11}
		b, err := json.Marshal(Result{All: Scores{Stages: []StageScore{s}}})
		require.NoError(t, err)
		var back Result
		require.NoError(t, json.Unmarshal(b, &back))
		got := back.All.Stages[0]
		if math.IsNaN(alpha) {
			assert.True(t, math.IsNaN(got.Alpha))
			assert.Contains(t, string(b), `"alpha":null`)
		} else {
			assert.Equal(t, alpha, got.Alpha)
		}
		got.Alpha, s.Alpha = 0, 0
		assert.Equal(t, s, got)
	}
}
