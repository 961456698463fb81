package closedloop

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// Clock says how a follow-up target is measured. There is no default: a
// [Policy] must name its clock, and reports print it, because "48 hours"
// in business hours is several calendar days.
type Clock uint8

const (
	// CalendarHours measures real elapsed time, nights, weekends and
	// holidays included: the customer's view of waiting.
	CalendarHours Clock = iota + 1
	// BusinessHours measures time inside the opening windows of the
	// policy's [Calendar]: the team's view. A case received outside
	// opening hours starts its clock at the next opening.
	BusinessHours
)

// String returns "calendar hours" or "business hours".
func (c Clock) String() string {
	switch c {
	case CalendarHours:
		return "calendar hours"
	case BusinessHours:
		return "business hours"
	}
	return fmt.Sprintf("Clock(%d)", int(c))
}

// MarshalText encodes the clock as "calendar" or "business".
func (c Clock) MarshalText() ([]byte, error) {
	switch c {
	case CalendarHours:
		return []byte("calendar"), nil
	case BusinessHours:
		return []byte("business"), nil
	}
	return nil, fmt.Errorf("%w: clock %d", ErrInvalidPolicy, int(c))
}

// UnmarshalText decodes "calendar" or "business".
func (c *Clock) UnmarshalText(b []byte) error {
	switch string(b) {
	case "calendar":
		*c = CalendarHours
	case "business":
		*c = BusinessHours
	default:
		return fmt.Errorf("%w: clock %q is neither \"calendar\" nor \"business\"", ErrInvalidPolicy, b)
	}
	return nil
}

// Trigger selects the responses that open a follow-up case. The zero
// Trigger opens a case for every detractor (ratings 0–6) at every
// touchpoint.
type Trigger struct {
	// Passives also opens cases for ratings 7 and 8.
	Passives bool `json:"passives,omitempty"`
	// Comments also opens a case for any response with a comment,
	// promoters included: a comment is a customer asking to be heard.
	Comments bool `json:"comments,omitempty"`
	// Touchpoints limits cases to responses about these touchpoint IDs;
	// empty means every touchpoint.
	Touchpoints []string `json:"touchpoints,omitempty"`
}

// Opens reports whether the response opens a case under the trigger.
func (tr Trigger) Opens(r nps.Response) bool {
	if len(tr.Touchpoints) > 0 && !slices.Contains(tr.Touchpoints, r.Touchpoint) {
		return false
	}
	switch r.Rating.Category() {
	case nps.Detractor:
		return true
	case nps.Passive:
		if tr.Passives {
			return true
		}
	}
	return tr.Comments && strings.TrimSpace(r.Comment) != ""
}

// Defaults of a [Policy], from the domain model: Apple's practice and the
// seed texts.
const (
	DefaultDedupe           = 7 * 24 * time.Hour
	DefaultReminder         = 0.75
	DefaultAttainmentTarget = 0.90
	DefaultMaxAttempts      = 3
)

// Policy is a follow-up service level: which responses open a case, how
// soon the owner must make contact, on which clock, and when reminders and
// escalations fall due. Zero optional fields take the defaults
// ([DefaultDedupe], [DefaultReminder], [DefaultAttainmentTarget],
// [DefaultMaxAttempts]); Target and Clock have none.
//
// Policies are phased (see [Policies]): a case keeps the policy in force
// when the response that opened it was received, and its due times are
// computed once, when it opens, and stored with it. Editing a policy or
// its calendar later affects new cases only; open cases keep the deadlines
// they were given.
type Policy struct {
	// ID names the policy on every case it governs, e.g. "48h-2026".
	ID string `json:"id"`
	// EffectiveFrom is the first instant of receipt the policy governs.
	EffectiveFrom time.Time `json:"effective_from"`
	// Target is the time within which the first real contact must be
	// made, measured on Clock: 48 hours at first, later 24.
	Target time.Duration `json:"target"`
	// Clock is CalendarHours or BusinessHours; required.
	Clock Clock `json:"clock"`
	// Calendar holds the opening hours for BusinessHours; required then,
	// and ignored for CalendarHours.
	Calendar *Calendar `json:"-"`
	// Trigger selects the responses that open cases.
	Trigger Trigger `json:"trigger"`
	// Dedupe keeps one open case per customer: a response from a customer
	// whose case opened less than Dedupe ago attaches to that case instead
	// of opening another. 0 means DefaultDedupe (7 days); negative means
	// every response opens its own case.
	Dedupe time.Duration `json:"dedupe,omitempty"`
	// Reminder is the fraction of Target at which the owner is reminded,
	// in (0, 1); 0 means DefaultReminder (75%), negative means none.
	Reminder float64 `json:"reminder,omitempty"`
	// AttainmentTarget is the share of cases to be contacted within
	// Target, in (0, 1]; 0 means DefaultAttainmentTarget (90%, Apple's
	// figure; 80% is a realistic start for 48 hours).
	AttainmentTarget float64 `json:"attainment_target,omitempty"`
	// MaxAttempts is the number of logged contact attempts after which a
	// case becomes Unreachable; 0 means DefaultMaxAttempts (3).
	MaxAttempts int `json:"max_attempts,omitempty"`
}

