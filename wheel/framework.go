package wheel

import "fmt"

// Framework is a scoring framework given as data: dimensions, optionally
// grouped into ordered stages. [InternalMarketingWheel] (twelve strategies
// in four stages, clockwise) and [ServiceCultureParameters] (eight
// parameters, no stages) are built in; the same engine scores any other.
type Framework struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Stages in their order (clockwise for the wheel); empty for a
	// framework without stages.
	Stages []StageInfo `json:"stages,omitempty"`
	// Dimensions in their order; each names its stage when there are
	// stages.
	Dimensions []Dimension `json:"dimensions"`
	// Ordered says whether the stage order means something (the wheel is
	// walked clockwise), which the [Clockwise] roadmap needs.
	Ordered bool `json:"ordered,omitempty"`
	// SingleOwner says the framework must have one accountable owner: an
	// assessment that gives its dimensions different owners gets a
	// warning (the service-culture parameters, after seed 002).
	SingleOwner bool `json:"singleOwner,omitempty"`
}

// StageInfo is one stage of a framework.
type StageInfo struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	LabelDA string `json:"labelDA,omitempty"`
}

// Dimension is one scored dimension of a framework: a strategy of the
// wheel or a service-culture parameter.
type Dimension struct {
	ID      string `json:"id"`
	Stage   string `json:"stage,omitempty"` // a StageInfo ID, or "" without stages
	Label   string `json:"label"`
	LabelDA string `json:"labelDA,omitempty"`
	// Related names related models, for reports (e.g. "1.1–1.3").
	Related string `json:"related,omitempty"`
}

// Validate checks the framework: an ID, at least one dimension, unique
// stage and dimension IDs, every dimension in a known stage when there are
// stages (and none otherwise), and every stage with a dimension. Errors
// wrap [ErrInvalidFramework].
func (f Framework) Validate() error {
	if f.ID == "" {
		return fmt.Errorf("%w: no ID", ErrInvalidFramework)
	}
	if len(f.Dimensions) == 0 {
		return fmt.Errorf("%w: %s has no dimensions", ErrInvalidFramework, f.ID)
	}
	stages := map[string]int{}
	for _, s := range f.Stages {
		if s.ID == "" {
			return fmt.Errorf("%w: %s has a stage without ID", ErrInvalidFramework, f.ID)
		}
		if _, dup := stages[s.ID]; dup {
			return fmt.Errorf("%w: %s lists stage %q twice", ErrInvalidFramework, f.ID, s.ID)
		}
		stages[s.ID] = 0
	}
	dims := map[string]bool{}
	for _, d := range f.Dimensions {
		switch {
		case d.ID == "":
			return fmt.Errorf("%w: %s has a dimension without ID", ErrInvalidFramework, f.ID)
		case dims[d.ID]:
			return fmt.Errorf("%w: %s lists dimension %q twice", ErrInvalidFramework, f.ID, d.ID)
		}
		dims[d.ID] = true
		if len(f.Stages) == 0 {
			if d.Stage != "" {
				return fmt.Errorf("%w: %s has no stages but dimension %q names stage %q", ErrInvalidFramework, f.ID, d.ID, d.Stage)
			}
			continue
		}
		if _, ok := stages[d.Stage]; !ok {
			return fmt.Errorf("%w: dimension %q is in unknown stage %q", ErrInvalidFramework, d.ID, d.Stage)
		}
		stages[d.Stage]++
	}
	for _, s := range f.Stages {
		if stages[s.ID] == 0 {
			return fmt.Errorf("%w: stage %q has no dimensions", ErrInvalidFramework, s.ID)
		}
	}
	return nil
}

// Dimension returns the dimension with the ID.
func (f Framework) Dimension(id string) (Dimension, bool) {
	for _, d := range f.Dimensions {
		if d.ID == id {
			return d, true
		}
	}
	return Dimension{}, false
}

// InternalMarketingWheel returns the internal marketing wheel of Zeithaml
// & Bitner (Services Marketing, "Employees' Roles in Service Delivery";
// figure 11-5 of the 3rd edition, "Human Resource Strategies for Closing
// Gap 3"), "det interne marketinghjul" in Danish textbooks: four stages
// walked clockwise, three strategies each, in textbook order, with IDs
// "1.1" to "4.3" and stage IDs "hire", "develop", "support", "retain".
// The seed's Danish wording is kept for display; the seed omits "empower
// employees" (2.2) and reverses the order within "retain", but the model
// follows the textbook.
func InternalMarketingWheel() Framework {
	f := Framework{ID: "internal-marketing-wheel", Name: "The internal marketing wheel", Ordered: true}
	for s := HireRightPeople; s <= RetainBestPeople; s++ {
		f.Stages = append(f.Stages, StageInfo{ID: s.ID(), Label: s.String(), LabelDA: s.LabelDA()})
	}
	for _, s := range Strategies() {
		f.Dimensions = append(f.Dimensions, Dimension{ID: s.ID(), Stage: s.Stage().ID(), Label: s.String(), LabelDA: s.LabelDA()})
	}
	return f
}

// ServiceCultureParameters returns the eight service-culture parameters of
// seed 002. The seed is Swedish: its names stand in Related, with the
// nearest wheel strategy or package. The parameters have no stages and no
// order, and one accountable owner: the areas "may not be owned by
// different departments", and the CEO leads.
func ServiceCultureParameters() Framework {
	return Framework{
		ID: "service-culture-parameters", Name: "The eight service-culture parameters", SingleOwner: true,
		Dimensions: []Dimension{
			{ID: "business-acumen", Label: "Business acumen", Related: "Affärsmannaskap; wheel 4.1"},
			{ID: "culture", Label: "Culture", Related: "Kultur; maturity culture stances; wheel 2.3"},
			{ID: "recruitment", Label: "Recruitment", Related: "Rekrytering; wheel 1.1–1.3"},
			{ID: "onboarding", Label: "Onboarding and induction", Related: "Inskolning; wheel 2.1"},
			{ID: "leadership", Label: "Leadership", Related: "Ledarskap; maturity leadership style and flexibility"},
			{ID: "customer-focus", Label: "Service and customer focus", Related: "Service/kundfokus; wheel 4.1; nps touchpoint standards"},
			{ID: "service-management", Label: "Service management and follow-up", Related: "Servicestyrning/uppföljning; wheel 3.1; closedloop attainment"},
			{ID: "internal-communication", Label: "Internal communication", Related: "Intern kommunikation; enps Inform; wheel 4.1"},
		},
	}
}
