// Beam computes NPS per touchpoint on Apache Beam's direct runner with the
// nps package's combiners: nps.ResponseCombiner counts each touchpoint's
// responses (beam.CombinePerKey) and nps.Combiner all ratings together
// (beam.Combine). The runner splits the responses into bundles and merges
// the partial counts in whatever order it likes; because the combiners'
// accumulators are exact, mergeable nps.Distributions, the result is
// exactly that of a single pass, which the program checks.
//
// It lives in a nested module of its own so that the Beam SDK and its
// dependencies stay out of the root module and the other examples.
//
// Usage, from examples/beam:
//
//	go run . [-n N] [-seed N]
//
// -n is the number of made-up responses (default 5000) and -seed seeds
// them (default 1). The pipeline writes its results to a temporary file
// with textio, as a pipeline on a cluster would write to a sink, and the
// program prints them as a table.
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	//lint:ignore SA1019 the direct runner is the point here: Beam's in-process reference runner (Prism is its successor)
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/direct"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // textio on local files

	"github.com/servicekultur/servicekultur/nps"
)

func init() {
	// The combiners, with their accumulator and input types, and the
	// pipeline's functions, so that Beam calls them without reflection.
	register.Combiner2[nps.Distribution, nps.Response](&nps.ResponseCombiner{})
	register.Combiner2[nps.Distribution, nps.Rating](&nps.Combiner{})
	register.Function1x2(byTouchpoint)
	register.Function1x1(ratingOf)
	register.Function2x2(encodeResult)
	register.Function1x2(encodeOverall)

	// A Distribution crosses bundles in its compact binary form (88
	// bytes) rather than Beam's default JSON.
	beam.RegisterCoder(reflect.TypeFor[nps.Distribution](), encodeDistribution, decodeDistribution)
}

// encodeDistribution is the Beam coder's encoder of an nps.Distribution.
func encodeDistribution(d nps.Distribution) ([]byte, error) { return d.MarshalBinary() }

// decodeDistribution is the Beam coder's decoder of an nps.Distribution.
func decodeDistribution(b []byte) (nps.Distribution, error) {
	var d nps.Distribution
	err := d.UnmarshalBinary(b)
	return d, err
}

func main() {
	beam.Init() // first, as every Beam program: a worker process would not return
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "beam:", err)
		os.Exit(1)
	}
}

// run parses the command line, runs the pipeline on the direct runner and
// writes the table to stdout.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 5000, "the number of made-up responses")
	seed := fs.Uint64("seed", 1, "the seed of the made-up responses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *n < 1 {
		return fmt.Errorf("usage: beam [-n N] [-seed N] (N at least 1)")
	}
	beamlog.SetLogger(warnings{stderr})

	responses := makeResponses(*n, *seed)
	dir, err := os.MkdirTemp("", "nps-beam-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "scores.jsonl")

	p, s := beam.NewPipelineWithRoot()
	results := pipeline(s, beam.CreateList(s, responses))
	textio.Write(s, out, results)
	if _, err := direct.Execute(ctx, p); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	got, err := readResults(out)
	if err != nil {
		return err
	}
	want, err := onePass(responses)
	if err != nil {
		return err
	}
	return writeTable(stdout, got, want)
}

// pipeline counts the responses per touchpoint with nps.ResponseCombiner
// and all their ratings with nps.Combiner, and returns the distributions
// as JSON lines (result values), one per touchpoint and one for all.
func pipeline(s beam.Scope, responses beam.PCollection) beam.PCollection {
	keyed := beam.ParDo(s, byTouchpoint, responses)
	perTouchpoint := beam.CombinePerKey(s, nps.ResponseCombiner{}, keyed)
	overall := beam.Combine(s, nps.Combiner{}, beam.ParDo(s, ratingOf, responses))
	return beam.Flatten(s, beam.ParDo(s, encodeResult, perTouchpoint), beam.ParDo(s, encodeOverall, overall))
}

// allKey is the key of the distribution of all responses.
const allKey = "(all)"

// result is one line of the pipeline's output: a touchpoint's
// distribution, or that of all responses under allKey.
type result struct {
	Touchpoint   string           `json:"touchpoint"`
	Distribution nps.Distribution `json:"distribution"`
}

// byTouchpoint keys a response by its touchpoint.
func byTouchpoint(r nps.Response) (string, nps.Response) { return r.Touchpoint, r }

