package enps

import "fmt"

// I is one of the five I's of employee engagement (Temkin Group): the
// driver a survey item or an initiative belongs to. The zero I is
// "untagged".
type I uint8

// The five I's, in the order seed 001 lists them ("De 5 I'er").
const (
	Inspire I = iota + 1
	Involve
	Inform
	Instruct
	Incentives
)

// AllIs returns the five I's in order.
func AllIs() []I { return []I{Inspire, Involve, Inform, Instruct, Incentives} }

var iNames = [...]string{"", "inspire", "involve", "inform", "instruct", "incentives"}

// String returns "inspire", "involve", "inform", "instruct" or
// "incentives", and "untagged" for the zero I.
func (i I) String() string {
	if i == 0 {
		return "untagged"
	}
	if int(i) < len(iNames) {
		return iNames[i]
	}
	return fmt.Sprintf("I(%d)", uint8(i))
}

// Valid reports whether i is one of the five I's.
func (i I) Valid() bool { return i >= Inspire && i <= Incentives }

// MarshalText implements [encoding.TextMarshaler].
func (i I) MarshalText() ([]byte, error) {
	if i != 0 && !i.Valid() {
		return nil, fmt.Errorf("%w: unknown I %d", ErrInvalidWave, uint8(i))
	}
	return []byte(i.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (i *I) UnmarshalText(b []byte) error {
	for k, n := range iNames {
		if string(b) == n || (k == 0 && string(b) == "untagged") {
			*i = I(k)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown I %q", ErrInvalidWave, b)
}

// Item is a survey statement asked besides the eNPS question ("My leader
// keeps me informed about what matters"), answered on an agreement scale
// and optionally tagged with one of the five I's. Item texts are the
// host's; the library ships none.
type Item struct {
	ID   string `json:"id"`
	Text string `json:"text,omitempty"`
	I    I      `json:"i,omitempty"`
	// Min and Max bound the answers (1–5 when both are zero). Answers from
	// Favourable up count as favourable (top-two box: Max−1 when zero).
	Min        int `json:"min,omitempty"`
	Max        int `json:"max,omitempty"`
	Favourable int `json:"favourable,omitempty"`
}

// bounds returns the item's scale with the defaults applied.
func (it Item) bounds() (lo, hi, fav int) {
	lo, hi, fav = it.Min, it.Max, it.Favourable
	if lo == 0 && hi == 0 {
		lo, hi = 1, 5
	}
	if fav == 0 {
		fav = hi - 1
	}
	return lo, hi, fav
}

// Validate checks the item: an ID, a scale of 2 to 11 points, a favourable
// threshold on the scale, and a valid or zero I. Errors wrap
// [ErrInvalidWave].
func (it Item) Validate() error {
	lo, hi, fav := it.bounds()
	switch {
	case it.ID == "":
		return fmt.Errorf("%w: item without ID", ErrInvalidWave)
	case hi <= lo || hi-lo > 10:
		return fmt.Errorf("%w: item %s scale %d–%d", ErrInvalidWave, it.ID, lo, hi)
	case fav <= lo || fav > hi:
		return fmt.Errorf("%w: item %s favourable threshold %d outside (%d, %d]", ErrInvalidWave, it.ID, fav, lo, hi)
	case it.I != 0 && !it.I.Valid():
		return fmt.Errorf("%w: item %s has unknown I %d", ErrInvalidWave, it.ID, it.I)
	}
	return nil
}

// check validates an answer to the item.
func (it Item) check(answer int) error {
	lo, hi, _ := it.bounds()
	if answer < lo || answer > hi {
		return fmt.Errorf("%w: item %s answer %d not in %d–%d", ErrInvalidRating, it.ID, answer, lo, hi)
	}
	return nil
}

// favourable reports whether an answer counts as favourable.
func (it Item) favourable(answer int) bool {
	_, _, fav := it.bounds()
	return answer >= fav
}
