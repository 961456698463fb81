package maturity

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two tables of domain-models §2.6, transcribed again in their own
// shape (style rows by situation; weights by style column) so that the
// key in lead.go is checked against an independent copy in all 48 cells.
var (
	docStyleRows = [4]string{
		"ADCBCBACCBAC", // S1 Telling
		"CAADBDCBBDCA", // S2 Selling
		"BCDADABDDABD", // S3 Participating
		"DBBCACDAACDB", // S4 Delegating
	}
	// per situation, "alt weight" for S1, S2, S3, S4, then the best style.
	docWeightRows = [12]string{
		"A+2 C+1 B-1 D-2 S1",
		"D-1 A+2 C+1 B-2 S2",
		"C-2 A+1 D+2 B-1 S3",
		"B-2 D-1 A+1 C+2 S4",
		"C+2 B+1 D-1 A-2 S1",
		"B+1 D+2 A-1 C-2 S2",
		"A-2 C-1 B+2 D+1 S3",
		"C-2 B-1 D+1 A+2 S4",
		"C+2 B+1 D-1 A-2 S1",
		"B-2 D+2 A+1 C-1 S2",
		"A-2 C-1 B+2 D+1 S3",
		"C-2 A-1 D+1 B+2 S4",
	}
)

func TestStandardLEADKeyMatchesTables(t *testing.T) {
	k := StandardLEADKey()
	require.NoError(t, k.Validate())
	for s, row := range docStyleRows {
		for i := range 12 {
			alt := row[i] - 'A'
			assert.Equal(t, Style(s+1), k.Styles[i][alt], "style table: situation %d, S%d", i+1, s+1)
		}
	}
	for i, row := range docWeightRows {
		f := strings.Fields(row)
		require.Len(t, f, 5)
		for s := range 4 {
			alt := f[s][0] - 'A'
			w := int(f[s][2] - '0')
			if f[s][1] == '-' {
				w = -w
			}
			assert.Equal(t, Style(s+1), k.Styles[i][alt], "weight table: situation %d alternative %c", i+1, f[s][0])
			assert.Equal(t, w, k.Weights[i][alt], "weight table: situation %d alternative %c", i+1, f[s][0])
		}
		assert.Equal(t, f[4], bestStyle(k, i).Label(), "situation %d", i+1)
	}
}

func TestStandardLEADKeyCells(t *testing.T) {
	k := StandardLEADKey()
	tests := []struct {
		situation int
		alt       Alternative
		style     Style
		weight    int
	}{
		{1, A, 1, +2},
		{2, D, 1, -1},
		{6, B, 1, +1},
		{10, B, 1, -2}, // adjacent to the best S2 yet −2
		{10, C, 4, -1}, // two away from S2 yet only −1
		{4, C, 4, +2},
		{12, B, 4, +2},
		{7, D, 4, +1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.style, k.Styles[tt.situation-1][tt.alt-A], "situation %d %s", tt.situation, tt.alt)
		assert.Equal(t, tt.weight, k.Weights[tt.situation-1][tt.alt-A], "situation %d %s", tt.situation, tt.alt)
	}
}

func TestStandardLEADKeyProperties(t *testing.T) {
	k := StandardLEADKey()
	for i := range 12 {
		styles := map[Style]int{}
		weights := map[int]int{}
		for j := range 4 {
			styles[k.Styles[i][j]]++
			weights[k.Weights[i][j]]++
		}
		assert.Equal(t, map[Style]int{1: 1, 2: 1, 3: 1, 4: 1}, styles, "situation %d", i+1)
		assert.Equal(t, map[int]int{2: 1, 1: 1, -1: 1, -2: 1}, weights, "situation %d", i+1)
		// situations 1/5/9 → S1, 2/6/10 → S2, 3/7/11 → S3, 4/8/12 → S4
		assert.Equal(t, Style(i%4+1), bestStyle(k, i), "situation %d", i+1)
	}
	// The weights are not a function of distance from the best style.
	w := func(situation int, s Style) int { return k.Weights[situation-1][altFor(k, situation-1, s)-A] }
	assert.NotEqual(t, w(2, 1), w(6, 1))
	assert.NotEqual(t, w(2, 3), w(6, 3))
	assert.Equal(t, -2, w(10, 1))

	// A copy is returned: changing it leaves the standard key alone.
	k.Weights[0][0] = 7
	assert.Equal(t, 2, StandardLEADKey().Weights[0][0])
}

