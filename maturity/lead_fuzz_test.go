package maturity

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseAnswers(f *testing.F) {
	for _, s := range []string{
		"", "ABCDABCDABCD", "aaaacdcdbbba", "AAAAAAAAAAAA", "DDDDDDDDDDDD",
		"ABCDABCDABC", "ABCDABCDABCDA", "ABCDABCDABCE", "ABCD ABCDABC",
		"A,B,C,D,A,B,", "ABCDABCDABCÄ", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	} {
		f.Add(s)
	}
	key := StandardLEADKey()
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAnswers(s)
		valid := len(s) == LEADSituations && strings.Trim(s, "ABCDabcd") == ""
		if err != nil {
			if !errors.Is(err, ErrInvalidLEAD) {
				t.Fatalf("ParseAnswers(%q): error %v does not wrap ErrInvalidLEAD", s, err)
			}
			if valid {
				t.Fatalf("ParseAnswers(%q) rejected 12 letters A–D: %v", s, err)
			}
			return
		}
		if !valid {
			t.Fatalf("ParseAnswers(%q) accepted something other than 12 letters A–D", s)
		}
		if got := a.String(); got != strings.ToUpper(s) {
			t.Fatalf("ParseAnswers(%q).String() = %q", s, got)
		}
		p, err := ScoreLEAD(a, key, LEADOptions{})
		if err != nil {
			t.Fatalf("ScoreLEAD(%q): %v", s, err)
		}
		sum := 0
		for _, n := range p.Counts {
			sum += n
		}
		if sum != LEADSituations {
			t.Fatalf("ScoreLEAD(%q): counts %v sum to %d", s, p.Counts, sum)
		}
		if p.Effectiveness < -24 || p.Effectiveness > 24 {
			t.Fatalf("ScoreLEAD(%q): effectiveness %d", s, p.Effectiveness)
		}
		if p.EffectivenessShare < 0 || p.EffectivenessShare > 1 {
			t.Fatalf("ScoreLEAD(%q): share %v", s, p.EffectivenessShare)
		}
		if p.Range < 1 || p.Range > 4 || p.Range != len(p.Styles()) || len(p.Primary) == 0 {
			t.Fatalf("ScoreLEAD(%q): range %d, primary %v, secondary %v", s, p.Range, p.Primary, p.Secondary)
		}
	})
}
