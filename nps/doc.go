// Package nps computes the Net Promoter Score with honest uncertainty:
// intervals, margins of error, significance of differences and trends, and
// sample-size planning.
//
// # The score
//
// Customers answer "How likely are you to recommend us to a friend or
// colleague?" on a 0–10 scale ([Rating]). Ratings 9–10 are promoters, 7–8
// passives and 0–6 detractors ([Category]). With n responses of which a
// share p are promoters and d detractors,
//
//	NPS = 100·(p − d)   points, in [−100, 100]
//
// The score is the mean of per-respondent scores +1/0/−1 (times 100), so
// its per-respondent variance is σ² = p + d − (p − d)² and its standard
// error √(σ²/n). Every number in the API is in points; variances are in
// points² (×10⁴). Values are never rounded; round only for display.
//
// A [Tally] holds the three category counts and is all most computations
// need; a [Distribution] holds the eleven 0–10 counts, so the full shape can
// be shown next to a score (the same NPS can hide very different shapes),
// and converts to a Tally. A [WeightedTally] carries survey weights.
//
// # Uncertainty, and which interval to use
//
// [Tally.Interval] takes a level and a [Method]:
//
//   - [Tango], the default (a nil Method): the score interval. It never
//     leaves the scale, always contains the observed score and works with
//     empty categories. Rocks (2016) found score and adjusted-Wald intervals
//     best.
//   - [AdjustedWald]: MeasuringU's and the R package's method, for parity.
//     It is centred on a shrunk score.
//   - [Jeffreys] and [Bayes]: Dirichlet posterior credible intervals,
//     computed exactly; [Tally.Posterior] also gives the posterior mean and
//     P(NPS > target).
//   - [Bootstrap]: the percentile bootstrap with a caller-seeded source.
//   - [Wald]: legacy only. It under-covers below about 30 responses and
//     collapses to a point when one category holds every response.
//
// From about 100 responses on, all methods agree to within about a point;
// the choice matters for small teams and extreme splits. Results carry their
// method, level, n and [Caveat] flags. A zero-width interval is never
// certainty: it is flagged [ZeroWidth]. An empty tally is an error wrapping
// [ErrNoResponses], never a score of 0.
//
// Sampling error is not the only error. Low response rates usually inflate
// scores (non-response bias), and no margin of error covers that.
//
// # Differences, trends and planning
//
// [Compare] tests two independent groups (Wald z, signed difference, p-value
// from the survival function); [DiffInterval] gives Wald or MOVER intervals
// for the difference; [ComparePaired] handles the same respondents measured
// twice; [CompareBenchmark] tests one group against a fixed value; and
// [AdjustHolm] and [AdjustBH] correct p-values across many segments or
// periods. [FitTrend] fits the trend over periods by inverse-variance
// weighted least squares, inflating the standard error when periods scatter
// more than sampling explains. [SampleSize], [SampleSizeFinite] and
// [SampleSizeDiff] plan surveys.
//
// # Aggregating at scale
//
// Tally, Distribution and WeightedTally are fixed-size values whose merge is
// associative and commutative with the zero value as identity, so partial
// aggregates can be computed on many workers, shipped as JSON or in a
// compact versioned binary form (encoding.BinaryAppender), and merged in any
// order. [Tally.AddRatings] validates and counts a []Rating at memory speed
// without allocating. Partial aggregates keep exact counts; anonymity rules
// for employee surveys apply when a report is built, not to partials.
//
// # Responses and storage
//
// A [Response] keeps the raw rating, the instant it was received, the
// customer, the [Touchpoint] (with the written standard promised there),
// the responsible employees, unit, channel, comment, an optional weight and
// free labels for operational attributes. Hosts keep responses in their own
// database behind the small [Store] interface: Save is idempotent by ID
// (saving the same response twice stores it once; a different response
// under an existing ID is an error wrapping [ErrConflict] and nothing is
// overwritten) and Responses streams the responses a [Filter] selects as an
// iter.Seq2 in a stable order, stopping with an error when the context is
// cancelled. Further abilities are optional interfaces ([Counter],
// [Deleter]) that [Count] and [Delete] detect, as io/fs does, so the
// interface can grow without breaking hosts. [MemStore] is a
// concurrency-safe in-memory Store, and the conformance suite in package
// npstest checks any implementation: run npstest.Run(t, newStore) in the
// host's own tests. [DecodeResponses] reads JSON Lines strictly. Every
// report in this package reads a stream with memory proportional to its
// groups, not its responses, and a failing stream stops the report with
// the stream's error: nothing is half-counted silently.
//
// # Segments and time series
//
// [GroupBy] and [Segments] tally responses by any comparable key (touchpoint,
// employee, unit, label, month …); [PivotBy] crosses two keys, such as
// touchpoint × month; and [Segments.VsRest] tests each segment against all
// other responses with Holm or Benjamini–Hochberg adjustment. Periods are
// days, ISO weeks, months and quarters in a caller-given time zone,
// starting at the first instant of each local day, so DST days have 23 or
// 25 hours
// ([PeriodOf], [Periods], [ParsePeriod]). [BuildSeries] gives one [Point]
// per period with its interval, keeping empty periods as empty (never a
// score of 0); [Rolling] gives N-day windows by subtracting the day that
// leaves and adding the day that enters; [Series.Changes] gives
// period-over-period changes with their significance, [Series.Trend] the
// fitted trend and [NewBaseline] a "where we started" reference to compare
// against.
//
// # Employees
//
// Per-employee scores are honest with few responses: [FitPrior] fits a
// Dirichlet prior to the whole organisation or team (empirical Bayes), and
// [RankEmployees] reports each employee's raw NPS and interval, the share of
// 9–10 and of 10s, a shrunk estimate with its credible interval, and a
// [Standing] that calls an employee above or below the team only when the
// posterior says so at the chosen level — employees with fewer than 10
// responses or a raw interval wider than 40 points are listed as
// insufficient data, not ranked last — together with each employee's
// probability of being in the top and in the bottom quarter.
// [EmployeeSignals] raises a progress signal (for recognition) when an
// employee's change between two periods is credibly positive and a coaching
// signal when it is credibly negative, with the detractor comments and
// touchpoints that explain it. [Dense] counts per employee over dense ids
// at hundreds of millions of responses a second.
//
// # Operational drivers
//
// [Driver] relates the score to an operational attribute kept in a
// response's labels, such as the hours taken to fix a fault
// ([DriverFromResponses]): NPS by ordered bins of the attribute with
// intervals ([Driver.Bins], [Driver.QuantileBins]), and the value at which
// a target NPS is reached, with its uncertainty ([Driver.Target]: a
// monotone fit with a seeded bootstrap interval, or a straight line with
// Fieller's interval). It turns "NPS 50" into "faults fixed within five
// hours" for an action plan; it shows an association, not an effect.
//
// # Errors and concurrency
//
// Every function validates its input and returns errors wrapping the
// sentinels ([ErrInvalidRating], [ErrNegativeCount], [ErrOverflow],
// [ErrNoResponses], [ErrInvalidLevel], [ErrInvalidWeight],
// [ErrInvalidArgument], [ErrUndefined], [ErrInvalidEncoding],
// [ErrInvalidResponse], [ErrConflict], [ErrInvalidZone]); nothing panics on
// user input. Errors from a host's [Store] and from a cancelled context are
// passed on wrapped, so errors.Is finds them too. All functions and value methods are safe for
// concurrent use; methods with pointer receivers mutate their receiver and
// need external synchronisation when shared. The exception is [Bootstrap]:
// its rand.Source is not safe for concurrent use, so give each goroutine
// its own.
//
// # Sources
//
// B. Rocks, "Interval Estimation for the 'Net Promoter Score'", The American
// Statistician 70(4):365–372 (2016), and its R package NPS; T. Tango,
// Statistics in Medicine 17:891–908 (1998); G. Y. Zou and A. Donner,
// Statistics in Medicine 27:1693–1702 (2008); R. G. Newcombe, Statistics in
// Medicine 17:873–890 (1998); A. Agresti and B. Caffo, The American
// Statistician 54:280–288 (2000); J. Sauro and J. R. Lewis (MeasuringU) on
// NPS intervals, tests and sample sizes. Each function's documentation gives
// its formula.
//
// # Trademarks
//
// Net Promoter®, NPS® and Net Promoter Score® are registered trademarks of
// Bain & Company, Inc., NICE Systems, Inc. (formerly Satmetrix Systems) and
// Fred Reichheld. This package is not affiliated with or endorsed by them.
package nps
