package enps

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/servicekultur/servicekultur/nps"
)

// FuzzTokenText checks that a token's text form is exactly 32 hex digits:
// anything else is an error wrapping ErrInvalidResponse that leaves the
// token alone, and whatever decodes encodes back to the same digits in
// lower case.
func FuzzTokenText(f *testing.F) {
	f.Add([]byte("00000000000000000000000000000000"))
	f.Add([]byte("0123456789abcdef0123456789abcdef"))
	f.Add([]byte("0123456789ABCDEF0123456789abcdef"))
	f.Add([]byte("0123456789abcdef0123456789abcde"))   // 31 digits
	f.Add([]byte("0123456789abcdef0123456789abcdef0")) // 33 digits
	f.Add([]byte("0123456789abcdef0123456789abcdeg"))
	f.Add([]byte(""))
	f.Add([]byte(" 0123456789abcdef0123456789abcde"))
	f.Fuzz(func(t *testing.T, b []byte) {
		wantOK := len(b) == 32
		for _, c := range b {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				wantOK = false
			}
		}
		sentinel := Token{15: 0xAA}
		tok := sentinel
		err := tok.UnmarshalText(b)
		if err != nil {
			if wantOK {
				t.Fatalf("UnmarshalText(%q): %v, want success", b, err)
			}
			if !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("UnmarshalText(%q): %v does not wrap ErrInvalidResponse", b, err)
			}
			if tok != sentinel {
				t.Fatalf("UnmarshalText(%q) failed but changed the token to %v", b, tok)
			}
			return
		}
		if !wantOK {
			t.Fatalf("UnmarshalText(%q) = %v, want an error", b, tok)
		}
		out, err := tok.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", tok, err)
		}
		if !bytes.Equal(out, bytes.ToLower(b)) {
			t.Fatalf("round trip of %q gives %q", b, out)
		}
		if tok.String() != string(out) {
			t.Fatalf("String() = %q, MarshalText = %q", tok.String(), out)
		}
		raw, _ := hex.DecodeString(string(b))
		if !bytes.Equal(raw, tok[:]) {
			t.Fatalf("UnmarshalText(%q) = %x, want %x", b, tok[:], raw)
		}
	})
}

// FuzzIText checks that an I's text form is one of its names: anything
// else is an error wrapping ErrInvalidWave that leaves the I alone, and a
// name decodes to a valid or zero I that encodes back to the same name
// ("" being accepted for "untagged").
func FuzzIText(f *testing.F) {
	for _, i := range append(AllIs(), 0) {
		f.Add(i.String())
	}
	for _, s := range []string{"", "Inspire", "inspire ", "I(6)", "untagged\x00", "incentive"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		const sentinel = I(200)
		i := sentinel
		err := i.UnmarshalText([]byte(s))
		if err != nil {
			if !errors.Is(err, ErrInvalidWave) {
				t.Fatalf("UnmarshalText(%q): %v does not wrap ErrInvalidWave", s, err)
			}
			if i != sentinel {
				t.Fatalf("UnmarshalText(%q) failed but changed the I to %v", s, i)
			}
			return
		}
		if i != 0 && !i.Valid() {
			t.Fatalf("UnmarshalText(%q) = invalid I %d", s, uint8(i))
		}
		out, err := i.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", i, err)
		}
		want := s
		if s == "" {
			want = "untagged"
		}
		if string(out) != want {
			t.Fatalf("round trip of %q gives %q", s, out)
		}
		var again I
		if err := again.UnmarshalText(out); err != nil || again != i {
			t.Fatalf("decoding %q again gives %v, %v; want %v", out, again, err, i)
		}
	})
}

// FuzzStatusText checks that a status's text form is "planned", "active"
// or "done": anything else is an error wrapping ErrInvalidInitiative that
// leaves the status alone, and a name round-trips exactly.
func FuzzStatusText(f *testing.F) {
	for _, s := range []string{"planned", "active", "done", "", "Planned", "Status(0)", "done\n", "untagged"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st := Active
		err := st.UnmarshalText([]byte(s))
		if err != nil {
			if !errors.Is(err, ErrInvalidInitiative) {
				t.Fatalf("UnmarshalText(%q): %v does not wrap ErrInvalidInitiative", s, err)
			}
			if st != Active {
				t.Fatalf("UnmarshalText(%q) failed but changed the status to %v", s, st)
			}
			return
		}
		if !st.Valid() {
			t.Fatalf("UnmarshalText(%q) = invalid status %d", s, uint8(st))
		}
		out, err := st.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", st, err)
		}
		if string(out) != s || st.String() != s {
			t.Fatalf("round trip of %q gives %q (String %q)", s, out, st.String())
		}
	})
}

