package enps

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalogueEntries(t *testing.T) {
	cat := Catalogue()
	require.Len(t, cat, 22)

	prefix := map[I]string{Inspire: "INS-", Involve: "INV-", Inform: "INF-", Instruct: "ITR-", Incentives: "INC-"}
	codes := make(map[string]bool)
	perI := make(map[I]int)
	var last I
	for _, in := range cat {
		t.Run(in.Code, func(t *testing.T) {
			require.NoError(t, in.Validate())
			assert.False(t, codes[in.Code], "duplicate code")
			assert.True(t, strings.HasPrefix(in.Code, prefix[in.I]), "code prefix of %s", in.I)
			assert.GreaterOrEqual(t, in.I, last, "grouped by I in AllIs order")
			assert.Equal(t, Planned, in.Status)
			assert.Empty(t, in.Owner)
			assert.True(t, in.Started.IsZero())
			assert.NotEmpty(t, in.TextDA)
			assert.NotEmpty(t, in.TextEN)
			assert.NotEmpty(t, in.Related)
			for _, s := range []string{in.TextDA, in.TextEN, in.Related} {
				assert.NotContains(t, s, `"`)
				assert.NotContains(t, s, "`")
				assert.Equal(t, strings.TrimSpace(s), s)
			}
		})
		codes[in.Code] = true
		perI[in.I]++
		last = in.I
	}
	assert.Equal(t, map[I]int{Inspire: 4, Involve: 5, Inform: 4, Instruct: 4, Incentives: 5}, perI)
	for _, i := range AllIs() {
		for k := 1; k <= perI[i]; k++ {
			assert.True(t, codes[prefix[i]+string(rune('0'+k))], "%s%d missing", prefix[i], k)
		}
	}
}

func TestCatalogueTexts(t *testing.T) {
	byCode := make(map[string]Initiative)
	for _, in := range Catalogue() {
		byCode[in.Code] = in
	}
	tests := []struct {
		code, da, en, related string
		i                     I
	}{
		{"INS-1", "Definer, kommuniker en ædel sag og et sæt værdier – og efterlev dem", "define and communicate a noble cause and values, and live them", "4.1", Inspire},
		{"INV-1", "'Medarbejdernes stemme' program med fokus på kundens oplevelse", "an employee-voice programme on the customer experience", "enps comments; 4.2", Involve},
		{"INV-3", "forbedringsprocesser baseret på medarbejdernes input … kunde cases", "improvement processes based on employee input and customer cases", "closedloop outer loop", Involve},
		{"INF-1", "fast kommunikationsplan", "a fixed communication plan", "4.1", Inform},
		{"INF-4", "Gør kundernes feedback tilgængelig for medarbejderne", "make customer feedback available to employees", "nps, closedloop", Inform},
		{"ITR-1", "uddannelse i den ønskede kundeoplevelse for hele virksomheden … Uddan nye medarbejder i forbindelse med opstart på job", "company-wide training in the desired customer experience, including onboarding", "2.1", Instruct},
		{"ITR-4", "løbende coaching og feedback", "continuous coaching and feedback", "2.1, maturity", Instruct},
		{"INC-3", "anerkendelse med det samme", "immediate recognition", "nps progress events", Incentives},
		{"INC-5", "medarbejder engagement som en ledelses KPI", "employee engagement as a management KPI", "enps KPI", Incentives},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			in, ok := byCode[tt.code]
			require.True(t, ok)
			assert.Equal(t, tt.i, in.I)
			assert.Equal(t, tt.da, in.TextDA)
			assert.Equal(t, tt.en, in.TextEN)
			assert.Equal(t, tt.related, in.Related)
		})
	}
}

func TestCatalogueReturnsCopy(t *testing.T) {
	a := Catalogue()
	a[0].Status = Active
	a[0].Owner = "e17"
	a[1].TextEN = "changed"
	a = append(a[:2], a[3:]...)
	_ = a
	b := Catalogue()
	require.Len(t, b, 22)
	assert.Equal(t, Planned, b[0].Status)
	assert.Empty(t, b[0].Owner)
	assert.Equal(t, "leaders easily accessible", b[1].TextEN)
	assert.Equal(t, "INS-3", b[2].Code)
}

