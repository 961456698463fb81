package nps

import "fmt"

// Combiner counts ratings into a [Distribution] in a distributed pipeline.
// Its methods have the names and shapes of an Apache Beam Go CombineFn
// (CreateAccumulator, AddInput, MergeAccumulators, ExtractOutput, each with
// an optional error result), so Beam can use it as is while this package
// does not import Beam. Any engine with the same create/add/merge/extract
// contract (Flink-style aggregate functions, a hand-written worker pool)
// can use it too.
//
// The accumulator is the Distribution itself: 88 bytes, exact, merged by
// integer addition, and encodable by Beam's default JSON coder (register
// its MarshalBinary/UnmarshalBinary with beam.RegisterCoder for a compact
// form). Merging is associative and commutative with the empty
// Distribution as identity, so the runner may split, reorder and re-merge
// bundles freely and still get exactly the one-pass result. Derive the
// Tally, score and interval from the output.
//
// An invalid rating is an error wrapping [ErrInvalidRating]; Beam then
// fails the bundle rather than count bad data. Validate or drop invalid
// ratings upstream if the pipeline should carry on.
//
// Beam rejects a CombineFn with exported methods other than its lifecycle
// methods, so Combiner will keep exactly these four. A sketch (imports of
// beam and register omitted); Combiner2 is Beam's registration for an
// accumulator that is also the output:
//
//	func init() {
//		register.Combiner2[nps.Distribution, nps.Rating](&nps.Combiner{})
//	}
//
//	ratings := ...                                  // beam.PCollection of nps.Rating
//	overall := beam.Combine(s, nps.Combiner{}, ratings)
//
//	keyed := ...                                    // KV<string, nps.Rating>, e.g. team → rating
//	perTeam := beam.CombinePerKey(s, nps.Combiner{}, keyed)
//
// Keys stay with the engine (CombinePerKey, SQL GROUP BY); for grouping in
// process see [Segments].
type Combiner struct{}

// CreateAccumulator returns the empty Distribution, the identity of the
// merge.
func (Combiner) CreateAccumulator() Distribution { return Distribution{} }

// AddInput counts r in acc with [Distribution.Add]. An invalid rating is an
// error wrapping [ErrInvalidRating]; an overflowing count one wrapping
// [ErrOverflow].
func (Combiner) AddInput(acc Distribution, r Rating) (Distribution, error) {
	err := acc.Add(r)
	return acc, err
}

// MergeAccumulators returns a + b with [Distribution.Merge]: exact,
// associative and commutative. Invalid or overflowing accumulators are an
// error.
func (Combiner) MergeAccumulators(a, b Distribution) (Distribution, error) {
	err := a.Merge(b)
	return a, err
}

// ExtractOutput returns the accumulated Distribution after validating it,
// so an accumulator corrupted in transit (a hand-written coder, a decoded
// message) is an error rather than a report.
func (Combiner) ExtractOutput(acc Distribution) (Distribution, error) {
	if err := acc.Validate(); err != nil {
		return Distribution{}, err
	}
	return acc, nil
}

// ResponseCombiner is [Combiner] for a pipeline of [Response] values: it
// counts each response's Rating, unweighted, and ignores the other fields
// (validate responses where they are stored or read; grouping by
// touchpoint or employee is the engine's key, as with CombinePerKey). An
// invalid rating is an error wrapping [ErrInvalidRating] that names the
// response. Register it with
//
//	register.Combiner2[nps.Distribution, nps.Response](&nps.ResponseCombiner{})
type ResponseCombiner struct{}

// CreateAccumulator returns the empty Distribution.
func (ResponseCombiner) CreateAccumulator() Distribution { return Distribution{} }

// AddInput counts r.Rating in acc.
func (ResponseCombiner) AddInput(acc Distribution, r Response) (Distribution, error) {
	if err := acc.Add(r.Rating); err != nil {
		return acc, responseError(r, err)
	}
	return acc, nil
}

// MergeAccumulators returns a + b, as [Combiner.MergeAccumulators].
func (ResponseCombiner) MergeAccumulators(a, b Distribution) (Distribution, error) {
	return Combiner{}.MergeAccumulators(a, b)
}

// ExtractOutput returns the validated Distribution, as
// [Combiner.ExtractOutput].
func (ResponseCombiner) ExtractOutput(acc Distribution) (Distribution, error) {
	return Combiner{}.ExtractOutput(acc)
}

// responseError adds the response's ID to an error about it.
func responseError(r Response, err error) error {
	return fmt.Errorf("response %q: %w", r.ID, err)
}
