package closedloop

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultContactGap is the minimum gap since a customer's last invitation
// and since the last response when [ContactRules.MinGap] is zero: 90 days
// of elapsed time (2160 hours), a library default. Where daylight saving
// time changes in between, the gap ends an hour earlier or later on the
// local clock.
const DefaultContactGap = 90 * 24 * time.Hour

// Sentinel errors of contact governance, for [errors.Is].
var (
	// ErrInvalidContactRules reports [ContactRules] that cannot be
	// applied: a negative MinGap or NewCustomerDelay, or a list or survey
	// gap that is empty-named, zero or negative.
	ErrInvalidContactRules = errors.New("closedloop: invalid contact rules")
	// ErrInvalidContactHistory reports input a contact decision cannot be
	// made from: a zero decision instant, an instant outside the years
	// 1–9999, an invitation, response or opt-out recorded after the
	// decision instant, or an opt-out time without the opt-out.
	ErrInvalidContactHistory = errors.New("closedloop: invalid contact history")
)

// ContactRules limit how often a customer is surveyed. The zero value is
// usable: a gap of [DefaultContactGap] and no delay for new customers.
//
// A customer may be invited when all of these hold:
//
//   - the customer has not opted out; an opt-out is permanent;
//   - no follow-up case for the customer is open;
//   - at least NewCustomerDelay has passed since the customer became one;
//   - at least the gap has passed since the customer's last invitation, and
//     since the last response.
//
// The gap is measured against the customer's whole contact history, every
// survey and list together, because it is the customer who tires of being
// asked; a survey's scope only selects how long the gap is. Its length
// comes from the most specific scope that sets one: the survey's entry in
// SurveyGaps, else the list's entry in ListGaps, else MinGap, else
// [DefaultContactGap]. So a survey can ask for a shorter gap than its list
// (a transactional survey after each visit) or a longer one (a yearly
// relationship survey).
//
// A time rule is kept when now − last ≥ length: a customer last invited at
// 10:00 with a gap of 90 days may be invited again from 10:00 ninety days
// later, not a nanosecond earlier. Durations are elapsed time, and
// nanoseconds in JSON, as [time.Duration] encodes.
//
// ContactRules are read, never modified, by [ContactRules.Decide]; they are
// safe for concurrent use as long as no one writes the maps.
type ContactRules struct {
	// MinGap is the global gap: the minimum time since the last
	// invitation and since the last response. Zero means
	// [DefaultContactGap]; negative is invalid.
	MinGap time.Duration `json:"min_gap,omitzero"`
	// ListGaps sets the gap for surveys sent to a distribution list, by
	// list name, overriding MinGap. An entry must have a non-empty name
	// and a positive gap: a zero entry is more likely a missing setting
	// than a wish to survey without limit, so it is rejected.
	ListGaps map[string]time.Duration `json:"list_gaps,omitempty"`
	// SurveyGaps sets the gap for a survey, by survey name, overriding
	// ListGaps and MinGap. Entries follow the rules of ListGaps.
	SurveyGaps map[string]time.Duration `json:"survey_gaps,omitempty"`
	// NewCustomerDelay is the time a new customer is left alone, counted
	// from [ContactHistory.CustomerSince]. Zero means no delay, the
	// default, because its length depends on the business (days for a
	// shop, a quarter for a service contract) and a survey after a first
	// purchase can be wanted; negative is invalid.
	NewCustomerDelay time.Duration `json:"new_customer_delay,omitzero"`
}

// SurveyScope names the survey a customer would be invited to and the
// distribution list it goes out on. Either may be empty; then only the
// other, or the global gap, applies.
type SurveyScope struct {
	List   string `json:"list,omitempty"`
	Survey string `json:"survey,omitempty"`
}