// FuzzScale checks scale declarations: Validate either refuses the scale
// with an error wrapping ErrInvalidScale, or the scale has 2 to 101 points
// with detractors and promoters both possible, Category refuses exactly the
// ratings off the scale (wrapping ErrInvalidRating), and categories rise
// with the rating at the declared breaks.
func FuzzScale(f *testing.F) {
	f.Add(0, 10, 6, 8, 7)
	f.Add(0, 10, 6, 8, 11)
	f.Add(0, 10, 6, 8, -1)
	f.Add(0, 10, 5, 5, 6) // no passives
	f.Add(1, 5, 2, 3, 4)
	f.Add(0, 0, 0, 0, 0) // the zero Scale
	f.Add(-50, 50, 0, 10, 50)
	f.Add(0, 100, 60, 80, 100) // 101 points
	f.Add(0, 101, 60, 80, 0)   // 102 points
	f.Add(math.MinInt/2+1, math.MaxInt/2, 0, 0, 0)
	f.Add(math.MaxInt-10, math.MaxInt, math.MaxInt-5, math.MaxInt-2, math.MaxInt)
	f.Add(math.MinInt, math.MinInt+10, math.MinInt, math.MinInt+1, math.MinInt)
	f.Fuzz(func(t *testing.T, lo, hi, dmax, pmax, rating int) {
		s := Scale{Min: lo, Max: hi, DetractorMax: dmax, PassiveMax: pmax}
		if err := s.Validate(); err != nil {
			if !errors.Is(err, ErrInvalidScale) {
				t.Fatalf("%+v: Validate: %v does not wrap ErrInvalidScale", s, err)
			}
			return
		}
		if p := s.Points(); p < 2 || p > maxScalePoints {
			t.Fatalf("%+v is valid with %d points; want 2 to %d", s, p, maxScalePoints)
		}
		// The fuzzed rating: off the scale exactly when outside [Min, Max].
		c, err := s.Category(rating)
		off := rating < s.Min || rating > s.Max
		switch {
		case off && err == nil:
			t.Fatalf("%+v: Category(%d) = %v, want an error", s, rating, c)
		case off && !errors.Is(err, ErrInvalidRating):
			t.Fatalf("%+v: Category(%d): %v does not wrap ErrInvalidRating", s, rating, err)
		case !off && err != nil:
			t.Fatalf("%+v: Category(%d): %v", s, rating, err)
		}
		for _, r := range []int{s.Min - 1, s.Max + 1} {
			if _, err := s.Category(r); !errors.Is(err, ErrInvalidRating) && (r < s.Min || r > s.Max) {
				t.Fatalf("%+v: Category(%d) off the scale: %v", s, r, err)
			}
		}
		// Every point: monotone, at the declared breaks, both ends present.
		prev := nps.Category(0)
		for r := s.Min; ; r++ {
			c, err := s.Category(r)
			if err != nil {
				t.Fatalf("%+v: Category(%d): %v", s, r, err)
			}
			want := nps.Promoter
			switch {
			case r <= s.DetractorMax:
				want = nps.Detractor
			case r <= s.PassiveMax:
				want = nps.Passive
			}
			if c != want {
				t.Fatalf("%+v: Category(%d) = %v, want %v", s, r, c, want)
			}
			if c < prev {
				t.Fatalf("%+v: Category(%d) = %v after %v", s, r, c, prev)
			}
			prev = c
			if r == s.Max {
				break
			}
		}
		if first, _ := s.Category(s.Min); first != nps.Detractor {
			t.Fatalf("%+v: lowest rating is a %v", s, first)
		}
		if last, _ := s.Category(s.Max); last != nps.Promoter {
			t.Fatalf("%+v: highest rating is a %v", s, last)
		}
	})
}

// fuzzWave is a valid wave for the seed corpus of FuzzWaveJSON.
func fuzzWave() Wave {
	opens := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	return Wave{
		ID: "2026-Q1", Opens: opens, Closes: opens.AddDate(0, 0, 14), Scale: StandardScale(),
		Question: "How likely are you to recommend us as a place to work?",
		Units:    []Unit{{ID: "co", Manager: "ceo"}, {ID: "sales", Parent: "co"}, {ID: "support", Parent: "co", Name: "Support"}},
		Population: []Member{
			{Employee: "a", Unit: "sales", Attributes: map[string]string{"location": "Oslo"}},
			{Employee: "b", Unit: "support"},
			{Employee: "c", Unit: "co", Attributes: map[string]string{"location": "Riga", "tenure": "<1y"}},
		},
		Items: []Item{{ID: "inform-1", Text: "I am kept informed", I: Inform}, {ID: "x", Min: 1, Max: 7, Favourable: 6}},
	}
}

