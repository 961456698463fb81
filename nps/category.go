package nps

import (
	"fmt"
	"strings"
)

// Category is the group a rating falls in. The zero value is not a category;
// it is what an invalid rating maps to, so a missing or corrupt answer is
// never counted as a detractor by accident.
type Category uint8

// The three categories of the Net Promoter scale.
const (
	Detractor Category = iota + 1 // ratings 0–6
	Passive                       // ratings 7–8
	Promoter                      // ratings 9–10
)

// String returns "detractor", "passive" or "promoter".
func (c Category) String() string {
	switch c {
	case Detractor:
		return "detractor"
	case Passive:
		return "passive"
	case Promoter:
		return "promoter"
	}
	return fmt.Sprintf("Category(%d)", uint8(c))
}

// Valid reports whether c is one of the three categories.
func (c Category) Valid() bool { return c >= Detractor && c <= Promoter }

// Score returns the respondent-level score whose mean is the NPS on the unit
// scale: +1 for a promoter, 0 for a passive, −1 for a detractor (0 for an
// invalid category).
func (c Category) Score() int {
	switch c {
	case Promoter:
		return 1
	case Detractor:
		return -1
	}
	return 0
}

// MarshalText implements [encoding.TextMarshaler]. An invalid category is an
// error wrapping [ErrInvalidArgument].
func (c Category) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, argError("category %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts
// "detractor", "passive" and "promoter" in any letter case.
func (c *Category) UnmarshalText(b []byte) error {
	for k := Detractor; k <= Promoter; k++ {
		if strings.EqualFold(string(b), k.String()) {
			*c = k
			return nil
		}
	}
	return argError("unknown category %q", b)
}
