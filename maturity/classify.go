package maturity

import (
	"fmt"
	"math"
)

// Band is where a normalised score lies against the model's cut points:
// Low or High under Hersey; Low, Moderate ("variable" for commitment) or
// High under SLII. The zero Band means "not classified".
type Band uint8

// Bands, from low to high.
const (
	Low Band = iota + 1
	Moderate
	High
)

// String returns "low", "moderate" or "high".
func (b Band) String() string {
	switch b {
	case Low:
		return "low"
	case Moderate:
		return "moderate"
	case High:
		return "high"
	}
	return "not classified"
}

// Thresholds are the cut points on the normalised 0–1 scale. Zero fields
// take the library's defaults (domain notes §2.3; none is prescribed by
// the sources): Hersey counts a dimension high from 0.5 (3.0 on 1–5);
// SLII bands low < 0.40 ≤ moderate < 0.70 ≤ high (2.6 and 3.8 on 1–5);
// the hysteresis margin is 0.05.
type Thresholds struct {
	// Hersey: a dimension is high from this score.
	Competence float64 `json:"competence,omitempty"`
	Commitment float64 `json:"commitment,omitempty"`
	// SLII: the low/moderate and moderate/high cut points per dimension.
	CompetenceSLII [2]float64 `json:"competenceSLII,omitzero"`
	CommitmentSLII [2]float64 `json:"commitmentSLII,omitzero"`
	// Margin is the hysteresis: a repeated assessment changes a band only
	// when the score crosses the cut point by at least the margin. 0.05
	// when zero; set NoHysteresis to classify every score afresh.
	Margin       float64 `json:"margin,omitempty"`
	NoHysteresis bool    `json:"noHysteresis,omitempty"`
}

func (t Thresholds) withDefaults() (Thresholds, error) {
	if t.Competence == 0 {
		t.Competence = 0.5
	}
	if t.Commitment == 0 {
		t.Commitment = 0.5
	}
	if t.CompetenceSLII == [2]float64{} {
		t.CompetenceSLII = [2]float64{0.40, 0.70}
	}
	if t.CommitmentSLII == [2]float64{} {
		t.CommitmentSLII = [2]float64{0.40, 0.70}
	}
	if t.Margin == 0 && !t.NoHysteresis {
		t.Margin = 0.05
	}
	if t.NoHysteresis {
		t.Margin = 0
	}
	in := func(x float64) bool { return x > 0 && x < 1 }
	switch {
	case !in(t.Competence) || !in(t.Commitment):
		return t, fmt.Errorf("%w: Hersey cut points %v and %v must lie in (0, 1)", ErrInvalidThresholds, t.Competence, t.Commitment)
	case !in(t.CompetenceSLII[0]) || !in(t.CompetenceSLII[1]) || t.CompetenceSLII[0] >= t.CompetenceSLII[1]:
		return t, fmt.Errorf("%w: SLII competence cut points %v must rise within (0, 1)", ErrInvalidThresholds, t.CompetenceSLII)
	case !in(t.CommitmentSLII[0]) || !in(t.CommitmentSLII[1]) || t.CommitmentSLII[0] >= t.CommitmentSLII[1]:
		return t, fmt.Errorf("%w: SLII commitment cut points %v must rise within (0, 1)", ErrInvalidThresholds, t.CommitmentSLII)
	case math.IsNaN(t.Margin) || t.Margin < 0 || t.Margin > 0.25:
		return t, fmt.Errorf("%w: margin %v not in [0, 0.25]", ErrInvalidThresholds, t.Margin)
	}
	return t, nil
}

// Validate reports thresholds out of range; the error wraps
// [ErrInvalidThresholds].
func (t Thresholds) Validate() error {
	_, err := t.withDefaults()
	return err
}

// Classification is an employee's level for a task with the bands behind
// it. Keep it: it is the state hysteresis needs next time.
type Classification struct {
	Model      Model `json:"model"`
	Level      Level `json:"level"`
	Competence Band  `json:"competence"`
	Commitment Band  `json:"commitment"`
}