func TestInitiativeValidate(t *testing.T) {
	ok := Initiative{I: Inform, Code: "X-1", TextEN: "town hall", Status: Active}
	tests := []struct {
		name   string
		mutate func(*Initiative)
		valid  bool
	}{
		{"valid", func(*Initiative) {}, true},
		{"Danish only", func(in *Initiative) { in.TextEN, in.TextDA = "", "fællesmøde" }, true},
		{"owner and start", func(in *Initiative) { in.Owner, in.Started = "e1", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) }, true},
		{"planned", func(in *Initiative) { in.Status = Planned }, true},
		{"done", func(in *Initiative) { in.Status = Done }, true},
		{"no code", func(in *Initiative) { in.Code = "" }, false},
		{"untagged", func(in *Initiative) { in.I = 0 }, false},
		{"unknown I", func(in *Initiative) { in.I = Incentives + 1 }, false},
		{"no text", func(in *Initiative) { in.TextEN = "" }, false},
		{"zero status", func(in *Initiative) { in.Status = 0 }, false},
		{"unknown status", func(in *Initiative) { in.Status = Done + 1 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.mutate(&in)
			err := in.Validate()
			if tt.valid {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrInvalidInitiative)
			}
		})
	}
	assert.ErrorIs(t, Initiative{}.Validate(), ErrInvalidInitiative)
}

func TestInitiativeStatusText(t *testing.T) {
	for s, name := range map[Status]string{Planned: "planned", Active: "active", Done: "done"} {
		assert.Equal(t, name, s.String())
		assert.True(t, s.Valid())
		b, err := s.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, name, string(b))
		var back Status
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	for _, s := range []Status{0, Done + 1, 255} {
		assert.False(t, s.Valid())
		_, err := s.MarshalText()
		assert.ErrorIs(t, err, ErrInvalidInitiative)
	}
	assert.Equal(t, "Status(0)", Status(0).String())
	assert.Equal(t, "Status(9)", Status(9).String())
	for _, b := range []string{"", "Active", "started", "0"} {
		s := Active
		assert.ErrorIs(t, s.UnmarshalText([]byte(b)), ErrInvalidInitiative, b)
		assert.Equal(t, Active, s, "unchanged on error")
	}
}

func TestInitiativeJSON(t *testing.T) {
	in := Catalogue()[9]
	in.Status, in.Owner = Done, "e42"
	in.Started = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"i":"inform"`)
	assert.Contains(t, string(b), `"status":"done"`)
	var back Initiative
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, in, back)

	var bad Initiative
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"i":"inform","code":"X","status":"ongoing"}`), &bad), ErrInvalidInitiative)
	_, err = json.Marshal(Initiative{I: Inform, Code: "X", TextEN: "x"}) // zero status
	assert.ErrorIs(t, err, ErrInvalidInitiative)
}

func TestCoverage(t *testing.T) {
	with := func(changes map[string]Status) []Initiative {
		plan := Catalogue()
		for k := range plan {
			if s, ok := changes[plan[k].Code]; ok {
				plan[k].Status = s
			}
		}
		return plan
	}
	all := AllIs()
	tests := []struct {
		name    string
		plan    []Initiative
		missing []I
	}{
		{"nil plan", nil, all},
		{"catalogue all planned", Catalogue(), all},
		{"some covered", with(map[string]Status{"INS-1": Active, "INF-2": Done, "INF-3": Active}), []I{Involve, Instruct, Incentives}},
		{"planned does not cover", with(map[string]Status{"INV-1": Planned, "ITR-4": Active}), []I{Inspire, Involve, Inform, Incentives}},
		{"all covered", with(map[string]Status{"INS-2": Active, "INV-5": Done, "INF-1": Active, "ITR-1": Active, "INC-3": Done}), []I{}},
		{"host initiative", []Initiative{
			{I: Incentives, Code: "HOST-7", TextEN: "team lunch for every 10", Status: Active},
			{I: Incentives, Code: "HOST-7", TextEN: "team lunch for every 10", Status: Planned}, // same code, another unit
		}, []I{Inspire, Involve, Inform, Instruct}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			missing, err := Coverage(tt.plan)
			require.NoError(t, err)
			require.NotNil(t, missing)
			assert.Equal(t, tt.missing, missing)
		})
	}
}

func TestCoverageInvalid(t *testing.T) {
	for name, bad := range map[string]Initiative{
		"zero status": {I: Inform, Code: "X", TextEN: "x"},
		"untagged":    {Code: "X", TextEN: "x", Status: Active},
		"no code":     {I: Inform, TextEN: "x", Status: Active},
		"zero":        {},
	} {
		t.Run(name, func(t *testing.T) {
			plan := append(Catalogue(), bad)
			plan[0].Status = Active
			missing, err := Coverage(plan)
			assert.ErrorIs(t, err, ErrInvalidInitiative)
			assert.Nil(t, missing)
		})
	}
}