func TestScoreLEADExtremes(t *testing.T) {
	k := StandardLEADKey()
	var best, worst [12]Style
	for i := range 12 {
		best[i] = bestStyle(k, i)
		for j := range 4 {
			if k.Weights[i][j] == -2 {
				worst[i] = k.Styles[i][j]
			}
		}
	}
	p, err := ScoreLEAD(answersFor(t, k, best), k, LEADOptions{})
	require.NoError(t, err)
	assert.Equal(t, 24, p.Effectiveness)
	assert.InDelta(t, 1.0, p.EffectivenessShare, 1e-12)
	assert.Equal(t, [4]int{3, 3, 3, 3}, p.Counts)
	assert.Equal(t, []Style{1, 2, 3, 4}, p.Primary)
	assert.Empty(t, p.Secondary)
	assert.Equal(t, 4, p.Range)

	p, err = ScoreLEAD(answersFor(t, k, worst), k, LEADOptions{})
	require.NoError(t, err)
	assert.Equal(t, -24, p.Effectiveness)
	assert.InDelta(t, 0.0, p.EffectivenessShare, 1e-12)
	sum := 0
	for _, n := range p.Counts {
		sum += n
	}
	assert.Equal(t, 12, sum)
}

// Hand-computed: situation → alternative → style (weight)
//
//	1 A S1 +2   5 C S1 +2    9 B S2 +1
//	2 A S2 +2   6 D S2 +2   10 B S1 −2
//	3 A S2 +1   7 C S2 −1   11 B S3 +2
//	4 A S3 +1   8 D S3 +1   12 A S2 −1
//
// S1 3, S2 6, S3 3, S4 0; E = 10, share 34/48.
func TestScoreLEADMixed(t *testing.T) {
	a, err := ParseAnswers("AAAACDCDBBBA")
	require.NoError(t, err)
	p, err := ScoreLEAD(a, StandardLEADKey(), LEADOptions{})
	require.NoError(t, err)
	assert.Equal(t, [4]int{3, 6, 3, 0}, p.Counts)
	assert.Equal(t, []Style{2}, p.Primary)
	assert.Equal(t, []Style{1, 3}, p.Secondary)
	assert.Equal(t, 3, p.Range)
	assert.Equal(t, 10, p.Effectiveness)
	assert.InDelta(t, 34.0/48, p.EffectivenessShare, 1e-12)
	assert.True(t, p.Uses(1))
	assert.True(t, p.Uses(2))
	assert.True(t, p.Uses(3))
	assert.False(t, p.Uses(4))
	assert.Equal(t, []Style{1, 2, 3}, p.Styles())

	// Lower case reads the same.
	b, err := ParseAnswers("aaaacdcdbbba")
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestScoreLEADTiedPrimaries(t *testing.T) {
	k := StandardLEADKey()
	p, err := ScoreLEAD(answersFor(t, k, [12]Style{1, 4, 1, 4, 1, 4, 1, 4, 1, 4, 1, 4}), k, LEADOptions{})
	require.NoError(t, err)
	assert.Equal(t, [4]int{6, 0, 0, 6}, p.Counts)
	assert.Equal(t, []Style{1, 4}, p.Primary)
	assert.Empty(t, p.Secondary)
	assert.Equal(t, 2, p.Range)
	assert.Equal(t, []Style{1, 4}, p.Styles())
	assert.False(t, p.Uses(2))

	p, err = ScoreLEAD(answersFor(t, k, [12]Style{2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 1, 4}), k, LEADOptions{})
	require.NoError(t, err)
	assert.Equal(t, [4]int{1, 5, 5, 1}, p.Counts)
	assert.Equal(t, []Style{2, 3}, p.Primary)
	assert.Empty(t, p.Secondary)
	assert.Equal(t, 2, p.Range)
}

func TestScoreLEADSecondaryThreshold(t *testing.T) {
	k := StandardLEADKey()
	a := answersFor(t, k, [12]Style{1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4}) // 5, 4, 2, 1
	tests := []struct {
		min       int
		secondary []Style
	}{
		{0, []Style{2, 3}}, // default 2
		{1, []Style{2, 3, 4}},
		{2, []Style{2, 3}},
		{3, []Style{2}},
		{5, nil},
		{13, nil},
	}
	for _, tt := range tests {
		p, err := ScoreLEAD(a, k, LEADOptions{SecondaryMin: tt.min})
		require.NoError(t, err)
		assert.Equal(t, [4]int{5, 4, 2, 1}, p.Counts)
		assert.Equal(t, []Style{1}, p.Primary, "min %d", tt.min)
		assert.Equal(t, tt.secondary, p.Secondary, "min %d", tt.min)
		assert.Equal(t, 1+len(tt.secondary), p.Range, "min %d", tt.min)
		for s := Style(1); s <= 4; s++ {
			assert.Equal(t, s == 1 || slices.Contains(tt.secondary, s), p.Uses(s), "min %d S%d", tt.min, s)
		}
	}
}

func TestParseAnswersErrors(t *testing.T) {
	for _, s := range []string{
		"",
		"ABCDABCDABC",   // 11
		"ABCDABCDABCDA", // 13
		"ABCDABCDABCE",
		"ABCD ABCDABCD",
		"A,B,C,D,A,B,C,D,A,B,C,D",
		"ABCDABCDABC1",
		"ABCDABCDABCÄ",
		"ABCDABCDABC\x00",
	} {
		_, err := ParseAnswers(s)
		require.ErrorIs(t, err, ErrInvalidLEAD, "%q", s)
	}
}

func TestScoreLEADErrors(t *testing.T) {
	k := StandardLEADKey()
	good, err := ParseAnswers("ABCDABCDABCD")
	require.NoError(t, err)

	missing := good
	missing[5] = 0
	_, err = ScoreLEAD(missing, k, LEADOptions{})
	require.ErrorIs(t, err, ErrInvalidLEAD)
	assert.Contains(t, err.Error(), "situation 6")

	bad := good
	bad[0] = 5
	_, err = ScoreLEAD(bad, k, LEADOptions{})
	require.ErrorIs(t, err, ErrInvalidLEAD)

	_, err = ScoreLEAD(Answers{}, k, LEADOptions{})
	require.ErrorIs(t, err, ErrInvalidLEAD)

	_, err = ScoreLEAD(good, k, LEADOptions{SecondaryMin: -1})
	require.ErrorIs(t, err, ErrInvalidLEAD)

	for name, mutate := range map[string]func(*LEADKey){
		"zero key":         func(k *LEADKey) { *k = LEADKey{} },
		"repeated style":   func(k *LEADKey) { k.Styles[3][0] = k.Styles[3][1] },
		"zero style":       func(k *LEADKey) { k.Styles[11][3] = 0 },
		"style 5":          func(k *LEADKey) { k.Styles[0][0] = 5 },
		"repeated weight":  func(k *LEADKey) { k.Weights[2][0] = k.Weights[2][1] },
		"zero weight":      func(k *LEADKey) { k.Weights[7][2] = 0 },
		"weight 3":         func(k *LEADKey) { k.Weights[0][0] = 3 },
		"weights -1..+2":   func(k *LEADKey) { k.Weights[4] = [4]int{-1, 0, 1, 2} },
		"distance weights": func(k *LEADKey) { k.Weights[9] = [4]int{1, 1, -1, 2} },
	} {
		key := StandardLEADKey()
		mutate(&key)
		require.ErrorIs(t, key.Validate(), ErrInvalidLEAD, name)
		_, err := ScoreLEAD(good, key, LEADOptions{})
		require.ErrorIs(t, err, ErrInvalidLEAD, name)
	}
}

func TestAlternativeText(t *testing.T) {
	for _, a := range []Alternative{A, B, C, D} {
		b, err := a.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, a.String(), string(b))
		var got Alternative
		require.NoError(t, got.UnmarshalText(b))
		assert.Equal(t, a, got)
		require.NoError(t, got.UnmarshalText([]byte(strings.ToLower(a.String()))))
		assert.Equal(t, a, got)
	}
	assert.Equal(t, "A", A.String())
	assert.Equal(t, "D", D.String())
	assert.Equal(t, "Alternative(0)", Alternative(0).String())
	assert.Equal(t, "Alternative(5)", Alternative(5).String())
	_, err := Alternative(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidLEAD)
	var got Alternative
	for _, s := range []string{"", "E", "AB", "1"} {
		require.ErrorIs(t, got.UnmarshalText([]byte(s)), ErrInvalidLEAD, "%q", s)
	}
}

