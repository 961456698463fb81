// Package wheel assesses where a company, or a unit, stands on the internal
// marketing wheel and turns the result into a roadmap.
//
// # The model
//
// Before a company can build lasting customer relationships, its people
// must be hired, developed, supported and kept for service. Zeithaml &
// Bitner's internal marketing wheel (Services Marketing, chapter
// "Employees' Roles in Service Delivery"; figure 11-5 of the 3rd edition,
// "Human Resource Strategies for Closing Gap 3"), "det interne
// marketinghjul" in Danish textbooks, has customer-oriented service
// delivery at its hub and four stages around it, walked clockwise — each
// presupposes the one before:
//
//  1. hire the right people: compete for the best people (1.1), hire for
//     service competencies and service inclination (1.2), be the preferred
//     employer (1.3);
//  2. develop people to deliver service quality: train for technical and
//     interactive skills (2.1), empower employees (2.2), promote teamwork
//     (2.3);
//  3. provide needed support systems: measure internal service quality
//     (3.1), provide supportive technology and equipment (3.2), develop
//     service-oriented internal processes (3.3);
//  4. retain the best people: include employees in the company's vision
//     (4.1), treat employees as customers (4.2), measure and reward strong
//     service performers (4.3; "providers" in the 3rd edition's slide).
//
// [Stage] and [Strategy] name them, with English and Danish labels;
// [InternalMarketingWheel] is the model as data. A [Framework] is any
// such model given as data, so the same engine scores the eight
// service-culture parameters ([ServiceCultureParameters]), which have no
// stages and one accountable owner.
//
// # Assessing and scoring
//
// An [Assessment] has host-written [Item]s mapped to strategies (reverse
// coding allowed; [ExampleItems] are marked as examples), a declared
// [Scale] (1–5 by default, 1–7 or 0–10; "not applicable" is not a number)
// and org units. A [Response] is one respondent's answers, with a role
// (employee, manager) and unit, and optionally importance ratings.
//
// [Score] computes each respondent's mean per strategy (only with at least
// half its items answered), strategy scores with t intervals normalised to
// 0–100, stage and overall indices, top-two-box favourability, Cronbach's
// alpha per stage, bands (weak < 50 ≤ developing < 75 ≤ strong by
// default), the gap between managers' and employees' views, and
// importance–performance quadrants. Unit and role results follow the same
// minimum-group rules as enps: no group under k = 5 respondents, and none
// that subtraction would isolate.
//
// # Roadmap, change and outcomes
//
// [Roadmap] orders the work weakest first, or clockwise from the first stage
// below target, each step with its reason, and marks stages that reach the
// target "maintain". [Compare] gives wave-to-wave changes with Welch
// intervals, calling a change only when its interval excludes 0.
// [LinkOutcomes] relates stage scores to eNPS and NPS across units — the
// service-profit chain — with honest uncertainty and a warning for few
// units. Hosts keep assessments and responses in their own [Store];
// package wheeltest checks an implementation.
package wheel