// Validate reports whether the policy is complete and consistent. Errors
// wrap [ErrInvalidPolicy].
func (p Policy) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: policy %q: %s", ErrInvalidPolicy, p.ID, fmt.Sprintf(format, a...))
	}
	switch {
	case strings.TrimSpace(p.ID) == "":
		return bad("empty ID")
	case p.EffectiveFrom.IsZero():
		return bad("zero EffectiveFrom")
	case p.Target <= 0:
		return bad("target %v is not positive", p.Target)
	case p.Clock != CalendarHours && p.Clock != BusinessHours:
		return bad("clock must be CalendarHours or BusinessHours, not %v", p.Clock)
	case p.Clock == BusinessHours && p.Calendar == nil:
		return bad("business hours need a Calendar")
	case p.Reminder >= 1 || p.Reminder != p.Reminder:
		return bad("reminder %v is not a fraction of the target below 1", p.Reminder)
	case p.AttainmentTarget < 0 || p.AttainmentTarget > 1 || p.AttainmentTarget != p.AttainmentTarget:
		return bad("attainment target %v is outside (0, 1]", p.AttainmentTarget)
	case p.MaxAttempts < 0:
		return bad("max attempts %d is negative", p.MaxAttempts)
	}
	for _, tp := range p.Trigger.Touchpoints {
		if strings.TrimSpace(tp) == "" {
			return bad("empty touchpoint in trigger")
		}
	}
	// 2× the target must stay representable.
	if p.Target > time.Duration(maxInt64/2) {
		return bad("target %v is too long", p.Target)
	}
	return nil
}

func (p Policy) dedupe() time.Duration {
	if p.Dedupe == 0 {
		return DefaultDedupe
	}
	return p.Dedupe
}

func (p Policy) reminder() float64 {
	if p.Reminder == 0 {
		return DefaultReminder
	}
	return p.Reminder
}

// Attainment returns the attainment target with its default applied.
func (p Policy) Attainment() float64 {
	if p.AttainmentTarget == 0 {
		return DefaultAttainmentTarget
	}
	return p.AttainmentTarget
}

func (p Policy) maxAttempts() int {
	if p.MaxAttempts == 0 {
		return DefaultMaxAttempts
	}
	return p.MaxAttempts
}

// calendar returns the calendar the policy's clock runs on: nil (round
// the clock) for calendar hours.
func (p Policy) calendar() *Calendar {
	if p.Clock == BusinessHours {
		return p.Calendar
	}
	return nil
}

// Deadlines are the instants at which a case's follow-up falls due, from
// the clock start and the time already used (paused time excluded).
type Deadlines struct {
	// Reminder is when the owner is reminded (zero if the policy has no
	// reminder).
	Reminder time.Time `json:"reminder,omitzero"`
	// Due is when the target is breached: the owner's leader is told.
	Due time.Time `json:"due"`
	// Escalate is twice the target: one level further up is told.
	Escalate time.Time `json:"escalate"`
}

// Deadlines returns the deadlines of a case received at received under
// the policy, with used of the policy's clock already spent before from
// (zero for a new case; the time before a pause for a resumed one). The
// clock runs from from on; on business hours it starts at the next
// opening.
func (p Policy) Deadlines(from time.Time, used time.Duration) Deadlines {
	cal := p.calendar()
	at := func(frac float64) time.Time {
		left := time.Duration(frac*float64(p.Target)) - used
		return cal.Add(from, left)
	}
	d := Deadlines{Due: at(1), Escalate: at(2)}
	if r := p.reminder(); r > 0 {
		d.Reminder = at(r)
	}
	return d
}

// Policies is the list of phased policies, ordered by EffectiveFrom: the
// first phase with 48 hours, a later one with 24. The zero value has no
// policy. Policies is immutable once built and safe for concurrent use.
type Policies struct {
	list []Policy
}

// NewPolicies validates the policies and orders them by EffectiveFrom.
// IDs must be unique and no two policies may take effect at the same
// instant; errors wrap [ErrInvalidPolicy].
func NewPolicies(ps ...Policy) (*Policies, error) {
	list := slices.Clone(ps)
	seen := make(map[string]bool, len(list))
	for _, p := range list {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("%w: policy ID %q used twice", ErrInvalidPolicy, p.ID)
		}
		seen[p.ID] = true
	}
	slices.SortFunc(list, func(a, b Policy) int { return a.EffectiveFrom.Compare(b.EffectiveFrom) })
	for i := 1; i < len(list); i++ {
		if list[i].EffectiveFrom.Equal(list[i-1].EffectiveFrom) {
			return nil, fmt.Errorf("%w: policies %q and %q take effect at the same instant",
				ErrInvalidPolicy, list[i-1].ID, list[i].ID)
		}
	}
	return &Policies{list: list}, nil
}

// At returns the policy in force for a response received at t: the last
// one whose EffectiveFrom is not after t. Before the first it is an error
// wrapping [ErrNoPolicy].
func (ps *Policies) At(t time.Time) (Policy, error) {
	if ps != nil {
		for i := len(ps.list) - 1; i >= 0; i-- {
			if !ps.list[i].EffectiveFrom.After(t) {
				return ps.list[i], nil
			}
		}
	}
	return Policy{}, fmt.Errorf("%w at %v", ErrNoPolicy, t)
}

// ByID returns the policy with the ID, for a case that names it.
func (ps *Policies) ByID(id string) (Policy, bool) {
	if ps != nil {
		for _, p := range ps.list {
			if p.ID == id {
				return p, true
			}
		}
	}
	return Policy{}, false
}

// All returns the policies in order of EffectiveFrom.
func (ps *Policies) All() []Policy {
	if ps == nil {
		return nil
	}
	return slices.Clone(ps.list)
}