// ratingOf returns a response's rating.
func ratingOf(r nps.Response) nps.Rating { return r.Rating }

// encodeResult writes a touchpoint's distribution as a JSON line.
func encodeResult(tp string, d nps.Distribution) (string, error) {
	b, err := json.Marshal(result{Touchpoint: tp, Distribution: d})
	return string(b), err
}

// encodeOverall writes the distribution of all responses as a JSON line.
func encodeOverall(d nps.Distribution) (string, error) { return encodeResult(allKey, d) }

// readResults reads the pipeline's JSON lines back.
func readResults(path string) (map[string]nps.Distribution, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]nps.Distribution{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out[r.Touchpoint] = r.Distribution
	}
	return out, sc.Err()
}

// onePass counts the responses in a single pass, without Beam: what the
// pipeline must reproduce exactly.
func onePass(rs []nps.Response) (map[string]nps.Distribution, error) {
	out := map[string]nps.Distribution{}
	for _, r := range rs {
		for _, key := range []string{r.Touchpoint, allKey} {
			d := out[key]
			if err := d.Add(r.Rating); err != nil {
				return nil, err
			}
			out[key] = d
		}
	}
	return out, nil
}

// writeTable writes each touchpoint's NPS with its 95% interval, from the
// pipeline's distributions, and whether they equal the single pass.
func writeTable(w io.Writer, got, want map[string]nps.Distribution) error {
	keys := slices.Collect(func(yield func(string) bool) {
		for k := range got {
			if k != allKey && !yield(k) {
				return
			}
		}
	})
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(a, b) })
	keys = append(keys, allKey)
	fmt.Fprintf(w, "NPS per touchpoint, combined on Beam's direct runner\n\n")
	fmt.Fprintf(w, "  %-10s %5s %6s  %s\n", "touchpoint", "n", "NPS", "95% interval")
	for _, k := range keys {
		d, ok := got[k]
		if !ok {
			return fmt.Errorf("the pipeline wrote no result for %s", k)
		}
		t, err := d.Tally()
		if err != nil {
			return err
		}
		iv, err := t.Interval(0.95, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		fmt.Fprintf(w, "  %-10s %5d %6.1f  %.1f to %.1f\n", k, t.N(), iv.Estimate, iv.Lower, iv.Upper)
	}
	same := len(got) == len(want)
	for k, d := range want {
		same = same && got[k] == d
	}
	if !same {
		return errors.New("the pipeline's counts differ from a single pass")
	}
	fmt.Fprintf(w, "\nThe counts equal a single pass over the %d responses, exactly.\n", want[allKey].N())
	return nil
}

// Touchpoints and their rating weights for 0–10: support and the web
// disappoint more often than advice.
var (
	touchpoints = []string{"advice", "phone", "reception", "support", "web"}
	weights     = map[string][11]float64{
		"advice":    {1, 1, 1, 1, 2, 3, 4, 10, 14, 22, 41},
		"phone":     {2, 1, 2, 2, 4, 6, 8, 14, 15, 18, 28},
		"reception": {1, 1, 1, 2, 3, 5, 6, 12, 15, 20, 34},
		"support":   {3, 2, 3, 3, 5, 7, 9, 14, 14, 16, 24},
		"web":       {3, 2, 3, 4, 5, 8, 9, 14, 14, 15, 23},
	}
)

// makeResponses makes n responses from seed, spread over the touchpoints.
func makeResponses(n int, seed uint64) []nps.Response {
	rng := rand.New(rand.NewPCG(seed, 0))
	rs := make([]nps.Response, n)
	for i := range rs {
		tp := touchpoints[rng.IntN(len(touchpoints))]
		w := weights[tp]
		total := 0.0
		for _, x := range w {
			total += x
		}
		u, r := rng.Float64()*total, 0
		for r < 10 && u >= w[r] {
			u -= w[r]
			r++
		}
		rs[i] = nps.Response{ID: fmt.Sprintf("r%06d", i+1), Touchpoint: tp, Rating: nps.Rating(r)}
	}
	return rs
}

// warnings is a Beam logger that writes warnings and errors only, so the
// direct runner's progress messages stay quiet.
type warnings struct{ w io.Writer }

// Log implements the Beam SDK's log.Logger.
func (l warnings) Log(_ context.Context, sev beamlog.Severity, _ int, msg string) {
	if sev >= beamlog.SevWarn {
		fmt.Fprintln(l.w, strings.TrimSpace(msg))
	}
}
