package closedloop

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// ErrInvalidDigest reports digest parameters that cannot be used: an empty
// team, a period that ends before it begins or has no end, a negative
// number of comments to pick, or a negative option.
var ErrInvalidDigest = errors.New("closedloop: invalid digest parameters")

// Defaults of [DigestOptions].
const (
	// DefaultMaxVerbatims is how many detractor and how many promoter
	// comments a huddle digest shows.
	DefaultMaxVerbatims = 10
	// DefaultMaxAttention is how many cases needing attention a huddle
	// digest shows.
	DefaultMaxAttention = 20
	// DefaultStuckAfter is how long a case may stay paused, or contacted
	// but not closed, before a huddle digest lists it as stuck.
	DefaultStuckAfter = 7 * 24 * time.Hour
	// DefaultRecurrenceWindow is how far back a huddle digest looks for
	// root causes that recur across the team's cases.
	DefaultRecurrenceWindow = 28 * 24 * time.Hour
	// DefaultMinRecurrence is how many of the team's cases a root cause
	// must tag to become a candidate issue.
	DefaultMinRecurrence = 2
)

// DigestOptions tunes [HuddleDigest] and [LeadershipDigest]. The zero
// value takes the defaults; a negative number or duration is an error
// wrapping [ErrInvalidDigest].
type DigestOptions struct {
	// MaxVerbatims caps each of the huddle's lists of detractor and
	// promoter comments, keeping the most recent; 0 means
	// [DefaultMaxVerbatims].
	MaxVerbatims int
	// MaxAttention caps the huddle's cases needing attention, keeping the
	// most urgent (see [CaseAlert]); 0 means [DefaultMaxAttention].
	MaxAttention int
	// StuckAfter is how long a case may stay paused, or contacted but not
	// closed, before the huddle lists it as stuck; 0 means
	// [DefaultStuckAfter].
	StuckAfter time.Duration
	// RecurrenceWindow is how far back from now the huddle counts the
	// team's cases, by receipt, when it looks for recurring root causes;
	// 0 means [DefaultRecurrenceWindow]. It is separate from the digest's
	// period because a daily huddle's day is too short to show recurrence.
	RecurrenceWindow time.Duration
	// MinRecurrence is how many cases in the window a root cause must tag
	// to become a candidate issue; 0 means [DefaultMinRecurrence].
	MinRecurrence int
	// Redact removes personal data from every comment either digest
	// shows; nil means [RedactContacts]. Comments are free text: no
	// function can find every name or address in them, so the host must
	// screen them (or pass a Redact of its own) before a digest is read
	// aloud or shown on a screen. Pass func(s string) string { return s }
	// to show comments unchanged.
	Redact func(string) string
}

func (o DigestOptions) resolve() (DigestOptions, error) {
	switch {
	case o.MaxVerbatims < 0, o.MaxAttention < 0, o.MinRecurrence < 0:
		return o, fmt.Errorf("%w: negative count in options (MaxVerbatims %d, MaxAttention %d, MinRecurrence %d)",
			ErrInvalidDigest, o.MaxVerbatims, o.MaxAttention, o.MinRecurrence)
	case o.StuckAfter < 0, o.RecurrenceWindow < 0:
		return o, fmt.Errorf("%w: negative duration in options (StuckAfter %v, RecurrenceWindow %v)",
			ErrInvalidDigest, o.StuckAfter, o.RecurrenceWindow)
	}
	o.MaxVerbatims = cmp.Or(o.MaxVerbatims, DefaultMaxVerbatims)
	o.MaxAttention = cmp.Or(o.MaxAttention, DefaultMaxAttention)
	o.StuckAfter = cmp.Or(o.StuckAfter, DefaultStuckAfter)
	o.RecurrenceWindow = cmp.Or(o.RecurrenceWindow, DefaultRecurrenceWindow)
	o.MinRecurrence = cmp.Or(o.MinRecurrence, DefaultMinRecurrence)
	if o.Redact == nil {
		o.Redact = RedactContacts
	}
	return o, nil
}

var (
	emailPattern = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)
	// A digit, then at least six more, each after at most two spaces,
	// hyphens or parentheses; optionally led by + or (.
	phonePattern = regexp.MustCompile(`(?:\+|\(\+?)?\d(?:[ \-()]{0,2}\d){6,}`)
)