func TestAnswersJSON(t *testing.T) {
	a, err := ParseAnswers("abcdDCBAaDbC")
	require.NoError(t, err)
	assert.Equal(t, "ABCDDCBAADBC", a.String())
	b, err := json.Marshal(a)
	require.NoError(t, err)
	assert.JSONEq(t, `"ABCDDCBAADBC"`, string(b))
	var got Answers
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, a, got)

	a[3] = 0
	assert.Equal(t, "ABC?DCBAADBC", a.String())
	_, err = json.Marshal(a)
	require.ErrorIs(t, err, ErrInvalidLEAD)
	require.ErrorIs(t, json.Unmarshal([]byte(`"ABC"`), &got), ErrInvalidLEAD)
}

func TestLEADProfileJSON(t *testing.T) {
	a, err := ParseAnswers("AAAACDCDBBBA")
	require.NoError(t, err)
	p, err := ScoreLEAD(a, StandardLEADKey(), LEADOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"counts":[3,6,3,0],"primary":[2],"secondary":[1,3],"range":3,"effectiveness":10,"effectivenessShare":0.7083333333333334}`, string(b))
	var got LEADProfile
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, p, got)

	require.ErrorIs(t, json.Unmarshal([]byte(`{"primary":[5]}`), &got), ErrInvalidLEAD)

	// The key round-trips as numbers too.
	kb, err := json.Marshal(StandardLEADKey())
	require.NoError(t, err)
	var k LEADKey
	require.NoError(t, json.Unmarshal(kb, &k))
	assert.Equal(t, StandardLEADKey(), k)
	assert.True(t, strings.HasPrefix(string(kb), `{"styles":[[1,3,2,4],`), string(kb))
}

// bestStyle is the style whose alternative weighs +2 in situation i
// (0-based).
func bestStyle(k LEADKey, i int) Style {
	for j := range 4 {
		if k.Weights[i][j] == 2 {
			return k.Styles[i][j]
		}
	}
	return 0
}

// altFor is the alternative expressing style s in situation i (0-based).
func altFor(k LEADKey, i int, s Style) Alternative {
	for j := range 4 {
		if k.Styles[i][j] == s {
			return A + Alternative(j)
		}
	}
	return 0
}

// answersFor returns the answers that choose the given style in each
// situation.
func answersFor(t *testing.T, k LEADKey, styles [12]Style) Answers {
	t.Helper()
	var a Answers
	for i, s := range styles {
		a[i] = altFor(k, i, s)
		require.True(t, a[i].Valid(), "situation %d S%d", i+1, s)
	}
	return a
}