// FuzzWaveJSON decodes arbitrary JSON into a Wave and checks that
// validation never panics and fails with one of the package's sentinels,
// that a valid wave's org tree holds every member's unit, and that Clone
// is a deep copy that encodes like the original.
func FuzzWaveJSON(f *testing.F) {
	valid, err := json.Marshal(fuzzWave())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"id":"w","opens":"2026-01-01T00:00:00Z","scale":{"min":0,"max":10,"detractorMax":6,"passiveMax":8},` +
		`"units":[{"id":"a","parent":"b"},{"id":"b","parent":"a"}],"population":[]}`)) // a cycle
	f.Add([]byte(`{"id":"w","opens":"2026-01-01T00:00:00Z","scale":{"min":0,"max":10,"detractorMax":6,"passiveMax":8},` +
		`"units":[{"id":"a"}],"population":[{"employee":"e","unit":"a"},{"employee":"e","unit":"a"}]}`)) // twice
	f.Add([]byte(`{"id":"w","opens":"2026-01-01T00:00:00+02:00","mode":1,"scale":{"min":1,"max":5,"detractorMax":2,"passiveMax":3},` +
		`"units":[{"id":"a"},{"id":"b"}],"population":[{"employee":"e","unit":"b","attributes":{"":"x"}}]}`))
	f.Add([]byte(`{"id":"w","opens":"2026-01-01T00:00:00Z","scale":{"min":0,"max":10,"detractorMax":6,"passiveMax":8},` +
		`"units":[{"id":"a"}],"population":[{"employee":"e","unit":"zz"}],"items":[{"id":"q","i":"inform"},{"id":"q"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var w Wave
		if json.Unmarshal(data, &w) != nil {
			return
		}
		before, encErr := json.Marshal(w)

		// Clone: a deep copy that encodes exactly like the original.
		c := w.Clone()
		after, cloneErr := json.Marshal(c)
		if (encErr == nil) != (cloneErr == nil) || !reflect.DeepEqual(before, after) {
			t.Fatalf("clone encodes as %s (%v), original as %s (%v)", after, cloneErr, before, encErr)
		}
		for i := range c.Units {
			c.Units[i].ID += "'"
		}
		for i := range c.Population {
			c.Population[i].Unit += "'"
			if c.Population[i].Attributes != nil {
				c.Population[i].Attributes["\x00fuzz"] = "changed"
			}
		}
		for i := range c.Items {
			c.Items[i].ID += "'"
		}
		if again, err := json.Marshal(w); (err == nil) != (encErr == nil) || !reflect.DeepEqual(before, again) {
			t.Fatalf("changing the clone changed the original: %s, was %s", again, before)
		}

		err := w.Validate()
		if err != nil {
			if !errors.Is(err, ErrInvalidWave) && !errors.Is(err, ErrInvalidScale) && !errors.Is(err, ErrInvalidOrg) {
				t.Fatalf("Validate: %v wraps none of the sentinels", err)
			}
			return
		}
		if encErr != nil {
			t.Fatalf("valid wave does not encode: %v", encErr)
		}
		o, err := NewOrg(w.Units)
		if err != nil {
			t.Fatalf("valid wave, but NewOrg: %v", err)
		}
		if o.Len() != len(w.Units) {
			t.Fatalf("org has %d units, wave %d", o.Len(), len(w.Units))
		}
		for _, m := range w.Population {
			if _, ok := o.Unit(m.Unit); !ok {
				t.Fatalf("valid wave, but member %q is in unit %q outside the org", m.Employee, m.Unit)
			}
			// Every unit lies in the subtree of the root it leads up to.
			anc := o.Ancestors(m.Unit)
			root := m.Unit
			if len(anc) > 0 {
				root = anc[len(anc)-1]
			}
			if !slices.Contains(o.Roots(), root) || !o.Contains(root, m.Unit) {
				t.Fatalf("unit %q leads up to %q, which is not a root containing it", m.Unit, root)
			}
		}
		n := 0
		for _, r := range o.Roots() {
			n += len(o.Subtree(r))
		}
		if n != o.Len() {
			t.Fatalf("the roots' subtrees hold %d units, the org %d", n, o.Len())
		}
		if err := w.Scale.Validate(); err != nil {
			t.Fatalf("valid wave with invalid scale: %v", err)
		}
	})
}