// RedactContacts is the default redaction of [DigestOptions]: it replaces
// e-mail addresses with "[e-mail]" and phone-number-like runs of seven or
// more digits (possibly led by + and separated by spaces, hyphens or
// parentheses, as in "+45 12 34 56 78") with "[phone]".
//
// It is deliberately simple and eager: account numbers, large amounts
// written with spaces ("1 200 000") and dates written 2026-11-23 are
// masked too, while shorter numbers and dates written 23.11.2026 are
// kept. It cannot find names or postal addresses: the host must screen
// comments before they are read aloud.
func RedactContacts(s string) string {
	s = emailPattern.ReplaceAllLiteralString(s, "[e-mail]")
	return phonePattern.ReplaceAllLiteralString(s, "[phone]")
}

// Verbatim is a customer's comment as a digest shows it: redacted, and
// without the customer's ID. ResponseID is the key of the response, kept
// so that the comment can be linked to an [Issue] (LinkedComments).
type Verbatim struct {
	ResponseID string     `json:"response_id"`
	At         time.Time  `json:"at"`
	Rating     nps.Rating `json:"rating"`
	Touchpoint string     `json:"touchpoint,omitempty"`
	Unit       string     `json:"unit,omitempty"`
	Employees  []string   `json:"employees,omitempty"`
	Comment    string     `json:"comment"`
}

// verbatimOf returns the response's comment unredacted, sharing its
// employees; finishVerbatims copies them for the digest.
func verbatimOf(r *nps.Response) Verbatim {
	return Verbatim{ResponseID: r.ID, At: r.At, Rating: r.Rating, Touchpoint: r.Touchpoint,
		Unit: r.Unit, Employees: r.Employees, Comment: r.Comment}
}

// newerFirst orders verbatims most recent first, then by response ID.
func newerFirst(a, b Verbatim) int {
	if c := b.At.Compare(a.At); c != 0 {
		return c
	}
	return strings.Compare(a.ResponseID, b.ResponseID)
}

// ShoutOut credits an employee named on promoter responses in the period:
// Tens counts the 10s, ThankYous the promoter responses (9 or 10) with a
// comment, and Comment is the most recent of those comments, redacted (""
// if none).
type ShoutOut struct {
	Employee  string `json:"employee"`
	Tens      int    `json:"tens"`
	ThankYous int    `json:"thank_yous"`
	Comment   string `json:"comment,omitempty"`
}

// AlertKind says why a huddle lists a case.
type AlertKind uint8

const (
	// AlertOverdue: the case is open, not paused, and its due time has
	// passed without a first contact.
	AlertOverdue AlertKind = iota + 1
	// AlertUnreachable: the case became unreachable in the digest's
	// period; the team decides whether to try another way.
	AlertUnreachable
	// AlertPaused: the case has waited on the customer for at least
	// StuckAfter.
	AlertPaused
	// AlertNotClosed: the customer was contacted at least StuckAfter ago
	// and the case is still not closed.
	AlertNotClosed
)

var alertNames = [...]string{AlertOverdue: "overdue", AlertUnreachable: "unreachable", AlertPaused: "paused", AlertNotClosed: "not closed"}

// String returns "overdue", "unreachable", "paused" or "not closed".
func (k AlertKind) String() string {
	if int(k) < len(alertNames) && alertNames[k] != "" {
		return alertNames[k]
	}
	return fmt.Sprintf("AlertKind(%d)", int(k))
}

// MarshalText encodes the kind as its name.
func (k AlertKind) MarshalText() ([]byte, error) {
	if int(k) < len(alertNames) && alertNames[k] != "" {
		return []byte(alertNames[k]), nil
	}
	return nil, fmt.Errorf("%w: alert kind %d", ErrInvalidDigest, int(k))
}

// UnmarshalText decodes a kind's name.
func (k *AlertKind) UnmarshalText(b []byte) error {
	if i := slices.Index(alertNames[:], string(b)); i > 0 {
		*k = AlertKind(i)
		return nil
	}
	return fmt.Errorf("%w: unknown alert kind %q", ErrInvalidDigest, b)
}

// CaseAlert is a case a huddle should talk about: overdue or stuck. Since
// is when the trouble began: the due time (overdue), the instant the case
// became unreachable, the start of the pause, or the first contact (not
// closed). A huddle orders alerts by kind in the order of the constants,
// then oldest first, then by case ID.
type CaseAlert struct {
	Kind       AlertKind `json:"kind"`
	Case       string    `json:"case"`
	Owner      string    `json:"owner"`
	Touchpoint string    `json:"touchpoint,omitempty"`
	Since      time.Time `json:"since"`
}

