package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	//lint:ignore SA1019 the direct runner is the point here: Beam's in-process reference runner (Prism is its successor)
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/direct"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

func TestMain(m *testing.M) {
	beam.Init()
	beamlog.SetLogger(warnings{os.Stderr})
	os.Exit(m.Run())
}

// TestPipelineEqualsOnePass runs the pipeline on the direct runner and
// asserts, inside the pipeline, that its per-touchpoint and overall
// distributions equal a single pass over the same responses: the
// combiners' contract (create, add, merge in any grouping, extract) holds
// however the runner splits the work.
func TestPipelineEqualsOnePass(t *testing.T) {
	responses := makeResponses(3000, 42)
	want, err := onePass(responses)
	require.NoError(t, err)
	var lines []any
	for tp, d := range want {
		line, err := encodeResult(tp, d)
		require.NoError(t, err)
		lines = append(lines, line)
	}
	require.Len(t, lines, len(touchpoints)+1)

	p, s := beam.NewPipelineWithRoot()
	passert.Equals(s, pipeline(s, beam.CreateList(s, responses)), lines...)
	_, err = direct.Execute(context.Background(), p)
	require.NoError(t, err)
}

// TestInvalidRatingFailsPipeline: a rating off the 0–10 scale fails the
// bundle instead of being counted.
func TestInvalidRatingFailsPipeline(t *testing.T) {
	responses := makeResponses(50, 1)
	responses[17].Rating = 11
	p, s := beam.NewPipelineWithRoot()
	pipeline(s, beam.CreateList(s, responses))
	_, err := direct.Execute(context.Background(), p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid rating")
}

// TestCoder round-trips a distribution through the registered binary
// coder.
func TestCoder(t *testing.T) {
	var d nps.Distribution
	require.NoError(t, d.AddRatings([]nps.Rating{0, 6, 7, 9, 10, 10}))
	b, err := encodeDistribution(d)
	require.NoError(t, err)
	got, err := decodeDistribution(b)
	require.NoError(t, err)
	assert.Equal(t, d, got)
	_, err = decodeDistribution(b[:3])
	assert.Error(t, err)
}

func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-n", "2000", "-seed", "3"}, &out, &errOut))
	assert.Contains(t, out.String(), "NPS per touchpoint, combined on Beam's direct runner")
	for _, tp := range append(touchpoints, allKey) {
		assert.Regexp(t, `(?m)^  `+regexp.QuoteMeta(tp)+` +\d+ +-?\d+\.\d  -?\d+\.\d to -?\d+\.\d$`, out.String())
	}
	assert.Contains(t, out.String(), "The counts equal a single pass over the 2000 responses, exactly.")
	assert.NotContains(t, errOut.String(), "level=INFO", "the runner's progress stays quiet")

	assert.Error(t, run(t.Context(), []string{"-n", "0"}, &out, &errOut))
	assert.Error(t, run(t.Context(), []string{"extra"}, &out, &errOut))
}
