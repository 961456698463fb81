package enps

import (
	"fmt"

	"github.com/servicekultur/servicekultur/nps"
)

// Scale declares the rating scale of the eNPS question and where its
// category breaks lie. Vendors differ (CultureIQ counts 0–5 as detractors;
// some derive eNPS from a 5-point agreement item), so the library assumes
// nothing: every [Wave] declares its scale and every result carries it.
//
// Ratings Min..DetractorMax are detractors, DetractorMax+1..PassiveMax
// passives and PassiveMax+1..Max promoters. A scale without passives sets
// PassiveMax = DetractorMax. The zero Scale is not valid; use
// [StandardScale] for the usual 0–10 question.
type Scale struct {
	Min          int `json:"min"`
	Max          int `json:"max"`
	DetractorMax int `json:"detractorMax"`
	PassiveMax   int `json:"passiveMax"`
}

// StandardScale is the question as Bain and Apple ask it: 0–10, with 0–6
// detractors, 7–8 passives and 9–10 promoters.
func StandardScale() Scale { return Scale{Min: 0, Max: 10, DetractorMax: 6, PassiveMax: 8} }

// maxScalePoints bounds the number of scale points, so that distributions
// stay small.
const maxScalePoints = 101

// Validate reports whether the scale is a valid declaration: at least two
// points, at most 101, detractors and promoters both possible, and the
// breaks in order. The error wraps [ErrInvalidScale].
func (s Scale) Validate() error {
	switch {
	case s.Max <= s.Min:
		return fmt.Errorf("%w: max %d is not above min %d", ErrInvalidScale, s.Max, s.Min)
	case uint64(s.Max)-uint64(s.Min) >= maxScalePoints: // exact for Max > Min, even where Max − Min overflows
		return fmt.Errorf("%w: %d–%d has more than %d points", ErrInvalidScale, s.Min, s.Max, maxScalePoints)
	case s.DetractorMax < s.Min || s.DetractorMax >= s.Max:
		return fmt.Errorf("%w: detractor break %d outside [%d, %d)", ErrInvalidScale, s.DetractorMax, s.Min, s.Max)
	case s.PassiveMax < s.DetractorMax || s.PassiveMax >= s.Max:
		return fmt.Errorf("%w: passive break %d outside [%d, %d)", ErrInvalidScale, s.PassiveMax, s.DetractorMax, s.Max)
	}
	return nil
}

// Points returns the number of points on the scale, Max − Min + 1.
func (s Scale) Points() int { return s.Max - s.Min + 1 }

// Category returns the category of a rating on the scale. A rating off the
// scale is an error wrapping [ErrInvalidRating].
func (s Scale) Category(rating int) (nps.Category, error) {
	switch {
	case rating < s.Min || rating > s.Max:
		return 0, fmt.Errorf("%w: %d not in %d–%d", ErrInvalidRating, rating, s.Min, s.Max)
	case rating <= s.DetractorMax:
		return nps.Detractor, nil
	case rating <= s.PassiveMax:
		return nps.Passive, nil
	}
	return nps.Promoter, nil
}

// String describes the scale, e.g.
// "0–10 (detractors 0–6, passives 7–8, promoters 9–10)".
func (s Scale) String() string {
	pas := fmt.Sprintf("passives %d–%d", s.DetractorMax+1, s.PassiveMax)
	if s.PassiveMax == s.DetractorMax {
		pas = "no passives"
	}
	return fmt.Sprintf("%d–%d (detractors %d–%d, %s, promoters %d–%d)",
		s.Min, s.Max, s.Min, s.DetractorMax, pas, s.PassiveMax+1, s.Max)
}