func compareAlerts(a, b CaseAlert) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), a.Since.Compare(b.Since), strings.Compare(a.Case, b.Case))
}

// Candidate is a root cause that recurs across a team's recent cases: a
// candidate issue for the outer loop. Cases lists the IDs of the cases it
// tags, in ID order. See [Candidate.Propose].
type Candidate struct {
	Cause string   `json:"cause"`
	Cases []string `json:"cases"`
}

// Huddle is a team's huddle agenda for the period [Since, Now): the new
// comments of detractors and promoters, shout-outs, the cases that need
// attention and the candidate issues for the outer loop. It is a plain
// value the host can store.
type Huddle struct {
	Team  string    `json:"team"`
	Since time.Time `json:"since"`
	Now   time.Time `json:"now"`
	// Tally counts the team's responses in the period, with or without
	// a comment.
	Tally nps.Tally `json:"tally"`
	// Detractors and Promoters are the comments of detractors (0–6) and
	// promoters (9–10), most recent first, capped at MaxVerbatims; the
	// promoters' comments are the team's thank-yous. Passives' comments
	// are not shown. MoreDetractors and MorePromoters count the comments
	// left out by the cap.
	Detractors     []Verbatim `json:"detractors"`
	Promoters      []Verbatim `json:"promoters"`
	MoreDetractors int        `json:"more_detractors"`
	MorePromoters  int        `json:"more_promoters"`
	// ShoutOuts lists every employee with a 10 or a thank-you in the
	// period: most 10s first, then most thank-yous, then by name.
	ShoutOuts []ShoutOut `json:"shout_outs"`
	// Attention lists the cases that are overdue or stuck as of Now, most
	// urgent first, capped at MaxAttention; MoreAttention counts those
	// left out.
	Attention     []CaseAlert `json:"attention"`
	MoreAttention int         `json:"more_attention"`
	// Candidates are the root causes tagged on at least MinRecurrence of
	// the team's cases received in the recurrence window before Now, the
	// most frequent first, then by name.
	Candidates []Candidate `json:"candidates"`
}

