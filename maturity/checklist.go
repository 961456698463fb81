package maturity

import (
	"fmt"
	"time"
)

// ChecklistItem is one item of the organisational framework checklist
// ("virksomhedens rammer"): what the organisation does to give an employee
// a chance to develop. The zero ChecklistItem is not valid.
type ChecklistItem uint8

// The seven checklist items, in the seed's order.
const (
	// DevelopmentDialogue: a MUS ("medarbejderudviklingssamtale", the
	// Danish annual employee development dialogue) held within
	// [ChecklistOptions.DialogueWindow], 12 months by default.
	DevelopmentDialogue ChecklistItem = iota + 1
	// DevelopmentProgramme: enrolled in a development programme.
	DevelopmentProgramme
	// Rotation: job rotation offered or used.
	Rotation
	// NewResponsibility: new responsibility added within
	// [ChecklistOptions.ResponsibilityWindow], 24 months by default.
	NewResponsibility
	// RoleTiedToMission: the role is described as part of the strategy,
	// tied to the noble cause, mission or vision ("ædel sag eller mission
	// og vision").
	RoleTiedToMission
	// JobDescription: a job description exists.
	JobDescription
	// PersonalGoals: personal goals and success criteria are set.
	PersonalGoals
)

// NumChecklistItems is the number of checklist items.
const NumChecklistItems = 7

var checklistText = [NumChecklistItems + 1]struct{ name, da string }{
	{},
	{"development-dialogue", "MUS afholdt"},
	{"development-programme", "Tilmeldt et udviklingsforløb"},
	{"rotation", "Jobrotation tilbudt eller brugt"},
	{"new-responsibility", "Nyt ansvar tilføjet"},
	{"role-tied-to-mission", "Rollen beskrevet som del af strategien, knyttet til den ædle sag eller mission og vision"},
	{"job-description", "Stillingsbeskrivelse findes"},
	{"personal-goals", "Personlige mål og succeskriterier sat"},
}

// Valid reports whether i is one of the seven items.
func (i ChecklistItem) Valid() bool { return i >= DevelopmentDialogue && i <= PersonalGoals }

// String returns the item's key: "development-dialogue",
// "development-programme", "rotation", "new-responsibility",
// "role-tied-to-mission", "job-description" or "personal-goals".
func (i ChecklistItem) String() string {
	if !i.Valid() {
		return fmt.Sprintf("ChecklistItem(%d)", uint8(i))
	}
	return checklistText[i].name
}

// LabelDA returns the item's Danish label, e.g. "MUS afholdt". The labels
// do not name the look-back windows, which are options.
func (i ChecklistItem) LabelDA() string {
	if !i.Valid() {
		return ""
	}
	return checklistText[i].da
}

