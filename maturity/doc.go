// Package maturity diagnoses job maturity — professional competence and
// psychological willingness, per task — recommends the leadership style
// that fits it, and measures leaders' style and its flexibility.
//
// # The models
//
// The seed's two sides of job maturity ("jobmodenhed"): faglig, the
// competence the professional part of the job needs, mostly learnt; and
// psykologisk, how the person handles it with customers and colleagues —
// motivation and confidence, "vilje til at ville". A leader should adopt a
// style that supports the employee's development level: detailed
// instruction at low maturity, support for the self-driven employee at
// high.
//
// Two published models turn this into levels and styles, and they are not
// interchangeable, so the [Model] is an explicit choice and labels never
// mix:
//
//   - [Hersey] (the default): Hersey & Blanchard's situational leadership,
//     whose 1977 split into job and psychological maturity is exactly the
//     seed's; readiness R1–R4 and the styles S1 Telling, S2 Selling, S3
//     Participating, S4 Delegating.
//   - [SLII]: Blanchard's Situational Leadership II; development levels
//     D1–D4 from competence and commitment, and the styles S1 Directing,
//     S2 Coaching, S3 Supporting, S4 Delegating.
//
// Low competence with high commitment is R2 and calls for Selling under
// Hersey, but D1 and Directing under SLII (Graeff 1997).
//
// An [Assessment] rates one employee on one task — maturity is
// task-specific — on a declared [Scale], by a [Rater]. A [Classifier]
// turns normalised scores into a level with configurable [Thresholds] and
// hysteresis, so a score hovering at a cut-off does not flip the level;
// [Recommend] gives the style for a level and [FitOf] reads the style a
// leader used as a match, over-leading or under-leading, adjacent or
// severe. Self and leader ratings are compared as a [DiagnosisGap];
// classification uses the leader's by default.
//
// # Leaders' style and flexibility
//
// [ScoreLEAD] scores the 12 answers (A–D) of Hersey & Blanchard's LEAD
// with the published key, shipped as data ([StandardLEADKey]; the
// copyrighted situation texts are not): style counts, primary and
// secondary styles, the style range (flexibility) and effectiveness
// (−24..+24).
//
// # Teams and change over time
//
// [Current] gives each employee's current classification per task from
// the assessment history (the leader's rating by default, with the gap to
// the self rating). [Team] gives a team's level distribution, mean
// competence and commitment, the share at the top level, the styles the
// team needs and the flexibility gap against the leader's LEAD range.
// [Trajectory] follows an employee on a task — time at each level,
// developmental and regressive cycles — [NextStyle] moves a leader one
// style towards the recommendation, and [Alerts] flags regression,
// stagnation below the top level for 18 months and persistent mismatch.
// [Content] measures job content age since the role started or was last
// refreshed and recommends new content after 24 months.
//
// # Organisation and culture
//
// [Checklist] reports the organisational framework per employee and per
// item (development dialogue within 12 months, programme, rotation, new
// responsibility, role tied to the mission, job description, personal
// goals); [StanceDistribution] the culture stances (the four life
// positions, target "we're OK"); [PresenceGap] behaviour with and without
// the leader present.
//
// # Storage
//
// Hosts keep assessments and style observations in their own [Store],
// and checklist records, culture stances, job content history and LEAD
// answers behind the optional [ChecklistStore], [CultureStore],
// [ContentStore] and [LEADStore]; [MemStore] keeps them all in memory and
// package maturitytest checks any implementation. [DecodeAssessments]
// reads JSON Lines strictly.
//
// # Evidence
//
// Empirical support for the prescriptions of situational leadership is
// limited and mixed (Vecchio 1987; Blank, Weitzel & Green 1990; Graeff
// 1997). Use the results as a structured diagnosis and a conversation aid
// between leader and employee, not as a validated predictor. Every
// threshold and window in this package is a documented library default,
// not a finding.
//
// # Privacy
//
// Maturity records are personal HR data, for the employee, their leader
// and HR. Group reports for anyone else follow the minimum-group rules of
// enps ([PublishGroups]), and eNPS is joined to maturity only at group
// level ([JoinENPS]), never per person.
package maturity
