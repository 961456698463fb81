// Package enps measures employee NPS — "How likely are you to recommend us
// as a place to work?" — as a leadership KPI, with anonymity that holds.
//
// # Model
//
// An org tree of [Unit]s; [Wave]s, each with the org tree and population
// as they stood at launch (who was in which unit, with which attributes),
// so response rates and group sizes never drift with today's HR data; and
// [Response]s that carry a unit and attributes from the snapshot and a
// pseudonymous [Token], never an employee ID. The rating [Scale] and its
// category breaks are declared per wave ([StandardScale] is 0–10 with 0–6
// detractors and 9–10 promoters) and travel with every [Report].
//
// A [Survey] launches waves — [Survey.LaunchFrom] snapshots the host's
// HR data through a [Directory] — takes answers ([Survey.Submit]) under a keyed
// pseudonym (one answer per employee per wave), erases an employee's
// answers on request ([Survey.Erase]) and publishes reports
// ([Survey.Report]). Hosts plug their storage in through [Store], with the
// optional [Counter] and [Ledger]; [MemStore] keeps everything in memory and
// package enpstest checks any implementation.
//
// # Anonymity
//
// Every published number passes [Rules] (defaults from the domain notes
// §3.4; k never below 3). A [Cell] is a unit's subtree or direct members,
// optionally cut by attributes ([Request.Breakdowns]). Cells are decided in
// a fixed order, so the same data always give the same report, and every
// withheld cell says why ([Reason]):
//
//   - minimum group: no score, share, distribution or count for fewer than
//     k = 5 responses — "insufficient", which is not "no data";
//   - homogeneity: a cell whose respondents all gave the same category is
//     withheld by default, since five detractors → −100 tells each what the
//     others answered; a 0–10 distribution is shown only where no rating
//     was given by a single person;
//   - complementary suppression: a parent minus its published sub-cells
//     (its own direct members count as one) must leave nobody or at least
//     k people who did not all answer alike; sub-cells are withheld
//     smallest first, or the parent;
//   - atoms: respondents in exactly the same published cells form an atom,
//     and every group a reader can derive by adding and subtracting
//     published cells is a union of atoms; every atom must hold 0 or at
//     least k people and not be unanimous. For a unit tree alone this is
//     the complementary rule; where attribute breakdowns cross the tree it
//     is conservative and withholds more than strictly needed;
//   - differencing: no two cells published to the same audience — in this
//     report or, with a [Ledger], any earlier one (re-runs, rolling windows,
//     erasures) — may have respondent sets that differ by 1 to k−1 people.
//     Across publications the rule is pairwise, as the domain notes state:
//     several earlier cells combined with several new ones are not
//     analysed, so give an audience reports of the same shape each time;
//   - comments only for cells of at least 10 responses without attribute
//     conditions, again so that no subtraction isolates fewer than 10, in
//     an order unrelated to who wrote them or when.
//
// There is no API that returns responses with their attributes. The tests
// attack reports as an insider would, and check random org trees by brute
// force: every group whose membership is a linear combination of published
// cells has 0 or at least k members.
//
// # Over time and as a KPI
//
// [CompareWaves] (and [Survey.Compare]) gives each cell's change from one
// wave to the next with its interval and verdict, flagging cells whose
// membership changed by 20% or more; [WaveTrend] fits the trend over
// waves, withheld waves left as gaps; [Report.KPI] reads each leader's
// subtree against a target. In [Rolling] mode, [Survey.RollingReport]
// publishes each employee's latest answer within a window (90 days by
// default) on a fixed cadence, and only after at least k new answers.
//
// # Uncertainty
//
// A published cell's interval is Tango's score interval with the
// finite-population correction ([nps.TangoFinite]): the headcount is
// known, and when most of a team answers the interval is much narrower
// than the infinite-population one (a team of 12 with 10 answers). It
// assumes the respondents are a random sample of the unit; non-response is
// rarely random, so read response rates next to scores.
//
// # Initiatives
//
// The five I's (Inspire, Involve, Inform, Instruct, Incentives; Temkin
// Group) tag survey items ([Item]) and initiatives: [Catalogue] has the
// built-in initiatives of the seed, [Coverage] lists the I's without an
// active one, and [Associate] relates an I's favourability to eNPS across
// units (association, not causation).
package enps
