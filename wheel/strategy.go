package wheel

import "fmt"

// Stage is a stage of the internal marketing wheel. Its value is its
// clockwise position, 1 to 4; the zero Stage is not a stage.
type Stage uint8

// The four stages, clockwise (Zeithaml & Bitner).
const (
	HireRightPeople       Stage = iota + 1 // hire the right people
	DevelopPeople                          // develop people to deliver service quality
	ProvideSupportSystems                  // provide needed support systems
	RetainBestPeople                       // retain the best people
)

// stageText holds the stage IDs and labels. The Danish stage labels are
// translations; the seed quotes only the strategies.
var stageText = [...]struct{ id, en, da string }{
	{},
	{"hire", "Hire the right people", "Ansæt de rigtige medarbejdere"},
	{"develop", "Develop people to deliver service quality", "Udvikl medarbejderne til at levere servicekvalitet"},
	{"support", "Provide needed support systems", "Sørg for de nødvendige støttesystemer"},
	{"retain", "Retain the best people", "Fasthold de bedste medarbejdere"},
}

// Valid reports whether s is one of the four stages.
func (s Stage) Valid() bool { return s >= HireRightPeople && s <= RetainBestPeople }

// Next returns the next stage clockwise; after RetainBestPeople comes
// HireRightPeople again.
func (s Stage) Next() Stage {
	if s == RetainBestPeople {
		return HireRightPeople
	}
	return s + 1
}

// ID returns the stage's ID in [InternalMarketingWheel]: "hire",
// "develop", "support" or "retain".
func (s Stage) ID() string {
	if !s.Valid() {
		return ""
	}
	return stageText[s].id
}

// String returns the English label.
func (s Stage) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Stage(%d)", uint8(s))
	}
	return stageText[s].en
}

// LabelDA returns the Danish label.
func (s Stage) LabelDA() string {
	if !s.Valid() {
		return ""
	}
	return stageText[s].da
}

// Strategy is one of the wheel's twelve strategies, numbered 1 to 12 in
// textbook order (three per stage, stages clockwise). The zero Strategy is
// not a strategy.
type Strategy uint8

// The twelve strategies in textbook order.
const (
	CompeteForBestPeople                     Strategy = iota + 1 // 1.1
	HireForServiceCompetenciesAndInclination                     // 1.2
	BePreferredEmployer                                          // 1.3
	TrainTechnicalAndInteractiveSkills                           // 2.1
	EmpowerEmployees                                             // 2.2
	PromoteTeamwork                                              // 2.3
	MeasureInternalServiceQuality                                // 3.1
	ProvideSupportiveTechnology                                  // 3.2
	DevelopServiceOrientedProcesses                              // 3.3
	IncludeEmployeesInVision                                     // 4.1
	TreatEmployeesAsCustomers                                    // 4.2
	MeasureAndRewardStrongPerformers                             // 4.3
)

// strategyText holds the textbook wording and the seed's Danish wording.
// Seed 000 has no wording for 2.2 (it omits "empower employees"); the
// Danish label there is a translation, not a quotation.
var strategyText = [...]struct{ en, da string }{
	{},
	{"Compete for the best people", "Konkurrere om at være den foretrukne virksomhed at arbejde for"},
	{"Hire for service competencies and service inclination", "Servicekompetencer og ditto vilje"},
	{"Be the preferred employer", "Den foretrukne virksomhed at arbejde for"},
	{"Train for technical and interactive skills", "Træne de ansatte i servicekompetencer og tekniske kompetencer"},
	{"Empower employees", "Giv medarbejderne beføjelser"},
	{"Promote teamwork", "Styrke teamwork blandt medarbejderne"},
	{"Measure internal service quality", "Jævnligt måle den interne servicekvalitet"},
	{"Provide supportive technology and equipment", "Understøttende teknologi og udstyr"},
	{"Develop service-oriented internal processes", "Udvikle de processer i værdikæden, der fokuserer på at levere service"},
	{"Include employees in the company's vision", "De ansatte skal være en integreret del af visionen"},
	{"Treat employees as customers", "Behandl de ansatte som kunder"},
	{"Measure and reward strong service performers", "Belønningssystemerne tilgodeser de ansatte, der leverer den ønskede kvalitet"},
}

// Strategies returns the twelve strategies in textbook order.
func Strategies() []Strategy {
	out := make([]Strategy, 12)
	for i := range out {
		out[i] = Strategy(i + 1)
	}
	return out
}

// Valid reports whether s is one of the twelve strategies.
func (s Strategy) Valid() bool {
	return s >= CompeteForBestPeople && s <= MeasureAndRewardStrongPerformers
}

// Stage returns the stage the strategy belongs to.
func (s Strategy) Stage() Stage {
	if !s.Valid() {
		return 0
	}
	return Stage((s-1)/3 + 1)
}

// Position returns the strategy's place within its stage, 1 to 3.
func (s Strategy) Position() int {
	if !s.Valid() {
		return 0
	}
	return int(s-1)%3 + 1
}

// ID returns the strategy's ID in [InternalMarketingWheel], "1.1" to
// "4.3".
func (s Strategy) ID() string {
	if !s.Valid() {
		return ""
	}
	return fmt.Sprintf("%d.%d", s.Stage(), s.Position())
}

// String returns the textbook wording. (The 3rd edition's slide says
// "Measure and Reward Strong Service Providers"; later editions say
// "Performers", used here.)
func (s Strategy) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Strategy(%d)", uint8(s))
	}
	return strategyText[s].en
}

// LabelDA returns the Danish label, from seed 000 where it has one.
func (s Strategy) LabelDA() string {
	if !s.Valid() {
		return ""
	}
	return strategyText[s].da
}