// FuzzReport computes reports on random waves under fuzzed rules and
// checks the anonymity guarantees cell by cell and, by brute force over
// the atoms, for every group derivable from the published cells.
func FuzzReport(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint8(5), false)
	f.Add(uint64(3), uint64(4), uint8(3), false)
	f.Add(uint64(5), uint64(6), uint8(8), true)
	f.Add(uint64(7), uint64(8), uint8(4), true)
	f.Add(uint64(0), uint64(0), uint8(6), false)
	f.Add(uint64(math.MaxUint64), uint64(42), uint8(7), false)
	f.Fuzz(func(t *testing.T, s1, s2 uint64, kk uint8, homogeneous bool) {
		k := 3 + int(kk%6)
		rng := rand.New(rand.NewPCG(s1, s2))
		w, rs, req := randomWave(rng)
		for i := range rs { // some comments, for the comment rule
			if rng.IntN(2) == 0 {
				rs[i].Comment = fmt.Sprintf("comment %d", i)
			}
		}
		o, err := w.Org()
		if err != nil {
			t.Fatalf("random wave: %v", err)
		}
		rules := Rules{MinGroup: k, PublishHomogeneous: homogeneous}
		in := input{wave: w, org: o, responses: rs, rules: rules, req: req, salt: []byte("s")}
		rep, e, err := compute(in)
		if err != nil {
			t.Fatalf("compute: %v", err)
		}
		if rep.Rules.MinGroup != k || rep.Rules.PublishHomogeneous != homogeneous {
			t.Fatalf("report carries rules %+v, want k=%d, homogeneous %v", rep.Rules, k, homogeneous)
		}
		minComments := max(DefaultMinComments, k)
		for i, c := range rep.Cells {
			members := e.cells[i].members
			switch c.Status {
			case Published:
				n := c.Responses
				if n < k || n != len(members) || n > c.Invited {
					t.Fatalf("%s published with %d responses (%d members, %d invited, k=%d)", c.Key, n, len(members), c.Invited, k)
				}
				if c.Tally.N() != n {
					t.Fatalf("%s: tally %+v for %d responses", c.Key, c.Tally, n)
				}
				if !homogeneous && (c.Tally.Detractors == n || c.Tally.Passives == n || c.Tally.Promoters == n) {
					t.Fatalf("%s published though homogeneous: %+v", c.Key, c.Tally)
				}
				if v, err := c.Tally.NPS(); err != nil || v != c.ENPS || v < -100 || v > 100 {
					t.Fatalf("%s: eNPS %v for tally %+v (%v, %v)", c.Key, c.ENPS, c.Tally, v, err)
				}
				if c.Distribution != nil && (slices.Contains(c.Distribution, 1) || fuzzSum(c.Distribution) != n) {
					t.Fatalf("%s: distribution %v for %d responses", c.Key, c.Distribution, n)
				}
				if len(c.Comments) > 0 && (n < minComments || len(c.Key.Filter) > 0 || len(c.Comments) > n) {
					t.Fatalf("%s: %d comments released for %d responses, filter %v", c.Key, len(c.Comments), n, c.Key.Filter)
				}
			case Suppressed:
				if c.Reason < BelowMinimum || c.Reason > Homogeneous {
					t.Fatalf("%s suppressed for reason %v", c.Key, c.Reason)
				}
				if c.Responses != 0 || c.ENPS != 0 || c.Tally != (nps.Tally{}) || c.ResponseRate != 0 ||
					c.Distribution != nil || c.Comments != nil || c.Interval != (nps.Interval{}) {
					t.Fatalf("%s suppressed but shows numbers: %+v", c.Key, c)
				}
				if len(members) == 0 {
					t.Fatalf("%s suppressed without responses", c.Key)
				}
				if (c.Reason == BelowMinimum) != (len(members) < k) {
					t.Fatalf("%s suppressed as %v with %d responses (k=%d)", c.Key, c.Reason, len(members), k)
				}
				if c.Reason == Homogeneous && (homogeneous || !e.homogeneousSet(members)) {
					t.Fatalf("%s suppressed as homogeneous", c.Key)
				}
			case NoData:
				if len(members) != 0 || c.Reason != 0 || c.Responses != 0 {
					t.Fatalf("%s has no data but %d members, reason %v, %d responses", c.Key, len(members), c.Reason, c.Responses)
				}
			default:
				t.Fatalf("%s has status %v", c.Key, c.Status)
			}
		}
		assertSafe(t, e, 12)

		// The same data in another order give the same report.
		shuffled := slices.Clone(rs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		in.responses = shuffled
		again, _, err := compute(in)
		if err != nil {
			t.Fatalf("compute on shuffled responses: %v", err)
		}
		if !reflect.DeepEqual(rep, again) {
			t.Fatalf("shuffling the responses changed the report")
		}
	})
}

// fuzzSum adds up the counts.
func fuzzSum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