// ContactHistory is what the host knows of a customer's contact with
// surveys, from its customer records and case store. A zero time means
// unknown or never: a customer never invited, or whose start is not
// recorded. Invitations and responses are the latest to and from any
// survey, on any list; a response given unprompted, on a web form, counts
// too.
type ContactHistory struct {
	// CustomerSince is when the customer became one. It may lie after
	// the decision instant (a contract that starts next month); the
	// new-customer delay then counts from it. Zero: unknown, and the
	// delay is not applied.
	CustomerSince time.Time `json:"customer_since,omitzero"`
	// OptedOut reports that the customer asked never to be surveyed.
	// It is permanent: nothing else lifts it.
	OptedOut bool `json:"opted_out,omitempty"`
	// OptedOutAt is when the customer opted out, if known. It is only
	// reported; it requires OptedOut.
	OptedOutAt time.Time `json:"opted_out_at,omitzero"`
	// LastInvited is the customer's latest survey invitation.
	LastInvited time.Time `json:"last_invited,omitzero"`
	// LastResponded is the customer's latest survey response.
	LastResponded time.Time `json:"last_responded,omitzero"`
	// OpenCase reports that a follow-up case for the customer is open:
	// a customer who is being followed up is not surveyed meanwhile.
	OpenCase bool `json:"open_case,omitempty"`
}

// ContactCheck names one rule of [ContactRules]. Its values are the
// strings used in JSON.
type ContactCheck string

// The rules a [ContactDecision] checks, in the order it reports them.
const (
	CheckOptOut        ContactCheck = "opt-out"        // the customer opted out
	CheckOpenCase      ContactCheck = "open-case"      // a follow-up case is open
	CheckNewCustomer   ContactCheck = "new-customer"   // the new-customer delay
	CheckInvitationGap ContactCheck = "invitation-gap" // the gap since the last invitation
	CheckResponseGap   ContactCheck = "response-gap"   // the gap since the last response
)

// GapLevel is the scope whose setting gave the gap length, as described at
// [ContactRules]. Its values are the strings used in JSON.
type GapLevel string

// The scopes a gap length comes from, least specific first.
const (
	GapDefault GapLevel = "default" // no setting: DefaultContactGap
	GapGlobal  GapLevel = "global"  // ContactRules.MinGap
	GapList    GapLevel = "list"    // the list's entry in ContactRules.ListGaps
	GapSurvey  GapLevel = "survey"  // the survey's entry in ContactRules.SurveyGaps
)

// ContactReason is the outcome of one rule: whether it blocks the survey,
// until when, and why, in words.
type ContactReason struct {
	Check ContactCheck `json:"check"`
	// Blocks reports that the rule forbids a survey now.
	Blocks bool `json:"blocks"`
	// Until is when a blocking time rule (the new-customer delay and the
	// gaps) is kept, always after the decision instant; zero otherwise.
	Until time.Time `json:"until,omitzero"`
	// Detail explains the outcome in one clause, with the dates and
	// lengths it used.
	Detail string `json:"detail"`
}

// ContactDecision says whether a customer may be surveyed now and explains
// itself: Reasons holds the outcome of every rule, in the order of the
// Check constants, whether it blocks or not.
type ContactDecision struct {
	// Allowed reports that no rule blocks.
	Allowed bool `json:"allowed"`
	// NotBefore is the earliest instant the customer may be surveyed,
	// as far as the history tells: the latest Until of the blocking
	// reasons, after the decision instant. It is zero when the survey
	// is allowed now and when it never will be (opt-out). While a case
	// is open it is only a lower bound, and zero if the time rules alone
	// would allow the survey now: no one knows when the case closes.
	NotBefore time.Time `json:"not_before,omitzero"`
	// Gap is the gap length that applied, and GapLevel the scope that
	// set it. Gap is in nanoseconds in JSON.
	Gap      time.Duration   `json:"gap"`
	GapLevel GapLevel        `json:"gap_level"`
	Reasons  []ContactReason `json:"reasons"`
}

// maxContactTime is the latest instant a contact decision accepts.
var maxContactTime = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)

// Validate checks the rules, reporting the first problem in a fixed order
// (MinGap, NewCustomerDelay, ListGaps, SurveyGaps, map entries by name) as
// an error wrapping [ErrInvalidContactRules]. [ContactRules.Decide] calls
// it; hosts may call it once when loading their configuration.
func (r ContactRules) Validate() error {
	if r.MinGap < 0 {
		return fmt.Errorf("%w: MinGap %v is negative", ErrInvalidContactRules, r.MinGap)
	}
	if r.NewCustomerDelay < 0 {
		return fmt.Errorf("%w: NewCustomerDelay %v is negative", ErrInvalidContactRules, r.NewCustomerDelay)
	}
	if err := checkGaps("list", r.ListGaps); err != nil {
		return err
	}
	return checkGaps("survey", r.SurveyGaps)
}