// Label returns the level's label in the classification's model.
func (c Classification) Label() string { return c.Level.Label(c.Model) }

// Classifier classifies normalised scores into levels under a model. The
// zero Classifier is Hersey with the default thresholds.
type Classifier struct {
	Model      Model      `json:"model"`
	Thresholds Thresholds `json:"thresholds"`
}

// Classify returns the level of normalised competence and commitment
// (0–1). prev is the employee's last classification for the task (the zero
// Classification for none): a band changes only when the score crosses its
// cut point by at least the margin, so a score hovering at a cut-off does
// not flip the level. A previous classification under another model is
// ignored.
//
// Hersey: each dimension is low or high; R1 = low/low, R2 = low competence
// and high commitment, R3 = high competence and low commitment, R4 =
// high/high. SLII: each dimension is low, moderate or high, and the level
// follows a 3×3 grid — a library convention after the published level
// descriptions:
//
//	competence \ commitment   low  variable  high
//	low                       D2   D2        D1
//	moderate                  D2   D3        D3
//	high                      D3   D3        D4
func (c Classifier) Classify(competence, commitment float64, prev Classification) (Classification, error) {
	if !c.Model.Valid() {
		return Classification{}, fmt.Errorf("%w: model %d", ErrInvalidModel, c.Model)
	}
	t, err := c.Thresholds.withDefaults()
	if err != nil {
		return Classification{}, err
	}
	for _, x := range []float64{competence, commitment} {
		if math.IsNaN(x) || x < 0 || x > 1 {
			return Classification{}, fmt.Errorf("%w: normalised score %v not in [0, 1]", ErrInvalidScore, x)
		}
	}
	if prev.Model != c.Model {
		prev = Classification{}
	}
	out := Classification{Model: c.Model}
	if c.Model == Hersey {
		out.Competence = band(competence, []float64{t.Competence}, prev.Competence, t.Margin)
		out.Commitment = band(commitment, []float64{t.Commitment}, prev.Commitment, t.Margin)
		out.Level = Level(1 + 2*b01(out.Competence) + b01(out.Commitment))
		return out, nil
	}
	out.Competence = band(competence, t.CompetenceSLII[:], prev.Competence, t.Margin)
	out.Commitment = band(commitment, t.CommitmentSLII[:], prev.Commitment, t.Margin)
	grid := [3][3]Level{{2, 2, 1}, {2, 3, 3}, {3, 3, 4}}
	out.Level = grid[out.Competence-1][out.Commitment-1]
	return out, nil
}

// ClassifyAssessment normalises the assessment's scores and classifies
// them.
func (c Classifier) ClassifyAssessment(a Assessment, prev Classification) (Classification, error) {
	comp, commit, err := a.Normalised()
	if err != nil {
		return Classification{}, err
	}
	return c.Classify(comp, commit, prev)
}

// b01 maps a two-band result to 0 (low) or 1 (high).
func b01(b Band) int {
	if b == High {
		return 1
	}
	return 0
}

// band places x among the cut points (ascending). With a previous band,
// each cut point above it moves up by the margin and each below it down,
// so leaving the previous band takes a margin's worth of evidence. Two
// cut points give Low, Moderate, High; one gives Low or High.
func band(x float64, cuts []float64, prev Band, margin float64) Band {
	idx := func(b Band) int { // band → index among len(cuts)+1 bands
		if len(cuts) == 1 && b == High {
			return 1
		}
		return int(b) - 1
	}
	p := -1
	if prev != 0 {
		p = idx(prev)
	}
	n := 0
	for i, cut := range cuts {
		switch {
		case p < 0:
		case p <= i:
			cut += margin // moving up past cut i
		default:
			cut -= margin // moving down past cut i
		}
		if x >= cut {
			n = i + 1
		}
	}
	if len(cuts) == 1 {
		return [...]Band{Low, High}[n]
	}
	return Band(n + 1)
}
