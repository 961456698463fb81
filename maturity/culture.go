package maturity

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Stance is a culture stance: which behaviour is widespread, named by the
// life positions of transactional analysis (Berne 1962, "Classification
// of positions"; Harris 1969, I'm OK – You're OK; Ernst 1971, "The OK
// Corral"). The positions are clinical and therapeutic constructs: use
// them as a descriptive vocabulary for behaviour in an organisation, not
// as a psychometric diagnosis of individuals. The zero Stance is not
// valid.
type Stance uint8

// The four life positions. The seed names the first three; WeAreOK is the
// target.
const (
	// NotOKOthersOK, I−U+: "Jeg er ikke ok, men andre i organisationen
	// er" (I'm not OK, but others in the organisation are).
	NotOKOthersOK Stance = iota + 1
	// OKOthersNotOK, I+U−: "Jeg er ok, men det er de andre i
	// organisationen ikke" (I'm OK, but the others aren't).
	OKOthersNotOK
	// WeAreOK, I+U+: "Vi er ok, og sammen kan vi" (we're OK, and together
	// we can). The target.
	WeAreOK
	// NotOKNotOK, I−U−: the fourth position. It is not in the seed and is
	// kept for completeness.
	NotOKNotOK
)

// NumStances is the number of stances.
const NumStances = 4

var stanceText = [NumStances + 1]struct{ name, notation, da string }{
	{},
	{"not-ok-others-ok", "I-U+", "Jeg er ikke ok, men andre i organisationen er"},
	{"ok-others-not-ok", "I+U-", "Jeg er ok, men det er de andre i organisationen ikke"},
	{"we-are-ok", "I+U+", "Vi er ok, og sammen kan vi"},
	{"not-ok-not-ok", "I-U-", "Jeg er ikke ok, og det er de andre i organisationen heller ikke"},
}

// Valid reports whether s is one of the four stances.
func (s Stance) Valid() bool { return s >= NotOKOthersOK && s <= NotOKNotOK }

// String returns the stance's key: "not-ok-others-ok", "ok-others-not-ok",
// "we-are-ok" or "not-ok-not-ok".
func (s Stance) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Stance(%d)", uint8(s))
	}
	return stanceText[s].name
}

// Notation returns the transactional-analysis notation, I for "I am" and U
// for "you are", with ASCII signs: "I-U+", "I+U-", "I+U+" or "I-U-".
func (s Stance) Notation() string {
	if !s.Valid() {
		return ""
	}
	return stanceText[s].notation
}

// LabelDA returns the seed's Danish wording, e.g. "Vi er ok, og sammen kan
// vi". NotOKNotOK is not in the seed; its wording is the library's.
func (s Stance) LabelDA() string {
	if !s.Valid() {
		return ""
	}
	return stanceText[s].da
}