// checkGaps validates the entries of a ListGaps or SurveyGaps map. It
// sorts the names only when there is a problem to report.
func checkGaps(kind string, gaps map[string]time.Duration) error {
	bad := false
	for name, gap := range gaps {
		if name == "" || gap <= 0 {
			bad = true
			break
		}
	}
	if !bad {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(gaps)) {
		switch gap := gaps[name]; {
		case name == "":
			return fmt.Errorf("%w: %s gap %v set for an empty %s name", ErrInvalidContactRules, kind, gap, kind)
		case gap <= 0:
			return fmt.Errorf("%w: %s %q has gap %v, not positive", ErrInvalidContactRules, kind, name, gap)
		}
	}
	return nil
}

// gap returns the gap length for scope s and the scope level that set it.
func (r ContactRules) gap(s SurveyScope) (time.Duration, GapLevel) {
	if g, ok := r.SurveyGaps[s.Survey]; ok && s.Survey != "" {
		return g, GapSurvey
	}
	if g, ok := r.ListGaps[s.List]; ok && s.List != "" {
		return g, GapList
	}
	if r.MinGap != 0 {
		return r.MinGap, GapGlobal
	}
	return DefaultContactGap, GapDefault
}

// Decide decides whether the customer with history h may be invited now to
// a survey in scope s. It checks every rule, in the order of the Check
// constants, and reports each in the decision, so even an allowed survey
// says which gap applied and why each rule let it pass. An opt-out blocks
// for good; the other rules are still checked and listed.
//
// Invalid rules are an error wrapping [ErrInvalidContactRules]. A zero or
// out-of-range now, or an invitation, response or opt-out after now, is an
// error wrapping [ErrInvalidContactHistory]: it means the history and now
// come from different clocks, or the data is wrong, and guessing which
// would hide it; take now from the clock that stamps the history. On error
// the decision is the zero value, which does not allow a survey.
//
// Decide never reads the clock, and its result depends only on its
// arguments. Times in the decision are in now's location.
func (r ContactRules) Decide(now time.Time, h ContactHistory, s SurveyScope) (ContactDecision, error) {
	if err := r.Validate(); err != nil {
		return ContactDecision{}, err
	}
	if err := h.validate(now); err != nil {
		return ContactDecision{}, err
	}
	gap, level := r.gap(s)
	scope := describeGap(gap, level, s)
	loc := now.Location()
	d := ContactDecision{
		Gap:      gap,
		GapLevel: level,
		Reasons: []ContactReason{
			optOutReason(h, loc),
			openCaseReason(h),
			r.newCustomerReason(now, h),
			gapReason(CheckInvitationGap, "invited", h.LastInvited, now, gap, scope),
			gapReason(CheckResponseGap, "responded", h.LastResponded, now, gap, scope),
		},
	}
	d.Allowed = true
	for _, rs := range d.Reasons {
		if !rs.Blocks {
			continue
		}
		d.Allowed = false
		if rs.Until.After(d.NotBefore) {
			d.NotBefore = rs.Until
		}
	}
	if h.OptedOut {
		d.NotBefore = time.Time{}
	}
	return d, nil
}

// validate checks the history against the decision instant now.
func (h ContactHistory) validate(now time.Time) error {
	if now.IsZero() {
		return fmt.Errorf("%w: zero decision instant", ErrInvalidContactHistory)
	}
	if err := inContactRange("decision instant", now); err != nil {
		return err
	}
	if !h.OptedOutAt.IsZero() && !h.OptedOut {
		return fmt.Errorf("%w: opt-out time %s without opt-out", ErrInvalidContactHistory, stamp(h.OptedOutAt, now.Location()))
	}
	if err := inContactRange("customer start", h.CustomerSince); err != nil {
		return err
	}
	for _, e := range [...]struct {
		what string
		t    time.Time
	}{
		{"opt-out", h.OptedOutAt},
		{"last invitation", h.LastInvited},
		{"last response", h.LastResponded},
	} {
		if err := inContactRange(e.what, e.t); err != nil {
			return err
		}
		if e.t.After(now) {
			return fmt.Errorf("%w: %s at %s is after the decision instant %s",
				ErrInvalidContactHistory, e.what, stamp(e.t, now.Location()), stamp(now, now.Location()))
		}
	}
	return nil
}

