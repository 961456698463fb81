package enps

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrInvalidInitiative reports an initiative without a code or text, with
// an unknown I or with an unknown status.
var ErrInvalidInitiative = errors.New("enps: invalid initiative")

// Status is where an [Initiative] stands. The zero Status is not valid:
// every initiative must say whether it is planned, active or done, so an
// initiative decoded from JSON without a status fails [Initiative.Validate]
// instead of silently counting as planned.
type Status uint8

const (
	// Planned: chosen for the plan but not started. It does not cover its
	// I (see [Coverage]).
	Planned Status = iota + 1
	// Active: under way. It covers its I.
	Active
	// Done: carried out. It still covers its I: the seed asks for at least
	// one initiative from each group, not for one that never ends.
	Done
)

var statusNames = [...]string{"", "planned", "active", "done"}

// String returns "planned", "active" or "done", and "Status(n)" for any
// other value.
func (s Status) String() string {
	if s.Valid() {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Valid reports whether s is Planned, Active or Done.
func (s Status) Valid() bool { return s >= Planned && s <= Done }

// MarshalText encodes the status as its name. An invalid status, the zero
// Status included, is an error wrapping [ErrInvalidInitiative].
func (s Status) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("%w: unknown status %d", ErrInvalidInitiative, uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes "planned", "active" or "done". Anything else is an
// error wrapping [ErrInvalidInitiative] and leaves s unchanged.
func (s *Status) UnmarshalText(b []byte) error {
	if k := slices.Index(statusNames[:], string(b)); k > 0 {
		*s = Status(k)
		return nil
	}
	return fmt.Errorf("%w: unknown status %q", ErrInvalidInitiative, b)
}

// Initiative is one thing an organisation does to build employee
// engagement under one of the five I's: "a fixed communication plan"
// (Inform), "immediate recognition" (Incentives). [Catalogue] lists the 22
// built-in ones; hosts may add their own under other codes. A plan is a
// list of initiatives with their status and owner, and [Coverage] checks
// it against the seed's rule of at least one initiative per I.
//
// Use the eNPS and the item favourability per I (see [Associate]) as the
// outcome measures of a plan.
type Initiative struct {
	I    I      `json:"i"`
	Code string `json:"code"` // e.g. "INF-1"
	// TextDA and TextEN describe the initiative in Danish and English; at
	// least one is required.
	TextDA string `json:"textDA,omitempty"`
	TextEN string `json:"textEN,omitempty"`
	// Related names the internal-marketing wheel strategy ("4.1") or the
	// servicekultur package ("closedloop inner loop") that carries the
	// initiative out, if any. It is informative only.
	Related string    `json:"related,omitempty"`
	Status  Status    `json:"status"`
	Owner   string    `json:"owner,omitempty"` // who is accountable, e.g. an employee ID
	Started time.Time `json:"started"`         // zero when not (yet) started
}

// Validate checks the initiative: one of the five I's, a code, a text in
// at least one language and a valid status. Owner and Started are
// optional whatever the status. Errors wrap [ErrInvalidInitiative].
func (in Initiative) Validate() error {
	switch {
	case in.Code == "":
		return fmt.Errorf("%w: initiative without code", ErrInvalidInitiative)
	case !in.I.Valid():
		return fmt.Errorf("%w: initiative %s has unknown I %d", ErrInvalidInitiative, in.Code, uint8(in.I))
	case in.TextDA == "" && in.TextEN == "":
		return fmt.Errorf("%w: initiative %s has no text", ErrInvalidInitiative, in.Code)
	case !in.Status.Valid():
		return fmt.Errorf("%w: initiative %s has unknown status %d", ErrInvalidInitiative, in.Code, uint8(in.Status))
	}
	return nil
}

// catalogue is the built-in initiative catalogue; [Catalogue] hands out
// copies.
var catalogue = [...]Initiative{
	{I: Inspire, Code: "INS-1", TextDA: "Definer, kommuniker en ædel sag og et sæt værdier – og efterlev dem", TextEN: "define and communicate a noble cause and values, and live them", Related: "4.1"},
	{I: Inspire, Code: "INS-2", TextDA: "ledende medarbejdere er let tilgængelige", TextEN: "leaders easily accessible", Related: "maturity (condition 1 of seed 004)"},
	{I: Inspire, Code: "INS-3", TextDA: "Inddrag medarbejderne i visionen", TextEN: "involve employees in the vision", Related: "4.1"},
	{I: Inspire, Code: "INS-4", TextDA: "en grund til at være stolte af virksomheden", TextEN: "a reason to be proud of the company", Related: "1.3"},

	{I: Involve, Code: "INV-1", TextDA: "'Medarbejdernes stemme' program med fokus på kundens oplevelse", TextEN: "an employee-voice programme on the customer experience", Related: "enps comments; 4.2"},
	{I: Involve, Code: "INV-2", TextDA: "Kundens oplevelse -ambassadørprogram", TextEN: "a customer-experience ambassador programme", Related: "2.3"},
	{I: Involve, Code: "INV-3", TextDA: "forbedringsprocesser baseret på medarbejdernes input … kunde cases", TextEN: "improvement processes based on employee input and customer cases", Related: "closedloop outer loop"},
	{I: Involve, Code: "INV-4", TextDA: "tværorganisatoriske og tværfaglige medarbejderforbindelser", TextEN: "cross-organisational and cross-disciplinary links", Related: "2.3"},
	{I: Involve, Code: "INV-5", TextDA: "Lad medarbejdere håndtere tilbagemeldinger til kunderne", TextEN: "let employees handle the follow-up with customers", Related: "closedloop inner loop; 2.2"},

	{I: Inform, Code: "INF-1", TextDA: "fast kommunikationsplan", TextEN: "a fixed communication plan", Related: "4.1"},
	{I: Inform, Code: "INF-2", TextDA: "Kommuniker på tværs af hele virksomheden", TextEN: "communicate across the whole company", Related: "4.1"},
	{I: Inform, Code: "INF-3", TextDA: "Centrer virksomhedens ædle sag … omkring medarbejderne og kulturen", TextEN: "centre the noble cause on employees and culture", Related: "4.1"},
	{I: Inform, Code: "INF-4", TextDA: "Gør kundernes feedback tilgængelig for medarbejderne", TextEN: "make customer feedback available to employees", Related: "nps, closedloop"},

	{I: Instruct, Code: "ITR-1", TextDA: "uddannelse i den ønskede kundeoplevelse for hele virksomheden … Uddan nye medarbejder i forbindelse med opstart på job", TextEN: "company-wide training in the desired customer experience, including onboarding", Related: "2.1"},
	{I: Instruct, Code: "ITR-2", TextDA: "uddannelsesprogram for egne ledere og coaches", TextEN: "a training programme for leaders and coaches", Related: "2.1, maturity"},
	{I: Instruct, Code: "ITR-3", TextDA: "egne ledere og frontlinje medarbejdere til træning", TextEN: "leaders and frontline staff as trainers", Related: "2.1"},
	{I: Instruct, Code: "ITR-4", TextDA: "løbende coaching og feedback", TextEN: "continuous coaching and feedback", Related: "2.1, maturity"},

	{I: Incentives, Code: "INC-1", TextDA: "Aktivere sidemandsoplæring", TextEN: "peer (side-by-side) training", Related: "2.1"},
	{I: Incentives, Code: "INC-2", TextDA: "anerkendelses sprogram der belønner den gode kundeoplevelse", TextEN: "a recognition programme rewarding good customer experiences", Related: "4.3, nps"},
	{I: Incentives, Code: "INC-3", TextDA: "anerkendelse med det samme", TextEN: "immediate recognition", Related: "nps progress events"},
	{I: Incentives, Code: "INC-4", TextDA: "Fejre teams og medarbejder der skaber værdi", TextEN: "celebrate teams and employees who create value", Related: "4.3"},
	{I: Incentives, Code: "INC-5", TextDA: "medarbejder engagement som en ledelses KPI", TextEN: "employee engagement as a management KPI", Related: "enps KPI"},
}

// Catalogue returns the 22 built-in initiatives, grouped by I in [AllIs]
// order: INS-1…4 (Inspire), INV-1…5 (Involve), INF-1…4 (Inform), ITR-1…4
// (Instruct) and INC-1…5 (Incentives). Each is [Planned], without owner or
// start. The result is a fresh copy the caller may change.
//
// The five I's are Temkin Group's, "The Five I's of Employee Engagement"
// (Inform, Inspire, Instruct, Involve, Incent). The initiatives and their
// Danish texts (short forms, "…" marking omissions) come from seed 001,
// "De 5 I'er" (CleverInsight blog posts); the English texts are
// translations, and Related points to the wheel strategy or package that
// carries each out.
func Catalogue() []Initiative {
	out := make([]Initiative, len(catalogue))
	for k, in := range catalogue {
		in.Status = Planned
		out[k] = in
	}
	return out
}

// Coverage returns the I's, in [AllIs] order, that no initiative of the
// plan covers: those without an [Active] or [Done] initiative. Seed 001's
// rule is to include "minimum et eller flere punkter med fra hver gruppe"
// (at least one item from each group), so an empty result means the plan
// meets it. The result is never nil.
//
// Every initiative must be valid; the first invalid one is an error
// wrapping [ErrInvalidInitiative]. Codes need not be unique, so a host may
// list the same catalogue initiative once per unit.
func Coverage(plan []Initiative) ([]I, error) {
	var covered [Incentives + 1]bool
	for k, in := range plan {
		if err := in.Validate(); err != nil {
			return nil, fmt.Errorf("plan entry %d: %w", k, err)
		}
		if in.Status == Active || in.Status == Done {
			covered[in.I] = true
		}
	}
	missing := make([]I, 0, len(covered)-1)
	for _, i := range AllIs() {
		if !covered[i] {
			missing = append(missing, i)
		}
	}
	return missing, nil
}