// HuddleDigest builds the huddle agenda of team for the period
// [since, now) from a stream of responses and one of cases, as a store
// yields them (nps.Store.Responses with nps.Filter{Units: []string{team}}
// and [Store.Cases] with [CaseFilter]{Teams: []string{team}}, say). It
// keeps the responses whose Unit is team and the cases whose Team is team,
// so unfiltered streams give the same digest.
//
// The digest holds:
//   - the comments of the period's detractors and promoters, most recent
//     first (the promoters' comments are the thank-yous);
//   - shout-outs: per employee, the 10s and the thank-yous;
//   - the cases needing attention as of now, of any age: open past their
//     due time, paused or contacted but not closed for StuckAfter, or
//     become unreachable in the period ([AlertKind]);
//   - candidate issues: root causes tagged on at least MinRecurrence of
//     the team's cases received in the RecurrenceWindow before now.
//
// Comments pass through the options' Redact. Memory is proportional to the
// digest (the capped lists, one entry per credited employee, the IDs of
// tagged cases in the recurrence window), not to the streams.
//
// Hold huddles daily for frontline teams and weekly elsewhere (the domain
// default), passing the previous huddle's now as since.
//
// An empty team, a zero now, now before since or an invalid option is an
// error wrapping [ErrInvalidDigest]; an invalid rating wraps
// [nps.ErrInvalidRating]. An error from either stream, or a done ctx, is
// returned wrapped.
func HuddleDigest(ctx context.Context, responses iter.Seq2[nps.Response, error], cases iter.Seq2[Case, error],
	team string, since, now time.Time, opts DigestOptions) (Huddle, error) {
	o, err := opts.resolve()
	if err != nil {
		return Huddle{}, err
	}
	if strings.TrimSpace(team) == "" {
		return Huddle{}, fmt.Errorf("%w: empty team", ErrInvalidDigest)
	}
	if err := checkDigestPeriod(since, now); err != nil {
		return Huddle{}, err
	}
	h := Huddle{Team: team, Since: since, Now: now}
	detractors := firstK[Verbatim]{k: o.MaxVerbatims, cmp: newerFirst}
	promoters := firstK[Verbatim]{k: o.MaxVerbatims, cmp: newerFirst}
	shouts := map[string]*shoutState{}
	for r, err := range responses {
		if err := digestReadErr(ctx, "responses", err); err != nil {
			return Huddle{}, err
		}
		if r.Unit != team || !inDigestPeriod(r.At, since, now) {
			continue
		}
		if err := h.Tally.Add(r.Rating); err != nil {
			return Huddle{}, fmt.Errorf("closedloop: response %q: %w", r.ID, err)
		}
		cat, commented := r.Rating.Category(), strings.TrimSpace(r.Comment) != ""
		switch {
		case cat == nps.Detractor && commented:
			detractors.add(verbatimOf(&r))
		case cat == nps.Promoter && commented:
			promoters.add(verbatimOf(&r))
		}
		if cat == nps.Promoter && (r.Rating == 10 || commented) {
			for _, e := range r.Employees {
				s := shouts[e]
				if s == nil {
					s = &shoutState{ShoutOut: ShoutOut{Employee: e}}
					shouts[e] = s
				}
				s.add(&r, commented)
			}
		}
	}

	alerts := firstK[CaseAlert]{k: o.MaxAttention, cmp: compareAlerts}
	causes := map[string][]string{}
	from := now.Add(-o.RecurrenceWindow)
	for c, err := range cases {
		if err := digestReadErr(ctx, "cases", err); err != nil {
			return Huddle{}, err
		}
		if c.Team != team {
			continue
		}
		if a, ok := alertOf(&c, since, now, o.StuckAfter); ok {
			alerts.add(a)
		}
		if !c.ReceivedAt.Before(from) && c.ReceivedAt.Before(now) {
			for _, cause := range distinctCauses(c.RootCauses) {
				causes[cause] = append(causes[cause], c.ID)
			}
		}
	}

	h.Detractors, h.MoreDetractors = finishVerbatims(detractors.sorted(), o.Redact), detractors.more()
	h.Promoters, h.MorePromoters = finishVerbatims(promoters.sorted(), o.Redact), promoters.more()
	h.ShoutOuts = make([]ShoutOut, 0, len(shouts))
	for _, s := range shouts {
		if s.Comment != "" {
			s.Comment = o.Redact(s.Comment)
		}
		h.ShoutOuts = append(h.ShoutOuts, s.ShoutOut)
	}
	slices.SortFunc(h.ShoutOuts, func(a, b ShoutOut) int {
		return cmp.Or(cmp.Compare(b.Tens, a.Tens), cmp.Compare(b.ThankYous, a.ThankYous), strings.Compare(a.Employee, b.Employee))
	})
	h.Attention, h.MoreAttention = alerts.sorted(), alerts.more()
	h.Candidates = []Candidate{}
	for cause, ids := range causes {
		if len(ids) >= o.MinRecurrence {
			slices.Sort(ids)
			h.Candidates = append(h.Candidates, Candidate{Cause: cause, Cases: ids})
		}
	}
	slices.SortFunc(h.Candidates, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(len(b.Cases), len(a.Cases)), strings.Compare(a.Cause, b.Cause))
	})
	return h, nil
}

// shoutState is a shout-out being counted, with the instant and response
// of its comment.
type shoutState struct {
	ShoutOut
	at time.Time
	id string
}

func (s *shoutState) add(r *nps.Response, commented bool) {
	if r.Rating == 10 {
		s.Tens++
	}
	if !commented {
		return
	}
	s.ThankYous++
	if s.ThankYous == 1 || newerFirst(Verbatim{At: r.At, ResponseID: r.ID}, Verbatim{At: s.at, ResponseID: s.id}) < 0 {
		s.Comment, s.at, s.id = r.Comment, r.At, r.ID
	}
}

// alertOf says whether the case needs the huddle's attention as of now.
func alertOf(c *Case, since, now time.Time, stuck time.Duration) (CaseAlert, bool) {
	a := CaseAlert{Case: c.ID, Owner: c.Owner, Touchpoint: c.Touchpoint}
	switch {
	case c.State == Open && !c.Paused():
		a.Kind, a.Since = AlertOverdue, c.Deadlines.Due
		return a, !now.Before(a.Since)
	case c.State == Open:
		a.Kind, a.Since = AlertPaused, c.PausedAt
		return a, now.Sub(a.Since) >= stuck
	case c.State == Contacted:
		a.Kind, a.Since = AlertNotClosed, c.FirstContactAt
		return a, now.Sub(a.Since) >= stuck
	case c.State == Unreachable:
		a.Kind, a.Since = AlertUnreachable, unreachableAt(c)
		return a, inDigestPeriod(a.Since, since, now)
	}
	return a, false
}