// inContactRange reports an instant outside the years 1–9999, where time
// arithmetic could overflow and JSON cannot represent it.
func inContactRange(what string, t time.Time) error {
	if t.Before(time.Time{}) || t.After(maxContactTime) {
		return fmt.Errorf("%w: %s is outside the years 1–9999", ErrInvalidContactHistory, what)
	}
	return nil
}

func optOutReason(h ContactHistory, loc *time.Location) ContactReason {
	r := ContactReason{Check: CheckOptOut, Detail: "not opted out"}
	if h.OptedOut {
		r.Blocks = true
		r.Detail = "opted out, for good"
		if !h.OptedOutAt.IsZero() {
			r.Detail = "opted out " + stamp(h.OptedOutAt, loc) + ", for good"
		}
	}
	return r
}

func openCaseReason(h ContactHistory) ContactReason {
	if h.OpenCase {
		return ContactReason{Check: CheckOpenCase, Blocks: true, Detail: "a follow-up case is open, not until it is closed"}
	}
	return ContactReason{Check: CheckOpenCase, Detail: "no open follow-up case"}
}

func (r ContactRules) newCustomerReason(now time.Time, h ContactHistory) ContactReason {
	rs := ContactReason{Check: CheckNewCustomer}
	delay := "new-customer delay of " + span(r.NewCustomerDelay)
	switch {
	case r.NewCustomerDelay == 0:
		rs.Detail = "no new-customer delay"
	case h.CustomerSince.IsZero():
		rs.Detail = "customer start unknown, " + delay + " not applied"
	default:
		since := "customer since " + stamp(h.CustomerSince, now.Location())
		if until := h.CustomerSince.Add(r.NewCustomerDelay); now.Before(until) {
			rs.Blocks = true
			rs.Until = until.In(now.Location())
			rs.Detail = since + ", within the " + delay + ", not before " + stamp(until, now.Location())
		} else {
			rs.Detail = since + ", past the " + delay
		}
	}
	return rs
}

// gapReason checks the gap since the instant last of an event ("invited",
// "responded"); scope describes the gap and where its length came from.
func gapReason(check ContactCheck, event string, last, now time.Time, gap time.Duration, scope string) ContactReason {
	rs := ContactReason{Check: check}
	if last.IsZero() {
		rs.Detail = "never " + event
		return rs
	}
	at := "last " + event + " " + stamp(last, now.Location())
	if until := last.Add(gap); now.Before(until) {
		rs.Blocks = true
		rs.Until = until.In(now.Location())
		rs.Detail = at + ", within the " + scope + ", not before " + stamp(until, now.Location())
	} else {
		rs.Detail = at + ", past the " + scope
	}
	return rs
}

// describeGap names a gap and its source: `gap of 30 days (survey "q4")`.
func describeGap(gap time.Duration, level GapLevel, s SurveyScope) string {
	src := string(level)
	switch level {
	case GapSurvey:
		src = "survey " + strconv.Quote(s.Survey)
	case GapList:
		src = "list " + strconv.Quote(s.List)
	}
	return "gap of " + span(gap) + " (" + src + ")"
}

// span formats a duration in whole days where it is one, else as
// [time.Duration.String] does.
func span(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d > 0 && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " days"
	}
	return d.String()
}

// stamp formats t in loc as RFC 3339.
func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC3339)
}

// BlockedBy reports whether rule c blocks the survey.
func (d ContactDecision) BlockedBy(c ContactCheck) bool {
	for _, r := range d.Reasons {
		if r.Check == c && r.Blocks {
			return true
		}
	}
	return false
}

// String explains the decision in one line. An allowed decision starts
// "allowed:" and lists every rule's outcome; a blocked one starts "never:"
// after an opt-out, "blocked:" while a case is open, and otherwise "not
// before" NotBefore, and lists the blocking rules. Reasons are separated
// by "; ".
func (d ContactDecision) String() string {
	var b strings.Builder
	switch {
	case d.Allowed:
		b.WriteString("allowed")
	case d.BlockedBy(CheckOptOut):
		b.WriteString("never")
	case d.BlockedBy(CheckOpenCase) || d.NotBefore.IsZero():
		b.WriteString("blocked")
	default:
		b.WriteString("not before " + d.NotBefore.Format(time.RFC3339))
	}
	b.WriteString(":")
	sep := " "
	for _, r := range d.Reasons {
		if r.Blocks == d.Allowed {
			continue
		}
		b.WriteString(sep)
		b.WriteString(r.Detail)
		sep = "; "
	}
	return b.String()
}