// MarshalText implements [encoding.TextMarshaler]; an invalid item is an
// error wrapping [ErrInvalidObservation].
func (i ChecklistItem) MarshalText() ([]byte, error) {
	if !i.Valid() {
		return nil, fmt.Errorf("%w: unknown checklist item %d", ErrInvalidObservation, uint8(i))
	}
	return []byte(i.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; it reads the keys
// String returns.
func (i *ChecklistItem) UnmarshalText(b []byte) error {
	for v := DevelopmentDialogue; v <= PersonalGoals; v++ {
		if string(b) == v.String() {
			*i = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown checklist item %q", ErrInvalidObservation, b)
}

// ChecklistRecord says that a checklist item happened (a MUS was held,
// responsibility was added) or was set (a job description written) for an
// employee at an instant. Records only ever set an item: an item without
// a window stays met from its first record on, so a host that wants an
// ended programme to stop counting drops its record.
type ChecklistRecord struct {
	Employee string        `json:"employee"`
	Item     ChecklistItem `json:"item"`
	At       time.Time     `json:"at"`
}

// Validate checks the record: employee and instant set and a known item.
// Errors wrap [ErrInvalidObservation].
func (r ChecklistRecord) Validate() error {
	switch {
	case r.Employee == "":
		return fmt.Errorf("%w: checklist record without employee", ErrInvalidObservation)
	case !r.Item.Valid():
		return fmt.Errorf("%w: unknown checklist item %d", ErrInvalidObservation, uint8(r.Item))
	case r.At.IsZero():
		return fmt.Errorf("%w: checklist record without instant", ErrInvalidObservation)
	}
	return nil
}

// ChecklistOptions are the look-back windows, in calendar months. The
// zero ChecklistOptions are the library defaults.
type ChecklistOptions struct {
	// DialogueWindow is how recent a MUS must be: 12 months when zero.
	DialogueWindow int `json:"dialogueWindow,omitempty"`
	// ResponsibilityWindow is how recent new responsibility must be: 24
	// months when zero.
	ResponsibilityWindow int `json:"responsibilityWindow,omitempty"`
}

// Default look-back windows, in calendar months.
const (
	defaultDialogueWindow       = 12
	defaultResponsibilityWindow = 24
)

func (o ChecklistOptions) withDefaults() (ChecklistOptions, error) {
	if o.DialogueWindow == 0 {
		o.DialogueWindow = defaultDialogueWindow
	}
	if o.ResponsibilityWindow == 0 {
		o.ResponsibilityWindow = defaultResponsibilityWindow
	}
	if o.DialogueWindow < 0 || o.ResponsibilityWindow < 0 {
		return o, fmt.Errorf("%w: negative checklist window (%d, %d months)", ErrInvalidThresholds, o.DialogueWindow, o.ResponsibilityWindow)
	}
	return o, nil
}

// Validate reports a negative window as an error wrapping
// [ErrInvalidThresholds].
func (o ChecklistOptions) Validate() error {
	_, err := o.withDefaults()
	return err
}

// window returns the item's window in months, 0 for none.
func (o ChecklistOptions) window(i ChecklistItem) int {
	switch i {
	case DevelopmentDialogue:
		return o.DialogueWindow
	case NewResponsibility:
		return o.ResponsibilityWindow
	}
	return 0
}

// EmployeeChecklist is one employee's checklist at the reference instant.
type EmployeeChecklist struct {
	Employee string `json:"employee"`
	// Met and Missing list the items met and not met, in item order.
	Met     []ChecklistItem `json:"met"`
	Missing []ChecklistItem `json:"missing"`
	// Latest is the instant of the latest record of each item not after
	// the reference instant, met or not: a MUS held 14 months ago is
	// missing, and Latest says when it was.
	Latest map[ChecklistItem]time.Time `json:"latest"`
	// Share is the share of the seven items met.
	Share float64 `json:"share"`
}

// ItemShare is how many employees meet one item.
type ItemShare struct {
	Item  ChecklistItem `json:"item"`
	Met   int           `json:"met"`
	Share float64       `json:"share"`
}

// ChecklistReport is the organisational framework checklist of a
// population of employees at an instant.
type ChecklistReport struct {
	At time.Time `json:"at"`
	// Employees are in the order the employees were given.
	Employees []EmployeeChecklist `json:"employees"`
	// Items holds one entry per item, in item order: the share of
	// employees meeting it.
	Items [NumChecklistItems]ItemShare `json:"items"`
	// Share is the share of all (employee, item) pairs met, the mean of
	// the employees' shares.
	Share float64 `json:"share"`
}

// Checklist reports, at the reference instant at, which items each
// employee meets and the share met, and per item the share of employees
// meeting it. An item is met by a record not after at; DevelopmentDialogue
// and NewResponsibility only by one at or after the cut-off
// at.AddDate(0, −window, 0) (so a record exactly at the cut-off counts,
// and month ends normalise as [time.Time.AddDate] does, in at's location).
// Records after at do not count: they are future-dated as of at.
//
// employees is the population: every employee is reported, with shares
// of 0 when there are none. Every record is validated, and one about an
// employee not in employees is an error wrapping [ErrInvalidObservation]
// rather than ignored, since a mistyped ID would silently leave an item
// unmet; filter records to the population first. An empty or repeated
// employee ID or a zero at also wraps [ErrInvalidObservation]; a negative
// window wraps [ErrInvalidThresholds].
func Checklist(records []ChecklistRecord, employees []string, at time.Time, opts ChecklistOptions) (ChecklistReport, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return ChecklistReport{}, err
	}
	if at.IsZero() {
		return ChecklistReport{}, fmt.Errorf("%w: no reference instant", ErrInvalidObservation)
	}
	index := make(map[string]int, len(employees))
	for i, e := range employees {
		if e == "" {
			return ChecklistReport{}, fmt.Errorf("%w: empty employee ID", ErrInvalidObservation)
		}
		if _, dup := index[e]; dup {
			return ChecklistReport{}, fmt.Errorf("%w: employee %q listed twice", ErrInvalidObservation, e)
		}
		index[e] = i
	}
	latest := make([]map[ChecklistItem]time.Time, len(employees))
	for _, r := range records {
		if err := r.Validate(); err != nil {
			return ChecklistReport{}, err
		}
		i, ok := index[r.Employee]
		if !ok {
			return ChecklistReport{}, fmt.Errorf("%w: checklist record about %q, who is not among the employees", ErrInvalidObservation, r.Employee)
		}
		if r.At.After(at) {
			continue
		}
		if latest[i] == nil {
			latest[i] = make(map[ChecklistItem]time.Time)
		}
		if t, seen := latest[i][r.Item]; !seen || r.At.After(t) {
			latest[i][r.Item] = r.At
		}
	}
	rep := ChecklistReport{At: at, Employees: make([]EmployeeChecklist, len(employees))}
	for k := range rep.Items {
		rep.Items[k].Item = ChecklistItem(k + 1)
	}
	total := 0
	for i, e := range employees {
		ec := EmployeeChecklist{Employee: e, Latest: make(map[ChecklistItem]time.Time, len(latest[i]))}
		for item := DevelopmentDialogue; item <= PersonalGoals; item++ {
			t, ok := latest[i][item]
			if ok {
				ec.Latest[item] = t
			}
			if w := opts.window(item); ok && w > 0 && t.Before(at.AddDate(0, -w, 0)) {
				ok = false
			}
			if !ok {
				ec.Missing = append(ec.Missing, item)
				continue
			}
			ec.Met = append(ec.Met, item)
			rep.Items[item-1].Met++
		}
		ec.Share = float64(len(ec.Met)) / NumChecklistItems
		total += len(ec.Met)
		rep.Employees[i] = ec
	}
	if n := len(employees); n > 0 {
		for k := range rep.Items {
			rep.Items[k].Share = float64(rep.Items[k].Met) / float64(n)
		}
		rep.Share = float64(total) / float64(NumChecklistItems*n)
	}
	return rep, nil
}