// unreachableAt returns when the case became unreachable: its last
// unreachable event, else its last attempt, else its opening.
func unreachableAt(c *Case) time.Time {
	for _, e := range slices.Backward(c.History) {
		if e.Kind == EventUnreachable {
			return e.At
		}
	}
	if n := len(c.Attempts); n > 0 {
		return c.Attempts[n-1].At
	}
	return c.OpenedAt
}

// distinctCauses returns the case's distinct non-blank root causes, trimmed.
func distinctCauses(tags []string) []string {
	var out []string
	for _, t := range tags {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// Meeting records a leadership review as it was held: when, who attended,
// and whether the CEO was at the table. The host fills it in after the
// meeting and stores it with the digest that was read.
type Meeting struct {
	At         time.Time `json:"at"`
	Attendees  []string  `json:"attendees"`
	CEOPresent bool      `json:"ceo_present"`
}

// Leadership is a leadership review's reading for the period [Since, Now):
// comments from unhappy and from happy customers, spread across
// touchpoints, with the period's figures, and the meeting once it is held.
type Leadership struct {
	Since time.Time `json:"since"`
	Now   time.Time `json:"now"`
	// Tally counts every response in the period, with or without a
	// comment; its NPS ([nps.Tally.NPS]) is the period's score.
	Tally nps.Tally `json:"tally"`
	// UnhappyComments and HappyComments count the detractors' and
	// promoters' comments in the period, of which Unhappy and Happy are
	// the selection.
	UnhappyComments int `json:"unhappy_comments"`
	HappyComments   int `json:"happy_comments"`
	// Unhappy and Happy are the comments to read aloud, detractors' and
	// promoters', in reading order (see [LeadershipDigest]).
	Unhappy []Verbatim `json:"unhappy"`
	Happy   []Verbatim `json:"happy"`
	// Meeting is the zero value until the host records the meeting.
	Meeting Meeting `json:"meeting,omitzero"`
}

// LeadershipDigest picks comments to read aloud at a leadership review,
// from both unhappy customers (detractors, 0–6) and happy ones (promoters,
// 9–10): up to nUnhappy and nHappy comments given in the period
// [since, now). The host narrows the stream to the review's scope (with
// nps.Filter's Units, say); responses outside the period are skipped.
//
// The selection spreads across touchpoints: round by round it takes the
// next most recent comment of every touchpoint that has one left, so no
// touchpoint gets a second comment read before every touchpoint has had
// its first. Within a round comments are ordered most recent first (then
// by response ID), and the last round is cut at the cap; so with fewer
// picks than touchpoints, the touchpoints with the most recent comments
// are read. Responses without a touchpoint form one group.
//
// Customer IDs are never copied, and every comment passes through the
// options' Redact; comments are free text, which the host must have
// screened for other personal data. Only the options' Redact is used.
// Memory is proportional to the touchpoints times nUnhappy + nHappy.
//
// Negative counts, a zero now, now before since or an invalid option are
// errors wrapping [ErrInvalidDigest]; an invalid rating wraps
// [nps.ErrInvalidRating]. An error from the stream, or a done ctx, is
// returned wrapped.
func LeadershipDigest(ctx context.Context, responses iter.Seq2[nps.Response, error], since, now time.Time,
	nUnhappy, nHappy int, opts DigestOptions) (Leadership, error) {
	o, err := opts.resolve()
	if err != nil {
		return Leadership{}, err
	}
	if nUnhappy < 0 || nHappy < 0 {
		return Leadership{}, fmt.Errorf("%w: negative number of comments (%d unhappy, %d happy)", ErrInvalidDigest, nUnhappy, nHappy)
	}
	if err := checkDigestPeriod(since, now); err != nil {
		return Leadership{}, err
	}
	l := Leadership{Since: since, Now: now}
	unhappy, happy := map[string]*firstK[Verbatim]{}, map[string]*firstK[Verbatim]{}
	for r, err := range responses {
		if err := digestReadErr(ctx, "responses", err); err != nil {
			return Leadership{}, err
		}
		if !inDigestPeriod(r.At, since, now) {
			continue
		}
		if err := l.Tally.Add(r.Rating); err != nil {
			return Leadership{}, fmt.Errorf("closedloop: response %q: %w", r.ID, err)
		}
		if strings.TrimSpace(r.Comment) == "" {
			continue
		}
		switch r.Rating.Category() {
		case nps.Detractor:
			l.UnhappyComments++
			pickFrom(unhappy, &r, nUnhappy)
		case nps.Promoter:
			l.HappyComments++
			pickFrom(happy, &r, nHappy)
		}
	}
	l.Unhappy = finishVerbatims(spreadTouchpoints(unhappy, nUnhappy), o.Redact)
	l.Happy = finishVerbatims(spreadTouchpoints(happy, nHappy), o.Redact)
	return l, nil
}

// pickFrom offers the response's comment to its touchpoint's group, which
// keeps the n most recent.
func pickFrom(groups map[string]*firstK[Verbatim], r *nps.Response, n int) {
	if n == 0 {
		return
	}
	g := groups[r.Touchpoint]
	if g == nil {
		g = &firstK[Verbatim]{k: n, cmp: newerFirst}
		groups[r.Touchpoint] = g
	}
	g.add(verbatimOf(r))
}

// spreadTouchpoints selects up to n verbatims round-robin across the groups.
func spreadTouchpoints(groups map[string]*firstK[Verbatim], n int) []Verbatim {
	lists := make([][]Verbatim, 0, len(groups))
	for _, g := range groups {
		lists = append(lists, g.sorted())
	}
	out := []Verbatim{}
	for round := 0; len(out) < n; round++ {
		var batch []Verbatim
		for _, l := range lists {
			if round < len(l) {
				batch = append(batch, l[round])
			}
		}
		if len(batch) == 0 {
			break
		}
		slices.SortFunc(batch, newerFirst)
		out = append(out, batch[:min(len(batch), n-len(out))]...)
	}
	return out
}

// finishVerbatims redacts the verbatims' comments and copies their employees.
func finishVerbatims(vs []Verbatim, redact func(string) string) []Verbatim {
	for i := range vs {
		vs[i].Comment = redact(vs[i].Comment)
		vs[i].Employees = slices.Clone(vs[i].Employees)
	}
	return vs
}

func checkDigestPeriod(since, now time.Time) error {
	switch {
	case now.IsZero():
		return fmt.Errorf("%w: zero now", ErrInvalidDigest)
	case now.Before(since):
		return fmt.Errorf("%w: now %v is before since %v", ErrInvalidDigest, now, since)
	}
	return nil
}

// inDigestPeriod reports whether t is in [since, now).
func inDigestPeriod(t, since, now time.Time) bool { return !t.Before(since) && t.Before(now) }

// digestReadErr wraps an error a stream yielded, or reports a done ctx.
func digestReadErr(ctx context.Context, what string, err error) error {
	if err != nil {
		return fmt.Errorf("closedloop: reading %s: %w", what, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("closedloop: reading %s: %w", what, err)
	}
	return nil
}

// firstK keeps the k first of the items added in the order cmp (a total
// order), in memory proportional to k.
type firstK[T any] struct {
	k    int
	cmp  func(a, b T) int
	h    []T // a heap whose root is the last kept item in cmp order
	seen int
}

func (f *firstK[T]) add(x T) {
	f.seen++
	switch {
	case f.k <= 0:
	case len(f.h) < f.k:
		f.h = append(f.h, x)
		for j := len(f.h) - 1; j > 0; {
			i := (j - 1) / 2
			if !f.after(j, i) {
				break
			}
			f.h[i], f.h[j] = f.h[j], f.h[i]
			j = i
		}
	case f.cmp(x, f.h[0]) < 0:
		f.h[0] = x
		for i, n := 0, len(f.h); ; {
			j := 2*i + 1
			if j >= n {
				break
			}
			if r := j + 1; r < n && f.after(r, j) {
				j = r
			}
			if !f.after(j, i) {
				break
			}
			f.h[i], f.h[j] = f.h[j], f.h[i]
			i = j
		}
	}
}

// after reports whether item i comes after item j.
func (f *firstK[T]) after(i, j int) bool { return f.cmp(f.h[i], f.h[j]) > 0 }

// sorted returns the kept items in order.
func (f *firstK[T]) sorted() []T {
	s := make([]T, len(f.h))
	copy(s, f.h)
	slices.SortFunc(s, f.cmp)
	return s
}

// more returns how many added items were not kept.
func (f *firstK[T]) more() int { return f.seen - len(f.h) }