// MarshalText implements [encoding.TextMarshaler]; an invalid stance is an
// error wrapping [ErrInvalidObservation].
func (s Stance) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("%w: unknown stance %d", ErrInvalidObservation, uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; it reads the keys
// String returns.
func (s *Stance) UnmarshalText(b []byte) error {
	for v := NotOKOthersOK; v <= NotOKNotOK; v++ {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown stance %q", ErrInvalidObservation, b)
}

// StanceObservation records the stance observed in, or classified from a
// survey of, a subject — a person or a team — at an instant.
type StanceObservation struct {
	Subject string    `json:"subject"`
	Stance  Stance    `json:"stance"`
	At      time.Time `json:"at"`
}

// Validate checks the observation: subject and instant set and a known
// stance. Errors wrap [ErrInvalidObservation].
func (o StanceObservation) Validate() error {
	switch {
	case o.Subject == "":
		return fmt.Errorf("%w: stance observation without subject", ErrInvalidObservation)
	case !o.Stance.Valid():
		return fmt.Errorf("%w: unknown stance %d", ErrInvalidObservation, uint8(o.Stance))
	case o.At.IsZero():
		return fmt.Errorf("%w: stance observation without instant", ErrInvalidObservation)
	}
	return nil
}

// CultureDistribution is the distribution of stances over subjects.
// Counts and Shares index stances from 0 (NotOKOthersOK) to 3
// (NotOKNotOK); [CultureDistribution.Count] and
// [CultureDistribution.Share] take a [Stance].
type CultureDistribution struct {
	// N is the number of subjects.
	N      int                 `json:"n"`
	Counts [NumStances]int     `json:"counts"`
	Shares [NumStances]float64 `json:"shares"`
	// TargetShare is the share at the target, [WeAreOK].
	TargetShare float64 `json:"targetShare"`
}

// Count returns the number of subjects at the stance (0 for an invalid
// stance).
func (d CultureDistribution) Count(s Stance) int {
	if !s.Valid() {
		return 0
	}
	return d.Counts[s-1]
}

// Share returns the share of subjects at the stance (0 for an invalid
// stance or no subjects).
func (d CultureDistribution) Share(s Stance) float64 {
	if !s.Valid() {
		return 0
	}
	return d.Shares[s-1]
}

// StanceDistribution returns the distribution of stances at the reference
// instant at: each subject counts once, with its latest observation not
// after at; of two for one subject at the same instant the later in obs
// counts. Observations after at are ignored. Every observation is
// validated, and the first invalid one, or a zero at, is an error
// wrapping [ErrInvalidObservation]. With no subjects every share is 0.
func StanceDistribution(obs []StanceObservation, at time.Time) (CultureDistribution, error) {
	if at.IsZero() {
		return CultureDistribution{}, fmt.Errorf("%w: no reference instant", ErrInvalidObservation)
	}
	latest := make(map[string]StanceObservation)
	for _, o := range obs {
		if err := o.Validate(); err != nil {
			return CultureDistribution{}, err
		}
		if o.At.After(at) {
			continue
		}
		if prev, ok := latest[o.Subject]; !ok || !o.At.Before(prev.At) {
			latest[o.Subject] = o
		}
	}
	var d CultureDistribution
	for _, o := range latest {
		d.Counts[o.Stance-1]++
	}
	d.N = len(latest)
	if d.N > 0 {
		for i, c := range d.Counts {
			d.Shares[i] = float64(c) / float64(d.N)
		}
	}
	d.TargetShare = d.Shares[WeAreOK-1]
	return d, nil
}

// PresencePair is the same behaviour of a subject rated twice on one
// scale: once with the leader present and once with the leader absent.
// The seed's observation aid: does behaviour differ when the boss is in
// the room and when they have left it?
type PresencePair struct {
	Subject string  `json:"subject"`
	Present float64 `json:"present"`
	Absent  float64 `json:"absent"`
}

// PresenceGapResult is the presence gap of a set of pairs.
type PresenceGapResult struct {
	// N is the number of pairs.
	N int `json:"n"`
	// MeanPresent and MeanAbsent are the mean ratings with and without
	// the leader present.
	MeanPresent float64 `json:"meanPresent"`
	MeanAbsent  float64 `json:"meanAbsent"`
	// Gap is MeanPresent − MeanAbsent, the mean paired difference.
	Gap float64 `json:"gap"`
	// SD is the sample standard deviation of the paired differences (n − 1
	// in the denominator), 0 for one pair.
	SD float64 `json:"sd"`
	// HasInterval reports whether Lower and Upper hold a 95% paired t
	// interval for the gap, which needs at least two pairs.
	HasInterval bool    `json:"hasInterval"`
	Lower       float64 `json:"lower"`
	Upper       float64 `json:"upper"`
}

// presenceLevel is the confidence level of the presence-gap interval.
const presenceLevel = 0.95

// PresenceGap returns mean(present) − mean(absent) over the pairs, with n
// and, for n ≥ 2, the paired t interval Gap ± t(0.975, n−1)·SD/√n. A large
// positive gap suggests behaviour driven by compliance rather than
// culture: it is there when the leader is watching. It is a descriptive
// aid for a conversation, not a measurement of individuals.
//
// No pairs, a pair without subject, or a rating that is NaN or infinite
// is an error wrapping [ErrInvalidObservation]. The ratings' scale is the
// caller's; both ratings of a pair must use the same one.
func PresenceGap(pairs []PresencePair) (PresenceGapResult, error) {
	if len(pairs) == 0 {
		return PresenceGapResult{}, fmt.Errorf("%w: no presence pairs", ErrInvalidObservation)
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	for _, p := range pairs {
		switch {
		case p.Subject == "":
			return PresenceGapResult{}, fmt.Errorf("%w: presence pair without subject", ErrInvalidObservation)
		case !finite(p.Present) || !finite(p.Absent):
			return PresenceGapResult{}, fmt.Errorf("%w: presence pair for %q rated %v and %v", ErrInvalidObservation, p.Subject, p.Present, p.Absent)
		}
	}
	// Sum in a fixed order, so the order of the pairs does not change the
	// rounding.
	sorted := slices.Clone(pairs)
	slices.SortStableFunc(sorted, func(a, b PresencePair) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Present, b.Present), cmp.Compare(a.Absent, b.Absent))
	})
	n := float64(len(sorted))
	var r PresenceGapResult
	r.N = len(sorted)
	for _, p := range sorted {
		r.MeanPresent += p.Present
		r.MeanAbsent += p.Absent
		r.Gap += p.Present - p.Absent
	}
	r.MeanPresent /= n
	r.MeanAbsent /= n
	r.Gap /= n
	if r.N < 2 {
		return r, nil
	}
	var ss float64
	for _, p := range sorted {
		d := p.Present - p.Absent - r.Gap
		ss += d * d
	}
	r.SD = math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - (1-presenceLevel)/2)
	half := t * r.SD / math.Sqrt(n)
	r.HasInterval = true
	r.Lower, r.Upper = r.Gap-half, r.Gap+half
	return r, nil
}
